"""Page statements on SQLite, run on the calling thread through a read-only connection of their own.

Tortoise runs every SQLite statement in aiosqlite's thread. For a page that costs more than the statement: a
round trip between the threads, and then the fetch, which builds each row's Python values in that thread while the
event loop runs Python for other requests, so the two take turns on the GIL row by row. A page statement is
bounded (a keyset index, at most 101 rows, a fraction of a millisecond), so running it where it is awaited is
cheaper, and measured: bench/list_throughput.py serves `ctaJobs(first: 100)` ~1.2x faster this way (the
"page reads through aiosqlite" line runs the same server with this module switched off).

What a statement costs, the loop waits for: the page itself is bounded, its `totalCount` is not. It counts the
workspace's rows of the list through an index, ~0.1 µs a row here (0.05 ms at 500 jobs): ~10 ms at 100,000, a
stall every request on the loop would share, where aiosqlite's thread would count without holding the GIL.

The connection is the database file's own (WAL: a reader sees the last committed state and never waits for the
writer), `query_only`, opened per thread and Tortoise client, closed with the database (db.lifecycle.close_db).
A read inside a transaction, a database this cannot open beside Tortoise's (in memory), or a statement SQLite
refuses for a lock, takes Tortoise's path.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient

BUSY_TIMEOUT = 0.05  # seconds a read waits for a lock (a WAL reader rarely has to) before Tortoise's path

_connections: weakref.WeakKeyDictionary[Any, dict[int, sqlite3.Connection]] = weakref.WeakKeyDictionary()
enabled = True  # bench/request_path_app.py switches it off to measure what it is worth


async def fetch(client: Any, sql: str, params: list[Any]) -> list[Any]:
    """The rows of a read-only statement on Tortoise's SQLite `client` (tuples, or sqlite3.Row on its path)."""
    connection = _connection(client) if enabled else None
    if connection is not None:
        client.log.debug("%s: %s", sql, params)  # Tortoise's statement log, as on its own path
        try:
            return connection.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
    _, rows = await client.execute_query(sql, params)
    return list(rows)


def close_all() -> None:
    for by_thread in list(_connections.values()):
        for connection in by_thread.values():
            connection.close()
    _connections.clear()


def _connection(client: Any) -> sqlite3.Connection | None:
    if isinstance(client, TransactionalDBClient):  # inside a transaction: read through it, its own writes included
        return None
    filename = getattr(client, "filename", None)
    if not filename or filename == ":memory:" or str(filename).startswith("file::memory:"):
        return None
    by_thread = _connections.setdefault(client, {})
    thread = threading.get_ident()
    connection = by_thread.get(thread)
    if connection is None:
        connection = sqlite3.connect(filename, timeout=BUSY_TIMEOUT, isolation_level=None)
        connection.execute("PRAGMA query_only = ON")
        by_thread[thread] = connection
    return connection
