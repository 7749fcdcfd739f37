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
        DROP TABLE IF EXISTS "listed_item";
        DROP TABLE IF EXISTS "listing_slot";"""


MODELS_STATE = (
    "eJztXVtz2zYW/isYvWwyo3pixXK82Z2dsd20devYmURuO007HIiELNQUyZKgHafJf1+AF/"
    "FOERZJieh5SWQCh5cPwMG54+/RyjaI6R2cOnRm3xFr9Br9PbLwivAfhbYxGmHHSVrEBYbn"
    "ZtAZO1Rj625zj7lYZ7xhgU2P8EsG8XSXOoza4iGWb5rioq3zjtS6TS75Fv3LJ/xWt4Qtic"
    "sbPv7BL1PLIJ+IF//p3GkLSkwj877UEM8Ormvs0Qmu3dxcfPtd0FM8bq7ptumvrKS388iW"
    "trXu7vvUOBA0ou2WWMTFjBipzxBvGX1yfCl8Y36BuT5Zv6qRXDDIAvumAGP034Vv6QIDFD"
    "xJ/HP0v+jVUt007ep6pn14M9O0kQR2um0J3KnFBFB/fw3vmwASXB2JB5z/cPr+2cvj5wEE"
    "tsdu3aAxgGv0NSDEDIekAegJyrpLBCYaZkW0v+UtjK5IOeJZyhzyRkR6EP94ygjEF5IhSK"
    "ZfDG4MXweAj/gHGteW+RiNfc0AzC7evvkwO337Tjxu5Xl/mQF+p7M3omUSXH3MXX0WjpfN"
    "V1a45tY3Qb9czH5A4k/02/XVm/yorvvNfhuJd8I+szXLftCwkZqm8dUYNd4zGfVgaWtL7C"
    "2Lo36+xG75iGepciPOketmlXU5wiv8STOJdcuW/M/jo5oR/vn0fbDKjo9yo3YVtUyCpq8Z"
    "mPlXE1MG4TVBO+A2WUCjrvhVFtzDFy8aoMt7VcIbtOXx9Zjme09iX3naFhhYNHX3hX8NhF"
    "/FmNQyLD5QriYnEaRI2hQL9ndQN0gBQtBa3JUKAQKqIrTf2S6ht9ZP5DEA+IK/B7Z0UgJo"
    "JFreRLcZJqTJ1WQpu/hhLZmmJxT/dv7FhIXs/PTD+em3b0YBwnOs3z1g19AyUIsWe2Lnrq"
    "z7FptWk1X+CrbwbQCO+ArxzhHq5wxfWAt7VCLrx021or7OJUMa99ok6Y/e8e2foMlrZFsE"
    "3WOXYov9y0OBMEjvCXrmEMvgaH/hr2s+fha/ounAf2p0xb8hfcHzb2+JJ27+xeB3/LLA1C"
    "TG84NRbuT6fG6JzvJx9Kc913w32Jujp2vBdB39AfoM6DOD4HMK6zN8Z2K+JyNpJxRdidq7"
    "U2ReThqI2i8nlZK2aMoK2pgxsnJKltSFxcrxTVHkABYbbEeL50VX8N6KN/hmcnj06ujk5f"
    "HRCe8SvOX6yqsaxC+uZnm9hfDNTCOfHMqXwFN0lxL6XvSXPuf0QNhTI/XFJfxbSQmDqlw/"
    "KQpYP/n14zvGEzf5LCVs8nu8iqK3T426W2JLm5FPFSso6t6fJW1HvPDNr7PMAMb7+LO3p7"
    "8+zwzi5fXV93H31L5/fnl9lltgWRWnOdcq0PXHu7pcUy2zr0T5LEL744frqwqJNUOVZ11U"
    "Z+gLMqnXBODhGCoFHPWzOz+Rc3xH3CA/u8Xe+siR9S0ZiTZHBbtyfloT17VdbUU8D98SGU"
    "5dIHwSzx7OpO6EZQsDlZyJKaEA+3gJmFx+eAKgCRWAmgPVcW3D15kkqFmqLUAdDn94uiOH"
    "z8AW/DjnDP8Y3miY83SjJyfhfOWOnBJW0BqsN+G9FEY2YYGb0Y1WdwvovkvuNEhGsBHaLC"
    "PMQMtfAV3dXF7u0AUpGEa5BzJiJfUOyIhxQaQheObAMzcUo10Tz1zwf2G8q/1ycX8lzHZZ"
    "t9ykUQjcpCYEblIMgaOW45csqGoz0ppgKwvSviHdtwkJ4tFaVQ0fbPfOc7BOJDHN0wGw9f"
    "rhGq8WBO5f0vcaJrgbZe78/Nqs0EAoZcehlOmtb2GXuNTPIrLvfnpPTFzhLykGSCqCdN5j"
    "uj1AytksvnavCgvAKrXhCM2NCnFsdmoalHv4GvGr2CFBjKzBBTnKdUZ08/4S2QuEEb8leh"
    "bGvaE4WjYgWP8gxqYA3NafURVsK9os211hk37mqp+AAiJtQZ8fBudRWJ+HSFuItB0NJyYB"
    "Im0h0hYibZ++fiDSVrVNHiJt9ypsK6fjSMhVRUolBiDvMzk6aeQ0OTqp8ZqIxpJYRZk5vi"
    "aA2ESITYQwOgUwhTC6PsPoINCrr0AvcJDszvp/YZCVYzNi6Y98Qo9KXAC5HuM6PwBN+mp3"
    "UedWA+Q+Zh3CthOUxwjng3ggWNzB4j6M1T5QZbyJxT2zKpsqhxkiBfXC9mv1RQy2KcBRdw"
    "WhnUynTTTu6bRa4RZt+ZRL/qUeky45madTEO/2pzLnPfx9JRXEDBEo3RCgCAGKuwe3pQDF"
    "3WQFXVKP433ByGpUogilWsd1SpAZ9NNo3HFjMNRsSVBIhEz79jV6WGKGMPJMmyHHn/OmJT"
    "EO0E0w0ojLSUHTGHk27+US/gL0nvD/UZSQjnRsWZxW3BOxB6qTYnBUT8/cnOP0cYT1dYmC"
    "CDou9P8BmhtobvvJ6RTW3MQal5QXUiT9rrK9FBQyYOqchfomXwqmrWMpT2kJqYJ6xOS4id"
    "qWXw4pre04r0ckuMnzrTytgpxrIJyqUdhUIipIjnOGEAZ5rweZUWZKJeOuCRRkl9NG2bjT"
    "mmzcaTEbN/1mBZyrg0tyZEqg3XeMyZy/BWGaYwcvUAC/OiG6QNh/YnRKxZn71GTU8g7E83"
    "ah5XSSLh3U39ckTewZIiXWRI4DHTbJHuC9qjnQYSF/ILY2uNod/0gZuIuUCmJ+2ERIPqwW"
    "kg8LQvLavFMev1nN9AuEEFkoz/Uja5eklp2lAps8RBiCA2lIwIIDaYcVLlIOhi3x/cA4xW"
    "lyO0Uhzu42ECq7P6GyXXs/+Sd+MG02qnB/xs3jTf7P4MSyuOdGB+i1RULPY1CRYU5Mti7J"
    "IBKFH7+sbbNf+GD7/D8Oo048T9RoCGszfFlRzyPG89fCPWk/IIL1ZeCtZA82IgZlHr95wQ"
    "va14N/t0TxCcfEFnpwKRN1KBYL4hKLCRpvjHw+a13ElgRFa+9fHjJt/a6xEzXJWTd4V+FA"
    "HaOsa1U4ErTApgm+VfCt7ukOpbJvFepQQB2K4eTRQx2Kf5ivDepQtLp+oA6Fapt8ySoq1K"
    "FISdkSG32WSkEnRvuRPpGWI7m0EioFl9Vwl1FxM4JqF+CT2kf4wScFPilVJiv4pMAnNRyI"
    "wSf1T/RJvSUGxaeeR0pdUqnWcZ1HaiX6aXjdcaNDKlhTBpo/MuKNEQeQEYt9w+VXzkE9Yr"
    "wOaokvqBlmxq2Likcd0TPh9bkjj8ggLr0nHlq49irw7nhLPJkePx8HN3C58JsbyP6e/Lsl"
    "brBmXAhbRnyXA3TjmDY2+AsE7UFbdFC2h4KwU7QkLvmPcHPp2EKOS+4peQg7RmuEI+khk6"
    "8Vt7pqemabCV8QKriAr2ogO9dAzViNfFXhWiyMeI2vak2hoPkKarcMK6Q82sdCoCRgztMp"
    "iHf7U/mBGqykQk6l12jdvz+fUZfotuw2WnLdZCnjxE4IAM8SPD36uYQFnNHbSkBjCpXg/P"
    "dk8vLlq8mLl8cn06NXr6YnL9a4FpvqAD67+F5gnGEORdDBTAdmun00dGxbeyjt3Q8U5BLO"
    "IlGqNtSyFcI7wwRig8F2GP0c3kUd41uRUW4HkFi3Kk2hLq2J1z6b25/ehhWrRiUGxWyHcZ"
    "1N0Q66aqtU31YrHYMZDMxgg1jJCpvBosUtVZwhTQMH1m9RgcEjllg1QYi2TFRqgQ5iU2dl"
    "asRuHHrvXHteuvWGDbVbrrPuAjst7LSw0yq000JyFCRH7fkGCslR/+B4dEiOanX9QHKUap"
    "t8ySoqWDtTtrKmu3yKREFn/KRRRc9JTUXPSbGip7ApaysZVpWiAFaVZ1VRwQ/OcuZSITt5"
    "OhXyknKVCRvN3sOa2XtYnL3hoT5FoKszvxIKFSDuO/ULXPXgqt8Hv994QMcExQkh5VbMOF"
    "ek1o657tTl6aiW7a6wST9HBVvzkfW53tTSdMywad+Kv1LGNCgXBRbRPeUmA1WWGllEbd/l"
    "3E+yRHOWCgQieYEoxzQlJP4ipQr45zXWo5NGKuvRSY3OKhqzqA/hoI9RV9sGHPPRH9Z9s5"
    "O5i+UONVgTqMg8OjB3OS4tU6rqDDO0VLlSAOD2/Ya677rE0qUsX2kaBTFuAnE1woUT6+58"
    "GWyj7urB2n5eGr7HlH86NSmTmr55OvWw7oBNYMu2qChiJ6mvFAhVQLtvGSM4dkoqSDWhgK"
    "PD6ofjCYGrXMBYYfdRC08Dkz1jqYwYFoX8ouAviZ0nHgSbpuwlLGdvRmKPjGSN4nLCsdKe"
    "ED6YJ+xRt7XIQz+mhPbPjotgkw8nLBJCqEEhVz3EaNvgwprbADMbADOTrn2bpwNxQV5cgI"
    "jEajY3TCdbk4jErM87O+pnts1ZqFWhQGUIc4M+55RdjfP6Sr9r7uz6+jIzpmcX+UV18/bs"
    "DZcmgsHknWgYqgHFQSDiaC/A7bE4iM6wRq2FvWVlh3OGL/hdBrt315e+ECD5rrk9Rj/a8x"
    "u3Cb8dIkrCMMZlC85MyyK6ZZC6DO50wW+kMFTxsZMtYJU66lJBsPouzjOUTaHT8jOZSu0l"
    "waP5Su7VEaSe6Kmlash3mhGfCxSF0FAIDd3/FT5QrbVJaGjwf2G8awITsbIHi3WSgyRm/G"
    "fbkoxHTGgUxLn98AzHn3OJjW842h2Vi5ArUioIePuumwQ2WZd0nhDsy/L25QREj/C9t2S/"
    "bjLhE1oVxiAXHTptdEjktOaUyGlh0q9okIJboRPW5J3n6IDDNOAwgZVCc/g8NXBJyF2lb7"
    "hA9yTX8L5N7padw8QS31myUdb6KVJU4KSQcFK4vsn1a0tflnliq9lGjkxBJt36Qb7geK2G"
    "fpgqbBPHKzgBwQm4D/becWdOwNBz06PPZiiQZ0Oe+nbWDAalLh0RM6rfXdr63ajECbFuG9"
    "c5IBjvpZlxt52U492tFXSzf2FwtrlqN4MYaJHVbjFaYjnaUOoyR6ugnDZcuazoW1japkGk"
    "dJ6EQkUjyaRJuQPeq9pMMikUOzCxxzTXt55SODZLCvHc+7aWCrL4bkpURUdLlezvyaFT1b"
    "u7n/TpMa4g9uZAfAHEFwxgnximcaZJfIGsQxbcsBJOEtult9TCpiarvxQIFajGk/cATht5"
    "AKc1HsBpoQyE5xEmaWVM04CFEfI3wHS7e3BbMt0WWEML6L4lBsWn8c0UhTfNEzPQXl2j0/"
    "PZxfVVM7t4f0ee7qdm26+l98YLNK+iFuiFJpsaHTDu0WWFYrLCtFiYGJQ+UPr2k1kqrPSF"
    "S7Ew4NX6yJpAQbVvMm3iU+G9ajSRQsQzhO13G7YPigkoJvsg0OUl5/ZiSph9R6wthedTh8"
    "7EbRQCvJBX/qc9byWvXCWMutQy4jzgEkUjlSJcrWvcpzptUjdGp8gjIfwookP2AmEU1WNB"
    "0ekqrxFlHlrZ+p3voKCaIsKWgR64IsJ/uUysSnRrEw9xWZ2yg1EO3i6fU6oYpU6F4fyYBp"
    "8LmhFoRsPgOwprRnA2RbcV/DlwclkWawL18is6UYw8+llq/sb91YN32uxolZqTVQo5b08p"
    "8gzFnbfNpuVvwzTM95wi7NVVz7NU/Vc+380AdFPjPJZQC/BXZnmmSfqr/dsla2k5wzPkCp"
    "KSfIpmC3l+OOxEIlAhUqgkEc1SgS0QjKxgZN09uB1Ef6TsLVvimzr0V1F0s0xxM7bBttQC"
    "slKRNfu5iW3ENr2FywfWdGnWDeJsSmy6cfxNtUH3Ie7RwJrrUKKTwLQaGUuZjRyfCXNpNO"
    "28MVq49gphC4WZCch2xR+htfXm/WWZ8bat226RoQhGWTDKglEWaiAO0SgLx4/vxrIF6Qot"
    "K6zxlAx2eElgy2jBygIGATAI7BxcSAfZLbxN0kEq2XALICdp7INkuhvxLdt6MjjzF0FXN5"
    "eXuzQOhDykwkKwZjD1ZoKk206qCIGODjo66Ogq6uh7VKGrtageieoyEBEtEzVODbJybEYs"
    "/VG7I49bYnWR3I1LNKpitqOzyQaL1U4OJxskWiuhQWmBirElWErqYnk39pxsidI7cQ+FAQ"
    "q8fVtDpJiPP6uepw+U2xKq/DF2KuIV6uVbAtXYhjFMiDzibgtQVINCRXjgBM4GIPVXLGYw"
    "8HRp0zslLtWFwlow6EUt4zprHk767I0pr/rMoTJLXkkcemQ02F9DQytB6NWWu3vOxEvj/K"
    "vNOCkSFaMtOilSyBeVBMJRdwXR7ST/jT+REavE9FydKpQigTwhyTwhCSNl+5vZ1/8DBGr7"
    "7w=="
)
