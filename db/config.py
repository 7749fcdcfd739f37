"""Tortoise ORM configuration for the app and for the aerich CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODEL_MODULES = ["db.models", "aerich.models"]
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": database_url},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _env_url() -> str:
    import os

    return os.environ.get("DATABASE_URL", "sqlite://./vitrine.db").replace("postgresql://", "postgres://", 1)


# Read by the aerich CLI (`[tool.tortoise]` in pyproject.toml) when a developer makes a migration.
TORTOISE_ORM = tortoise_config(_env_url())
