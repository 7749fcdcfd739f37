from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "store_account" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "publisher_kind" VARCHAR(16) NOT NULL,
    "publisher_url" TEXT,
    "publisher_secret" VARCHAR(256),
    "missed_slots" VARCHAR(16) NOT NULL,
    "items_per_day" INT,
    "enabled" BOOL NOT NULL,
    "rule_anchor" VARCHAR(26),
    "updated_at" TIMESTAMPTZ NOT NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_store_accou_workspa_5fb0ef" ON "store_account" ("workspace_id", "created_at");
        CREATE TABLE IF NOT EXISTS "listed_item" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "slot_id" UUID NOT NULL UNIQUE,
    "scheduled_local" VARCHAR(26) NOT NULL,
    "scheduled_at" TIMESTAMPTZ NOT NULL,
    "listed_at" TIMESTAMPTZ NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "description" TEXT NOT NULL,
    "bullet_points" JSONB NOT NULL,
    "image_key" VARCHAR(512) NOT NULL,
    "publisher_kind" VARCHAR(16) NOT NULL,
    "published_url" TEXT,
    "account_id" UUID NOT NULL REFERENCES "store_account" ("id") ON DELETE CASCADE,
    "product_id" UUID REFERENCES "product" ("id") ON DELETE SET NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_listed_item_account_4a88a0" ON "listed_item" ("account_id", "listed_at");
COMMENT ON TABLE "listed_item" IS 'The listed log: what a slot published. Unique per slot, so a redelivered message cannot list twice.';
        CREATE TABLE IF NOT EXISTS "listing_slot" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMPTZ,
    "retries" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "local_time" VARCHAR(26) NOT NULL,
    "due_at" TIMESTAMPTZ NOT NULL,
    "error" TEXT,
    "account_id" UUID NOT NULL REFERENCES "store_account" ("id") ON DELETE CASCADE,
    "product_id" UUID REFERENCES "product" ("id") ON DELETE SET NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_listing_slo_status_d16dfc" ON "listing_slot" ("status");
CREATE INDEX IF NOT EXISTS "idx_listing_slo_lease_e_7a1b67" ON "listing_slot" ("lease_expires_at");
CREATE INDEX IF NOT EXISTS "idx_listing_slo_status_3cab20" ON "listing_slot" ("status", "due_at");
CREATE INDEX IF NOT EXISTS "idx_listing_slo_account_a32607" ON "listing_slot" ("account_id", "local_time");
COMMENT ON TABLE "listing_slot" IS 'One slot of a belt (status empty|scheduled|queued|processing|failed|missed): a row each, so two edits of';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "store_account";
        DROP TABLE IF EXISTS "listing_slot";
        DROP TABLE IF EXISTS "listed_item";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfblkxvXEiu3kcjc3Y7vp1a1jZxK57fRlOBAJSThTJEuCdpwm//0Avr"
    "+LsEhKRPdLIhNYvjwAFthnd4G/JmvbIKZ3eObQmX1HrMkb9NfEwmvCf5TKDtAEO05aIi4w"
    "PDeDytihGkuqzT3mYp3xggU2PcIvGcTTXeowaouHWL5piou2zitSa5le8i36p0/4rZaErY"
    "jLC377g1+mlkE+ES/+07nTFpSYRu59qSGeHVzX2KMTXLu9vfz2u6CmeNxc023TX1tpbeeR"
    "rWwrqe771DgUMqJsSSziYkaMzGeIt4w+Ob4UvjG/wFyfJK9qpBcMssC+KcCY/HvhW7rAAA"
    "VPEv8c/yd6tUw1Tbu+mWkf3840bSKBnW5bAndqMQHUX1/D+6aABFcn4gEX3599ePby9HkA"
    "ge2xpRsUBnBNvgaCmOFQNAA9RVl3icBEw6yM9re8hNE1qUY8L1lA3ohED+MfT2mB+ELaBG"
    "n3i8GN4esB8An/QOPGMh+jtm9ogNnlu7cfZ2fv3ovHrT3vTzPA72z2VpRMg6uPhavPwvay"
    "+cgKx1xyE/Tz5ex7JP5Ev95cvy22alJv9utEvBP2ma1Z9oOGjUw3ja/GqPGaaasHQ1tbYW"
    "9VbvWLFXarWzwvVWhxjlw/o6zPFl7jT5pJrCVb8T9Pjxta+KezD8EoOz0utNp1VDINir7m"
    "YOZfTUwZhBOBbsBtM4AmfemrPLhHL160QJfXqoU3KCvi6zHN956kvoqyHSiwqOvui/4aib"
    "6KMWlUWLyhXE1uRZAR6XJZsL+NumEVIBZai7vKRYCAqgztd7ZL6NL6kTwGAF/y98CWTioA"
    "jZaWt9FtxglpejUdyi5+SFam2Q7Fv51/MWGhOj/7eHH27dtJgPAc63cP2DW0HNSixJ7ahS"
    "tJ3XLRerouXsEWXgbgiK8Q7xyhfsHwpbWwJxVr/biocamv85UhjWttWulP3vPpn6DpG2Rb"
    "BN1jl2KL/cNDwWKQ3hP0zCGWwdH+wl/XfPwsfkXdgf/U6Jp/Q/aC5y+XxBM3/2LwO35ZYG"
    "oS4/nhpNByQz63wmb5bfI/e675bjA3R0/Xgu46+QPsGbBnRqHnFLZn+MzEfE9mpZ1K9LXU"
    "3p0h83LaYqn9clq70hZF+YU2ZoysnYohdWmxanwzEgWAxQTb0+B50Re8S/EG30yPjl8dv3"
    "55evyaVwneMrnyqgHxy+tZ0W4hfDLTyCeH8iHwFNulQn4Q+2XIPj0S9dTKfHEJ/1ZSoaBq"
    "x09GAsZPcfz4jvHEST4vCZP8Ho+i6O0zre5WcGkz8qlmBEXVh2PSdqQL3/4yyzVgPI8/e3"
    "f2y/NcI17dXP83rp6Z9y+ubs4LAyxv4rTXWiW54XRXn2OqY/WVGp9laH/4eHNds2LNSRVV"
    "F9UZ+oJM6rUBeDxEpYCjuXcXO3JB74gbFHu3mFsfObK+JbOiLUjBrFzs1sR1bVdbE8/DSy"
    "KjqUuCT9LZ4+nUvahsQVDJUUypBPDjFWDy9cMTAE2lANQCqI5rG77OJEHNS20B6nj0w9Md"
    "ObwHduDHuWD4h/BG4+ynGz05qearduRUqILOYL0N76UwsqkK3IxuNLo7QPd9eqdRKoKN0O"
    "YVYQ5a/gro+vbqaocuSKEwqj2QkSppdkBGigsiDcEzB565sZB2bTxzwf+l9q73y8X1laDt"
    "8m65aasQuGlDCNy0HAJHLcevGFD1NFIisBWDtG9ID00hQTxap6bhg+3eeQ7WiSSmRTkAtt"
    "k+TPDqYMH9c/Ze4wR345q72L82GzQQStlzKGV26lvYFS7180jsux8/EBPX+EvKAZKKIF30"
    "mG4PkHKcxdf+TWEBWK01HKG50SCOaae2QblHbxC/ih0SxMgafCFHuc2Ibj9cIXuBMOK3RM"
    "/CuDcUR8sGAskPYmwKwO38GXXBtqLMst01NulnbvoJKCDSFuz5cWgehe15iLSFSNvJeGIS"
    "INIWIm0h0vbp4wcibVWb5CHSdq/Ctgo2jsS6qiypRAMUfSbHr1s5TY5fN3hNRGFFrKJMH0"
    "8EIDYRYhMhjE4BTCGMbsgwOgj0GirQCxwku2P/r6jHAbpkZD2poP8zpQdN/L8Z1NNoXHEj"
    "/z9bERQKIdNevkEPK8wQRp5pM+T4c160IsYhug2aBjnEDYoOkGfzWi7hL0DvCf8fRTkYSM"
    "eWxWXFPRF7oDop+wMGeubmsL7fJlhPsnIi6LjR+Qe4B8A9sJ+qaaTMQSv3AB/jkivTjMiw"
    "o2wvV6U5MHWuQn2TDwXT1rEUOVAhqiI7cNqGGygOhwwzcFrkBVLc5PVWUVZBzTUSTdXKU5"
    "AuFSTbOScIjbzXjcwoM6XizxMBBdXlSasA9JOGAPSTcgB69s1KONfzqQUxJdAemlad87cg"
    "THPs4AVK4NfnAJQEh88FyJg4c5+ajFreoXjeLqycXjIEgi0ntTvyKKN9ckJKjImCBjpqEz"
    "DDa9VroKNSyEzMNrjaHf9IGbjLkgpiftRmkXxUv0g+Ki2SE3qn2mVZr/RLguBMk9f6Edsl"
    "aWXnpcCpBk41SOoaE7CQ1LXDpK6Mg2FLfD8yLnGW3k5RiPOzDXiH98c73Lf3k3/iR9Nmkx"
    "r3Z1x8sMn/GWzSH9fc6AC9sUjoeQySkObEZEkWkoiNf/yScLNfeGP7/D8Oo048T6QlhelI"
    "X9bU84jx/I1wT9oPiGB9FXgr2YONiEGZx29e8oIO9eDfLZFv5ZjYQg8uZSL1arEgLrGYkP"
    "EOkM97rYvYiqBo7P3DQ6at37V2oqZpGgavKhyoByjvWhWOBC3gNMG3Cr7VPZ2hVPatQuoV"
    "pF6NJ3UEUq/+Zr42SL3qdPxA6pVqk3yb1KvMKltios9LKejE6D7SJ7JyJIdWKqXgsBrvMC"
    "pPRpDgBT6pfYQffFLgk1Kls4JPCnxS44EYfFJ/R5/UO2JQfOZ5pNIllSk9aPJIrUU9DScV"
    "NzqkgjFloPkjI94B4gAyYrFv+PqVa1CPGOEx1gtqhplxyT56UUX0THh97sgjMohL74mHFq"
    "69Drw73gpPT06fHwQ3cPnit9CQwz35d0vcIFFcCFtGfJdDdOuYNjb4CwTlQVl0NpyHgrBT"
    "tCIu+Zdwc+nYQo5L7il5CCvGx3TzXodMPlbc+o0Cc9NM+IKwTSD4qkYyc42UxmrlqwrHYq"
    "nFG3xViYSC9NXpcQv66vS4lr4SRXlDRjKwHELKpULKo3ksBEoC5qKcgnh335UfqMHvXEK5"
    "1muU1IfDZSvcRitum6xknNipAOBZdVgv/VyhAs7pshbQWEIlOP85nb58+Wr64uXp65PjV6"
    "9OXr9IcC0XNQF8fvlfgXFOOZRBB5oOaLp9JDra0XRt9mbyQwO5QrNI7M4UWtkK4Z1TAjFh"
    "sB1GP4V3UYd8KyvK7QAS41alLtQnm3jjs7n96V10UnkFoZivcNDEKdpB1eyx53D6JdBgQI"
    "OpRINFg1tqc4asDJzRuMUODB6xxKgJQrRlolJLchCbOqsyI3bj0Hvv2vPKqTcsaJxynaQK"
    "zLQw08JMq9BMC8lRkBy15xMoJEf9jePRITmq0/EDyVGqTfIVo6jEdma4srazfEZEQWf8tN"
    "WOntOGHT2n5R09BaesrWVUVUYCVFVRVUUbfnCVM5cK2SnKqZCXVNiZsFXvPWrovUfl3su1"
    "jXjlEtD1mV+phAoQD536Ba56cNXvg9/voGNXfc8cZpAQUs1ixrkijTxmUqlTJrMQUV84Yr"
    "IYWV+oTS1Nxwyb9lL8lSHTYLsoYET3VJuM1FhqxYjavsu1n+QWzXkpWBCN8ETfPcN/mAN9"
    "x3DQx6SvaQOO+RgO66HVydzFcocaJAIqKo8e6C7HpVVGVRMxQyuNKwUA7t5vqPuuSyxdiv"
    "nKyiiIcRuI6xEunVh358tgG1VXD9bu89LwPab806lJmVT3Lcqph3UPagJbtkXFJnaS9kpJ"
    "UAW0h15jBMdOSQWpphJwdFhzczwhcJUvMNbYfdTC08Bkz1iqEoZBIT8o+Eti54kHwWYlBw"
    "nL2ZuW2COSrFVcTthW2hPCB4uCA9q2FnkYhkro/uy4CDb5cMKyIIQalHLVQ4y2DS5suA0o"
    "sxEoM+m9b4tysFyQXy5ARGK9mhunk61NRGLe551v9XPb5irUqjGgcoKFRp9zyb7aObky7J"
    "g7v7m5yrXp+WVxUN2+O3/LVxNBY/JKNAzVgM1BIOJoL8AdcHMQnWGNWgt7y50dLhi+5HcZ"
    "7dzdvPWFAMl3ze0x+sGe37pt9O0YURLEGF9bcGVaFdEtg9RVcKdLfiOFoYqPnewAq8xRlw"
    "qCNfTmPGOZFHrdfia3U3tF8GhxJ/f6CFJP1NQye8j3mhFfCBSF0FAIDd3/ET5Sq7VNaGjw"
    "f6m9GwITsbIHi/WSgyR6/GfbkoxHTGUUxLn78AzHn/MVG59wtDsqFyFXllQQ8O5dNylssi"
    "7poiDwy/L8cgqiR/jcWzFft+nwqawKbVCIDj1pdUjkScMpkSelTr+mQQpujU3YkHdekAMN"
    "00LDBCyF5vB+auCKkLta33BJ7kmu4X3r3B07h4klvrNiomz0U2SkwEkh4aRwfZPb15a+qv"
    "LE1quNgpiCSrrzg3zB8VoP/ThN2DaOV3ACghNwH/jeg96cgKHnZkCfzVggz4c8De2sGQ1K"
    "fToiZlS/u7L1u0mFEyIpO2hyQDBeSzPjajvZjne3LOhm/8LouLl6N4NoaJHVbjFawRxt2O"
    "qyIKvgOm2867Kyb2FlmwaRsnlSCRVJkmmb7Q54rXqaZFra7MDEHtNc33rKxrF5UYjn3rex"
    "VFqL72aLquhoqYr5PT10qn5299M6A8YVxN4ciC+A+IIRzBPjJGfaxBfIOmTBDSvhJLFduq"
    "QWNjVZ+6UkqMBuPEUP4EkrD+BJgwfwpLQNhOcRJskyZmWAYYT8DaBudw9uR9RtSTV0gO47"
    "YlB8Ft9MUXizOjEH7fUNOruYXd5ct+PFhzvydD8t22GZ3lsvsLzKVqAXUjYNNmBco88dis"
    "ka0/LGxGD0gdG3n8pSYaMvHIqlBq+3RxIBBc2+6Ukbnwqv1WCJlCKeIWy/37B9MEzAMNmH"
    "BV1x5dxdTAmz74i15eL5zKEzcRuFAC/llf/PnneSV64SRn1aGXEecIWhkUkRrrc17jOVNp"
    "kbkzPkkRB+FMkhe4EwivZjQdHpKm8QZR5a2/qd76BgN0WELQM9cEOE/3KZGJVoaRMP8bU6"
    "ZYeTArx9PqfSMMqcCsP1MQ0+FywjsIzGoXcUtozgbIp+d/DnwMllWSQC6uVX9GIYefSzVP"
    "+N66sH70m7o1UaTlYp5bw9ZZNn2Nx522xa/jZMw3zOKcNev+t5Xmr4nc930wD97HEer1BL"
    "8NdmeWZFhtv7t0/V0nGGZ6gVJFfyGZkt1vPjUScSgQqRQSWJaF4KuEAgWYFk3T24PUR/ZP"
    "iWLfHNHPqrKLp5pbgZ22Ba6gBZqcia/ZzENmKbncLlA2v6pHWDOJsKTjeOv6kndB/iGi3Y"
    "XIcSnQTUakSWMhs5PhN0adTtvAO0cO01whYKMxOQ7Yo/Qrb19sNVFXnb1W23yFAEUhZIWS"
    "BlYQ/EMZKycPz4bpgtSFfo2GCNu2Qww0sCWyULLAsQAkAI7BxcSAfZLbxt0kFq1XAHIKdp"
    "7KNUuhvxrZp6cjjzF0HXt1dXuyQHQh1SwxAkCqaZJkir7WQXIbDRwUYHG11FG32PdujqLK"
    "pHYncZiIgewTlbo8VqJwdtjRKttbAGtGC5vCVYStoVRZfsnGyJ0ntxD4UBCjxXW0OkmL86"
    "b2pmD0fbEqrikWwq4hXamFsC1doeHydEHnG3BSjaT0FFeOA0yRYgDbfxyWjg6ZOfOiMu1Y"
    "XxVSKnopKDJmYKp3X2hpaqPz+nipWqiKmODOD9NZo7CaiuZ6HuuRKvjFmvpyQyIipGDvSy"
    "4R4fVBIIR9UVRLeXXC7+REasChq1Pu0lIwI5L5I5LxKEW/eT2df/A/WFXXU="
)
