from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "media_asset" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "key" VARCHAR(512) NOT NULL,
    "content_type" VARCHAR(64) NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "size" BIGINT NOT NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_media_asset_workspa_0b3d92" UNIQUE ("workspace_id", "sha256")
);
COMMENT ON TABLE "media_asset" IS 'Stored bytes, content-addressed: one file per distinct content (its key derives from the sha256), one row';
        CREATE TABLE IF NOT EXISTS "upload" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "original_name" VARCHAR(255) NOT NULL,
    "asset_id" UUID NOT NULL REFERENCES "media_asset" ("id") ON DELETE NO ACTION,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_upload_workspa_d1e188" ON "upload" ("workspace_id", "kind", "created_at");
        CREATE TABLE IF NOT EXISTS "variant" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "color" VARCHAR(100),
    "size" VARCHAR(50),
    "image_url" TEXT,
    "print_area" JSONB NOT NULL,
    "position" INT NOT NULL,
    "image_id" UUID REFERENCES "media_asset" ("id") ON DELETE NO ACTION,
    "product_id" UUID NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_variant_product_a3237c" UNIQUE ("product_id", "position")
);
COMMENT ON TABLE "variant" IS 'A sellable variant of a catalog product: its mockup image and where artwork goes on it.';
        CREATE TABLE IF NOT EXISTS "work" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "source_url" TEXT,
    "asset_id" UUID NOT NULL REFERENCES "media_asset" ("id") ON DELETE NO ACTION,
    "source_upload_id" UUID REFERENCES "upload" ("id") ON DELETE SET NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "work" IS 'A piece of artwork to put on products, from an upload or an image URL.';
        ALTER TABLE "product" ADD "in_catalog" BOOL NOT NULL DEFAULT False;
        CREATE INDEX IF NOT EXISTS "idx_product_workspa_055edf" ON "product" ("workspace_id", "in_catalog", "created_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_product_workspa_055edf";
        ALTER TABLE "product" DROP COLUMN "in_catalog";
        DROP TABLE IF EXISTS "variant";
        DROP TABLE IF EXISTS "upload";
        DROP TABLE IF EXISTS "media_asset";
        DROP TABLE IF EXISTS "work";"""


MODELS_STATE = (
    "eJztXWtz2zYW/SsYfVlnxvUksuW42Z2dkR2ndetHJpHbTrsZDkRCEmqKZEnQjvP47wuAbx"
    "KkSImkSA6+JBaAy8cBcXHvxbnA19Ha1JDuHE0tPDMfkDF6A76ODLhG9I9M3SEYQcuKalgB"
    "gXOdN4YWVkjYbO4QG6qEViyg7iBapCFHtbFFsMluYri6zgpNlTbExjIqcg38j4vopZaIrJ"
    "BNK/76RIuxoaHPyAl+Wg/KAiNdSzwv1ti9eblCni1edn9/9fYdb8luN1dUU3fXRtTaeiYr"
    "0wibuy7WjpgMq1siA9mQIC32Guwp/VcOirwnpgXEdlH4qFpUoKEFdHUGxug/C9dQGQaA34"
    "n9c/Jf/9FizRTl9m6mfLycKcqoAnaqaTDcsUEYUF+/e9eNAOGlI3aDi5+nHw6OT19wCEyH"
    "LG1eyeEafeeCkEBPlIMeoazaiGGiQJJF+y2tIXiNxIgnJVPIa77oUfDHNj0QFERdEH1+Ab"
    "gBfA0APqIvqN0Z+rPf9wUdMLu6ufw4m968Z7dbO84/OsdvOrtkNWNe+pwqPfD6y6Qjyxtz"
    "4UXA71eznwH7Cf68u71M92rYbvbniD0TdImpGOaTArXYZxqUBqjRllGv86GtrKCzyvb6xQ"
    "ra4h5PSqV6nCLXzChrsofX8LOiI2NJVvTn6UlBD/82/cBH2elJqtdu/Zoxr/qegJm+NdKr"
    "IBwK1ANumQE0akpfJcF99fJlCXRpq1x4eV0aX4corrOV+krL1qDA/E+3K/qrJ/oqwKRQYd"
    "GOspVqFkFMpE6zoLudusEKYIbW4kFoBDCostC+M22El8av6JkDfEWfAxoqEgDqm5b3/mX6"
    "CWlUGg1lGz6Flmn8g6LvTt8YEU+dTz9eTN9ejjjCc6g+PEFbUxJQsxpzbKZKwrbZqvV4nS"
    "6BBlxycNhbsGf2Ub8g8MpYmCOBrR9UFZr6KrUMcdBqk6U/ek+nfwTGb4BpIPAIbQwN8i8H"
    "cGMQPyJwYCFDo2h/o4+rP39hf/mfA/1TwWv6DvECx10ukcMu/k2jV/y2gFhH2oujUarn2r"
    "yvwGf5a/S3OVdcm8/N/t0V/rmOPkl/RvozvdBzA/Zn6MxEXKeKpR1JNGVq78+ROR6XMLWP"
    "x7mWNqtKGtqQELS2BEPqyiBifGMSKYDZBNvQ4HnZFLxL9gQ/jF+dvD45Oz49OaNN+FOGJa"
    "8LEL+6naX9FkQnMwV9tjAdAtv4LgL5VvyXNr/pnqincu6LpW05KyUl5azU4W73nz7W67Yg"
    "+DNDn3NUpt+8vdDPngbv5R+zRAcGE8/BzfSPF4lOvL67/SloHpuoLq7vzlMaNWmTl5+mMn"
    "LtTVZNjqma56vIW8pC+8vHu9scEyshlVZdWCXgG9CxUwbg/kTWGBzFX3f6Q07pHXaB9Ndt"
    "I2I/U2Rdo4oJlpKSZlj6s0a2bdrKGjkOXKIqmjojuJXO7s9H3YjKZhGVajGRSEIGdAVgUv"
    "thC0AjKQlqClTLNjVXJRVBTUrtAGp/9MP2Kw/0C6xh4eGCwF+8C/XzO9249BBpPvHKg0AV"
    "1AbrvXetASMbqcDN6PqjuwZ030dX6qUi2AhtUhEmoKWPAG7vr6/3uGbGFIZ4ycxXJcUrZr"
    "7iktQ4uZQkl5L6ErQrs5TE/8/0d/5CUtB+EGG75DrSuBRna1zA2RpnOVvYsFzBgMoPI4UC"
    "O0WQuoZ02yEkSaCq1TV8Mu0Hx4IqqohpWk4CW+wfhnjVYHD/Hr9WP8HdaHOnv6/NDo3k/j"
    "XM/YtPfQtTQFI598Xe/foB6TBnvSTL6BsI0ukV090BGlzM4nvzrjADLNcb9tHc6BAHYaey"
    "LNJXbwAthRbipE6NGnKY+ozg/sM1MBcAAnpJcOARtUBA7+QC4R9I28QYrf0eeexQVmeY9h"
    "rq+At1/RgUkhoq/fl+aJ4B+/OSGiqpoaP+cBIkNVRSQyU1tNezkqSGdopnlDLKKxgCWclB"
    "dEA6yH9yVirKf3JWEOZnlQJyXZVvPBSQZDpJppO8rwFgKnlfbfK+JDOpLWaSjOjvL1x9gz"
    "QMp46DyEgQr47VHhYFrNesnQLDhhsD1h8JHUQamD8T5BwC+soEGeQHau9TjecgzduWYIF1"
    "BCxkR2FmvyE4wMQBD+gZaMjGj8gBC9tcA7JCwFnB8eT0xSG/gE2dhRT07d35fwa7QLiACK"
    "ChBVc5AveWbkKNPgCv53V+6pQDLJP2PVghG/0bOCZQoQEsGz1i9OQ1DLZdoN8JoKMB2flx"
    "9MRyr/eAMoouo+g9UYg9jVeUiqJ7YzHT4wVR9FBigE5z/VvFURVdBV2/+QChnbwqs0RBW+"
    "WCy+uS6PrzmAdUBZjTcgPEu/5P+QlrRLCvZO56UNhe5l4LFoRW1HdbVVleiwQknqJcdvxF"
    "oALO8TIX0EBiSHD+OB4fH78evzw+PZucvH49OXsZ4pqtKgL4/OonhnFCOWRBl3RZSZftQm"
    "jicCu6bJlIkOs5yLvFgjwve0B4i/Zo2RGj37yrDCc4mVWUuwHExu2QPqEmo4l3Lpmbn2/8"
    "jTwEAcVkg8OimKLJm8Z3BZHJoTIMJsNgQwqD+YNboKHz8xfjMjKFcYcURgcZbNRw8qigB/"
    "L9t7ScZJ3ORG7EfrZieG+bc+HU61UUTrlW2ETOtHKmlTPtgGZambYh0zY6PoHKtA2ZtiHT"
    "NgYzK5VJ28jdKzZ/Wtp1l9jO9W7zWwSxIKiyruLixSTk3JSem6iXpHKuoDKvxDFJyw0hL6"
    "OFQwmptmGPnAE6P/MlkhgCxG2nvsi1Zbm23IWFqsOa15YbDrrxDA9x2C1I/igMvIWNag29"
    "pSjgGzZUSbXGhqJCAnVzyX7Foj+fZAhPhvC6qU166iyVCuGZrk21X8VU96SUNIh6mPDeMf"
    "zbyXcnmOiVAgOhwODOep+UcqsmBW7VJOtWxZ+sgjpJiQ0A67bVydyGhsBKyv+wQ4EhKo8G"
    "wl2WjUVOVVFgBgudqwEAXP9Cl+raNjLUSpGvuMwAMS4DcT7CGYChYRpYhXpVSy8jOASo29"
    "bO/GT7Sny0SKJ9NlrMmZ27WCfYcI7Y/fbhzzbCUaOqeQ3tZ4WDXHVACIXloKg+KPx9e7eI"
    "NyQlW1mB70xPdCi8UGoJ3usrZQumUFqwRa/AQE/tOGGvTsssbaX7L7aydZqe6H3YqjOHso"
    "JykTaTluphtCuPqOAyUpn1QJlV3jUxLSfNhermguRy5au5fi5PlOFyJVcLU/mWpklVqJHj"
    "QCUEU50+p5JN9XNY0u6YO7+7u0706flVelDd35xfUmuCdyZthL1FbrkPgORqdALcFvcBYE"
    "fhtLorZDfn7uIsdwZSu0c99RGltvdL6MvgbXRHgBlWH65N9WEkoEaFdYdF3ChCWyl60Gwv"
    "iYn7PcN2M6eptaWOujY3y6c2sY5mdAmDYEGsd0PST0p2gP5Df/2FrIu+MnVNdFZm/riKJA"
    "aY+vFqXIZHQ1vlhxjHGRaNDh2i2K6xTQpdUlSGu7o2ljqy4YC/yZZgfo+238qf3d2oTZNT"
    "e4rZ/IA9Ro3kNEtOcw/miX4GDctwmoOBWNYCCNoPcf6vfYHRtPESG1BXqvovGcEB0DxTxM"
    "PJpAzxcDLJJx6yutQeEOz8i4qR2LiMjMLK8LYMb+8f3JrC2xnVUAO6yQN5BgpvXCcmoL29"
    "A9OL2dXdbbm1g/Y2f+2mZ9tupPfe4Z5X1gt0vJBNgQ8YtGgy9RWtIc5mvEqnTzp93VSWA3"
    "b6vKGY6fB8fyQUGKDbN56UWVOhrQo8kcyRMftdsOoUvo3sSSMdE+mYdMGgS1vO9fFuiPmA"
    "jB2N56mFZ+wyAwI8Q7v525zXQrsZEkZNehkB/UbgaMSYOfm+xmOs0cZTaqfAQR78wemswF"
    "wACHy6KvC37XkD2KGwa1N9cC3Ak834Oa1P7AhXAG3CRiVYmsgB1FbHhB/XmjiTtsH7CB2j"
    "2HZDVB9j/rrSM5KeUT/0zoA9I7npSbNbQ1DgROlARQeW6sPJA2rBMRKfBlmQOio+C3IA8E"
    "7K7dlTsGVPGtutcuBl7vuOyWwWfRqiQDrnZGHP3xQiKSWPKdplC4jAQs3An5sgHRcZ0imz"
    "tWVHe1qhoiUfk9nBnu+POqlAVPAdqoqIJqVkLFAGWWWQdf/gNsD+iMVbdsQ3tpv0QNFNKs"
    "XN2PJpqQZkKzFrujmJbcQ2PoVXJ9Y0GdblPBtBTDfg3+QHdJ+CFiWiuRZGKuKhVT9YSkxg"
    "uYSFS/3PzjkEC9tcA2gALzMBmDb74UVb7z9ci4K3dV1WHp3YgYnyUAZlZVBWkilaDMrKfe"
    "33E9mS6Qo1O6zBJ8ln+IrAimRllEUGBGRAYO/gynSQ/cJbJh0kVw3XAHKUxt5LpbsRX9HU"
    "k8CZPgi4vb++3mdwwNMhORGCUMEUhwmiZnvZRUj66NJHlz76EH30Du3QVRurp8LuMpIRXY"
    "U1vmY2m8KNmh1xGqT1l144m4tOY6mC0nt2jQEDxNcXdoZoYKuKCZA8y3ZHjEp7Af2EyEH2"
    "rgD5WdxDhEduHVsCpPa2W+gNPE16xVNkY3U1ErjEfs1hkT8MozadcYZz+ZxCX1jA5PTN7u"
    "6a6rXQOPN930eqxIVM2XxHKCYyxPXKRrb5ooOqAsJ+8wGi20gGCb0jQYYgeJNPto+JSKZ9"
    "RaZ9BTe//sns+/8BjS5jnQ=="
)
