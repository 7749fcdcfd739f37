"""Which failures of the outside world pass: a dropped connection (Redis or PostgreSQL restarting), a timeout,
and any integration error that says so itself (`transient = True`: a 429, a 5xx, a slow page)."""

from __future__ import annotations

import asyncio

import redis.exceptions
from tortoise.exceptions import DBConnectionError

_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    asyncio.TimeoutError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    DBConnectionError,
)


def is_transient(exc: BaseException) -> bool:
    if getattr(exc, "transient", None) is True:
        return True
    if isinstance(exc, _CONNECTION_ERRORS):
        return True
    try:
        import asyncpg

        if isinstance(exc, asyncpg.exceptions.ConnectionDoesNotExistError | asyncpg.exceptions.InterfaceError):
            return True
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        pass
    return isinstance(exc, OSError) and exc.errno is not None
