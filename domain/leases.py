"""The reaper: work left waiting or running past its lease (a lost message, a crashed worker) is re-enqueued."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from db import claims
from db.models.base import LeasedWork
from domain import outbox
from domain.outbox import Job

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeasedKind:
    name: str
    model: type[LeasedWork]
    waiting: str
    running: tuple[str, ...]
    jobs_for: Callable[[LeasedWork], Job | Sequence[Job]]


_kinds: dict[str, LeasedKind] = {}


def register(kind: LeasedKind) -> None:
    _kinds[kind.name] = kind


def registered() -> list[LeasedKind]:
    return list(_kinds.values())


async def reap(now: datetime, lease: timedelta, *, everything: bool = False) -> int:
    """Re-enqueue expired work; `everything` (embedded start-up: the in-memory queue is empty) ignores leases."""
    cutoff = datetime.max.replace(tzinfo=now.tzinfo) if everything else now
    count = 0
    for kind in _kinds.values():
        for row in await claims.expired(kind.model, (kind.waiting, *kind.running), cutoff):
            async with in_transaction() as tx:
                if await claims.release(kind.model, row, waiting=kind.waiting, lease=lease, now=now):
                    await outbox.stage(kind.jobs_for(row), using_db=tx)
                    count += 1
    if count:
        log.warning("re-enqueued abandoned work", extra={"count": count})
        await outbox.flush()
    return count
