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
        ALTER TABLE "cta_info" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "cta_job_url" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "probe" ADD "retries" INT NOT NULL DEFAULT 0;
        ALTER TABLE "product" ADD "sku" VARCHAR(64);
        ALTER TABLE "product" ADD "availability" VARCHAR(32);
        ALTER TABLE "product" ADD "in_catalog" BOOL NOT NULL DEFAULT False;
        CREATE INDEX IF NOT EXISTS "idx_product_workspa_055edf" ON "product" ("workspace_id", "in_catalog", "created_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_product_workspa_055edf";
        ALTER TABLE "cta_info" DROP COLUMN "retries";
        ALTER TABLE "cta_job_url" DROP COLUMN "retries";
        ALTER TABLE "probe" DROP COLUMN "retries";
        ALTER TABLE "product" DROP COLUMN "sku";
        ALTER TABLE "product" DROP COLUMN "availability";
        ALTER TABLE "product" DROP COLUMN "in_catalog";
        DROP TABLE IF EXISTS "upload";
        DROP TABLE IF EXISTS "variant";
        DROP TABLE IF EXISTS "media_asset";
        DROP TABLE IF EXISTS "work";"""


MODELS_STATE = (
    "eJztXWlz2zYa/isYfVlnxvUksuW42Z2dkR2ndesjk8htp90MByIhCTVFsiRoxzn++wK8D5"
    "AiJZIiMfiSWABeHg+AF+/xAPw6Wpsa0p2jqYVn5gMyRm/A15EB14j+kas7BCNoWXENKyBw"
    "rnuNoYUVEjWbO8SGKqEVC6g7iBZpyFFtbBFsspsYrq6zQlOlDbGxjItcA//jInqpJSIrZN"
    "OKvz7RYmxo6DNywp/Wg7LASNdSz4s1dm+vXCHPlld2f3/19p3Xkt1urqim7q6NuLX1TFam"
    "ETV3XawdMRlWt0QGsiFBWuI12FMGrxwW+U9MC4jtouhRtbhAQwvo6gyM0X8WrqEyDIB3J/"
    "bPyX+DR0s0U5Tbu5ny8XKmKKMa2KmmwXDHBmFAff3uXzcGxCsdsRtc/Dz9cHB8+sKDwHTI"
    "0vYqPbhG3z1BSKAv6oEeo6zaiGGiQJJH+y2tIXiN+IinJTPIa4HoUfjHNj0QFsRdEA+/EN"
    "wQvhYAH9EX1O4M/Tno+5IOmF3dXH6cTW/es9utHecf3cNvOrtkNWOv9DlTeuD3l0lnlj/n"
    "oouA369mPwP2E/x5d3uZ7dWo3ezPEXsm6BJTMcwnBWqJYRqWhqjRlnGve1NbWUFnle/1ix"
    "W0+T2elsr0OEWunVnWZg+v4WdFR8aSrOjP05OSHv5t+sGbZacnmV67DWrGXtX3FMz0rZFe"
    "B+FIoBlwq0ygUVv6Kg3uq5cvK6BLWxXC69Vl8XWI4jpbqa+sbAMKLBi6fdFfA9FXISalCo"
    "t2lK3UswgSIk2aBf3t1A1WADO0Fg9cI4BBlYf2nWkjvDR+Rc8ewFf0OaChIg6ggWl5H1xm"
    "mJDGpfFUtuFTZJkmBxR9d/rGiPjqfPrxYvr2cuQhPIfqwxO0NSUFNasxx2amJGqbr1qP19"
    "kSaMClBw57C/bMAeoXBF4ZC3PEsfXDqlJTX6WWIQ5bbbL0R+/p8o/A+A0wDQQeoY2hQf7l"
    "AM8YxI8IHFjI0Cja3+jj6s9f2F/BcKB/KnhN3yFZ4LjLJXLYxb9p9IrfFhDrSHtxNMr0XJ"
    "f35fgsf43+NueKa3trc3B3xRuuo0/Sn5H+zCD0nMD+DF2ZiOvUsbRjibZM7f05MsfjCqb2"
    "8bjQ0mZVaUMbEoLWFmdKXRmEj29CIgMwW2Bbmjwv24J3yZ7gh/Grk9cnZ8enJ2e0ifeUUc"
    "nrEsSvbmdZvwXRxUxBny1Mp8A2vgtHvhP/pcsxPRD1VMl9sRF9V8RRUIXzJyEh5092/riW"
    "tuUin5aUi3yPZ1Hw9IletzmxtBn6XDCDgubdRdL2pAsv/5ilOjBcxw9upn+8SHXi9d3tT2"
    "HzxLp/cX13nplgaRenutbKyXWnu9qcUw2rr9j5zEP7y8e72wKLNSWVVV1YJeAb0LFTBeDh"
    "BCoZHOWjOzuQM3qHXSA7utna+kyRdY06Fm1GSq7K2WGNbNu0lTVyHLhEdTR1TnArnT2cQd"
    "2KymYBqnohplhCxsc5YFL7YQtAYykJagZUyzY1VyU1QU1L7QDqcPTD9okcOgIbyONcEPiL"
    "f6FhjtONmZxY8/ETORxV0Bis9/61BEY2VoGb0Q1mdwPovo+vNEhFsBHatCJMQUsfAdzeX1"
    "/vMQXJFAY/AxmokvIEZKC4JNNQZuZkZm4oQbsqmTnv/1x/F+flwvZChO3SablxJQrcuIQC"
    "N85T4LBhuZwJVRxGigR2iiD1DemuQ0iSj9aoa/hk2g+OBVVUE9OsnAS23D+M8GrA4P49ea"
    "1hgrvR5s6Or80OjaRStkylTC59C5OTUj8PxN79+gHpsCBfkidICoJ0NmO6O0DCxSy+t+8K"
    "M8AKveEAzY0OcRh2qkrKffUG0FJoIY8jq1FDDlOfEdx/uAbmAkBALwkOfN4bCNmynkD0B9"
    "I2EXAbv0cR2ZbVGaa9hjr+Ql0/BoVk2kp/fhiaR2B/XjJtJdN2NBxOgmTaSqatZNpuP38k"
    "01a0RV4ybXtF28r4ODXsqrykEB2QzZmcnFVKmpyclWRNWCWHq1hnjEcCkpsouYmSRicApp"
    "JG1yWNThK9uiJ6yQTJ/qL/N0jDcOo4iIw44f9E7WFZ/H/N2ikwargx/v+R0EmkgfkzQc4h"
    "oK9MkEF+oPY+1XgO0vxDMxZYR8BCdhy1DxqCA0wc8ICegYZs/IgcsLDNNSArBJwVHE9OXx"
    "x6F7Cps5CBvrs7/89gF4jysQAaWniVI3Bv6SbU6AN49V5dsBPNAZZJ+x6skI3+DRwTqNAA"
    "lo0eMXryG4aHgtBxAuhsQHZxWiKVPfcfUCYlZFJiIApxoPGKSkkJfy7merwkKRFJCOg0N3"
    "+QIVXRddANmgsI7eRVlYwPbVUIrleXRjdYx3ygasCclRMQ7+aH8hPWCOfU08L0QNRebmXn"
    "5AdW1Hdb1clWxgIST97RAPgLRwWc42UhoKGESHD+OB4fH78evzw+PZucvH49OXsZ4ZqvKg"
    "P4/OonhnFKOeRBl+xjyT7uQ2jicCv2cZVIkOs7yLvFgnwvWyC8eUfe7IjRb/5VxAlO5hXl"
    "bgCxeSvSEGozmnjnkrn5+SY4F4UTUEw3OCyLKZpe0+QhK3KvrQyDyTCYSGGwYHJzNHTxdt"
    "CkjNwRusOOUAcZbNZ4XNw69MOcnCQhznhuxH5Otnhvm3Pu0utXlC65VtRErrRypZUrrUAr"
    "rdwFI3fB9HwBlbtg5C6YGvNH7oIpmT9yF4xoi3yVXTCFJxkXr/K7nmHcu95t/wArFlNW1n"
    "VUVUJCqqqsqqJOp+pRL5V5LcpOVk6EbS4dfIGUahv2yDmgizcSxRIiQNz1TiKZqpep+j7k"
    "/Q4bTtW3HMP0Nszwo5jhXprSOGbUqNFIZoZRv+G4n0xrbCgqJFA3l+xXIpj2SUZEZUS0n9"
    "pkoM5SpYio6dpU+9U8OSAtJQ2iAZ4f0DP8uzk+gGCi1woMRALdhQVGbS0bmR0RldyqSYlb"
    "Ncm7Vcknq6FOMmICYN21Opnb0OBYScUDOxIQUXm0EO6ybMxzqsoCM5jrXAkAcPN5Q9W1bW"
    "SotSJfSRkBMa4CcTHCWYCdB7cOtkFz8WBtfl8afISYvjrWMak1fLNy4mHdgpqAhmlgFep1"
    "/ZWcoAhod21j4HVdkmos0T1FNRGSmbtYJ9hwjtj99hGVaYW4Sg2MNbSfFQ/kuhOCKywnRf"
    "1JEZyNvkXULC3ZCS2nNz3RoyBZJV6O31fKFvTBrGCHvq2BnroJJbw6rZKgzfZfIj97mjNX"
    "fdjq0wnzgpJqkNur7mO0K7mw5DJSmQ1AmdU+SjUrJ82F+uaCZCQWq7lhJtmqMBLTOe90r5"
    "+bJlWhRoEDlRLMdPqcSrbVz1FJt3Pu/O7uOtWn51fZSXV/c35JrQmvM2kj7FM15OEgknHU"
    "C3A7PByEfW6s06Ni+7l2lx99wUDq9nN6Q0Sp60NUhjJ5Wz0mZIbVh2tTfRhxCH5R3WEZw4"
    "/QVooeNtvLbuX9fid8MzNvcJmlYoIe62hG+jEI5sR6N+wEzMgK6D8M11/Iu+grU9d43yMu"
    "nlexhIAbmF6Nq7DBaKviEOM4xwXToUMU2zW22VebFpXhrr7NpZ6cQhKcvMdZ3+Mz+YpXdz"
    "du0+bSnuHnP2CfFyaZ+ZKZP4B1YphBwyrM/HAiVrUAwvYirv+NJxhNGy+xAXWlrv+SExSA"
    "rJyhz04mVeizk0kxfZbVZVhy7KM4NSOxSRkZhZXhbRne3j+4DYW3c6qhAXTTX+kSFN6kTk"
    "xBe3sHphezq7vbarmD7k6E7qdn222k997xPK+8F+j4IZsSHzBs0eYGbrSGOL9vWzp90unr"
    "p7IU2Onzp2Kuw4v9kUhAQLdvPKmSU6GtSjyR3H6d/SaseoVvKycrScdEOiZ9MOiylnNzvB"
    "tiPiBjR+N5auEZu4xAgOdoN3+b80ZoNyJh1KaXEdJvOI5GgplT7Gs8Jhpt/HT1FDjIhz/8"
    "ZDMwFwCCgK4KgsOn3gD2pei1qT64FvA2m3kfb35i33UG0CZsVoKliRxAbXVMvG84pz5U3e"
    "J9uI5R4tAsqo+x97rSM5Ke0TD0jsCekTy6p90DTihwvO1AZV8x1sXZB9SBY8T/RGzJ1lH+"
    "B2IFgHdS7eSpkoOnsthutQde7n3fcTObRZ+GKJCuOXnYiw+FSEvJb5ftcgREaKHm4C/cIJ"
    "0UEenT043tjva1Qk1LPiGzgz0/HHVSg6gQOFQ1EU1LyVigDLLKIOv+wW2B/ZGIt+yIb+JM"
    "dEHRTSvFzdh6y1IDyNZi1vRzEduIbXIJr0+saTOs6/FsODHdkH9THNB9CltUiOZaGKnIC6"
    "0GwVJiAsslLFwaDDvnECxscw2gAfydCcC02Q8/2nr/4ZoXvG3qsvJ7qj1YKA9lUFYGZSWZ"
    "osOgrPw6w34iW3K7QsMOazgkvRW+JrA8WRllkQEBGRDYO7hyO8h+4a2yHaRQDTcAcryNfZ"
    "BKdyO+vKUnhTN9EHB7f329z+CAr0MKIgSRgikPE8TN9nKKkPTRpY8ufXQRffQendDVGKun"
    "xukykhFdhzW+Zjab4hk1O+IkpPWXTZzNeV9jqYPSe3YNgQHy8gs7QyRYVjEFkm/Z7ohRZS"
    "9gmBA5yN4VoGAXt4jwyKNjK4DU3XELg4GnTa94imysrkYclzioOSzzh2HcpjfOcCGfk+sL"
    "c5icgdndX1O9ERpnse/7SJU4lylb7AglRETMV7ZyzBedVDUQDpoLiG4rO0joHQkyOMGbYr"
    "J9QkQy7Wsy7Wu4+c0vZt//D+fFf+M="
)
