from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "outbox_message" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "messages" JSONB NOT NULL,
    "send_attempts" INT NOT NULL
);
CREATE TABLE IF NOT EXISTS "tick_lock" (
    "name" VARCHAR(64) NOT NULL PRIMARY KEY,
    "locked_until" TIMESTAMPTZ NOT NULL,
    "holder" VARCHAR(128) NOT NULL,
    "last_run_at" TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS "workspace" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(100) NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS "probe" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "attempt" INT NOT NULL,
    "lease_expires_at" TIMESTAMPTZ,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "message" VARCHAR(200) NOT NULL,
    "work_ms" INT NOT NULL,
    "processed_by" VARCHAR(100),
    "result" TEXT,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_probe_status_4bb376" ON "probe" ("status");
CREATE INDEX IF NOT EXISTS "idx_probe_lease_e_cbaf92" ON "probe" ("lease_expires_at");
CREATE TABLE IF NOT EXISTS "user" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "workspace_id" UUID NOT NULL REFERENCES "workspace" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_user_workspa_28902b" UNIQUE ("workspace_id", "email")
);
CREATE TABLE IF NOT EXISTS "api_token" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "label" VARCHAR(100) NOT NULL,
    "last_used_at" TIMESTAMPTZ,
    "user_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztW21v2zYQ/iuGPnVAFySKnQbDMMBJnNVrYheJshYtCoKWGFuwRKkStcTI8t9H0nqlKE"
    "XyrMQW9KWN70Uin+PxjnfUk2I7BrL8g6Fras4SYeW33pOCoY3oHzne+54CXTfhMAKBM4sL"
    "Q9cEJBab+cSDOqGMe2j5iJIM5Oue6RLTYS/BgWUxoqNTQRPPE1KAzZ8Boo+aI7JAHmV8/0"
    "HJJjbQI/Kjn+4S3JvIMjLjNQ32bk4HZOVy2t3d+OKSS7LXzYDuWIGNE2l3RRYOjsWDwDQO"
    "mA7jzRFGHiTISE2DjTKcckRaj5gSiBegeKhGQjDQPQwsBoby+32AdYZBj7+J/dP/IxxaSg"
    "yAyVQDtyMNAKUGdrqDGe4mJgyop+f1cxNAOFVhLzj/OLx5d3zyC4fA8cnc40wOl/LMFSGB"
    "a1UOeoKy7iGGCYAkj/YF5RDTRnLEs5oC8kaoehD9sYkFIkJigmT5ReBG8DUAuEInaEyxtQ"
    "ptX2IAbXw9utWG15/Z62zf/2lx/IbaiHFUTl0J1HdreznUs9Y+Fz+k92Wsfeyxn71v08lI"
    "tGosp31T2JhgQByAnQcAjdQyjagRalQysTp3bbCA/iJv9fMF9OQWz2oJFqfINeNlTVrYho"
    "/AQnhOFvTnSb/Ewn8Pb7iXnfQFq01CjspZzxmY6ayRVQfhWGE74FZxIKWp/SoL7tHhYQV0"
    "qVQhvJwn4usTEPgbbV+i7hY2sHDp7sr+tSf7VYRJ6YZFDeWBehlBSmWbacHuGvWFLIAlWv"
    "dLaRLAoMpDe+l4yJzjT2jFAR7TcUCsIwmgYWp5Fz5mPyFNqIkre/AhzkzTC4rOnc4YkfV2"
    "Prw9H16MFI7wDOrLB+gZIAM14ziqI1Bi2TzLVm2RAjGcc3DYLNiYQ9SnAZk5j9fI9ylfkW"
    "T8WYHStN/hosBOyXa5f5f7d7n/nsTSKrl/6Nx+3uZ/3U4ncnundURrmzrp/duzTJ/soZ1L"
    "7MrQyJg0SkXfXQ+/ilnq+dX0TLQVe8CZkLH6CDOvIch2icQCY0zkBsjpCVZgUash9A+bcj"
    "EerX5Vj/of+qfHJ/1TKsJHGVM+lFhnPNFkOc3bhODPnjOTht41ozTkurFIF2m7SNtF2hZF"
    "WnpeIoFkly+u/yQaTRWA3q68dqxWKAAdq4X1H8bKBtMwHtYIoymNLoBqYjUNQR8B9Oia1A"
    "U2qahJ9F+lqvaaa3pPtqdqRTXX2DAqZTW7qLTDZg9Hnzv/1QlLKZXXa0y8WmBSK7Um1JLW"
    "hJpvTTw43hLYdY54KY0uNomxiZ6SdLoI6ZYzW9VZuaLeRst3x/o6r9BYo7sNG3IOaA09Fq"
    "zeRKMNEJdt96OvWnlZKN7tr6aTPyNxsVaU3y18F+qoZo9L1OsaXeWNrhivLXS7vqSftZ/g"
    "vtjyEtfXLvW9NFNfXjn6UpHU3WLe+7LSG6FSwIrE3qT8xv+vEc8i+e7yjRDEoss3xTU4Zm"
    "iaBwSYmJI7OS8cbQXdFp549veEkz/YLhzLkN1oKParRKOFB5wj9bRKiqieFqeIjCe5e+UF"
    "eNOrV4lqd/Nq13xpR9pq/D6RJLpH94yKI3t0oWm7Qf17Nn9ENqTR4EfXaes6bfsRFPazpl"
    "ml07Z2xRrxPlZoYbhXB1VyaSpVXM8c5K6yv+1BZafwbaTi1lWAugpQGytAwjdHkobIWah3"
    "+ekGWZDPoxDx9MeLLQH8uckMOlmhkjQ6s3yLc+mMx3SX1LrUuUud25Q6dxXobad1NaonmQ"
    "b3THYnv050jG8b75l3FYZG8QvA/4lPy75PazRzGCLP1BeytCHklOYMMJHZmYSh8OKNNF+Q"
    "3LkJt6bd3c62cuemOD/4hzpg6F9Vg0VKpYWFAHUwqFRoGZQUWga5S83UqWogHIq3EN1Gyi"
    "z0jQRhSYJb/O1bSqX79K3mp29v2kh6/g+bmW6w"
)
