"""Turning one plan: roll its belt, then send its earliest due filled slot to the workers, one at a time.

An account publishes one slot at a time, oldest first: a slot is sent only when none of the account's slots is
in flight, and when one finishes (listed or failed) the next due slot is sent in the same transaction, so a
backlog (CATCH_UP after downtime) drains without waiting for ticks.

Missed slots: a filled slot still waiting more than `late_after` past its time when the scheduler looks at it
was missed by the scheduler (it was not running; a slot waiting behind another is sent by the one before it,
never judged late). With missedSlots SKIP such slots are marked MISSED, visible for review; with CATCH_UP
they are published now, oldest first.
"""

from __future__ import annotations

from datetime import timedelta

from domain.listing import belt as algebra
from domain.listing.slots import Plan
from domain.listing.statuses import MissedSlots, SlotStatus
from settings import get_settings

# The task kind (and actor) that lists one slot, declared in processing.py (which imports this module): its
# messages are built by the kind, found by this name.
PUBLISH_SLOT = "listing.publish_slot"


def late_after() -> timedelta:
    """A due slot the scheduler finds later than this was missed: two of its periods, and one scheduler tick."""
    settings = get_settings()
    return 2 * settings.listing_tick + settings.scheduler_interval


async def turn(plan: Plan, *, late_after: timedelta | None) -> None:
    """Roll the belt and send the next due slot. `late_after` None: the caller is draining a queue (nothing is
    judged missed)."""
    rule = plan.rule
    if rule is None:
        return
    plan.belt = algebra.roll(plan.belt, rule, plan.is_due)
    await plan.save()
    if not plan.account.enabled or any(slot.busy for slot in plan.belt):
        return
    due = [slot for slot in plan.belt if slot.filled and plan.is_due(slot.at)]
    if late_after is not None and plan.account.missed_slots == MissedSlots.SKIP:
        late = [slot for slot in due if plan.now - plan.due_at(slot.at) > late_after]
        if late:
            await plan.take_off(late, SlotStatus.MISSED, _missed_message(plan))
            await plan.save()
            due = [slot for slot in due if slot not in late]
    if due:
        await plan.send(due[0], PUBLISH_SLOT)


def _missed_message(plan: Plan) -> str:
    noticed = plan.now.astimezone(plan.zone).strftime("%Y-%m-%d %H:%M")
    return (
        f"Missed: its time passed while the scheduler was not running (noticed {noticed} {plan.account.timezone}); "
        "the account skips missed slots"
    )
