from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "idempotency_key" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "result_id" CHAR(36) NOT NULL,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_idempotency_workspa_536bb8" UNIQUE ("workspace_id", "operation", "key")
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "idempotency_key";"""


MODELS_STATE = (
    "eJztXWtv27Ya/iuCviwFsqBxk6wohgN4aXqWLU2K1jkbVgwCLdEOZ5nSJKqJ1+a/j6R1pS"
    "hZsiXZ0uGX1iH56vKQfG98KH7Vl44Fbf9k7KKJs4BYf6N91TFYQvojV3es6cB1kxpWQMDU"
    "5o2BiwwSN5v6xAMmoRUzYPuQFlnQNz3kEuSwm+DAtlmhY9KGCM+TogCjvwNILzWH5AF6tO"
    "Lzn7QYYQs+QT/6010YMwRtK/O8yGL35uUGWbm87P7++u073pLdbmqYjh0scdLaXZEHB8fN"
    "gwBZJ0yG1c0hhh4g0Eq9BnvK8JWjovUT0wLiBTB+VCspsOAMBDYDQ/9xFmCTYaDxO7F/zv"
    "4TPlqqmWHc3k2MT1cTw9BrYGc6mOGOMGFAfX1eXzcBhJfq7AaXP48/Hr26eMEhcHwy93gl"
    "h0t/5oKAgLUoBz1B2fQgw8QAJI/2W1pD0BLKEc9KCshboehJ9GObHogKki5Ihl8EbgRfC4"
    "Dr9AWtO2yvwr4v6YDJ9furT5Px+w/sdkvf/9vm+I0nV6xmxEtXQunRur8cOrPWcy6+iPbb"
    "9eRnjf2p/XF3eyX2atxu8ofOngkExDGw82gAKzVMo9IINdoy6XU+tY0H4D/ke/3yAXjyHs"
    "9KCT1OkWtnlrXZw0vwZNgQz8kD/fPirKSH/zf+yGfZxZnQa7dhzYhXPWdgpm8N7ToIxwLN"
    "gFtlAult6assuKcvX1ZAl7YqhJfXifj6xAj8rdSXKNuAAguH7qHor57oqwiTUoVFO8oz6n"
    "kEKZEm3YLD7dQNXgBztGYLqRPAoMpD+87xIJrjX+GKA3xNnwNgE0oADV3L+/Ay/YQ0KU2m"
    "sgceY880PaDou9M3hmStzsefLsdvr3SO8BSYi0fgWUYGalbjjByhJG6br1qOlmIJwGDOwW"
    "FvwZ45RP2SgGs8c3SJrx9Vlbr6JvUMUdRqk6evf6DmH2qjN5qDofYFeAhg8p2vcWcQfYHa"
    "kQuxRdH+Rh/XXv3DfoXDgf400JK+Q7rAD+Zz6LOLf7PoFb/NALKh9eJEF3quy/tKYpbP+l"
    "/O1Ag8bpvDuxt8uOp/qnhGxTO90HMDjmeoZSKBX8fTTiTacrX3F8i8GlVwtV+NCj1tVpV1"
    "tAEhcOlKptQ1JnJ8UxICwMzAtjR5XrYF75w9wfej07Mfzl6/ujh7TZvwp4xLfihB/Pp2Is"
    "YtkBozAz65iE6BbWIXiXwn8UuXY7on6qla+OJaW1qlrKSySgfc7eHTp3rdkyR/JvCpQGWG"
    "zbtL/exp8l79Psl0YGR4jt6Pf3+R6cSbu9v/Rs1Thury5u4nQaNmffLqZion152xanNONW"
    "yvkmgpD+0vn+5uC1ysjJSoupBJtG+ajfwqAPcns8bgKB/d4kAW9A67gDi6PUi8FUU2wHVc"
    "MEFKuWHisIae53jGEvo+mMM6mjonuJXO7s+gbkVls4xKvZxIIqESuhIwqf+wBaCJlAJVAN"
    "X1HCswSU1Qs1I7gNof/bD9ygMdgQ0sPFwS8Mv6Qv0cpxuXHhLNJ195kKiCxmC9X19rwMgm"
    "KnAzuuHsbgDdD8mVeqkINkKbVYQZaOkjaLf3Nzd7XDNjCkO+ZBaqkvIVs1BxKWqcWkpSS0"
    "l9SdpVWUri/+f6u3ghKWo/iLRddh1pVImzNSrhbI3ynC2E3UAyoYrTSLHAThmkQ0O66xSS"
    "IlA1Gho+Ot7Cd4EJa2Iqyilgy+PDGK8GHO7f0tfqJ7gbfW5xfG0OaBT3r2XuX9r0zRwJSe"
    "WnUOzdrx+hDQrWS/KMvoEgLa6Y7g7Q4HIWz+2Hwgywwmg4RHNjQBylnaqySE/faLQUuJCT"
    "Oi3qyCEaM2r3H280Z6YBjV5SO1oTtbSI3skF4h/Q2sQYbfweRexQVocdbwls9A8N/RgUih"
    "qq4vl+aJ4Bx/OKGqqooXp/OAmKGqqooYoa2murpKihB8UzEpzyGo5AXnIQHSAm+c9eV8ry"
    "n70uSfOzSgm5rs4YjwUUmU6R6RTvawCYKt5Xl7wvxUzqipmkMvr7S1dfW3DpOgRic0UHtC"
    "7JWQstjssS1yhpayzCxo0yuj5nVzAdl3+AYD0e2A1VililiPsx23sajFdJEWdmZdXgMCM0"
    "wLiw+a+hhQq2KsBh8wFCOzo/rxJxn58XB9ysTtwjSN/UJ7U/6ifKDRDv5ocy1T30eWsGiB"
    "khFXQrRp1i1O0f3IYYdfvZxnIXkKnz9D7chyyJhbINjstCIYc3TW9qVntbVKCjAp0hBTrh"
    "5JZkrIq3X6Rl1A6MHXZg+BCzWcO5L5IeKKTL5OQUaWYic3H2Y4I/eM5UanrXFaUm142bKE"
    "urLK2ytAOytIp1qlinB25AFetUsU4V63QwVqkK67TwU3fFZmnXj9wdXO+2/4UDljE0lnVC"
    "vJSEsk2ibaJRkkkHIVU501rrh6LcEGilHZyptF6lygNdTNxNJIYAcdfMXbXupda91LrXcd"
    "2kGyeoytNuEXe1NPEWN2qT7qf2g+9bIRyrzNz/UQxUKTPnBB5VajU34GWllJ/Tw214B4Z/"
    "N7vwCCJ2rXg/FhjcCbTnlaKl85Jo6TwfLaWfrIY6EcQGgHXX6mTqASzxkooHdiwwROXRQh"
    "bL9ZAsVirLtyBpzDQAgJtfvzIDz2O7juoAnJYZIMZVIC5GOAcwwA5GJrDreno5wSFA3bV2"
    "5uft1qKZJRLdk8xSwew0QDZB2D9h99tHPNsK9Yyq5iXwVutjkOtOCKmwmhT1J0X4NcEt8g"
    "1ZyU4W1g+mJw4ovVBpZX3dV8YWBCBRsMOoAMPHboKw04sqK1Zi/6UWrC5EQx/CVp8QlBdU"
    "a6+5gx/XGO1KDyq5jFJmPVBmtb/lJMopd6G+u6AoWsVqrp/LE1UoWooOoOgAQ6QDpDIzBB"
    "idfjfpMO1I+UEIDKRuD0PoC0pt8komyFzcOOZClxBL4rrjMmYJoa0MO2q2l21d+z3AbDN1"
    "pLOMclOf/ShmkLCOZqvSmCBJSm3DlglBdoBuWn/dsnwk9ODYluygpOJ5lUgMkDh/OqpCV6"
    "CtijM5oxxZwQY+MbwAb7MBKSuqsgqHNpcOZLs2P6ZMYt2j48uKLXt0TlqrhFG4BEjxRPcQ"
    "KZZZecUTLTYK/UzEVOGJrqdiDXsfCwzQ3I/Oq/jStFXJFwtzH9FTJy23u5NLpRJVKvEQUj"
    "bHraUSibOAeMcc2dhFE3aZAQGeyyT+5UwbySQOCaM2o4xkFktCjcwUL443MlpFfSBKhRcq"
    "vBhSeKGy9E27vjUyTMo61vEghENSdsQqfzzLEDHjn3bcEan4C5IDBYhtwd8dooonVfUSJJ"
    "Zz3hGhKLE9FHjadNvH0EPmgy7x2cOaUocdJG0OxlsvJD9LnXUJ4Tn0Cw7Xl2iE8FzsnH+h"
    "E7DmwUApkQFmKls5u4ZNqhoIh80HiG4reWB6R+puSaLL4t14KRH1zfeaG+/2utL9/C85Vz"
    "EZ"
)
