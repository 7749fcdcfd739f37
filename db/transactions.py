"""Transactions that no cancellation can leave open: import `in_transaction` from here, never from Tortoise.

Tortoise 1.1.9 enters a transaction in two steps: it takes the connection's lock (SQLite) or a pool connection
(PostgreSQL), then awaits `BEGIN`. A task cancelled at that await (a client closing its WebSocket mid-mutation, a
timeout, a shutdown) leaves `__aenter__` by `CancelledError`, so `__aexit__` never runs and the lock or pooled
connection stays held for ever: every later query of the process waits (shared/notes/tortoise-transaction-cancel.md).
A cancellation during `COMMIT` or `ROLLBACK` in `__aexit__` is no safer.

So every top-level transaction context of the clients we use is wrapped once per process, before its first connection
(`install`, called by db.lifecycle's `init_db` and `apply_migrations`, never at import): entry and exit
run to their end in a task of their own, whatever happens meanwhile to the task that asked for them, and a
cancellation that arrived meanwhile is raised afterwards, once the transaction is rolled back and its lock or
connection given back. A transaction whose task is cancelled therefore either commits whole (the cancellation came
during `COMMIT`: it completes, then the task sees the cancellation) or rolls back whole. Being installed on the client
classes, it also covers the transactions Tortoise opens itself (`get_or_create`, aerich's migrations). Savepoints
(a transaction inside a transaction) hold nothing of their own: the outer transaction rolls them back.

The entry and exit run in the caller's context variables (a copy taken at entry, shared by both), where Tortoise
keeps the "current connection" it sets on entry and resets on exit; the caller's own context gets the same
connection for the body, so queries without `using_db=` inside the block still run in the transaction.

Work that must wait for the commit (handing staged messages to the broker) registers with `after_commit` from
inside the block: it runs once the top-level transaction has committed, and never if it rolled back (nor if the
task was cancelled meanwhile: what it would have sent stays staged for the scheduler's drain). A savepoint holds no
list of its own: what runs inside it waits for the top-level commit.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from types import TracebackType
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionContext
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.transactions import in_transaction as _tortoise_in_transaction  # noqa: TID251 (wrapped here)

T = TypeVar("T")
log = logging.getLogger(__name__)

__all__ = ["AfterCommit", "CancellationSafeTransaction", "after_commit", "in_transaction", "install", "installed"]


class AfterCommit:
    """What the open top-level transaction runs once it has committed, in the order it was registered.

    `shared` is a scratch dict common to everything inside the transaction, so a caller that registers once per
    transaction (the outbox collecting the entries it staged) can find what it registered before."""

    __slots__ = ("callbacks", "closed", "shared")

    def __init__(self) -> None:
        self.callbacks: list[Callable[[], Awaitable[object]]] = []
        self.shared: dict[Hashable, Any] = {}
        self.closed = False  # the transaction ended: a task that copied the context inside it must not add to it

    async def run(self) -> None:
        for callback in self.callbacks:
            try:
                await callback()
            except Exception:  # the transaction committed: what follows it must not make it look failed
                log.exception("after-commit work failed")


_after_commit: contextvars.ContextVar[AfterCommit | None] = contextvars.ContextVar("vitrine_after_commit", default=None)


def after_commit() -> AfterCommit | None:
    """The open top-level transaction's after-commit list, or None outside a transaction (what was written is
    committed already, so the caller does its follow-up at once). A task started inside a transaction that has
    ended since still sees it in its copy of the context: closed, it counts as none."""
    pending = _after_commit.get()
    return None if pending is None or pending.closed else pending


async def _to_the_end(coro: Coroutine[Any, Any, T], context: contextvars.Context) -> tuple[asyncio.Task[T], bool]:
    """Run `coro` in a task of its own (in `context`) until it ends, even if the caller is cancelled meanwhile.

    Returns the finished task and whether the caller was cancelled while it waited (the caller then raises the
    cancellation itself, once it has put things straight)."""
    task = asyncio.get_running_loop().create_task(coro, context=context)
    cancelled = False
    while not task.done():
        try:
            await asyncio.wait((task,))
        except asyncio.CancelledError:
            cancelled = True
    return task, cancelled


class CancellationSafeTransaction(TransactionContext):
    """Wraps one of Tortoise's top-level transaction contexts; see the module's docstring."""

    __slots__ = ("_after", "_after_token", "_context", "_inner", "_token")

    def __init__(self, inner: TransactionContext) -> None:
        self._inner = inner
        self._context = contextvars.Context()
        self._token: Any = None
        self._after = AfterCommit()
        self._after_token: Any = None

    async def __aenter__(self) -> Any:
        self._context = contextvars.copy_context()
        entry, cancelled = await _to_the_end(self._inner.__aenter__(), self._context)
        error = None if entry.cancelled() else entry.exception()
        if entry.cancelled() or error is not None:
            await self._release_after_failed_entry()
            if cancelled or error is None:
                raise asyncio.CancelledError
            raise error
        client = entry.result()
        if cancelled:
            await _to_the_end(self._inner.__aexit__(asyncio.CancelledError, None, None), self._context)
            raise asyncio.CancelledError
        self._token = connections.set(client.connection_name, client)
        self._after_token = _after_commit.set(self._after)
        return client

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        connections.reset(self._token)
        _after_commit.reset(self._after_token)
        self._after.closed = True
        ending, cancelled = await _to_the_end(self._inner.__aexit__(exc_type, exc, tb), self._context)
        ending.result()  # a failed COMMIT raises here
        if cancelled and exc_type is None:
            raise asyncio.CancelledError  # committed whole; the task still stops as it was asked to
        if exc_type is None:
            await self._after.run()

    async def _release_after_failed_entry(self) -> None:
        """Entry failed (e.g. `BEGIN` on a connection the server dropped). Tortoise sets its token only once it
        holds the lock or the pool connection: then its exit gives them back (its rollback may fail; the release
        runs in a `finally`)."""
        if hasattr(self._inner, "token"):
            ended, _ = await _to_the_end(self._inner.__aexit__(RuntimeError, None, None), self._context)
            if not ended.cancelled():
                ended.exception()  # the rollback of a transaction that never began may fail: that is expected


def install() -> None:
    """Wrap the top-level transaction context of each client class we run on (idempotent)."""
    for client_class in (SqliteClient, AsyncpgDBClient):
        original: Callable[..., TransactionContext] = client_class._in_transaction
        if getattr(original, "cancellation_safe", False):
            continue

        def safe(self: BaseDBAsyncClient, _original: Callable[..., TransactionContext] = original) -> Any:
            return CancellationSafeTransaction(_original(self))

        safe.cancellation_safe = True  # type: ignore[attr-defined]
        client_class._in_transaction = safe  # type: ignore[method-assign]


def installed() -> bool:
    """Whether `install` has wrapped every client class of this process."""
    return all(getattr(c._in_transaction, "cancellation_safe", False) for c in (SqliteClient, AsyncpgDBClient))


in_transaction = _tortoise_in_transaction
