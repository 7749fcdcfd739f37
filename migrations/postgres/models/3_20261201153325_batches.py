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
        DROP TABLE IF EXISTS "folder";
        DROP TABLE IF EXISTS "generated_image";
        DROP TABLE IF EXISTS "generation_job";
        DROP TABLE IF EXISTS "folder_item";
        DROP TABLE IF EXISTS "batch";"""


MODELS_STATE = (
    "eJztXVtz2zYW/isYvawzo83G8iXZdGdn7DTJquvYmcRud7bZYSERslhTBEtCdtw2/30B8H"
    "4VaV5EYs5LGxM4IPUBODh3/DHZUJ2Y7vMz27imd8SavEZ/TCy8IfwfmbYpmmDbjlrEA4YX"
    "puyMbUNjYbeFyxy8ZLxhhU2X8Ec6cZeOYTODipdYW9MUD+mSdzSs2+jR1jJ+2xI+1C1ha+"
    "Lwhp//xx8blk6+Ejf4077TVgYx9cT3Grp4t3yusUdbPru5mX//TvYUr1toS2puN1bU235k"
    "a2qF3bdbQ38uaETbLbGIgxnRYz9DfKX/k4NH3hfzB8zZkvBT9eiBTlZ4awowJv9Yba2lwA"
    "DJN4n/HP/T/7RYN027vLrWPr+91rRJDeyW1BK4GxYTQP3xzRs3AkQ+nYgXvPnX2aeDo9Nn"
    "EgLqsltHNkq4Jt8kIWbYI5WgRygvHSIw0TDLov09b2HGhuQjnqRMIa/7pM+DfzxlBoIH0R"
    "REyy8AN4CvA8An/AfqV5b56M99yQRczz+8/Xx99uGjeN3GdX8zJX5n129Fy0w+fUw9PfDm"
    "i/Kd5e25cBD00/z6X0j8if57dfk2Pathv+v/TsQ34S2jmkUfNKzHlmnwNECN94xmXW5tbY"
    "3ddXbW36yxkz/jSarUjHPkutllXc7wBn/VTGLdsjX/8/S4ZIZ/PPskd9npcWrWLv2WmWz6"
    "loCZ/2pi1kE4JGgH3CobaNIVv0qCe/jiRQV0ea9CeGVbGl+XaVv3SewrTdsCA/OX7lD410"
    "j4VYBJKcPiE+Vo9SSCGEmbYsFwJ3WHFCAErdVdrhAgoMpC+446xLi1/k0eJcBz/h3YWpIc"
    "QH3R8sYfZpyQRk+jrezgh1AyjS8o/tv5LybMY+dnn9+cff92IhFe4OXdA3Z0LQG1aKEzmn"
    "oS9s02bWab9BNs4VsJjvgV4pt91M8xW64nOZK+11Aq5i/CLrtE/MlPa8wQl+HRhjjLNbYY"
    "4svB4ZP8GmEk3jyVrS5hjIPtInJPnEf0K10glx93xJ0ibOmyCxccdYO5yGDoAbvIlyPRg8"
    "HWzyepGevptV+sOW+xHSr2jCtJ+GvYlnejG4JWDt0gQcvHddEBtizKJPGSbvkiejZFLkUW"
    "la8VH4AeHIMRl7/WcJFDH+TP2q0K/Tx5oM6da2Nvk8UE7P+BlgRa0jC5p8Jakvx/Dek96N"
    "+f8N6bbjSrJL7PSsT3WVZ8D5h2FuMfPl9d5mMcp0nvJmPJ0J/INFw2QrxL4BVoJLZMgOrB"
    "h7P/pAF/c3F1nt4LYoDzFPj+cZjFfm6xQlYWUKSQFzLT+BDn38v/99fZ4fHL41dHp8eveB"
    "f5oeGTlyWTMr+8TiEKOkoLZ3AEZygL1cQ0TQfAlit/CZmzoQb4U3yscYK7Uw1Mr698XTDN"
    "GEC97lC9jqBeUVMnTs6pdu4Tvvv3J2Ji+RsKgX4nBxmtwS+DdGIxChW2GTzvPVB4nx/oQq"
    "EF+a1LK80bhufWik5y7DRB07TMUrPkmqkR9NpprPm4xi5Bs9eIWgTdY8fAFvuLb/Mw7gk6"
    "sImlc4z+5J9rPv4u/uVPIv+nZmz4b4g/cLe3t8QVg/+p8xH/XGHDJPqzrLWmx/fmmFN+Fo"
    "tb2zrSg+K/XZOLzDOggNcZ7CmD504K21M8k2odi0pE0ZVNZX/u5qNZBYvK0azQoCKakhoT"
    "Zoxs7JwtVajSxyj6U+lfdAVvy/q8SfhhppGvtsG3wFM8zDn0vXiZ+1zTI2FPlZzMDuG/ld"
    "QxicUoYP9k7GG2/sRDPkkJh/yAd1FGv/TF7+R0X5OvBTvI766Ey6RsFt/+57rchB9O4sXV"
    "5fuge9qun9xgSRWnOtfK0IE5P4d9RcpnLf9UgqqRh2qY1qXeHFTibH3UZIRFzRM5RgWncn"
    "pZE8ehjrYhrotvc0z+xZw6Q/gknj2eRd0JyxYGqnompogCHFk5YHL54QmARlQAagpU26H6"
    "dslqgpqkagDqePjD0z2uv3puk4buwDcMq+V/maYcghHn2+1ijRn+W4H1xhtLYWQjFrgbXX"
    "93t4Dux2ikUTKCndAmGWECWv4J6PLm4mJfgeI+w8j3QPqspNwB6TMuyAcFzxx45sZitINI"
    "5/1HOhuWvc3ZUMVmpJAAYpwbmJAgIhcicocKLETkQkTuwHFtJSJXBC02DDiNBUgqgnTaY9"
    "ocIOVsFl1H4/qAFWrDPpo7FeLA7FQ1KPfwNeJPsU1kjKzOBTmD64zo5tMFoiuEZQ7xgZ98"
    "HETLSoLwH0TfFYDb+juKgm1Fm0WdDTaN37nqJ6CASFvQ58fBeRTW5yHSFiJtJ+OJSYBIW4"
    "i0hUjbp+8fiLRV7ZCHSNtBhW2ldJwaclWWUokJSPtMjl9VcpocvyrxmojGnFjFOms8JIDY"
    "RIhNhDA6BTCFMLo+w+gg0KuvQC9wkOzP+u/Xd8kx/UeVX4rt/quoz06T/xmyTbwkSFa2cB"
    "F2CFoJq7ooXhqVx/BGRIbFn8qKrOjA+5+oQ+p3ExVOn00RdWQtU9nMKWWNUz3jBejntV8s"
    "f4SDX7wHv0xDsq0lCJ9W99QfQ/wzXgJ1in6O6tX6PxzqooJ3YaCcbaSGB4gWrOdaqBQteF"
    "QSLXiUUxc15OopkYBSk2CrwIETEqVgXnCqrnAOn/TLsc6vri4Se+V8ntZvbz6cv/10cChh"
    "550MTzLLmk7liVJTS4vTgI5WkJNeC9EkFWAKcZcQd7l3cDuIuwzl94bohldbjJId7AQ2fs"
    "DsBjWmLzWE9cdoJDWBTZ4zDYJaGdm0UmR2zgdSiEOk/QlQaXZf1i25sAotXMGy22Xl0oyg"
    "425Tl+WZmzxLk2dV8gb5DhG8XPutmKENP5QR5YwI2cQJrFAHwr7kzRuK8EIbfEfklT0uzY"
    "l27emdudGvkRlQvgTiXsEyNRKupLBlKuBatbZYggh0pHTqquBuNRGN0wCg5UpndI40FN4r"
    "31owUFh3Cu+JfbpbLfKO5ea4vg/QnAcDKopvfNcO6YLL1ATkCLXZKSoWbMPJ08IFUkO4xe"
    "g21Em4oKjzvuICSbSmD8HFkuIpOvjFdug9scTS+uXZc3QW87vGvLJLbOmGECWEN9Yplm87"
    "fe0XS1xtyXUxLhJLywNxKztuS3y1saY78ug9EyE74LMFyXignFJhyVhswcx0F7ts/e4Kem"
    "xPDqtkg/FehR5b2Zby0Bg6y7FrF2azhP2h8nKOT3bNBbR1neS6iADwzMEzkgmymBaXIEpS"
    "QR2iBnWI9hRZP0wnzbgDDEa0lCHCYHDGHogw6DrCYB/O8LGiW8UbnjrG2rOnVXbqDvMUe2"
    "raTb3ckJgXFsINevajJ9dpsdUxWsg7jY68a+UaypOr6ApVr2qTtM29DiyBJJGRYW03C+KI"
    "fr6Zb+XQDe9huPFrWNfUJb5J0c1607t+4Rfrc7LkVHTTa/x6V3Sg0w2f5L/5tsi/eaVp+A"
    "D2Y4k/PgwtC04AcMiD2XEc7E1hsyMUooJCVJPxFNKBQlRQiAoKUT19/0AhKtUO+ZxdlAn0"
    "5sMZ+fdkFu6iOAn4bHJ2EtwYsRdPDVSc6rPiFFzx2gnv2GNO84j4Rw33GISVgxt3qKCWeB"
    "v7zrYdKKgKpNuOFdm6HkZIhmgxGaJSIrN0zTRzLdZOkBim1Nuvd3Guk41NGbGWj3xVT3Lc"
    "i6ke0zL/ohH11fzQ3XYvaU2VaKO2784Uf8jofnC2gbNtFAx2pHa4Ks62xK6s6m9LECkY73"
    "96XMHndnpc6HMTTUnVBVIpgrLvJycVsOW9iou+i7a0TYj/Updpa+zm6C7FMKfpFMS7/aXM"
    "eQ//3ppKeIIIdHAIpYZQ6v2D21Io9X4yvD8Q3cBnrkvYJEcRirVOy5Sgjein4bDjzgjLz4"
    "wvFB0tHhlxp6ICEFeg2F+5vMUXoSuqZYvbM0VpIVk0KLxG0++IDkTaND/dEVfEjfsoBJKI"
    "+tizk1NRN5sP4HBpLTWT/b35iyUGCOdelvb2R3mObmyTYp1/gGyPl/12kU1FKSSu/ZHvkE"
    "tFxjiyHXJvkAevYxTR6qeOF0dmJnaq94GgL4K+OBL+qrC+6O/FGkJ2RAHiNWiKe066988x"
    "D6gaMKfpFMS7/aUMFQ6gwsFw8XSN33NYwLlxWwhoQKESnH+fzY6OXs5eHJ2+Ojl++fLk1Y"
    "sQ12xTGcDn8/cC4wRzyIIOlg6wdKho6YiHs0sFuZl73NOyFcI7LxqmIUbKFZ7PMspmAIl9"
    "q9IS6tKaeLVlC/r1A3HdgnKRyQ7TMpsilV21Taxvq3EVYAYDM9godrLCZjB/c+dw6OJsmz"
    "gNJNw0SLhxiSV2jcxJrpOGmaGDNJDrPDViPw69jw5d5B69XkPpkWuHXeCkhZMWTlqFTlqo"
    "BgLVQAZ+gEI1EKgGUmP/QDWQkv0D1UBUO+RzdlHG2hmzlVU95WMkCjrjZ5XuiJ+V3BE/y9"
    "4RL2zKWl5R0GKPfEQBrCqnRP5Shl5qi1ohO2k6FaqAJFfvYaXVe1iyeg+zq9dLIcgCXVxn"
    "JaJQAeK+C62Aqx5c9UPw+01HlJTw0aH6dpmbkRA0TXfYMcNOXeZiW9TZYNP4nZ9BW8fMRN"
    "anehuWtsQMm/RW/BW/sw0somARHSY3GamyVMkiSrcO535i49YQhpJUIBDVF4hSTLOGxJ+l"
    "VAH/tMZ6/KqSynr8qkRnFY1J1JnBzFqGgZCgP7PApKtjI5URUUmtOilRq06yalX8y2qwkx"
    "SZAlj3zU4WDrZypKTihR0SqMg8OjB32Y6Rp1SVGWaMXOVKAYDb9xsut44jakfVAThOoyDG"
    "VSAuRjgNsHu3rYOt3109WNvPS8P32OA/3TANVmv5punUw7oDNoEtahlLbNbVVzKEKqDdt4"
    "xRVKqxpCT8Zn8hqjGTzGJrmMyw3OfiffuwynQSuMoFjA12HjUJct0NkUsMm6L+puAfie0n"
    "Wc2SlL2E5QxmJgZkJKsUl+PNlfaE8ME0YY+6rUUe+jElHJ5WcdCm5y/mnz3NiKsebPXDCb"
    "OEEGqQyVX3MGoaXFgyDDCzETCz2jfNpOlAXKgvLkBEYjGbG6eTrUpEYtLnnZz1c0o5C7UK"
    "FKgEYWrSF5yyq3kOn/S7586vri4Sc3o+T2+qmw/nb7k0ISeTdzK8UA0oDgIRR4MAt8fiIE"
    "uGNcNa0YaVHd4wPOejjPbsLi99IUDaOmZzjH6gixunCr8dI0p9F1EZy+bttEzItbG8u6DL"
    "u0lOgF/YNi2L8GO8l2YG3faSrSz/n1k1JdErfv927CC7I/NG51kqDtATEy2Cfixm5Nh6d2"
    "QCpmgV1B/Gqy9kVfR1wTVkxfsqolAwgelwViUajPcqNjHOMrFgJnaZ5mytp+TVJknB3DW0"
    "vTSQKiR+5b2c8z2qyVd8um+jPl0e7an4/DvDiwuDyHyIzB/BOTFOo2GVyPxgI1aVAIL+Kp"
    "7/rTsYqWPcGhY2tbr6S4ZQgWDlHi5Vk5fi1LTExmnACgvmbTBv7x/clszbGdbQArrJW7oU"
    "hTfOExPQXl6hszfX86vLar6D/ipCD1Oz7dfSe+NKzSurBbqeyaZEBwx6dJnATTbYyOZtg9"
    "IHSt8wmaXCSp+3FTMTXqyPhAQKqn2zkyo+Fd6rRBPJ5Ovs12E1KHw7qawEigkoJkMQ6NKS"
    "c3txN4zeEauh8HxmG9diGIUAT+ajY7Zc5yWL1QHpXAyiKkIiMOlXumglMEkljLrUw4IApR"
    "xVLBa7VKyN3cc67bzc+wy5xIM/uNQa0RXCyA/oRX55rtdI3KW9ocu7rY1kOp683vpB3HyN"
    "sMME30K3lLiIazMGk7dcJ67y7vA9uapjrKwYP7EM+XNBdwTdcRx8R2HdEYobdVsChgOXlz"
    "BVds+zqU6mVA+qY/4luiXJtflX6CoA70m12lwlpbnS2D6pSgBUB2iY7mfzr2Ea5mdOFvbi"
    "shlJKrjdrUmRjEBCzcBfmEIeJ1Hpcu7W8sc9rlBTko/RNJDnx8NOaoRy+ApVTUSTVGAtBT"
    "M0mKH3D24H8TExe0tDfGNV4xVFN8kUd2Mrj6UWkK0VezTMQ2wntvEjvEno0UpmKjW0e78L"
    "053UADuxKsOfpBWV3KsD1ftgtHmw2BXZ/HmY8aFb8Kq8DwcD50pl54qMB8zxrARxgsVulY"
    "egRwWfim2QJZEODt9lwSiyt0w4LXzm707RyqEbhC3kZVAh6og/PJ/HzaeLPBdKW8PCvc8D"
    "EFen4BoB1wgEffXoGoFbZPZjX4a0qpbNRsGSlCd8TWDzaMHWCWY5MMvtHVxIW9svvFXS1g"
    "rZcAsgR+U2Rsl0d+Kbd/QkcOYfgi5vLi72dZdpxEMKLAQhgyk3E0Td9lLtDHR00NFBR1dR"
    "Rx9QJcHWYusy8mEV9wxkbkDmRnOM+nXyjRIi8PLVx8zQycamTFz7qN2Rx4aYzaPRuCqhKm"
    "YboWBqUgNriJeSqmo61mbRdCd+FGMoDJB0hjaGSLFApARInhreEKPKJotxQuQ2lg6C4jkq"
    "wgP1+CuA1F8Nq9HA06UJ74w4xlLopxn7nd8yLTPe4ajPYCx3hSkguYa7nOQP30YwXLtCK5"
    "kfxYa6e87Ec5Nriq02MRIVgys6qZ3KN1UNhP3uCqLbSdIpfyPXAHMszcX5eTESSM6rmZxX"
    "wybZ/mH27f+mWAlK"
)
