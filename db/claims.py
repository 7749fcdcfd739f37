"""Conditional updates that make leased work exactly-once in effect: claim, renew, finish, reap.

A row's `attempt` is its claim token. A worker claims a row by bumping `attempt` with a compare-and-swap, and every
later write of that worker is conditional on the token, so a worker that lost its lease (crashed, paused, or
superseded by the reaper) can never overwrite the result of the one that replaced it.

Most leased rows use the columns of `LeasedWork` (status, attempt, lease_expires_at, retries); a row whose leased
work is one side of it (a product's page fetch) names its own columns with `LeaseColumns` (its task kind says so).

A row is put (back) to waiting in one way only, `give_back`, guarded by what the caller read: a worker handing its
claim back (a retry, a deferral, a shutdown: `held(row)`), the reaper putting back a row whose lease ran out
(`unchanged(row)`), a merchant's retry of failed rows (their ids and the failed status), a stale preview or product
page asked for again, a listing slot sent. New rows are created waiting; everything else goes through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.models import Model

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class LeaseColumns:
    status: str = "status"
    attempt: str = "attempt"
    lease: str = "lease_expires_at"
    retries: str | None = "retries"  # None: the row keeps no count (its kind does not retry)
    next_attempt: str | None = "next_attempt_at"  # None: the row keeps no retry time (its kind does not retry)


DEFAULT = LeaseColumns()


def _claimable(cols: LeaseColumns, waiting: Sequence[str], running: Sequence[str], now: datetime) -> Q:
    # A running row whose lease expired belongs to a dead worker: it may be claimed again.
    waiting_now: dict[str, Any] = {f"{cols.status}__in": list(waiting)}
    abandoned: dict[str, Any] = {f"{cols.status}__in": list(running), f"{cols.lease}__lt": now}
    return Q(**waiting_now) | Q(**abandoned)


def token_of(row: Model, cols: LeaseColumns = DEFAULT) -> int:
    return int(getattr(row, cols.attempt))


def _mine(model: type[M], row: Model, cols: LeaseColumns) -> Any:
    return model.filter(held(row, cols))


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
    taken: dict[str, Any] = {cols.status: running, cols.attempt: token, cols.lease: now + lease}
    if cols.next_attempt:
        taken[cols.next_attempt] = None  # the retry it waited for is this attempt
    updated = await _mine(model, row, cols).filter(takeable).update(**taken, updated_at=now)
    if not updated:
        return None  # somebody else claimed it between our read and our write
    for name, value in taken.items():
        setattr(row, name, value)
    return row


async def renew(model: type[M], row: M, *, lease: timedelta, now: datetime, cols: LeaseColumns = DEFAULT) -> bool:
    """The heartbeat: push the lease out while the claim is still ours; False means it was taken over."""
    return bool(await _mine(model, row, cols).update(**{cols.lease: now + lease}))


async def advance(
    model: type[M], row: M, *, lease: timedelta, now: datetime, cols: LeaseColumns = DEFAULT, **changes: Any
) -> bool:
    """Write progress (and extend the lease) if `row` still holds its claim."""
    updated = await _mine(model, row, cols).update(**{cols.lease: now + lease}, updated_at=now, **changes)
    for key, value in changes.items():
        setattr(row, key, value)
    return bool(updated)


async def finish(model: type[M], row: M, *, cols: LeaseColumns = DEFAULT, **changes: Any) -> bool:
    """Final write of a claimed row (e.g. status done): applied only while the claim is still ours."""
    updated = await _mine(model, row, cols).update(**{cols.lease: None}, updated_at=datetime.now(UTC), **changes)
    for key, value in changes.items():
        setattr(row, key, value)
    return bool(updated)


async def expired(
    model: type[M], statuses: Sequence[str], now: datetime, limit: int = 500, cols: LeaseColumns = DEFAULT
) -> list[M]:
    return (
        await model.filter(**{f"{cols.status}__in": list(statuses), f"{cols.lease}__lt": now})
        .order_by(cols.lease)
        .limit(limit)
    )


def held(row: Model, cols: LeaseColumns = DEFAULT) -> Q:
    """The row while its claim token is the one read: a worker's claim, still its own."""
    token: dict[str, Any] = {"id": row.pk, cols.attempt: token_of(row, cols)}
    return Q(**token)


def unchanged(row: Model, cols: LeaseColumns = DEFAULT) -> Q:
    """The row while its token, status and lease are those read (the reaper, which never held the claim: of two
    reapers exactly one puts it back)."""
    lease = getattr(row, cols.lease)
    read: dict[str, Any] = {cols.status: getattr(row, cols.status)}
    read.update({f"{cols.lease}__isnull": True} if lease is None else {cols.lease: lease})
    return held(row, cols) & Q(**read)


async def give_back(
    model: type[M],
    where: Q,
    *,
    waiting: str,
    lease_until: datetime,
    now: datetime,
    cols: LeaseColumns = DEFAULT,
    using_db: BaseDBAsyncClient | None = None,
    **changes: Any,
) -> int:
    """Put the rows `where` selects back to waiting, their lease until `lease_until` (when the reaper may look
    again), with `changes`; returns how many. The guard in `where` is what makes it safe: `held(row)` refuses a
    row that was taken over, `unchanged(row)` one another reaper put back first, a failed status one that was
    retried already."""
    query = model.filter(where)
    if using_db is not None:
        query = query.using_db(using_db)
    if cols.next_attempt and cols.next_attempt not in changes:
        changes[cols.next_attempt] = None  # only the kernel's retry (runner._run_again) sets when it is due
    return int(await query.update(**{cols.status: waiting, cols.lease: lease_until}, updated_at=now, **changes))
