"""The belt's tick (every VITRINE_LISTING_TICK, under the scheduler's tick lock): roll every belt with a due empty
slot and send every enabled account's earliest due filled slot.

Its cost follows the due work, not the number of accounts: the accounts to visit come from two range scans of
the (status, due_at) index, due empty slots and due filled slots, and only those accounts are locked and read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.models import ListingSlot
from domain.listing import dispatch
from domain.listing.slots import editing
from domain.listing.statuses import SlotStatus
from domain.scheduling import PeriodicJob
from settings import get_settings

log = logging.getLogger(__name__)
# Due rows read per tick and kind; a longer backlog is worked through on the next ticks.
ROWS_PER_TICK = 2000


@dataclass(frozen=True)
class TickReport:
    accounts: int
    sent: int
    failed: int


async def turn_belts(now: datetime) -> TickReport:
    late = dispatch.late_after()
    accounts = await accounts_with_due_slots(now)
    sent = failed = 0
    for account_id in accounts:
        try:
            async with editing(account_id, now) as plan:
                await dispatch.turn(plan, late_after=late)
                sent += len(plan.sent)
        except Exception:
            failed += 1
            log.exception("could not turn a listing plan", extra={"account": str(account_id)})
    if accounts:
        log.info("listing belts turned", extra={"accounts": len(accounts), "sent": sent, "failed": failed})
    return TickReport(len(accounts), sent, failed)


async def accounts_with_due_slots(now: datetime) -> list[Any]:
    """Accounts with a due empty slot (to roll) or, if enabled, a due filled slot (to send), earliest first."""
    empty = (
        ListingSlot.filter(status=SlotStatus.EMPTY, due_at__lte=now)
        .order_by("due_at")
        .limit(ROWS_PER_TICK)
        .values_list("account_id", flat=True)
    )
    filled = (
        ListingSlot.filter(status=SlotStatus.SCHEDULED, due_at__lte=now, account__enabled=True)
        .order_by("due_at")
        .limit(ROWS_PER_TICK)
        .values_list("account_id", flat=True)
    )
    return list(dict.fromkeys([*await empty, *await filled]))


def _period() -> timedelta:
    return get_settings().listing_tick


BELT_JOB = PeriodicJob("listing.belt", _period, turn_belts)  # run once actors.setup registers it
