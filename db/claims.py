"""Conditional updates that make leased work exactly-once in effect: claim, renew, finish, reap.

A row's `attempt` is its claim token. A worker claims a row by bumping `attempt` with a compare-and-swap, and every
later write of that worker is conditional on the token, so a worker that lost its lease (crashed, paused, or
superseded by the reaper) can never overwrite the result of the one that replaced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tortoise.expressions import Q

from db.models.base import LeasedWork

W = TypeVar("W", bound=LeasedWork)


def _claimable(waiting: Iterable[str], running: Iterable[str], now: datetime) -> Q:
    # A running row whose lease expired belongs to a dead worker: it may be claimed again.
    return Q(status__in=list(waiting)) | Q(status__in=list(running), lease_expires_at__lt=now)


async def claim(
    model: type[W],
    pk: Any,
    *,
    waiting: Sequence[str],
    running: str,
    lease: timedelta,
    now: datetime,
    also_running: Sequence[str] = (),
) -> W | None:
    """Move a waiting (or abandoned) row to `running`; returns the row with its new token, or None if taken."""
    row = await model.filter(Q(id=pk) & _claimable(waiting, [running, *also_running], now)).first()
    if row is None:
        return None
    token = row.attempt + 1
    updated = (
        await model.filter(id=pk, attempt=row.attempt)
        .filter(_claimable(waiting, [running, *also_running], now))
        .update(status=running, attempt=token, lease_expires_at=now + lease, updated_at=now)
    )
    if not updated:
        return None  # somebody else claimed it between our read and our write
    row.status, row.attempt, row.lease_expires_at = running, token, now + lease
    return row


async def advance(model: type[W], row: W, *, lease: timedelta, now: datetime, **changes: Any) -> bool:
    """Write progress (and extend the lease) if `row` still holds its claim."""
    updated = await model.filter(id=row.id, attempt=row.attempt).update(
        lease_expires_at=now + lease, updated_at=now, **changes
    )
    for key, value in changes.items():
        setattr(row, key, value)
    return bool(updated)


async def finish(model: type[W], row: W, **changes: Any) -> bool:
    """Final write of a claimed row (e.g. status done): applied only while the claim is still ours."""
    updated = await model.filter(id=row.id, attempt=row.attempt).update(
        lease_expires_at=None, updated_at=datetime.now(UTC), **changes
    )
    return bool(updated)


async def expired(model: type[W], statuses: Sequence[str], now: datetime, limit: int = 500) -> list[W]:
    return await model.filter(status__in=list(statuses), lease_expires_at__lt=now).limit(limit)


async def release(model: type[W], row: W, *, waiting: str, lease: timedelta, now: datetime) -> bool:
    """Reaper: put an expired row back to waiting (CAS on attempt and lease) so exactly one reaper re-enqueues it."""
    updated = await model.filter(
        id=row.id, attempt=row.attempt, status=row.status, lease_expires_at=row.lease_expires_at
    ).update(status=waiting, lease_expires_at=now + lease, updated_at=now)
    return bool(updated)


async def give_back(model: type[W], row: W, *, waiting: str, lease: timedelta, now: datetime, **changes: Any) -> bool:
    """A worker hands its claimed row back to waiting (e.g. before a retry); refused if the claim is no longer ours."""
    updated = await model.filter(id=row.id, attempt=row.attempt).update(
        status=waiting, lease_expires_at=now + lease, updated_at=now, **changes
    )
    return bool(updated)
