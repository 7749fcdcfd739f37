from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "media_asset" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "key" VARCHAR(512) NOT NULL,
    "content_type" VARCHAR(64) NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "size" BIGINT NOT NULL,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_media_asset_workspa_0b3d92" UNIQUE ("workspace_id", "sha256")
) /* Stored bytes, content-addressed: one file per distinct content (its key derives from the sha256), one row */;
        CREATE TABLE IF NOT EXISTS "upload" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "original_name" VARCHAR(255) NOT NULL,
    "asset_id" CHAR(36) NOT NULL REFERENCES "media_asset" ("id") ON DELETE NO ACTION,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_upload_workspa_d1e188" ON "upload" ("workspace_id", "kind", "created_at");
        CREATE TABLE IF NOT EXISTS "variant" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "color" VARCHAR(100),
    "size" VARCHAR(50),
    "image_url" TEXT,
    "print_area" JSON NOT NULL,
    "position" INT NOT NULL,
    "image_id" CHAR(36) REFERENCES "media_asset" ("id") ON DELETE NO ACTION,
    "product_id" CHAR(36) NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_variant_product_a3237c" UNIQUE ("product_id", "position")
) /* A sellable variant of a catalog product: its mockup image and where artwork goes on it. */;
        CREATE TABLE IF NOT EXISTS "work" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "source_url" TEXT,
    "asset_id" CHAR(36) NOT NULL REFERENCES "media_asset" ("id") ON DELETE NO ACTION,
    "source_upload_id" CHAR(36) REFERENCES "upload" ("id") ON DELETE SET NULL,
    "workspace_id" CHAR(36) NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
) /* A piece of artwork to put on products, from an upload or an image URL. */;
        ALTER TABLE "cta_info" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "cta_job_url" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "probe" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "product" ADD "in_catalog" INT NOT NULL DEFAULT 0;
        CREATE INDEX "idx_product_workspa_055edf" ON "product" ("workspace_id", "in_catalog", "created_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_product_workspa_055edf";
        ALTER TABLE "cta_info" DROP COLUMN "retries";
        ALTER TABLE "cta_job_url" DROP COLUMN "retries";
        ALTER TABLE "probe" DROP COLUMN "retries";
        ALTER TABLE "product" DROP COLUMN "in_catalog";
        DROP TABLE IF EXISTS "variant";
        DROP TABLE IF EXISTS "work";
        DROP TABLE IF EXISTS "media_asset";
        DROP TABLE IF EXISTS "upload";"""


MODELS_STATE = (
    "eJztXWtzm7ga/isafznpTDbTOnGa7TlzZpw03c1uLp3W2d3ZPR1GBtnWBgMLIml6+e9H4o"
    "4QGGzAwOhLGyO9XB6hV+/l0cvX0drUkO4cTS08Mx+QMXoDvo4MuEb0j0zbIRhBy4pb2AEC"
    "57rXGVpYIVG3uUNsqBLasIC6g+ghDTmqjS2CTXYRw9V1dtBUaUdsLONDroH/cRE91RKRFb"
    "Jpw1+f6GFsaOgzcsKf1oOywEjXUveLNXZt77hCni3v2P391dt3Xk92ubmimrq7NuLe1jNZ"
    "mUbU3XWxdsRkWNsSGciGBGmJx2B3GTxyeMi/Y3qA2C6KblWLD2hoAV2dgTH6z8I1VIYB8K"
    "7E/jn5b3BriW6Kcns3Uz5ezhRlVAE71TQY7tggDKiv3/3zxoB4R0fsAhc/Tz8cHJ++8CAw"
    "HbK0vUYPrtF3TxAS6It6oMcoqzZimCiQZNF+S1sIXiMx4mlJDnktED0K/9hmBMID8RDEr1"
    "8IbghfA4CP6ANqd4b+HIx9wQDMrm4uP86mN+/Z5daO84/u4TedXbKWsXf0mTt64I+XSWeW"
    "P+eik4Dfr2Y/A/YT/Hl3e8mPatRv9ueI3RN0iakY5pMCtcRrGh4NUaM941H3praygs4qO+"
    "oXK2iLRzwtxY04Ra6ZWdbkCK/hZ0VHxpKs6M/Tk4IR/m36wZtlpyfcqN0GLWOv6XsKZvrU"
    "SK+CcCRQD7hlJtCoKX2VBvfVy5cl0KW9cuH12nh8HaK4zlbqi5etQYEFr25X9FdP9FWISa"
    "HCogNlK9UsgoRInWZBdwd1gxXADK3Fg9AIYFBloX1n2ggvjV/RswfwFb0PaKhIAGhgWt4H"
    "p+knpPHReCrb8CmyTJMvFH12+sSI+Op8+vFi+vZy5CE8h+rDE7Q1JQU1azHHJnck6pttWo"
    "/X/BFowKUHDnsKds8B6hcEXhkLcySw9cOmQlNfpZYhDnttsvRH7+nyj8D4DTANBB6hjaFB"
    "/uUAzxjEjwgcWMjQKNrf6O3qz1/YX8HrQP9U8Jo+Q/KA4y6XyGEn/6bRM35bQKwj7cXRiB"
    "u5Nq8r8Fn+Gv1tzhXX9tbm4OqK97qOPkl/RvozvdBzA/Zn6MpEXKeKpR1LNGVq78+ROR6X"
    "MLWPx7mWNmtKG9qQELS2BFPqyiBifBMSHMBsgW1o8rxsCt4lu4Mfxq9OXp+cHZ+enNEu3l"
    "1GR14XIH51O+P9FkQXMwV9tjCdAtv4LgL5VvyXNt/pnqinUu6LjeizIoGCyp0/CQk5f/j5"
    "41ralot8WlIu8h2eRcHdJ0bdFsTSZuhzzgwKurcXSduTLrz8Y5YawHAdP7iZ/vEiNYjXd7"
    "c/hd0T6/7F9d05N8HSLk55rZWRa093NTmnalZfsfOZhfaXj3e3ORZrSopXXVgl4BvQsVMG"
    "4P4EKhkcxW83/yJzeoedgH+72dr6TJF1jSoWLSclV2X+tUa2bdrKGjkOXKIqmjojuJXO7s"
    "9L3YjKZgGqaiGmWELGxwVgUvthC0BjKQkqB6plm5qrkoqgpqV2ALU/+mH7RA59A2vI41wQ"
    "+It/on6+pxszObHmEydyBKqgNljv/XMNGNlYBW5GN5jdNaD7Pj5TLxXBRmjTijAFLb0FcH"
    "t/fb3HFCRTGOIMZKBKihOQgeKSTEOZmZOZub4E7cpk5rz/M+Odn5cL+w8ibJdOy41LUeDG"
    "BRS4cZYChw3LFUyo/DBSJLBTBKlrSLcdQpJ8tFpdwyfTfnAsqKKKmPJyEthi/zDCqwaD+/"
    "fkufoJ7kabm3+/Njs0kkrZMJUyufQtTEFK/TwQe/frB6TDnHxJliA5EKT5jOnuAA0uZvG9"
    "eVeYAZbrDQdobnSIw7BTWVLuqzeAHoUW8jiyGjXkMPUZwf2Ha2AuAAT0lODA572BkC3rCU"
    "R/IG0TAbf2a+SRbVmbYdprqOMv1PVjUEimrfTn+6F5BuzPS6atZNqO+sNJkExbybSVTNvt"
    "549k2g5tkZdM207Rtjgfp4JdlZUcxADwOZOTs1JJk5OzgqwJaxRwFau845GA5CZKbqKk0Q"
    "0AU0mja5NGJ4lebRG9ZIJkf9H/G6RhOHUcREaC8H+i9bAo/r9m/RQYddwY//9I6CTSwPyZ"
    "IOcQ0EcmyCA/UHufajwHaX7RjAXWEbCQHUftg47gABMHPKBnoCEbPyIHLGxzDcgKAWcFx5"
    "PTF4feCWzqLHDQt3fl/xnsBFE+FkBDC89yBO4t3YQavQGv3WsLdqI5wDLp2IMVstG/gWMC"
    "FRrAstEjRk9+x7AoCH1PAJ0NyM5PS6Sy5/4NyqSETEr0RCH2NF5RKinhz8XMiBckJSKJAT"
    "rN9RcypCq6CrpB9wFCO3lVJuNDe+WC67Wl0Q3WMR+oCjDzcgPEu/5X+QlrRFD1NDc9EPWX"
    "W9kF+YEV9d1WVbKVsYDEU1QaAH8RqIBzvMwFNJQYEpw/jsfHx6/HL49PzyYnr19Pzl5GuG"
    "abigA+v/qJYZxSDlnQJftYso+7EJo43Ip9XCYS5PoO8m6xIN/LHhDeopI3O2L0m3+W4QQn"
    "s4pyN4DYvB3SK9RkNPHOJXPz801QF0UQUEx3OCyKKZpe12SRFbnXVobBZBhsSGGwYHILNH"
    "T+dtCkjNwRusOOUAcZbNZ4XNwq9MOMnCQhzkRuxH4qW7y3zblw6fUbCpdcK+oiV1q50sqV"
    "dkArrdwFI3fBdHwBlbtg5C6YCvNH7oIpmD9yF8zQFvkyu2ByKxnnr/K71jDu3Og2X8CKxZ"
    "SVdRVVlZCQqopXVdTpVD3qpTKvRNnh5YawzaWFL5BSbcNuOQN0/kaiWGIIELe9k0im6mWq"
    "vgt5v8OaU/UNxzC9DTPiKGa4l6Ywjhl1qjWSyTHqN5T74XpjQ1Ehgbq5ZL8SwbRPMiIqI6"
    "Ld1CY9dZZKRURN16bar2LlgLSUNIh6WD+gY/i3Uz6AYKJXCgxEAu2FBUZNLRvcjohSbtWk"
    "wK2aZN2q5J1VUCec2ACwbludzG1oCKyk/Bc7Ehii8mgg3GXZWORUFQVmsNC5GgDA9ecNVd"
    "e2kaFWinwlZQaIcRmI8xHOAAwN08Aq1KtaehnBIUDdtnbG66r0vliifXJfwpmdu1gn2HCO"
    "2PX24c82QvmjqnkN7WfFA7nqhBAKy0lRfVIEVaW3iDekJVshNHRmJDoUXijFaPDHStmCeM"
    "ULtugVGOipHSfs1WmZ1BY/fonM1im/0AewVSdiZQVlkjazy9fHaFdaVsFppDLrgTKrXISS"
    "l5PmQnVzQXK58tVcP9MTZbhc6Wwht33VNKkKNXIcqJQgN+hzKtnUOEdH2p1z53d316kxPb"
    "/iJ9X9zfkltSa8waSdsJ/klmUVJFejE+C2WFaBfaip1SKb3Vy7i4sGMJDa/RBZH1Fqu/xE"
    "XyZvowUWZlh9uDbVh5GAGhW1HRZxowjtpehht73s89zvF5Y3c5paS3XUVSsun9rEBprRJQ"
    "yCBbHeDXuoONkB+g/99ReyLvrK1DXRl1zz51UsMcCtH6/GZXg0tFd+iHGcYdHo0CGK7Rrb"
    "7EhMi8pwV9fmUkfqNwQ1ywTre1zNLH91d+M+TS7tHLP5AfuMGslplpzmHqwT/QwaluE0hx"
    "OxrAUQ9h/i+l97gtG08RIbUFeq+i8ZwQHQPDni4WRShng4meQTD1kbV1KDfU6kYiQ2KSOj"
    "sDK8LcPb+we3pvB2RjXUgG76+0YDhTepE1PQ3t6B6cXs6u62XO6gvVq63fRs24303jue55"
    "X1Ah0/ZFPgA4Y9mtz6itYQZ3e8SqdPOn3dVJYDdvr8qZgZ8Hx/JBIYoNs3npTJqdBeBZ5I"
    "5gs8+01YdQrfRmrSSMdEOiZdMOh4y7k+3g0xH5Cxo/E8tfCMnWZAgGdoN3+b81poN0PCqE"
    "kvI6TfCByNBDMn39d4THTa+NHfKXCQD3/4sVtgLgAEAV0VBGV73gD2jd21qT64FvA2m3mf"
    "vX1iX8QF0CZsVoKliRxAbXVMvK/fpj7x2+B1hI5RotwQ1cfYe1zpGUnPqB96Z8CekSx60m"
    "xpCAqcaDtQ0fdf9eHsA2rBMRJ/XLNg66j405oDgHdSrmZPQckeHtut9sDLve87bmaz6N0Q"
    "BdI1Jwt7flGItJT86tMuJSBCCzUDf+4G6aTIkD7aW9vuaF8rVLTkEzI72PP9UScViAqBQ1"
    "UR0bSUjAXKIKsMsu4f3AbYH4l4y474JqpJDxTdtFLcjK23LNWAbCVmTTcXsY3YJpfw6sSa"
    "JsO6Hs9GENMN+Tf5Ad2nsEeJaK6FkYq80GoQLCUmsFzCwqXBa+ccgoVtrgE0gL8zAZg2++"
    "FHW+8/XIuCt3WdVn6JsgML5aEMysqgrCRTtBiUlXXt9xPZktsVanZYw1fSW+ErAiuSlVEW"
    "GRCQAYG9gyu3g+wX3jLbQXLVcA0gx9vYe6l0N+IrWnpSONMbAbf319f7DA74OiQnQhApmO"
    "IwQdxtL1WEpI8ufXTpow/RR+9Qha7aWD0VqstIRnQV1via2WyKZ9TsiNMgrT8+cTYXfY2l"
    "Ckrv2TkGDJCXX9gZooFlFVMg+ZbtjhiV9gL6CZGD7F0BCnZxDxEeWTq2BEjtlVvoDTxNes"
    "VTZGN1NRK4xEHLYZE/DOM+nXGGc/mcQl9YwOQMzO7umuq10Djzfd9HqsSFTNl8RyghMsR8"
    "ZSNlvuikqoBw0H2A6Dayg4RekSBDELzJJ9snRCTTviLTvoKbX/9i9v3/O9CdrQ=="
)
