from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "preview_task" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMPTZ,
    "retries" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "color" VARCHAR(100) NOT NULL,
    "size" VARCHAR(50) NOT NULL,
    "cache_key" VARCHAR(1024) NOT NULL,
    "progress" INT NOT NULL,
    "result_key" VARCHAR(512),
    "error_message" TEXT,
    "expires_at" TIMESTAMPTZ,
    "product_id" UUID NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "requested_by_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "variant_id" UUID NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE,
    "work_id" UUID NOT NULL REFERENCES "work" ("id") ON DELETE CASCADE,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_preview_tas_workspa_7e293d" UNIQUE ("workspace_id", "cache_key")
);
CREATE INDEX IF NOT EXISTS "idx_preview_tas_status_35b60d" ON "preview_task" ("status");
CREATE INDEX IF NOT EXISTS "idx_preview_tas_lease_e_34f3e2" ON "preview_task" ("lease_expires_at");
CREATE INDEX IF NOT EXISTS "idx_preview_tas_workspa_a18d81" ON "preview_task" ("workspace_id", "work_id");
CREATE INDEX IF NOT EXISTS "idx_preview_tas_workspa_9a257d" ON "preview_task" ("workspace_id", "product_id");
COMMENT ON TABLE "preview_task" IS 'status PENDING|PROCESSING|COMPLETED|FAILED (values in domain/previews/statuses.py).';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "preview_task";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfTlnxnVj+SW53M3NyI7TOrUtTyy3nfY6HEiEJdQUyZKgHafJfz+AL+"
    "IbSJESSZG8/ZLIBJYvD4AFdvdZ4O/B0lCJZh+MTDoxHok+eIf+Huh4SfiPVNk+GmDTDEvE"
    "BYanmlsZm1Rhq2pTm1l4xnjBA9Zswi+pxJ5Z1GTUEA/RHU0TF40Zr0j1eXjJ0elfDuG3mh"
    "O2IBYv+P0PfpnqKvlM7OBP81F5oERTY+9LVfFs97rCXkz32v395fsPbk3xuKkyMzRnqYe1"
    "zRe2MPRVdceh6oGQEWVzohMLM6JGPkO8pf/JwSXvjfkFZjlk9apqeEElD9jRBBiDfz84+k"
    "xggNwniX+O/+O/WqSaotyMJ8rdxURRBiWwmxm6wJ3qTAD19zfvviEg7tWBeMD5j6NPe0en"
    "r1wIDJvNLbfQhWvwzRXEDHuiLughyjOLCEwUzNJov+cljC6JHPG4ZAJ51Rc9CH5s0gLBhb"
    "AJwu4XgBvAVwPgA/6B6ljXXvy2z2mAyeX1xd1kdH0rHre07b80F7/R5EKUDN2rL4mre157"
    "GXxkeWNudRP0y+XkRyT+RL+Nby6SrbqqN/ltIN4JO8xQdONZwWqkmwZXA9R4zbDV3aGtLL"
    "C9SLf6+QJb8haPSyVanCNXzyirs4WX+LOiEX3OFvzP0+OcFv559MkdZafHiVa78UuGbtG3"
    "GMz8q4lWBuGVQDXgFhlAg7r0VRzcw9evC6DLa2XC65Yl8bWZ4tgbqa+kbAUKzO+6bdFfHd"
    "FXASa5Cos3lKWUWxFERKpcFrS3UdesAsRC6+FRuggQUKWh/WBYhM71n8iLC/Alfw+sz4gE"
    "UH9pee/fppuQhlfDoWzh59XKNNqh+LfzLybMU+eju/PR+4uBi/AUzx6fsaUqMahFiTE0El"
    "dWddNFy+EyeQXreO6CI75CvLOP+jnDl/qDMZCs9YOi3KX+jK8MaVBr3Up/cMunf4KG75Ch"
    "E/SELYp19g8buYtB+kTQnkl0laP9lb+u9vJF/PK7A/+p0CX/hugF25nPiS1u/lXld/z6gK"
    "lG1FcHg0TLNflcic3y++BPY6o4ljs3+09X3O46+APsGbBnOqHnemzP8JmJOXaZlXYoUddS"
    "e3eGzNGwwFL7aJi50hZF8YU2ZowsTcmQutSZHN+IRAJgMcHWNHhe1wXvXLzBd8PD4zfHb4"
    "9Oj9/yKu5brq68yUH88maStFsIn8wU8tmkfAhsYrtI5BuxX5rs0x1RT4XMF4vwbyUSBZU5"
    "fiISMH6S48cx1Q0n+bgkTPItHkX+20da3ZL40ibkc8YI8qs350nbkS68+HUSa8BgHt+7Hv"
    "36KtaIV+ObH4LqkXn//Gp8lhhgcROnuNZKyTWnu+ocUxWrr9D4TEP78W58k7FijUklVRed"
    "MfQVadQuAnB3HJUCjvzenezICb0jbpDs3WJufeHIOnqZFW1CCmblZLcmlmVYypLYNp6TMp"
    "o6JbiRzu5Op65FZQsHVTkXUygB/nEJmHz9sAGgoRSAmgDVtAzVmbGSoMaltgC1O/ph80AO"
    "74EVxHHOGf7o3aib/XRtJCfUfPJAjkQVVAbrvXevHiMbqsD16PqjuwJ0b8M7dVIRrIU2rg"
    "hj0PJXQDf3V1c7DEEKhSGPQPqqJD8A6SsuYBpCZA4ic11x2hWJzLn/p9o7Oy4X1O+F2y4e"
    "lhsWosANcyhwwzQFjuqmIxlQ2W6klcBWHqS2Id20Cwn4aJWahs+G9WibeEZKYpqUA2Dz7c"
    "MVXhUsuH+J3qub4K5dcyf713qDBqiUNVMpo1PfgyEJqZ/5Yh9++kQ0nBEvSRMke4J0MmK6"
    "PUC981l8q98UFoBlWsM+mmsN4sDtVJSUe/gO8avYJC5HVuULOcptRnT/6QoZDwgjfku05/"
    "HeUMCWdQVWP4i6joBb+TOyyLaiTDesJdboF276CSiAaQv2fDc0T4/teWDaAtN20B1OAjBt"
    "gWkLTNvNxw8wbfs2yQPTtlW0rYSNU2JdlZbsRQMkYybHbwsFTY7f5kRNRKGEq1imj68EgJ"
    "sI3ESg0fUAU6DRNUmjA6JXU0QvCJDszvt/TVSKR7ZN2EDi/o+U7uf5/5einoJXFdf6/+8Y"
    "H0Qqmr4wYu8j/smM6Ow7vt7nGs8mqrdpxgPVCDKJFXrt/YpojzIbPZIXpBKLPhEbPVjGEr"
    "EFQfYCD09OX+27N7C4sZCAvrkn/1cXN1jFYxHW1eAuB+je1Ays8hdwy90yPxPNRqbB2x4t"
    "iEX+hWwDzbCOTIs8UfLsVQw2BeH9BPHRQKzssEQseu69IAQlICjREYXYUX9FoaCENxZTLZ"
    "4TlFhJ9NBorn4jQ66iy6DrV+8htCeHRSI+vFYmuG5ZHF1/HvOAKgFzUq6HeFfflZ+pyiS7"
    "nmaGB1b1IZVdEh9YcNttUSZaGQoAnrKtAegXiQo4o/NMQAOJPsH5z+Hw6OjN8PXR6duT4z"
    "dvTt6+XuGaLsoD+OzyB4FxTDmkQQf2MbCP2+Ca2N+IfVzEE+R4BvJ2viDPyu4R3rItb7bE"
    "6GfvLv1xTqYV5XYAiXHbpy5Upzdx7LCp8fna3xdF4lCMV9jP8ykabtXoJiuQawtuMHCD9c"
    "kN5g9uiYbOTgeNykBG6BYZoTbRxahxubhl6IcpOSAhTmRmxG52trj1QkUTbD/KJuBoce70"
    "64ecFBbUXBvT85Nobi9u3l/e/PD19tP4/OLuTvw8H1/fXl1MLt5//TC6vLp4j/aesOYQG1"
    "EdqcaSN8P3QYTre+8uxD4wXyQ5PTU9Y33wbIZnC6IIN3EyfpaoKP4Y8CqJywGb4A9YZ8A6"
    "o53zT4/XGZADBDlALV8+QA4Q5ACVGD+QA5QzfiAHqG+TfJEcIN6KsgyJPDaCtkWGxEYt2+"
    "WzK+WR3pwllDzO2310T4qAe5KN7UkK2tC6LNN9o0I9ZNIcvh4W4dKIajndeJji03BTXGid"
    "MrNtVASm2+R0y5Hh71e2+8al+pCk1gDxDk4s2GVW4OYW2Q5ssda0RLuXkWljbMfpim2blK"
    "vJAbUI/xhbmFbTl5LISkQhGzTj9KtSwMaloMtKSJYb8CsBzmw4gbMKnNWGwa1hx9zohFQB"
    "yAV3zm3nxLUWXsnsnZEgnlQWFfXfnnfdVu9n0FVgczY0kGL7FJKot8S2OB27q9jGV51lMw"
    "TqpU4ZUzKQkqZEwX4+XSqoAiRlIA+lffVAHhq00SEE5CEgDxUcPF2JxgB56P/MXw3koUrH"
    "D5CH+jbJFyEPZYZUs2f5bYOprWvd+s/+cx0WyzKqKiIBqiqpqrjROXN3rZM6IrN7blKuD1"
    "yABghwHmMlDXQ26yKU6APETdMtIGIEEaM2ejC33eWkZh+m65uXezEDt32uH3NVqVJPZiIf"
    "cs1JaYnaVFdmmGHNmIu/Is40SKcEj2hLtUlHjaVCHlHDsbj2K3noSlwKFkQdPHqlZfg3c/"
    "IKo0wr5RhYCfQw86VY6kte7kvKrIq+WQl1khDrAdZNq5OphXXJKim7Y68E+qg8anB3mRaV"
    "GVV5jhkqNa56AHD1ccOZY1lEn5XLmYvI9BDjIhBnI5xK+Hx0ymDrV+8frNVv6Y2fMOWfTj"
    "XKSnXfpFz/sK5BTWDd0OkMa2XtlZRgH9Bueo1Bl2X39wslmt/dL+KSmTpUY1S3D8TzduGV"
    "qWXPP77AWGLrRXFBLjsgpMIwKMoPCv6S2NzIaxaXhDzS9jAKJF4yt62UDeiDScEGbVudPD"
    "fjSjg8LRKgTbZfJD57mlquerCVpxOmBYFqkDrmw8NoW3Jhzm1AmXVAmZU+hTopB8uF8ssF"
    "YCRmq7luBtmKMBLjMe94q58ZBleheoYBFRNMNPqUS9bVzqsrzY65s/H4KtamZ5fJQXV/fX"
    "bBVxNuY/JK1KNqwLlKwDhqBbgNnqs0Y1hp9JTtds7d+acGCZAcS9seo4/G9N4qom+7iFL0"
    "hIAtoUqcStCTUSxLEW/stK7OgFQnG3JCZ49Xxkx6EsaqbD+PD8l4LUULqu0kt9v9P9Vrcr"
    "g+fv1qvEbreYydi8Nl0xlFQwuKlM6oxDO+Jm8yIdtDa6u71lXaobEwNJWU2i46lOhhutfh"
    "sAh3jtfKdsgOU8w5DdtMsRx9kyzkuCg4B9s2llLW3W7yHfwjXiXze3j4a/bs7oR16pzaE9"
    "kMj9Rj0UEeA+QxdGCe6KaLtUgeQzAQi64Agvp9nP8rD8caFp1THWtKWfslJdgDaneCbHxy"
    "UoRsfHKSTTYWZQlOoW2TsjsAR2XAZw3BAAgG7B7cGjasdYd5BeheE5XiUXCznsIb1YkxaG"
    "/GaHQ+uRzfFIu0uM20nbe34Pa17bRsm/X0upsoy6xAf3PlHBswqFFnujtZYprOcgejD4y+"
    "dirLHht93lBMNXi2PbIS6KHZNzwpElPhtXIskVR2024DVq3Ct5Z9qMAwAcOkDQu65Mq5Op"
    "YSMx6JvuXieWTSibhNjwBPkZT+NKaVkJT6itHOKEpgkoVcJYlVFqExZRtmkUM11tpmgxGy"
    "iYc+8uWQ8YAw8pnQyN/X7B2izEZLY/bomMjNY0RYV9Ezt9r4L4sJFYbmBrERN2woOxgk4K"
    "3zOVIrMrIfG5+8qPu5YEaCGdkNJd1jMxJ2hap37xwOnCzTLGdrl0CgDylmDViRNv1Sqv8G"
    "9fsH70mxTc1y9jRLYrvR9gqwrcKWeZImfxumYD7npGHP3m8kLtX8niO7aYB6dhcJVqgp+D"
    "Nz76MizWXd16laKk6897RCyZV8RAaOyk6dmQCnuwNVpsXAgkd6h1QZOCW3vlNy3WmpAmRL"
    "0ZDaOYmtxTY6hW/DQoIk3V26wF0Cl8T/HRC7sp3fwQHoRTzfJiUz4rqhfccyM5DpMOFa9o"
    "eovY8eLGOJsI68lBdkWOIPzzN9/+lK5uiu6rZwrHELFhX74MAGBzawdBp0YMMhKbvxAkIe"
    "TMXGfdAl3Rm+JLAyWfBIgfMEnCc7BxfyjHYLb5E8o0w1XAHI4f4InVS6a/GVTT0xnPmLoJ"
    "v7qytwpHTDkeLp2wxvykoZ57tUwmo72coL/BngzwB/Rh/9GS3aJq8ytlhqLV1knoS0hPVp"
    "CUuxvlXcBeCWOPVypdyOFI6OomVMZcdtlYOJ36PHALmRq60h6llsPwaSZzNtiVFh+7KbEN"
    "nE2hYgf+OJPsIDu10XAKm5HWI6A0+dPoQRsehsMZA4EPyS/TzvAQ7rtMZ1kMmqlnoOJHxq"
    "30hpr2FTCZk621PwxJW4lK+ebTZGRPoYCa9lZ0I+qEog7FfvIbq15HHxJzKiS1xd2SkvER"
    "HIdymZ71LCKVL9ZPbtfzVieKc="
)
