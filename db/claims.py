"""Conditional updates that make leased work exactly-once in effect: claim, renew, finish, reap.

A row's `attempt` is its claim token. A worker claims a row by bumping `attempt` with a compare-and-swap, and every
later write of that worker is conditional on the token, so a worker that lost its lease (crashed, paused, or
superseded by the reaper) can never overwrite the result of the one that replaced it.

Most leased rows use the columns of `LeasedWork` (status, attempt, lease_expires_at); a row that is leased for
one side job only (a product's page fetch) names its own columns with `LeaseColumns`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class LeaseColumns:
    status: str = "status"
    attempt: str = "attempt"
    lease: str = "lease_expires_at"


DEFAULT = LeaseColumns()


def _claimable(cols: LeaseColumns, waiting: Sequence[str], running: Sequence[str], now: datetime) -> Q:
    # A running row whose lease expired belongs to a dead worker: it may be claimed again.
    waiting_now: dict[str, Any] = {f"{cols.status}__in": list(waiting)}
    abandoned: dict[str, Any] = {f"{cols.status}__in": list(running), f"{cols.lease}__lt": now}
    return Q(**waiting_now) | Q(**abandoned)


def token_of(row: Model, cols: LeaseColumns = DEFAULT) -> int:
    return int(getattr(row, cols.attempt))


def _mine(model: type[M], row: Model, cols: LeaseColumns) -> Any:
    return model.filter(**{"id": row.pk, cols.attempt: token_of(row, cols)})


async def claim(
    model: type[M],
    pk: Any,
    *,
    waiting: Sequence[str],
    running: str,
    lease: timedelta,
    now: datetime,
    also_running: Sequence[str] = (),
    also_claimable: Q | None = None,
    cols: LeaseColumns = DEFAULT,
) -> M | None:
    """Move a waiting (or abandoned) row to `running`; returns the row with its new token, or None if taken."""
    takeable = _claimable(cols, waiting, [running, *also_running], now)
    if also_claimable is not None:
        takeable = takeable | also_claimable
    row = await model.filter(Q(id=pk) & takeable).first()
    if row is None:
        return None
    token = token_of(row, cols) + 1
    updated = (
        await _mine(model, row, cols)
        .filter(takeable)
        .update(**{cols.status: running, cols.attempt: token, cols.lease: now + lease}, updated_at=now)
    )
    if not updated:
        return None  # somebody else claimed it between our read and our write
    for name, value in ((cols.status, running), (cols.attempt, token), (cols.lease, now + lease)):
        setattr(row, name, value)
    return row


async def renew(model: type[M], row: M, *, lease: timedelta, now: datetime, cols: LeaseColumns = DEFAULT) -> bool:
    """The heartbeat: push the lease out while the claim is still ours; False means it was taken over."""
    return bool(await _mine(model, row, cols).update(**{cols.lease: now + lease}))


async def advance(model: type[M], row: M, *, lease: timedelta, now: datetime, **changes: Any) -> bool:
    """Write progress (and extend the lease) if `row` still holds its claim."""
    updated = await _mine(model, row, DEFAULT).update(lease_expires_at=now + lease, updated_at=now, **changes)
    for key, value in changes.items():
        setattr(row, key, value)
    return bool(updated)


async def finish(model: type[M], row: M, *, cols: LeaseColumns = DEFAULT, **changes: Any) -> bool:
    """Final write of a claimed row (e.g. status done): applied only while the claim is still ours."""
    updated = await _mine(model, row, cols).update(**{cols.lease: None}, updated_at=datetime.now(UTC), **changes)
    for key, value in changes.items():
        setattr(row, key, value)
    return bool(updated)


async def expired(model: type[M], statuses: Sequence[str], now: datetime, limit: int = 500) -> list[M]:
    return (
        await model.filter(status__in=list(statuses), lease_expires_at__lt=now)
        .order_by("lease_expires_at")
        .limit(limit)
    )


async def release(model: type[M], row: M, *, waiting: str, lease: timedelta, now: datetime) -> bool:
    """Reaper: put an expired row back to waiting (CAS on attempt and lease) so exactly one reaper re-enqueues it."""
    updated = await model.filter(
        id=row.pk,
        attempt=token_of(row),
        status=getattr(row, "status"),  # noqa: B009
        lease_expires_at=getattr(row, "lease_expires_at"),  # noqa: B009
    ).update(status=waiting, lease_expires_at=now + lease, updated_at=now)
    return bool(updated)


async def give_back(model: type[M], row: M, *, waiting: str, lease: timedelta, now: datetime, **changes: Any) -> bool:
    """A worker hands its claimed row back to waiting (e.g. before a retry); refused if the claim is no longer ours."""
    updated = await _mine(model, row, DEFAULT).update(
        status=waiting, lease_expires_at=now + lease, updated_at=now, **changes
    )
    return bool(updated)
