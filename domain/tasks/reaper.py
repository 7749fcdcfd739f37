"""Recovery: work whose lease ran out is put back and sent again.

- Running past its lease: its worker died (or lost the database for longer than a lease). Released and re-sent.
- Waiting past its lease: its message may be lost (Redis restarted empty). Re-sent at once when the broker holds
  no messages at all, or holds none for this row (the broker's held-rows probe: Redis came back empty and new
  messages arrived since). A row whose message is still queued (a long backlog) gets a long lease
  (`STARVED_LEASES` leases) instead and is re-sent only if that runs out too — never a storm of duplicates. A
  re-sent row whose old message turns up after all runs once: the claim takes it once.
- Embedded start-up (`everything`): the in-memory queue died with the process, so everything unfinished is re-sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db import claims
from db.transactions import in_transaction
from domain.tasks.enqueueing import enqueue
from domain.tasks.kind import TaskKind, declared
from observability import LEASE_EXPIRIES

log = logging.getLogger(__name__)
STARVED_LEASES = 20


@dataclass(frozen=True)
class Probes:
    """What the reaper may ask the broker, installed by `actors.setup.wire` (none until then: it cannot tell)."""

    # How many messages the broker holds (queued, delayed or being worked on).
    backlog: Callable[[], int] | None = None
    # Where the broker can tell (Redis): the ids of the rows a kind's messages held by the broker (queued or delayed)
    # are for. None: it cannot tell (the in-process broker, whose queue only a restart loses).
    held_rows: Callable[[str], set[str]] | None = None


_probes = Probes()


def set_probes(probes: Probes) -> None:
    global _probes
    _probes = probes


def probes() -> Probes:
    return _probes


def _rows_held(kind_name: str) -> set[str] | None:
    held_rows = _probes.held_rows
    if held_rows is None:
        return None
    try:
        return held_rows(kind_name)
    except Exception:
        log.warning("could not read the broker's messages", exc_info=True)
        return None


def _broker_is_empty() -> bool:
    backlog = _probes.backlog
    if backlog is None:
        return False
    try:
        return backlog() == 0
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
    return count


async def _reap_kind(kind: TaskKind[Any], now: datetime, cutoff: datetime, lease: timedelta, empty: bool) -> int:
    count = 0
    long_lease = lease * STARVED_LEASES
    held: set[str] | None = None  # read once per kind and tick, and only for a waiting row past its lease
    cols = kind.cols
    for row in await claims.expired(kind.model, (kind.waiting, *kind.running), cutoff, cols=cols):
        status = getattr(row, cols.status)
        waited_long = getattr(row, cols.lease) - row.updated_at >= long_lease
        lost = empty or waited_long
        if status == kind.waiting and not lost:
            held = _rows_held(kind.name) if held is None else held
            lost = held is not None and str(row.pk) not in held
        resend = status != kind.waiting or lost
        async with in_transaction() as tx:
            released = await claims.give_back(
                kind.model,
                claims.unchanged(row, cols),
                waiting=kind.waiting,
                lease_until=now + (lease if resend else long_lease),
                now=now,
                cols=cols,
                using_db=tx,
            )
            if released and resend:
                await enqueue(kind, row.pk, using_db=tx)
                count += 1
        if released and status != kind.waiting:  # claimed, and its worker stopped renewing the lease
            LEASE_EXPIRIES.labels(kind.name).inc()
    return count
