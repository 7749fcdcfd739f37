"""Tick locks: claim the right to run a periodic job for one period, whichever process asks first."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError

from db.models import TickLock


async def try_lock(name: str, period: timedelta, holder: str, now: datetime) -> bool:
    updated = await TickLock.filter(name=name, locked_until__lte=now).update(
        locked_until=now + period, holder=holder, last_run_at=now
    )
    if updated:
        return True
    if await TickLock.exists(name=name):
        return False
    try:
        await TickLock.create(name=name, locked_until=now + period, holder=holder, last_run_at=now)
    except IntegrityError:
        return False  # another process created it first and holds the period
    return True
