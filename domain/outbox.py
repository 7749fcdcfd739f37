"""Jobs for the workers: staged in the caller's transaction, handed to the broker once it has committed.

Two ways out of the outbox table:
- `send_after_commit(entry)`: the entries a transaction staged itself are sent right after it commits (and not at
  all if it rolls back). This is how `domain.tasks.enqueue` starts background work: a request or a task sends
  only what it staged, never the whole backlog.
- `flush()`: the drain, run by the scheduler on every tick: everything still staged (the broker was away, the
  process died between commit and send, or a transaction was cancelled before it could send).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from db import outbox as outbox_rows
from db.transactions import after_commit

Sender = Callable[[list[dict[str, Any]]], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One actor message, by actor name: the domain never imports Dramatiq."""

    actor: str
    args: tuple[Any, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "args": list(self.args), "options": self.options}


_sender: Sender | None = None
_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
_OWN_ENTRIES = "outbox.own_entries"  # the key of a transaction's staged entries in its after-commit scratch


def set_sender(sender: Sender | None) -> None:
    """Installed by `actors.setup.wire` in each process that has a broker (API, worker, scheduler); never at import."""
    global _sender
    _sender = sender


def sender() -> Sender | None:
    """The installed sender (None: nothing is sent from this process, the entries wait for the scheduler's drain)."""
    return _sender


async def stage(job: Job | Sequence[Job], using_db: BaseDBAsyncClient | None = None) -> Any:
    """Record a job (or several independent ones, e.g. a fan-out) in the current transaction; returns the entry's
    id. Staging alone sends nothing: `send_after_commit` (or the scheduler's drain) does."""
    jobs = [job] if isinstance(job, Job) else list(job)
    return await outbox_rows.stage([j.to_json() for j in jobs], using_db=using_db)


async def send_after_commit(entry_id: Any) -> None:
    """Send this entry once the open transaction commits (at once when none is open: it is committed already).
    The entries of one transaction go out together, after its commit, in the order they were staged."""
    pending = after_commit()
    if pending is None:
        await send([entry_id])
        return
    own: list[Any] | None = pending.shared.get(_OWN_ENTRIES)
    if own is None:
        own = pending.shared[_OWN_ENTRIES] = []
        entries = own
        pending.callbacks.append(lambda: send(entries))
    own.append(entry_id)


async def send(entry_ids: Sequence[Any]) -> int:
    """Hand exactly these staged entries to the broker (those another sender has not taken first)."""
    if _sender is None or not entry_ids:
        return 0  # no broker in this process (e.g. a CLI): the scheduler's drain will send them
    sender = _sender
    try:
        async with _lock():
            return await outbox_rows.send_entries(sender, entry_ids)
    except Exception as exc:
        # The broker is away (Redis restarting): the entries stay staged and the scheduler's drain sends them.
        log.warning("could not hand staged jobs to the broker yet", extra={"error": repr(exc)})
        return 0


async def flush() -> int:
    """The drain: send everything staged so far, oldest first (the scheduler's periodic job; tests)."""
    if _sender is None:
        return 0
    sender = _sender
    total = 0
    try:
        while True:
            async with _lock():  # taken per batch, so a request sending its own entries waits for one batch at most
                sent = await outbox_rows.drain(sender)
            if not sent:
                return total
            total += sent
    except Exception as exc:
        log.warning("could not hand staged jobs to the broker yet", extra={"error": repr(exc)})
        return total


def _lock() -> asyncio.Lock:
    """SQLite has no SKIP LOCKED: one sender per process at a time."""
    return _locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
