"""`enqueue`: the one way to start background work.

A use case writes its rows in waiting status and, in the same transaction, enqueues their kind's messages: they are
staged in the outbox (`domain.outbox.stage`, so a rollback drops them with the rows) and handed to the broker by the
outbox itself right after that transaction commits (`domain.outbox.send_after_commit`): exactly the entries this
transaction staged, never the backlog of others, which the scheduler's drain sends. No feature module flushes by
hand. Called outside a transaction, the entry is committed at once and sent at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from domain import outbox
from domain.tasks.kind import TaskKind, kind_named


async def enqueue(
    kind: TaskKind[Any] | str,
    rows: Any,
    *,
    delay: timedelta | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> int:
    """Stage the message of each row (a row, its id, or several of either: a fan-out is one outbox entry) and send
    them once the caller's transaction commits; `delay` runs them later. Returns how many messages were staged.

    `kind` may be named instead of given, for a feature whose kind is declared in a module that imports the caller
    (listing: the slot's task sends the next slot)."""
    task_kind = kind_named(kind) if isinstance(kind, str) else kind
    delay_ms = int(delay.total_seconds() * 1000) if delay else 0
    jobs = [task_kind.job(row_id, delay_ms=delay_ms) for row_id in _ids(rows)]
    if not jobs:
        return 0
    entry = await outbox.stage(jobs, using_db=using_db)
    await outbox.send_after_commit(entry)
    return len(jobs)


def _ids(rows: Any) -> list[Any]:
    if isinstance(rows, (Model, str, bytes)) or not isinstance(rows, Iterable):
        rows = [rows]
    return [row.pk if isinstance(row, Model) else row for row in rows]
