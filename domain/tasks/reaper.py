"""Recovery: work whose lease ran out is put back and sent again.

- Running past its lease: its worker died (or lost the database for longer than a lease). Released and re-sent.
- Waiting past its lease: its message may be lost (Redis restarted empty). Re-sent at once when the broker holds
  no messages at all. Otherwise (a long backlog, whose messages are merely queued) the row gets a long lease
  (`STARVED_LEASES` leases) and is re-sent only if that runs out too — never a storm of duplicates.
- Embedded start-up (`everything`): the in-memory queue died with the process, so everything unfinished is re-sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from db import claims
from db.transactions import in_transaction
from domain import outbox
from domain.tasks.kind import TaskKind, declared
from observability import LEASE_EXPIRIES

log = logging.getLogger(__name__)
STARVED_LEASES = 20

# Installed by the broker set-up: how many messages the broker holds (queued, delayed or being worked on).
_backlog: Callable[[], int] | None = None


def set_backlog_probe(probe: Callable[[], int] | None) -> None:
    global _backlog
    _backlog = probe


def _broker_is_empty() -> bool:
    if _backlog is None:
        return False
    try:
        return _backlog() == 0
    except Exception:
        log.warning("could not read the broker's backlog", exc_info=True)
        return False


async def reap(now: datetime, lease: timedelta, *, everything: bool = False) -> int:
    """Re-send abandoned work; returns how many rows were re-sent."""
    cutoff = datetime.max.replace(tzinfo=now.tzinfo) if everything else now
    empty = everything or _broker_is_empty()
    count = 0
    for kind in declared():
        count += await _reap_kind(kind, now, cutoff, lease, empty)
    if count:
        log.warning("re-sent abandoned work", extra={"count": count})
        await outbox.flush()
    return count


async def _reap_kind(kind: TaskKind[Any], now: datetime, cutoff: datetime, lease: timedelta, empty: bool) -> int:
    count = 0
    long_lease = lease * STARVED_LEASES
    for row in await claims.expired(kind.model, (kind.waiting, *kind.running), cutoff):
        waited_long = row.lease_expires_at - row.updated_at >= long_lease
        resend = row.status != kind.waiting or empty or waited_long
        async with in_transaction() as tx:
            released = await claims.release(
                kind.model, row, waiting=kind.waiting, lease=lease if resend else long_lease, now=now
            )
            if released and resend:
                await outbox.stage(kind.job(row.id), using_db=tx)
                count += 1
        if released and row.status != kind.waiting:  # claimed, and its worker stopped renewing the lease
            LEASE_EXPIRIES.labels(kind.name).inc()
    return count
