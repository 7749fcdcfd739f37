"""Settings validation at start, and models that never drift from the migrations of either dialect."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from db.migration_files import pending_changes
from settings import Settings, parse_duration
from tests.support import require_postgres


def test_durations_accept_seconds_and_units() -> None:
    assert parse_duration("24h") == timedelta(hours=24)
    assert parse_duration(90) == timedelta(seconds=90)
    assert parse_duration("7d") == timedelta(days=7)
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")


def test_local_auth_is_refused_off_loopback() -> None:
    settings = Settings(database_url="sqlite://./x.db")
    assert settings.auth == "local"
    settings.check_serve_host("127.0.0.1")
    with pytest.raises(ValueError, match="only allowed when serving on loopback"):
        settings.check_serve_host("0.0.0.0")


def test_postgres_defaults_to_token_auth_and_needs_a_secret() -> None:
    with pytest.raises(ValidationError, match="VITRINE_SECRET_KEY must be set"):
        Settings(database_url="postgres://u@db/x")
    settings = Settings(database_url="postgresql://u@db/x", secret_key="s" * 32)
    assert settings.auth == "token" and settings.database_url.startswith("postgres://")


def test_openai_provider_needs_a_key_and_is_the_default_with_one() -> None:
    with pytest.raises(ValidationError, match="needs OPENAI_API_KEY"):
        Settings(ai_provider="openai")
    assert Settings(openai_api_key="sk-test").ai_provider == "openai"
    assert Settings().ai_provider == "local"


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
async def test_models_and_migrations_agree(dialect: str) -> None:
    if dialect == "postgres":
        require_postgres()
    assert await pending_changes(dialect) == ""


async def test_drift_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the newest migration file the check must report the models as changed."""
    import db.lifecycle as lifecycle
    from db import migration_files

    real = Path(lifecycle.migrations_location("sqlite://x"))
    files = sorted((real / "models").glob("*.py"), key=lambda p: int(p.name.split("_")[0]))
    if len(files) < 2:
        pytest.skip("needs at least two migrations to drop the newest")
    copy = tmp_path / "sqlite"
    shutil.copytree(real, copy)
    (copy / "models" / files[-1].name).unlink()
    monkeypatch.setattr(migration_files, "migrations_location", lambda url: str(copy))
    assert await pending_changes("sqlite") != ""


@pytest.mark.parametrize(("query", "expected"), [("", 1), ("?synchronous=FULL", 2)])
async def test_sqlite_commits_sync_the_log_at_checkpoints(tmp_path: Path, query: str, expected: int) -> None:
    """WAL with synchronous=NORMAL (1) unless the database URL asks for another level (FULL is 2)."""
    from tortoise import connections

    from db.lifecycle import apply_migrations, close_db, init_db

    url = f"sqlite://{tmp_path}/sync.db{query}"
    await apply_migrations(url)
    await init_db(url)
    try:
        client = connections.get("default")
        _, rows = await client.execute_query("PRAGMA synchronous")
        _, mode = await client.execute_query("PRAGMA journal_mode")
        assert (rows[0][0], mode[0][0]) == (expected, "wal")
    finally:
        await close_db()
