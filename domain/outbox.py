"""Jobs for the workers: staged in the caller's transaction, handed to the broker once it has committed."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from db import outbox as outbox_rows

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


def set_sender(sender: Sender | None) -> None:
    """Installed by the broker set-up of each process (API, worker, scheduler)."""
    global _sender
    _sender = sender


async def stage(job: Job | Sequence[Job], using_db: BaseDBAsyncClient | None = None) -> None:
    """Record a job (or several independent ones, e.g. a fan-out) in the current transaction."""
    jobs = [job] if isinstance(job, Job) else list(job)
    await outbox_rows.stage([j.to_json() for j in jobs], using_db=using_db)


async def flush() -> int:
    """Send everything staged so far. Call it after the transaction that staged jobs has committed."""
    if _sender is None:
        return 0  # no broker in this process (e.g. a CLI): the scheduler's drain will send them
    loop = asyncio.get_running_loop()
    lock = _locks.setdefault(loop, asyncio.Lock())
    async with lock:  # SQLite has no SKIP LOCKED: one drainer per process at a time
        total = 0
        try:
            while sent := await outbox_rows.drain(_sender):
                total += sent
        except Exception as exc:
            # The broker is away (Redis restarting): the entries stay staged and the scheduler's drain sends them.
            log.warning("could not hand staged jobs to the broker yet", extra={"error": repr(exc)})
        return total
