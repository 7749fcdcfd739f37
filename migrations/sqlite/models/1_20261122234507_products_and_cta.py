from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "cta_job" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "input" JSON NOT NULL,
    "user_id" CHAR(36) NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
        CREATE TABLE IF NOT EXISTS "product" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "source_url" TEXT,
    "normalized_url" VARCHAR(2048),
    "title" VARCHAR(500) NOT NULL,
    "description" TEXT NOT NULL,
    "brand" VARCHAR(200),
    "price" VARCHAR(32),
    "currency" VARCHAR(3),
    "canonical_url" TEXT,
    "images" JSON NOT NULL,
    "primary_image_url" TEXT,
    "scraped_at" TIMESTAMP,
    "scrape_status" VARCHAR(16) NOT NULL,
    "scrape_attempt" INT NOT NULL,
    "scrape_lease_expires_at" TIMESTAMP,
    "scrape_error" TEXT,
    "updated_at" TIMESTAMP NOT NULL,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_product_workspa_2c4cf5" UNIQUE ("workspace_id", "normalized_url")
);
        CREATE TABLE IF NOT EXISTS "cta_job_url" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL,
    "url" TEXT NOT NULL,
    "normalized_url" VARCHAR(2048) NOT NULL,
    "error" TEXT,
    "job_id" CHAR(36) NOT NULL REFERENCES "cta_job" ("id") ON DELETE CASCADE,
    "product_id" CHAR(36) REFERENCES "product" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_cta_job_url_job_id_a1831e" UNIQUE ("job_id", "normalized_url")
) /* Phase 1: scrape one distinct URL of a job (status pending|scraping|scraped|failed). */;
CREATE INDEX IF NOT EXISTS "idx_cta_job_url_status_c0b76c" ON "cta_job_url" ("status");
CREATE INDEX IF NOT EXISTS "idx_cta_job_url_lease_e_5aab53" ON "cta_job_url" ("lease_expires_at");
        CREATE TABLE IF NOT EXISTS "cta_info" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL,
    "url" TEXT NOT NULL,
    "variant_index" INT NOT NULL,
    "suggestion" JSON,
    "retry_count" INT NOT NULL,
    "error_message" TEXT,
    "job_id" CHAR(36) NOT NULL REFERENCES "cta_job" ("id") ON DELETE CASCADE,
    "job_url_id" CHAR(36) NOT NULL REFERENCES "cta_job_url" ("id") ON DELETE CASCADE,
    "product_id" CHAR(36) REFERENCES "product" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_cta_info_job_url_dd5702" UNIQUE ("job_url_id", "variant_index")
) /* Phase 2: one variant's creative (pending|analyzing|generating_image|generating_suggestion|done|failed). */;
CREATE INDEX IF NOT EXISTS "idx_cta_info_status_87b75b" ON "cta_info" ("status");
CREATE INDEX IF NOT EXISTS "idx_cta_info_lease_e_a59b56" ON "cta_info" ("lease_expires_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "cta_job";
        DROP TABLE IF EXISTS "product";
        DROP TABLE IF EXISTS "cta_info";
        DROP TABLE IF EXISTS "cta_job_url";"""


MODELS_STATE = (
    "eJztXetu2zYUfhVBf5YCWdC4dlYUwwAvTbdsaVK0zla0GARaoh0uMqVJVBOvzbuPpHWlKF"
    "myLdnS+Kd1SB5dPpLn+kn6qi8cC9r+ydhFE+ceYv2V9lXHYAHpj1zfsaYD1016WAMBU5sP"
    "Bi4ySDxs6hMPmIR2zIDtQ9pkQd/0kEuQw06CA9tmjY5JByI8T5oCjP4JID3UHJI76NGOz3"
    "/RZoQt+Aj96E/33pghaFuZ60UWOzdvN8jS5W23t5ev3/CR7HRTw3TsYIGT0e6S3Dk4Hh4E"
    "yDphMqxvDjH0AIFW6jbYVYa3HDWtrpg2EC+A8aVaSYMFZyCwGRj6j7MAmwwDjZ+J/TP8Kb"
    "y01DDDuL6ZGB8uJoah18DOdDDDHWHCgPr6tDpuAghv1dkJzn8dvz96cfaMQ+D4ZO7xTg6X"
    "/sQFAQErUQ56grLpQYaJAUge7de0h6AFlCOelRSQt0LRk+jHJjMQNSRTkCy/CNwIvgYA1+"
    "kNWjfYXoZzXzIBk8u3Fx8m47fv2OkWvv+PzfEbTy5Yz4C3LoXWo9V8OXRnrfZcfBDtz8vJ"
    "rxr7U/t0c30hzmo8bvJJZ9cEAuIY2HkwgJVaplFrhBodmcw639rGHfDv8rN+fgc8+YxnpY"
    "QZp8g1s8uanOEFeDRsiOfkjv55NiyZ4T/G7/kuOxsKs3Yd9gx411MGZnrX0K6DcCywG3Cr"
    "bCC9KX2VBff0+fMK6NJRhfDyPhFfnxiBv5H6EmV3oMDCpXso+qsj+irCpFRh0YnyjHoeQU"
    "pkl27B4U7qGi+AOVqze6kTwKDKQ/vG8SCa49/hkgN8Sa8DYBNKAA1dy9vwMN2ENGlNtrIH"
    "HmLPNL2g6L3TO4Zkpc7HH87Hry90jvAUmPcPwLOMDNSsxxk4Qks8Nt+1GCzEFoDBnIPD7o"
    "Jdc4j6OQGXeOboEl8/6ip19U3qGaJo1DpPX39HzT/UBq80B0PtC/AQwOQ7X+POIPoCtSMX"
    "Youi/Y1err38l/0KlwP9aaAFvYd0gx/M59BnB/9m0SN+mwFkQ+vZiS7MXJvnlcQsn/W/na"
    "kReNw2h2c3+HLV/1LxjIpnOqHnehzPUMtEAr+Op51INOVq7y+QeTGo4Gq/GBR62qwr62gD"
    "QuDClWypS0zk+KYkBICZgW1o8zxvCt45u4LvB6fDH4YvX5wNX9Ih/Crjlh9KEL+8nohxC6"
    "TGzICPLqJbYJPYRSLfSvzS5pruiHqqFr641oZWKSuprNIBT3t49alZ9yTJnwl8LFCZ4fD2"
    "Uj972rwXHyeZCYwMz9Hb8cdnmUm8urn+JRqeMlTnVzc/Cxo165NXN1M5ufaMVZN7asf2Ko"
    "mW8tD+9uHmusDFykiJqguZRPum2civAnB3MmsMjvLVLS5kQe+wA4ir24PEW1JkA1zHBROk"
    "lBsmLmvoeY5nLKDvgzmso6lzghvp7O4s6kZUNsuo1MuJJBIqoSsBk/oPGwCaSClQBVBdz7"
    "ECk9QENSu1Bajd0Q+bVx7oCtxB4eGcgN9WB+rmOl1bekg0n7zyIFEFO4P1dnWsHiObqMD1"
    "6Ia7ewfovkuO1ElFsBbarCLMQEsvQbu+vbraY82MKQx5ySxUJeUVs1BxKWqcKiWpUlJXkn"
    "ZVSkn8/9x8FxeSovG9SNtl60iDSpytQQlna5DnbCHsBpINVZxGigW2yiAdGtJtp5AUgWqn"
    "oeGD4937LjBhTUxFOQVseXwY47UDh/vP9LG6Ce5an1tcX+sDGsX9a5j7lzZ9M0dCUvk5FH"
    "vz+3tog4J6SZ7R1xOkxYrp9gD1Lmfx1HwozAArjIZDNNcGxFHaqSqL9PSVRluBCzmp06KO"
    "HKIxo3b7/kpzZhrQ6CG1oxVRS4vonVwg/gGtdYzRnZ+jiB3K+rDjLYCN/qWhH4NCUUNVPN"
    "8NzdPjeF5RQxU1VO8OJ0FRQxU1VFFDO22VFDX0oHhGglNewxHIS/ZiAsQk//BlpSz/8GVJ"
    "mp91Ssh1ddZ4LKDIdIpMp3hfPcBU8b7a5H0pZlJbzCSV0d9fuvomIFPn8W1IvZekrLMDjs"
    "vS1g4fmubxKzqXSv+q9G9XAu0q6d9wc0uUdDHjKC2jSEdbkI58iNmu4eleyQwUZohzcipP"
    "PJH50/shT1P3cCo1vauOUpPrxkOUpVWWVlnaHllaVWhVhdYDN6Cq0KoKrarQ2hurVKXQWv"
    "h2h2KztO17HQ5udpt/qIfRzo1FnRAvJaFsk2ibaJRk0kVIVc50WWflinJ9qKS28Bpxqm3Y"
    "JeeALq5VJxJ9gLjtYrV6eEo9PHUIharjjR6e2lvSjddk5Wm3qFxbmniLB+009fY5u8zUIx"
    "D7VgjHKjP3P4qBKmXmnMCjSq0m5zQrpfycDjJPDwz/doinBBG7VrwfC/Tuo0ujStHSqCRa"
    "GuWjpfSV1VAnglgPsG5bnUw9gCVeUvHCjgX6qDwayGK5HpLFSmX5FiSNmXoA8O7rV2bgeR"
    "CbtRJaaZkeYlwF4mKEcwAD7GBkAruup5cT7APUbWtn/ompWjSzRKJ9klkqmJ0GyCYI+yfs"
    "fPuIZxuhnlHVvADecvXlr7obQiqsNkX9TRG+QGODfENWUn2c83BKrJL8Ap8rYwMCkCjYYl"
    "SA4UM7QdjpWZWKlTh/qYLVmWjoQ9jqE4Lygqr2mvvWyQqjbelBJYdRyqwDyqz248uinHIX"
    "6rsLiqJVrOa6WZ6oQtFSdABFB+gjHSCVmQk/sd3ao8KHaUfK3/3JQGr3/Z9dQalJXskEmf"
    "dXjnmvS4glcd9xGbOE0FGGHQ3by2Nd+31n/3rqSGsZ5bNhhVjzbFgYa7KucgYJm2hWlcYE"
    "SVJqax6ZEGR76KZ11y3LR0J3jm3J3g1evK8SiR4S508HVegKdFRxJmeQIyvYwCeGF+BNHk"
    "DKiqqswqHtpQN5XJu/mV9i3aM39hdb9ujTAI0SRuECIMUT3UOkWGblFU+02Ch0MxFThSe6"
    "2oo17H0s0ENzPxhV8aXpqGKG0Wgomnv1cbFmn+RSqUSVSjyElM1xY6lE4txDvGWObOyiCT"
    "tMjwDPZRL/dqY7yST2CaMmo4xkF0tCjcwWL443MlpFvSBKhRcqvOhTeKGy9Lt2fWtkmJR1"
    "rONB8NcUbolQ/DbEngLEHiffHqKKLxrvJEgsf7olQj37rGqjLugYesi8k/mfYU+p8wmSMQ"
    "fjeRYSeaWOp4S8G9q4w7WLOyHvFjuaX+gGlD6nWux1pER6mHUbjEaVspqjkqzmKPdmSrqp"
    "aiAcDu8huo3kNOkZCcSSSKn4ybKUiHp/ec2HyPZatX36D07gkpA="
)
