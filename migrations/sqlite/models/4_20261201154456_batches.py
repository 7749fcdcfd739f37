from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "batch" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "settings" JSON NOT NULL,
    "credits" INT NOT NULL,
    "user_id" CHAR(36) NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
) /* What the merchant started: a name, the settings every job shares, and the credits it was created with. */;
CREATE INDEX IF NOT EXISTS "idx_batch_workspa_12bea5" ON "batch" ("workspace_id", "created_at");
        CREATE TABLE IF NOT EXISTS "folder" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(300) NOT NULL,
    "shared" INT NOT NULL,
    "batch_id" CHAR(36) REFERENCES "batch" ("id") ON DELETE CASCADE,
    "variant_id" CHAR(36) REFERENCES "variant" ("id") ON DELETE CASCADE,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
) /* A place images are filed: a variant's folder in a batch (batch and variant set), or the batch's shared */;
CREATE INDEX IF NOT EXISTS "idx_folder_workspa_e1ac44" ON "folder" ("workspace_id", "variant_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_folder_batch_i_389592" ON "folder" ("batch_id", "shared");
        CREATE TABLE IF NOT EXISTS "generation_job" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMP,
    "retries" INT NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "position" INT NOT NULL,
    "input" JSON NOT NULL,
    "error" TEXT,
    "retry_count" INT NOT NULL,
    "batch_id" CHAR(36) NOT NULL REFERENCES "batch" ("id") ON DELETE CASCADE,
    "folder_id" CHAR(36) NOT NULL REFERENCES "folder" ("id") ON DELETE CASCADE,
    "variant_id" CHAR(36) NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_generation__batch_i_5df423" UNIQUE ("batch_id", "variant_id")
) /* One variant of a batch: generate the batch's number of images from this variant's chosen images. */;
CREATE INDEX IF NOT EXISTS "idx_generation__status_655e2c" ON "generation_job" ("status");
CREATE INDEX IF NOT EXISTS "idx_generation__lease_e_d74c24" ON "generation_job" ("lease_expires_at");
        CREATE TABLE IF NOT EXISTS "generated_image" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "key" VARCHAR(512) NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "provenance" JSON NOT NULL,
    "job_id" CHAR(36) REFERENCES "generation_job" ("id") ON DELETE SET NULL,
    "variant_id" CHAR(36) NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
) /* An image a generation made, with how it was made (`provenance`). A variant's images are candidates for */;
CREATE INDEX IF NOT EXISTS "idx_generated_i_variant_653815" ON "generated_image" ("variant_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_generated_i_variant_57fcf1" ON "generated_image" ("variant_id", "key");
CREATE INDEX IF NOT EXISTS "idx_generated_i_job_id_5fc9c8" ON "generated_image" ("job_id");
        CREATE TABLE IF NOT EXISTS "folder_item" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "folder_id" CHAR(36) NOT NULL REFERENCES "folder" ("id") ON DELETE CASCADE,
    "image_id" CHAR(36) NOT NULL REFERENCES "generated_image" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_folder_item_folder__7e5780" UNIQUE ("folder_id", "image_id")
) /* An image filed in a folder; each image at most once per folder (the unique constraint makes it so). */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "folder_item";
        DROP TABLE IF EXISTS "generated_image";
        DROP TABLE IF EXISTS "batch";
        DROP TABLE IF EXISTS "folder";
        DROP TABLE IF EXISTS "generation_job";"""


MODELS_STATE = (
    "eJztXVtz2zYW/isYvawzo83G8iXZdGdn7DTJquvYmcRuO9vssJAIW6gpgiWpOE6b/74AeL"
    "+KFC8iseclkUkckPwAHJw7/pismU4M5+mZRa/ZPTEnL9EfExOvCf+RuTdFE2xZ0R1xwcUL"
    "QzbGFtXcsNnCcW28dPmNW2w4hF/SibO0qeVSJh5ibgxDXGRL3pCad9GljUl/3xDe1R1xV8"
    "TmN375L79MTZ18IU7wp3Wv3VJi6In3pbp4tryuuY+WvHZzM//+jWwpHrfQlszYrM2otfXo"
    "rpgZNt9sqP5U0Ih7d8QkNnaJHvsM8Zb+JweXvDfmF1x7Q8JX1aMLOrnFG0OAMfnH7cZcCg"
    "yQfJL45/if/qvFmmna5dW19vH1taZNamC3ZKbAnZquAOqPb16/ESDy6kQ84NW/zj4cHJ0+"
    "kRAwx72z5U0J1+SbJMQu9kgl6BHKS5sITDTsZtH+nt9x6ZrkI56kTCGv+6RPgx+7jEBwIR"
    "qCaPoF4AbwdQD4hH+gfmUaj/7YlwzA9fzd64/XZ+/ei8etHed3Q+J3dv1a3JnJq4+pqwfe"
    "eDG+srw1F3aCfppf/wuJP9F/ri5fp0c1bHf9n4l4J7xxmWayBw3rsWkaXA1Q4y2jUZdLW1"
    "thZ5Ud9VcrbOePeJIqNeIcuW5WWZcjvMZfNIOYd+6K/3l6XDLCP559kKvs9Dg1apf+nZm8"
    "9S0BM/9qYtRBOCRoB9wqC2jSFb9Kgnv47FkFdHmrQnjlvTS+jqttnJ3YV5q2BQbmT92h8K"
    "+R8KsAk1KGxQfK1upJBDGSNsWC4Q7qFilACFq397lCgIAqC+0bZhN6Z/6bPEqA5/w9sLkk"
    "OYD6ouWN3804IY2uRkvZxg+hZBqfUPzb+RcT12PnZx9fnX3/eiIRXuDl/QO2dS0BtbjDZi"
    "x1JWybvbWerdNXsInvJDjiK8Q7+6ifY3e5muRI+t6NUjF/ETbZJuJPflphF3EZHq2JvVxh"
    "00V8Oth8kF8ijMSTp/KuQ1yXg+0g8pnYj+g3tkAO3+6IM0XY1GUTLjjq1HUQddEDdpAvR6"
    "IH6q6eTlIj1tNjP5lzfseymVgzjiThj3E3vBlbE3RrszUStLxfBx1g02SuJF6yDZ9ET6bI"
    "Ychk8rHiBdCDTV3i8MdSB9nsQX7WdlXol8kDs+8dC3uLLCZg/xe0JNCShsk9FdaS5P81pP"
    "egfX/Ce2+60ayS+D4rEd9nWfE9YNpZjH/4eHWZj3GcJr2a6NJFfyKDOu4I8S6BV6CRWDIB"
    "qgfvzn5OA/7q4uo8vRZEB+cp8P3tMIv93HQLWVlAkUJeyEzjQ5y/L//vr7PD4+fHL45Oj1"
    "/wJvJFwyvPSwZlfnmdQhR0lBb24AjOUBaqiWmaDoAtV/4SMmdDDfCneF/jBHerGpieX/m6"
    "YJoxgHrdoXodQX3LDJ3YObvauU/45t8fiIHlNxQC/UZ2MlqDXwbpxGQUKmwzeN56oPA2P7"
    "CFQhPyW5dWmlcunpu3bJJjpwluTcssNUuumdKg1VZjzfsVdgiavUTMJOgztik23b/4Ng/6"
    "maADi5g6x+hP/rrG41fxyx9E/lOja/4N8QvO5u6OOKLzP3Xe45+3mBpEf5K11vT43Bxzyi"
    "9icmsbW3pQ/KdrcpJ5BhTwOoM9ZfDcSWF7imdSrWNRiSi6sqnsz918NKtgUTmaFRpUxK2k"
    "xoRdl6ytnCVVqNLHKPpT6Z91BW/L+rxB+GamkS8W5UtgFw9zDn0vXuY+5/RI2FMlJ7NN+L"
    "eSOiaxGAWsn4w9zNJ33OSTlLDJD3gVZfRLX/xODvc1+VKwgvzmSrhMykbx9c/X5Sb8cBAv"
    "ri7fBs3Tdv3kAkuqONW5VoYOzPk57CtSPmv5pxJUjTxUw7Qu9eagEnvroyYjLGruyDEq2J"
    "XT05rYNrO1NXEcfJdj8i/m1BnCnXj2eCZ1JyxbGKjqmZgiCnBk5YDJ5YcdAI2oANQUqJbN"
    "9M3SrQlqkqoBqOPhD7t7XH/z3CYN3YGvXKyW/2WacghGnG+7izVm+G8F1huvL4WRjVjgdn"
    "T91d0Cuu+jnkbJCLZCm2SECWj5K6DLm4uLfQWK+wwj3wPps5JyB6TPuCAfFDxz4Jkbi9EO"
    "Ip33H+lMTWuTs6CKzUghAcQ4NzAhQUQuROQOFViIyIWI3IHj2kpErghabBhwGguQVATptM"
    "e0OUDK2Sy6jsb1ASvUhn00tyrEgdmpalDu4UvEr2KLyBhZnQtylOuM6ObDBWK3CMsc4gM/"
    "+TiIlpUE4Q+ibwvAbf0ZRcG24p7J7DU26Feu+gkoINIW9PlxcB6F9XmItIVI28l4YhIg0h"
    "YibSHSdvf1A5G2qm3yEGk7qLCtlI5TQ67KUioxAGmfyfGLSk6T4xclXhNxMydWsc4cDwkg"
    "NhFiEyGMTgFMIYyuzzA6CPTqK9ALHCT7s/779V1yTP9R5Zdiu/9t1Garyf8MWQZeEiQrWz"
    "gI2wTdCqu6KF4alcfwekTU5FdlRVZ04P0n6pD6zUSF0ydTxGxZy1Te5pSyxqme8QL089hP"
    "pt/Dwa/ehV+nIdnGFIS71T31+xA/4yVQp+iXqF6t/+FQFxW8CwPlbCM1PEC0YD3XQqVowa"
    "OSaMGjnLqoIVdPiQSMGQSbBQ6ckCgF84JTdYVzeKVfjnV+dXWRWCvn87R+e/Pu/PWHg0MJ"
    "O29EPcksazqVO0pNLS1OAzpaQU56LUSTVIApxF1C3OXewe0g7jKU3xuiGx5tMUp2sBXY+A"
    "azHdSYvtQQ1h+jntQENrnPNAhqdcm6lSKzc96RQhwi7U+ASrP7sm7JiVVo4Qqm3TYrl0aD"
    "httNXaZnbvIsTZ5VyevkO0TwcuXfxS5a800ZMc6IkEXswAp1IOxL3rihCC+0xvdEHtnjsJ"
    "xo156emRv9GpkB5UMg7hUsUyPhSgpbpgKuVWuJJYhAR0qnrgruVhPROA0AWq50RvtIQ+G9"
    "8qkFA4V1q/CeWKfb1SJvW26O69sAzXnQoaL4xlftkA64TA1AjlCbHaJiwTYcPC2cIDWEW4"
    "zuQp2EC4o6bysOkEQr9hAcLCmuooNfLZt9JqaYWr8+eYrOYn7XmFd2iU2dClFCeGPtYvm2"
    "08d+MsXRllwX4yKxtDwQp7LjtsRXG7t1Tx69ayJkB3y2IBkPlFMqLBmLJZgZ7mKXrd9cQY"
    "/tyWGVbDDeqtBjK++lPDRUd3Ps2oXZLGF7qLyc45NdcQFtVSe5LiIAPHPwjGSCLKbFJYiS"
    "VFCHqEEdoj1F1g/TSTPuAIMRTWWIMBicsQciDLqOMNiHM3ys6Fbxhqe2sfbsaZWdusPcxX"
    "ZNu6mXGxLzwkK4Qc9+9OQ8LbY6RhN5q9GRN61cQ3lyFR2h6lVtkra5l4ElkCQyMszNekFs"
    "0c43893abM1bUCd+DOuKOcQ3KTpZb3rXD/xkfkyWnIpOeo0f74oOdLbmg/w33xb5N680De"
    "/Aeizxx4ehZcEOAA55MDuOg70pbHaEQlRQiGoynkI6UIgKClFBIard1w8UolJtk89ZRZlA"
    "b94dzT8ns3AVxUnAZ5OzkuDEiL14aqDiVJ8Vp+CI1054xx5zmkfEP2q4xyCsHNy4QwW1xN"
    "vYd7btQEFVIN12rMjW9TBCMkSLyRCVEpmla6aZa7F2gsQwpd5+vYtznawt5hJz+chn9STH"
    "vZhqMS3zL9KoreaH7rZ7SGuqRBuzfHem+ENG94OzDZxto2CwI7XDVXG2JVZlVX9bgkjBeP"
    "/T4wo+t9PjQp+buJVUXSCVIij7fnJSAVveqrjou7iXtgnxL3VcbYWdHN2lGOY0nYJ4tz+V"
    "Oe/h71tTCU8QgQ4OodQQSr1/cFsKpd5Phvc7olN85jjEneQoQrG70zIlaC3aaThsuDXC8q"
    "PLJ4qOFo8ucaaiAhBXoNy/cnmLT0JHVMsWp2eK0kKyaFB4jKbfEB2ItGm+uyOuiNPPUQgk"
    "EfWxZyenom4278Dm0lpqJPt78idTdBCOvSzt7ffyFN1YBsM6fwF5P17220EWE6WQuPZHvk"
    "MOExnjyLLJZ0oevIZRRKufOl4cmZlYqd4Lgr4I+uJI+KvC+qK/FmsI2REFiNegKe456d7f"
    "xzygasCcplMQ7/anMlQ4gAoHw8XToV9zWMA5vSsENKBQCc6/z2ZHR89nz45OX5wcP39+8u"
    "JZiGv2VhnA5/O3AuMEc8iCDpYOsHSoaOmIh7NLBbmZe9zTshXCOy8apiFGyhWezzLKZgCJ"
    "davSFOrSmni1cRfsyzviOAXlIpMNpmU2RSabautY21bjKsAMBmawUaxkhc1g/uLO4dDF2T"
    "ZxGki4aZBw4xBTrBqZk1wnDTNDB2kg13lqxH4ceu89V9E1du7zNuD47dLt13c5aW7QcqtP"
    "z0mWGLFstuRLVfxcsrUltADdrzPynecj4w2JLY4IwUiwZulws9mDdziIeC66J7ZJDFHOxM"
    "B0nXMMSU/P3O5cW+Llimh58ZiphuIPryJz4nJw/DeUaAY5ZKD7k8JyCNRKgVopAxcvoFYK"
    "1EqpsX6gVkrJ+oFaKapt8jmrKGML5qOYV2CiLFrBaFBgYqeRnXQlLSd3+MNnzyps8bxV4R"
    "4v71XxBJeIUPl+4PGje1IF3JNibE8y0EbaZZ3pGydSMNLm8NmsSqyNaFYyjWeZeBuuiguu"
    "U2e3jZPAdpvebv2slZrTN0mlQo2fHgLzZE2kuM8sifaWYkpxQhUA77uo0u4a2R50scGMxL"
    "DFyKwy5ptqa4ZeJakg8Co/95SrVovH2kmRGVI4uQdKPvWSbrpD/CXAWQwnxLRCTGvP4HZw"
    "EFJ8Q2oB5BunUjmtYW5cW+HN2b0LTu1JM4uW5q/iU7fyrA0iEJqj+j7qSVFgk8I8FC5sE9"
    "sqhQv3FVrFFmSSG1QlbkzLw6mCJhDEDMFDWVs9BA9NhmgQguAhCB6quHjG4o2B4KH/M3s1"
    "BA+1un4geEi1Tb5K8FChS7V4l2/qTB3c6CYrkFYKIZqVhBDNsiFE0mCRd95ycbGTiAJYVZ"
    "pV+ekwBYbI4pmbplMhFqCHADgvYiULdHHURUShAsR9h1uAxwg8RkO0YA653mtgm8+3YgZm"
    "+1I7Ztioy2MuTGavsUG/8j1oYxvbkiqpqS2xiw12J/6KGdMgnRIsogPlJiNVlipZRNnG5t"
    "xPLNwawlCSCgSi+gJRimnWkPizlCrgn9ZYj19UUlmPX5TorOJmEnWXukYtw0BIoGDmS7XU"
    "l7Lcl4xaFX+zGuwkRaYA1n2zk4WNzRwpqXhihwQqMo8OzF2WTfOUqjLDDM1VrhQAuH2/4X"
    "Jj2+JYvjoAx2kUxLgKxMUIZxI+7zd1sPWbqwdr+yW/8WdM+adTg7q1pm+aTj2sO2AT2GQm"
    "XWKjrr6SIVQB7b5ljKJTcIvr/0UU/Vf/i5lkFhtquNR0norn7cMq00lNQC5grLH9qEmQ6y"
    "6IXGJYFPUXBX9JbO1kNUtSQh7pcCIKcqxkcqy0HcIH04Q96rYmeejHlHB4WsVBmx6/mH/2"
    "NCOuerDVDyfMEkKoQeYYEA+jpsGFJd0AMxsBM5NlJGoZ/VN0IC7UFxcgIrGYzY3TyVYlIj"
    "Hp806O+jljnIWaBQpUgjA16AtO2dU4h1f6XXPnV1cXiTE9n6cX1c2789dcmpCDyRtRL1QD"
    "zl2CiKNBgNvjuUtLF2vUvGUND8155eI572W0e3f5qUICpI1tNMfoB7a4savw2zGiFD9BoC"
    "FUqVMLFFnFeSnivZ3mNRqQuoyGvKbL+wu2zD0pI7w3LYuHdHkrzQia7SW3W/6fmTUlsT5+"
    "+3asRtvjGEfnhysOZxQDLUKkTJfmWMa35E2maBXUtsarXWUNGitm6KRWueiIQsF0r8NZld"
    "g53qrYIDvLRM4Z2HE1e2PukoWcJAXj4NDWUka720++g38EbM7+Hh0OW7y7b6I2XW7tqWyG"
    "e+pF0UEeA+QxjGCfGKeJtUoeQ7AQq0oAQXsV9//W3bHMpnfUxIZWV3/JECoQ2p0KNj45qR"
    "JsfHJSHGws7qViCh2H1K0AHKcBmzU4A8AZsH9wOyhYK5d5C+i+IzrFZ0FnisIb54kJaC+v"
    "0Nmr6/nVZTVPixymZtbeiuVrh6nZ9mvplUWU87RAv7hyiQ4YtOgy3Z2sMc1muYPSB0rfMJ"
    "mlwkqftxQzA16sj4QECqp9s5MqPhXeqkQTyWQ37ddhNSh8O6lDBYoJKCZDEOjSknN7UUou"
    "uydmQ+H5zKLXohuFAE9m72N3ucpLrasD0rnoRFWERBjXb2zRShiXqhjtLYgLlNYomitHb4"
    "0FehWrrrFjR7Zqr5Mz5BAPfeTTIXaLMPJjxZFf+e0loq6D1mx5v7GQzPRE2NTRA9dr+S/b"
    "FUwe3THiIK76UffpJAVvl8/J1bNjFev49k7l54KiDYr2OJi0woo21M3qtroQBy4vF6+k+E"
    "1AoEISXg96tkO/1pq/QXv14D2pVvatpOpbGtudClBA4YmGmaQWfxtXw3zPycJeXJElSdV/"
    "VZb9DEA39VcCCTUDf2F1gjhJf3UJumQtLZcm8LhCTUk+RgOHiWdOlYgdflkV0SQVmJbBZg"
    "82+/2D20EwEZwj3N05wnJbagHZWoFaw9zEtmIb38KbxGndyrSuhrbvN2FumBpgJ2Zl+Ela"
    "UTXHOlC9DXqbB5NdkcWfhxnvugUX1NuwM/BE/R+XE+jSFSVDTXP8UEEIarET6iFoUcEDZV"
    "GyJNId5Dt4XIasjStcPP5W6UzRrc3WCJvIS85DzBZ/eB6imw8XeQ6ntrqFA9gHINxPwZEE"
    "jiSIJ+zRkQTHOe3HGg8Zey0b2YIpKXf4msDm0YJlGIyYYMTcO7iQEblfeKtkRBay4RZAji"
    "q5jJLpbsU3b+tJ4MxfBF3eXFxUM2iCIWXfhhSP3xZYU0JmXG5SiZrtpegg2DPAngH2DBXt"
    "GQMq6Nla1GZGlq6yT0ICFSRQNceoX/fxKCEC/3F9zKhO1hZzxVm12j15bIjZPOqNq12qYr"
    "YWyrgmtdWGeCmp1oO3vQFabNGUb70XfSgMkHSzN4ZIsYDABEiegachRpWNYeOEyGksSwUV"
    "v1SEBw4RqQBSf4X3RgNPlwbPM2LTpdDmM9ZO/860zNSJozaDsXMWpmLlmjlzkrB8i8pwrT"
    "CtZGAVmzU/cyaem+RWbOOKkagYttNJwWe+qGog7DdXEN1Okr/5E7m+nGOXL86TjZFAkmzN"
    "JNkaFtz2N7Nv/wNGxhL8"
)
