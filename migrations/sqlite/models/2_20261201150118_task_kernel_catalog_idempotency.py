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
);
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
        ALTER TABLE "product" ADD "sku" VARCHAR(64);
        ALTER TABLE "product" ADD "availability" VARCHAR(32);
        ALTER TABLE "product" ADD "in_catalog" INT NOT NULL DEFAULT 0;
        CREATE INDEX "idx_product_workspa_055edf" ON "product" ("workspace_id", "in_catalog", "created_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_product_workspa_055edf";
        ALTER TABLE "cta_info" DROP COLUMN "retries";
        ALTER TABLE "cta_job_url" DROP COLUMN "retries";
        ALTER TABLE "probe" DROP COLUMN "retries";
        ALTER TABLE "product" DROP COLUMN "sku";
        ALTER TABLE "product" DROP COLUMN "availability";
        ALTER TABLE "product" DROP COLUMN "in_catalog";
        DROP TABLE IF EXISTS "work";
        DROP TABLE IF EXISTS "idempotency_key";
        DROP TABLE IF EXISTS "variant";
        DROP TABLE IF EXISTS "media_asset";
        DROP TABLE IF EXISTS "upload";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfblkxpeJ5Zfkcjc3I7tu69axM4ncdtrrcCARklFTJEuCdtwm//0AkB"
    "TfQIq0SErE7JfEIrB8eQAsdhcPFn+PVo5JLP/VxKVT557Yo3fo75GNV4T/USg7QCPsukmJ"
    "uMDwzJKVsUsNtq4285mH54wXLLDlE37JJP7coy6jjniIHViWuOjMeUVqL5NLgU3/DAi/1Z"
    "KwO+Lxgt9+55epbZLPxI9/uvfGghLLzLwvNcWz5XWDPbny2u3t5TffypricTNj7ljByk5q"
    "u0/szrHX1YOAmq+EjChbEpt4mBEz9RniLaNPji+Fb8wvMC8g61c1kwsmWeDAEmCM/rMI7L"
    "nAAMkniX+O/xu9WqqaYVzfTI1PF1PDGDXAbu7YAndqMwHU31/D+yaAyKsj8YDz7ycfXxyd"
    "vpQQOD5berJQwjX6KgUxw6GoBD1Bee4RgYmBWRHtb3gJoyuiRjwrmUPejERfxX88pwXiC0"
    "kTJN0vBjeGrwPAR/wDzRvbeoravqIBppfvLz5NJ+8/iMetfP9PS+I3mV6IkrG8+pS7+iJs"
    "L4ePrHDMrW+Cfr6cfo/ET/TrzfVFvlXX9aa/jsQ74YA5hu08GthMddP4aowar5m0uhzaxh"
    "3274qtfn6HPXWLZ6VyLc6R62aUddnCK/zZsIi9ZHf85+lxRQv/NPkoR9npca7VrqOSsSz6"
    "moGZfzWxmiC8FmgH3DoDaNSVvsqCe/j6dQ10ea1SeGVZHl+fGYH/LPWVl21BgUVdd1/010"
    "D0VYxJpcLiDeUZzSyClEibZsH+NuoGK0AYWot7pREgoCpC+63jEbq0fyRPEuBL/h7YnhMF"
    "oJFpeRvdZpiQJleToezhx7Vlmu5Q/Nv5FxMWqvPJp/PJNxcjifAMz+8fsWcaGahFiTN2cl"
    "fWdYtFq/EqfwXbeCnBEV8h3jlC/ZzhS3vhjBS2flxUaerPuWVI41qbLP3RBz79EzR+hxyb"
    "oAfsUWyzf/hIGoP0gaAXLrFNjvYX/rrW01/ir6g78D8NuuLfkL7gB8sl8cXNv5j8jl8WmF"
    "rEfPlqlGu5Pp+r8Fl+G/3hzIzAk3Nz9HRDdtfR7+DPgD8zCD2nsT/DZyYW+E0s7USiK1N7"
    "d47M0biGqX00LrW0RVHW0MaMkZWrGFKXNlPjm5LIASwm2I4Gz+uu4F2KN/jn+PD4zfHbo9"
    "Pjt7yKfMv1lTcViF9eT/N+C+GTmUE+u5QPgef4Lgr5XvyXPvv0QNRTLffFI/xbiUJBlY6f"
    "lASMn/z4CVzzmZN8VhIm+T0eRdHbp1rdU8TSpuRzyQiKqvcXSduRLrz4ZZppwHgef/F+8s"
    "vLTCNe3Vx/F1dPzfvnVzdnuQGWdXHqa62CXH+6q8sx1bL6SpzPIrQ/fLq5LrFYM1J51UXn"
    "DH1BFvXrADycQKWAo7p35ztyTu+IG+R7t5hbnziygd3Eos1Jwayc79bE8xzPWBHfx0vSRF"
    "MXBJ+ls4fTqTtR2SJA1SzElEhAfFwBJrcfngFoIgWg5kB1PccM5qwhqFmpLUAdjn54/kIO"
    "74EtrOOcM/xDeKNh9tONKzmJ5lMv5ChUQWuw3ob30hjZRAVuRjca3S2g+yG50yAVwUZos4"
    "owAy1/BXR9e3W1wyVIoTDUK5CRKqlegIwUFzANYWUOVuaGErSrszIn/y+0d/m6XFxfi7Bd"
    "dlluXIsCN66gwI2LFDhqu4FiQJWHkdYCW0WQ9g3pvkNIwEdr1TV8dLx738Vz0hDTvBwAW+"
    "0frvFqweD+OX2vYYK70ebO96/NDg1QKTumUqanvoWjWFI/i8S+/fEjsXDJekmRIKkJ0vkV"
    "0+0B0i5m8bV7V1gAVuoNR2hudIjjsFNdUu7hO8SvYpdIjqzJDTnKfUZ0+/EKOQuEEb8leh"
    "Hy3lDMlpUC6z+IuYmA2/ozysi2osx2vBW26F/c9RNQANMW/PlhaB6N/Xlg2gLTdjQcTgIw"
    "bYFpC0zb548fYNrqNskD03avaFs5H6eBXVWU1KIB8msmx29rLZocv61YNRGFCq5ikz6+Fg"
    "BuInATgUanAaZAo+uTRgdEr76IXrBAsrvo/6VJVq7DiD1/4h16pFgCyNU4qFoHoEld4z6q"
    "3CpB7rfsgrDjyvQYYX8QD4SIO0TchzHaB+qM14m4Z0ZlXecwI6ShX9h+rr5IwdYFOKquIb"
    "Tjk5M6HvfJSbnDLcryWy75l/qsccrJvJyGeLfflbnu4e/b0EHMCIHTDQRFICjuHtyWCIq7"
    "2RX0npgUT3yfsJHCEUqVHlQ5QStRz8DrihvJUJ8Y7ygmmj0x4h8gjiB3oNg/ub3FO6FPzD"
    "CD4IJaBHEbKaEwRRXRC8p8xGd3ZBKPPhAfLTxnhbjHhPw7PD45fXkgb+Bxay3Xkv09+X+2"
    "uMG67RG2zfgur9CtaznY5C8gy2VZlJbDR67DuxLi3h/5N/IdNMc2cj3yQMljWDHOkMi7Hb"
    "L4aPHKOVqZkRq+IPiL4C8ORL9q7C9GY7GBkZ1IgHkNnmJ9aE8O69DfeK1ScGVZFt1oHguB"
    "agBzXk5DvNvvyo/UZAp/vJQrta4Peb0UZKk77p/cNaFuJgKApypPGv1LoQLO6LIU0FhCJz"
    "j/NR4fHb0Zvz46fXty/ObNydvXa1yLRVUAn11+JzDOKIci6BDpgEiHjpGONKdVOsjbLYyH"
    "XrZGeGeUQBww2A6jn8K71ABpIEyNoqLcDiAxbnXqQl1GE28CNnM+v4+SRCoCitkKB1UxRU"
    "dWTWechMRDEAaDMJhOYbBocCs0dHlunLQMpMfZIj2OT2wxauTGxCZ7sQpysCNrqnIjdrOg"
    "98FzZsqpNyyonHLddRWYaWGmhZlWo5kWUgJASoA9n0AhJQCkBGgwfiAlQMX4gZQAuk3yil"
    "FUiHaWHutSPstve6DL3rVu99l8RUzZWDVRVSkJUFV5VcWdzrmkXhqzRpSdvJwOe/6zvfew"
    "Vu89rOi9h8XeG24hKAJdnlUhkdAB4r7TKsBSPSzV78O638GANiXE2QPUUcw4sUBlHHNdqc"
    "u92Btyn+ZqU9uYY4YtZyl+pYJpv0NEFCKi+6lNBuos1YqIOoHHtV/DNGpZKTCIBphMbc/w"
    "7yeXGqPMahQYWAv0FxYYdTVt5HZE1HKrTircqpOiW5V+swbqJCemAdZ9q5OZh22FlVTesd"
    "cCOiqPDsJdrkdVTlVVYIYqnSsNAG5/3XAeeJ7IHdUE4LSMhhjXgbgc4TzA/n3QBNuoun6w"
    "tr8vDT9gyj+dWpQ16r55Of2w7kBNYNux6RxbTf2VgqAOaPdtY9BVU5JqItE/RTUVkpkF1G"
    "LU9l+J5+0iKtMJcZUbGCvsPRkS5KYDQikMg6L5oIgOinpG1Cwr2QstZ29aYo+CZLV4OWFb"
    "Gc+gD+YFe/RtbfLYTyjh8LTOAm2+/VLrs6cFczWErTmdsCgIVIPCXvUQo23JhRW3AWU2AG"
    "XW+FyJvByYC83NBWAklqu5YS6y1WEkZte8s61+5jhchdolDlRGMNfoMy7ZVTuvr/Q75s5u"
    "bq4ybXp2mR9Ut+/PLrg1IRuTV6IhVQOSgwDjaC/A7TE5iDh7uddzM/Zz7q5OfSFA6vds8S"
    "Gi1HcSlaEM3k7ThEzp/P7Kmd+PFAS/ddlBFcOP8VqGFVfbyW5l+X+h11SwV6L67cRBNjPz"
    "BreyVE7QEw0tSD82o4pY74adgDlZDf2H4foLRRf9zrFMonDOy8dVIqHhBqbDcR02GK9VHm"
    "IcF7hgFvaZ4QX2c/bVZkUh3LVvY2lPspBEmfcU83uSk698dg+SOl1O7Tl+/j0NeWHAzAdm"
    "/gDmiWEGDesw8+OBWNcCiOvrOP+3vsDoeHRJbWwZTf2XgqAGZOUeDlWTh+I0jMSmZSAKC+"
    "FtCG/vHtyWwtsF1dACutlTujSFN60TM9Be36DJ+fTy5rre2kF/GaH307PtN9J760vPq+gF"
    "+mHIpsIHjGt0uYGbrDAt7tsGpw+cvv1Ulho7feFQLDR4uT+yFtDQ7Ruf1FlT4bUqPJHCfp"
    "3dLljtFb6dZFYCxwQck30w6PKWc3u8G+bcE3tL43ni0qm4jUaAF2g3fzizVmg3OmHUpZcR"
    "028UjkaKmVPuazykKm08unqCfBLCHx/ZjJwFwiiiq6Io+dQ7JE6KXjnz+8BFcrOZPLz5UZ"
    "zrjLDHxKhES4f4iNvqlMkznDMHVXf4HKVjlEqaxfUxlZ8LnhF4RsPQOxp7RpC6p9sEJxw4"
    "1XagqlOMLX32AfXgGKmPiK3YOqo+IFYDeE/qZZ6qSDyVx/ZZe+Bh7/uWm9lc/jbMwHzOKc"
    "JenhQiKwVnl22TAiK2UAvwl26QTovodPR0a7ujQ63Q0JJPyWxhzw9HnTQgKkQOVUNEs1IQ"
    "C4QgKwRZdw9uB+yPVLxlS3xTOdE1RTerFDdjK6elFpBtxKzZz0lsI7bpKbw5sabLsK7k2S"
    "hiujH/pjyg+xjXqBHNdSmZExlajYKlzEFuwES4NOp2/gFaeM4KYRuFOxOQ44kfYbT19uOV"
    "Knjb1m3hPNU9mCgPICgLQVkgU/QYlIXTGXYT2YLtCi07rHGXlDN8Q2BVshBlgYAABAR2Di"
    "5sB9ktvHW2g5Sq4RZATraxD1LpbsRXNfVkcOYvgq5vr652GRwIdUhJhGCtYKrDBEm1nWQR"
    "Ah8dfHTw0XX00fcoQ1drrJ4G2WWAEd2ENU5NsnIdJk51Mu7J05ZYXSZ34xaNrpithJ1rSE"
    "NwS7y0tJjzi40z1Qk2TVD6IO6hMUByTWZriDRbic2AFHoDW2JU23MaJkQ+8bYFKNr5riM8"
    "kG63Bkj9pagYDDxdRhImxKPzu5EijBCVHFTFEHBSZ28CCKUcWGX8QMF+jVyV/XVvWqG+ls"
    "cLHrgSV7KLy53HlIiOa7ydpEbjg6oBwlF1DdHtZNcNfyL3ABUBr/INCikR2J3QcHdCg9BI"
    "+5PZ1/8DOfMebA=="
)
