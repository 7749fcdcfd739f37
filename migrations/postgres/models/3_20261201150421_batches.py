from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "batch" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "settings" JSONB NOT NULL,
    "credits" INT NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_batch_workspa_12bea5" ON "batch" ("workspace_id", "created_at");
COMMENT ON TABLE "batch" IS 'What the merchant started: a name, the settings every job shares, and the credits it was created with.';
        CREATE TABLE IF NOT EXISTS "folder" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(300) NOT NULL,
    "shared" BOOL NOT NULL,
    "batch_id" UUID REFERENCES "batch" ("id") ON DELETE CASCADE,
    "variant_id" UUID REFERENCES "variant" ("id") ON DELETE CASCADE,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_folder_workspa_e1ac44" ON "folder" ("workspace_id", "variant_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_folder_batch_i_389592" ON "folder" ("batch_id", "shared");
COMMENT ON TABLE "folder" IS 'A place images are filed: a variant''s folder in a batch (batch and variant set), or the batch''s shared';
        CREATE TABLE IF NOT EXISTS "generation_job" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMPTZ,
    "retries" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "position" INT NOT NULL,
    "input" JSONB NOT NULL,
    "error" TEXT,
    "retry_count" INT NOT NULL,
    "batch_id" UUID NOT NULL REFERENCES "batch" ("id") ON DELETE CASCADE,
    "folder_id" UUID NOT NULL REFERENCES "folder" ("id") ON DELETE CASCADE,
    "variant_id" UUID NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_generation__batch_i_5df423" UNIQUE ("batch_id", "variant_id")
);
CREATE INDEX IF NOT EXISTS "idx_generation__status_655e2c" ON "generation_job" ("status");
CREATE INDEX IF NOT EXISTS "idx_generation__lease_e_d74c24" ON "generation_job" ("lease_expires_at");
COMMENT ON TABLE "generation_job" IS 'One variant of a batch: generate the batch''s number of images from this variant''s chosen images.';
        CREATE TABLE IF NOT EXISTS "generated_image" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "key" VARCHAR(512) NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "provenance" JSONB NOT NULL,
    "job_id" UUID REFERENCES "generation_job" ("id") ON DELETE SET NULL,
    "variant_id" UUID NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_generated_i_variant_653815" ON "generated_image" ("variant_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_generated_i_variant_57fcf1" ON "generated_image" ("variant_id", "key");
CREATE INDEX IF NOT EXISTS "idx_generated_i_job_id_5fc9c8" ON "generated_image" ("job_id");
COMMENT ON TABLE "generated_image" IS 'An image a generation made, with how it was made (`provenance`). A variant''s images are candidates for';
        CREATE TABLE IF NOT EXISTS "folder_item" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "folder_id" UUID NOT NULL REFERENCES "folder" ("id") ON DELETE CASCADE,
    "image_id" UUID NOT NULL REFERENCES "generated_image" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_folder_item_folder__7e5780" UNIQUE ("folder_id", "image_id")
);
COMMENT ON TABLE "folder_item" IS 'An image filed in a folder; each image at most once per folder (the unique constraint makes it so).';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "folder_item";
        DROP TABLE IF EXISTS "batch";
        DROP TABLE IF EXISTS "folder";
        DROP TABLE IF EXISTS "generation_job";
        DROP TABLE IF EXISTS "generated_image";"""


MODELS_STATE = (
    "eJztXVtz2zYW/isYvawzo01j+RJvurMztuukbh07k9htp0mHhSTIQk0RKgnZcZr89wXA+1"
    "WkKVIk5ry0DoEDUh+Ag3PHP4MFmxLTeX68pNfsjliDV+ifgYUXRPyRahuiAV4uwxb5gOOx"
    "qTrjJTV40G3scBtPuGiYYdMh4tGUOBObLjll8iXWyjTlQzYRHal1Gz5aWfTvFRFD3RI+J7"
    "Zo+PiHeEytKflMHP+fyztjRok5jX0vncp3q+cGf1yqZzc35z+8Vj3l68bGhJmrhRX2Xj7y"
    "ObOC7qsVnT6XNLLtlljExpxMIz9DfqX3k/1H7heLB9xekeBTp+GDKZnhlSnBGPx3trImEg"
    "Ok3iT/s/8/79Mi3Qzj8ura+HB2bRiDCthNmCVxpxaXQP3zzR03BEQ9HcgXnP54/H5n7/CZ"
    "goA5/NZWjQquwTdFiDl2SRXoIcoTm0hMDMzTaP8gWjhdkGzE45QJ5Kce6XP/j6fMgP8gnI"
    "Jw+fng+vA1APhA/MDplWU+enNfMAHX52/PPlwfv30nX7dwnL9Nhd/x9ZlsGamnj4mnO+58"
    "MbGz3D0XDIJ+Pb/+Ecl/ot+vLs+Ssxr0u/59IL8JrzgzLPZg4GlkmfpPfdREz3DW1dY25t"
    "iZp2f9dI7t7BmPUyVmXCDXzC5rcoYX+LNhEuuWz8U/D/cLZviX4/dqlx3uJ2bt0msZqaZv"
    "MZjFryZmFYQDgs2AW2YDDZriV3Fwd1+8KIGu6JULr2pL4utwY+U8iX0laTfAwLyl2xX+1R"
    "N+5WNSyLDERNlGNYkgQrJJsaC7k7pGCpCC1uwuUwiQUKWhfc1sQm+tn8mjAvhcfAe2JiQD"
    "UE+0vPGG6Sek4dNwK9v4IZBMowtK/Hbxiwl32fnxh9PjH84GCuExntw9YHtqxKCWLWzEEk"
    "+CvummxWiRfIItfKvAkb9CfrOH+gnmk/kgQ9J3GwrF/HHQZZ2IP/h1jjkSMjxaEHsyxxZH"
    "YjnYYpJfIYzkm4eq1SGcC7AdRO6J/Yj+YmPkiOOOOEOEranqIgTHKeUOohw9YAd5ciR6oH"
    "z+fJCYsZZe+8k6Fy1Lm8k94ygS8Rq+Et3YgqCZzRZI0opxHbSDLYtxRTxhK7GIng2Rw5DF"
    "1GvlB6AHm3LiiNdSB9nsQf2s9arQx8EDs++cJXY3WUTA/gO0JNCSusk9NdaS1P8rSO9+//"
    "aE99Z0o1Ep8X1UIL6P0uK7z7TTGP/04eoyG+MoTXI30QlHX5FJHd5DvAvglWjEtoyP6s7b"
    "49+SgJ9eXJ0k94Ic4CQBvnccprE/t3guK/MpEshLmal/iIvvFf/792h3/+X+0d7h/pHooj"
    "40ePKyYFLOL68TiIKOsoEzOIQzkIUqYpqkA2CLlb+YzFlTA/w1OlY/wV2rBibXV7YumGQM"
    "oF43qF6HUM+YOSV2xql24hG+/vk9MbH6DblAv1aD9Nbgl0I6thilClsPnjcuKKLPT2ys0Y"
    "L81qSV5pTjc2vGBhl2Gr9pWGSpmQjNlPq91hpr3s2xQ9DoFWIWQffYptji//JsHvSeoJ0l"
    "saYCo6/ic83HL/IvbxLFnwZdiN8QfeCsbm+JIwf/OhUjfp1hapLps7S1psX3ZphTPsrFba"
    "xs5UHx3m6oReYaUMDrDPaUznMnje0prkm1ikUlpGjKprI9d/PeqIRFZW+Ua1CRTXGNCXNO"
    "FsuMLZWr0kco2lPpXzQF74b1eZOIw8wgn5dUbIGneJgz6FvxMre5pnvCnko5mW0ifiupYh"
    "KLUMD+SdnDltMnHvJxSjjkO7yLUvqlJ37Hp/uafM7ZQV53LVwmRbN49tt1sQk/mMSLq8s3"
    "fvekXT++weIqTnmulaIDc34G+wqVz0r+qRhVLQ9VN61LrTmo5Nn6aKgIi4oncoQKTuXksi"
    "a2zWxjQRwH32aY/PM5dYrwSTy7P4u6EZYtDVTVTEwhBTiyMsAU8sMTAA2pANQEqEubTVcT"
    "XhHUOFUNUPvDH57ucf3LdZvUdAeecqyX/2WYcAiGnG+9izVi+N8IrDfuWBojG7LA9eh6u3"
    "sD6L4LR+olI1gLbZwRxqAVn4Auby4uthUo7jGMbA+kx0qKHZAe44J8UPDMgWeuL0Y7iHTe"
    "fqQztZarjA2Vb0YKCCDGuYYJCSJyISK3q8BCRC5E5HYc141E5MqgxZoBp5EASU2QTnpM6w"
    "Oknc2i6WhcD7BcbdhDc61C7Judygbl7r5C4ileEhUjOxWCHBU6I7p5f4HYDGGVQ7zjJR/7"
    "0bKKIPiDTNcF4G78HXnBtrLNYvYCm/SLUP0kFBBpC/p8PziPxvo8RNpCpO2gPzEJEGkLkb"
    "YQafv0/QORtrod8hBp26mwrYSOU0GuSlNqMQFJn8n+USmnyf5RgddENmbEKlZZ4wEBxCZC"
    "bCKE0WmAKYTRtRlGB4FebQV6gYNke9Z/r75Lhuk/rPySb/efhX3WmvyP0dLEE4JUZQsHYZ"
    "ugmbSqy+KlYXkMd0RELfFUVWRFO+7/ZB1Sr5uscPpsiJitapmqZkGpapxOU16Adl77yfJG"
    "2PnTffDnMCBbWZLwaXVPvTHkn9ESqEP0MaxX6/1wqIsK3oWOcraeGh4gWrCaa6FUtOBeQb"
    "TgXkZd1ICrJ0QCxkyCrRwHTkCUgHksqJrCOXjSLsc6ubq6iO2Vk/Okfnvz9uTs/c6ugl10"
    "oq5kljadqhOlopYWpQEdLScnvRKicSrAFOIuIe5y6+A2EHcZyO810Q2utuglO1gLbPSAWQ"
    "9qRF+qCesv4Uh6Ahs/Z2oEtXKy2EiR2XMxkEYcIulPgEqz27JuqYWVa+Hyl906K5dB/Y7r"
    "TV2Wa25yLU2uVckd5HtE8GTutWKOFuJQRkwwIrQktm+F2pH2JXfeUIgXWuA7oq7scVhGtG"
    "tL78yMfg3NgOolEPcKlqmecCWNLVM+16q0xWJEoCMlU1cld6uIaJQGAC1WOsNzpKbwXvrW"
    "go7CulZ4j+3T9WqReyzXx/WNj+a5P6Cm+EZ3bZcuuExMQIZQm56ifME2mDwjWCAVhFuMbg"
    "OdRAiKU9FXXiCJ5uzBv1hSPkU7fy5tdk8subT+fPYcHUf8rhGv7ARbUypFCemNtfPl20Zf"
    "+8mSV1sKXUyIxMryQJzSjtsCX22k6Y48us9kyA74bEEy7iin1FgyllswNd35Lluvu4Ye24"
    "PdMtlgoleux1a1JTw0dMoz7Nq52SxBf6i8nOGTnQsBbV4luS4kADwz8AxlgjSm+SWI4lRQ"
    "h6hGHaItRdZ300nT7wCDHi1liDDonLEHIgyajjDYhjO8r+iW8YYnjrHN2dNKO3W7eYo9Ne"
    "2mWm5IxAsL4QYt+9Hj6zTf6hgu5LVGR9G1dA3lwVV4hapbtUnZ5l75lkASy8iwVosxsWU/"
    "z8w3s9lC9KBO9BrWOXOIZ1J00t70pl/4yfoQLzkV3vQavd4V7UzZQkzyd54t8ju3NI0YYP"
    "lY4I8PQsv8EwAc8mB27Ad709jsCIWooBDVoD+FdKAQFRSigkJUT98/UIhKt0M+YxelAr3F"
    "cDT7nszcXRQlAZ9Nxk6CGyO24qmBilNtVpyCK14b4R1bzGnuEf+o4B6DsHJw43YV1AJvY9"
    "vZth0FVYN0274iW9XDCMkQG0yGKJXIrFwz9VyLlRMkuin1tutdfEumFB87DuGDDNdipHVY"
    "5FdcyH4GDjqudSp+4GInTdH4kRNnKJNeObH4v4WqLw4VRxaIkxfGyGxalScb3BzjdUQ7Ml"
    "Pgjjwisfbofej1I7Ik3OjgUJaKEwPY7CHlXWztzZ8sOUAQOaKq2XmjPEc3S5PhqfgA1R6t"
    "dOegJZPZv3Nik++Rw2SSBFra5J6SB7dj6MT1siXynZGxOB/3A8EfCf7InpxBPTVVlvJHun"
    "sxNeMF/siAQsNkiMP9Eg7Jw/1ch6Rsiut1kGfSZJ6Jd465QFWAOUmnId6bX8qQ1ANJPd3F"
    "06FfMljACb3NBdSn0AnO/4xGe3svRy/2Do8O9l++PDh6EeCabioC+OT8jcQ4xhzSoEOeBO"
    "RJdME0MXxSnkQZg9DKVZDrWYRcLVsjvLMMwDUx0q7WYppR1gNI7ludllCT1sSrFR+zz2+J"
    "4+RUSIl3GBbZFJnqaiwifdeZFfPBWV9DBMxgYAbr5k7W2Azmbe4MDp0fYBalgRizGjFmDr"
    "HkrlFh+FUij1N0EPl0naVG5Iu5TR7B72w2zjx63YbCI3cZdIGTFk5aOGk1OmkhAQ4S4Dp+"
    "gEICHCTAVdg/kABXsH8gAU63Qz5jF6WsnRFbWdlTPkKioTN+VOpaxFHBtYij9LWI0qZsZN"
    "XByffIhxTAqjKqQk5U6KUxrhSyk6TTIfEtvnp3S63e3YLVu5tevYLbyE9OAZ2fWhhS6ABx"
    "27mF4KoHV30X/H7DDbvqG7ZhTleTzIwEv2m4xo4ZdNqoJTMRUW8xe4FN+kWcQSvbTEXWJ3"
    "pTy5hgjk12K/8VvaYALKJgEe0mN+mpslTKIspWtuB+cuNWEIbiVCAQVReIEkyzgsSfptQB"
    "/6TGun9USmXdPyrQWWVjHHVOuVnJMBAQtGcWGDR1bCQyIkqpVQcFatVBWq2KflkFdpIg0w"
    "DrttnJ2MZWhpSUv7ADAh2ZRwPmrqVNs5SqIsMMzVSuNAB4837Dycq2iTWpZPmK0miIcRmI"
    "8xFOAuzcrapg63XXD9bN56Xhe0zFT6cm5ZWWb5JOP6wbYBPYYhadYLOqvpIi1AHttmWMvO"
    "okBVUQF9sLUY2YZMYranJqOc/l+7ZhlWkkcFUIGAtsP7oXp1bdEJnEsCmqbwrxkXj5JKtZ"
    "nLKVsJzOzESHjGSl4nLcuTKeED6YJGxRt7XIQzumhN3DMg7a5PxF/LOHKXHVha16OGGaEE"
    "INUrnqLkZ1gwsLhgFm1gNmVrm4cpIOxIXq4gJEJOazuX462cpEJMZ93vFZP2FMsFArR4GK"
    "ESYmfSwom5rn4Em7e+7k6uoiNqcn58lNdfP25ExIE2oyRSfqhmpAcRCIOOoEuC0WB5lwbF"
    "BrxmpWdjjl+FyM0tuzu7j0hQRpZZv1MfqJjW/sMvy2jyi1XUSlL5u30TIh13Ryd8Emd4OM"
    "AL+gbVgU4cdFL8P0u20lW1n9P7VqCqJXvP6bsYOsj8zrnWcpP0BPTrQM+rE4zbD1rskETN"
    "BqqD/0V19Iq+jznMr7+fsqpNAwgWl3VCYaTPTKNzGOUrFgJna4Ya+sp+TVxknB3NW1vdSR"
    "KiRe5b2M8z2syZd/uq/CPk0e7Yn4/DvqxoVBZD5E5vfgnOin0bBMZL6/EctKAH5/Hc//jT"
    "sYmU1vqYVNo6r+kiLUIFg5ET57cFAmfPbgID98VrYlouTkpTgVLbFRGrDCgnkbzNvbB3dD"
    "5u0Ua9gAuvFbujSFN8oTY9BeXqHj0+vzq8tyvoP2KkJ3U7Nt19J74yjNK60FOq7JpkAH9H"
    "s0mcBNFpim87ZB6QOlr5vMUmOlz92KqQnP10cCAg3VvtFBGZ+K6FWgiaTydbbrsOoUvo1U"
    "VgLFBBSTLgh0Scl5c3E3nN0Rq6bwfLyk13IYjQCP56PLS9zrXmWt2033qcCkv9h4I4FJOm"
    "HUpB7mByhlqGKR2KV8bew+0mnt5d7HyCEu/P6l1ojNEEZeQC/yynO9QvIu7QWb3K2WSKXj"
    "qeutH+TN1wjbXPItdMuIg4Q2Q7m65Tp2lXeD78lUHSNlxcSJRdXPBd0RdMd+8B2NdUcobt"
    "RsCRgBXFbCVNE9z6Y+mVItqI7Zl+gWJNdmX6GrAbwH5WpzFZTmSmL7pCoBUB2gZrrfUnwN"
    "N7A4c9Kw55fNiFPB7W51imT4EmoK/twU8iiJTpdzbyx/3OUKFSX5CE0Neb4/7KRCKIenUF"
    "VENE4F1lIwQ4MZevvgNhAfE7G31MQ3UjVeU3TjTHE9tupY2gCylWKPunmIrcU2eoTXCT2a"
    "qUylmnbv10G6kx5gx1Zl8JOMvJJ7VaB644927i92TTZ/FmZi6A14Vd4Eg4FzpbRzRcUDZn"
    "hW/DjBfLfKg9+jhE9lScmEKAeH57LgDC1XXDotPObvDNHMZguELeRmUCFmy3+4Po+b9xdZ"
    "LpRNDQv3PndAXB2CawRcIxD01aJrBG6R2Y59GdKqNmw28pekOuErAptFC7ZOMMuBWW7r4E"
    "La2nbhLZO2lsuGNwByWG6jl0x3Lb5ZR08MZ/Eh6PLm4mJbd5mGPCTHQhAwmGIzQdhtK9XO"
    "QEcHHR10dB119A5VEtxYbF1KPizjnoHMDcjcqI9Ru06+XkIEXr7qmC2ksmQobaImXlqqXc"
    "m4kXHdVfVOjqExQMqxVxsizYJqYiC5KmVNjEqr3/2EyKl90vmFYHSEB2rLlwCpvXpMvYGn"
    "SXPUMbHpROpaKVuU1zIsMkThsE9nrFC56QyZRqiMRAZP3+2ujryRLIZ8o9O9YOKZiSL5Fo"
    "gIiY6BAo3UARWbqgLCXncN0W0kgVK8kRMrw2qan2sWIYFEs4qJZhXsa5s/zL79H9o3asE="
)
