"""The merchant's edits of a listing plan: set the rule, reset the belt, deploy a product, remove a slot.

Each runs under the account's lock (slots.editing) and rolls the belt first, so an edit never lands in a slot
whose time has already passed. A rejected edit raises inside the transaction: nothing is written.
"""

from __future__ import annotations

import math
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from db.models import ListingSlot, StoreAccount
from domain.catalog.products import get_product
from domain.errors import BadUserInput, ConfirmationRequired, NotFound
from domain.listing import belt as algebra
from domain.listing import dispatch
from domain.listing.belt import MAX_PER_DAY, MIN_PER_DAY, Rule, Slot
from domain.listing.clock import format_local, parse_local, wall_clock
from domain.listing.slots import EDITABLE, Plan, editing
from domain.listing.statuses import BUSY, SlotStatus
from domain.tenancy import Principal, parse_id
from settings import get_settings


async def set_scheduling_rule(
    principal: Principal,
    account_id: object,
    items_per_day: int,
    enabled: bool,
    confirm: bool,
    *,
    now: datetime | None = None,
) -> Any:
    """N a day from now + the lead time. The same N again only switches the rule on or off and keeps the belt;
    another N lays a new belt, which unschedules the products on the old one: that needs `confirm`."""
    if not MIN_PER_DAY <= items_per_day <= MAX_PER_DAY:
        raise BadUserInput(f"itemsPerDay must be {MIN_PER_DAY} to {MAX_PER_DAY}", field="itemsPerDay")
    async with _editing(principal, account_id, now) as plan:
        if plan.rule is not None and plan.account.items_per_day == items_per_day:
            if plan.account.enabled != enabled:
                await _write_account(plan, enabled=enabled)
            return plan.account.id
        await _lay_new_belt(plan, items_per_day, enabled, confirm)
        return plan.account.id


async def reset_listing_plan(
    principal: Principal, account_id: object, confirm: bool, *, now: datetime | None = None
) -> Any:
    """A fresh belt of empty slots from now + the lead time, with the current rule."""
    async with _editing(principal, account_id, now) as plan:
        if plan.rule is None:
            raise BadUserInput("this account has no scheduling rule yet; set one first", field="accountId")
        await _lay_new_belt(plan, plan.account.items_per_day or MIN_PER_DAY, plan.account.enabled, confirm)
        return plan.account.id


async def deploy_product(
    principal: Principal, account_id: object, product_id: object, *, now: datetime | None = None
) -> Any:
    """The first empty slot takes the product and keeps its time."""
    product = await get_product(principal, product_id)
    async with _editing(principal, account_id, now) as plan:
        rule = _rule_of(plan)
        plan.belt = algebra.roll(plan.belt, rule, plan.is_due)
        if any(slot.product == str(product.id) for slot in plan.belt):
            raise BadUserInput("this product is already scheduled on the plan", field="productId")
        try:
            plan.belt = algebra.deploy(plan.belt, str(product.id))
        except algebra.NoEmptySlot:
            raise BadUserInput(
                f"every one of the plan's {len(plan.belt)} slots holds a product: remove one, or raise itemsPerDay",
                field="accountId",
            ) from None
        await plan.save()
        return plan.account.id


async def remove_slot(principal: Principal, slot_id: object, *, now: datetime | None = None) -> Any:
    """A filled slot empties (its time kept); an empty one goes and a new one is appended after the last; a failed
    or missed slot is dismissed. A slot being published cannot be touched."""
    row = await ListingSlot.filter(id=parse_id(slot_id, "ListingSlot"), workspace_id=principal.workspace_id).first()
    if row is None:
        raise NotFound.of("ListingSlot", slot_id)
    async with _editing(principal, row.account_id, now) as plan:
        current = await ListingSlot.filter(id=row.id).using_db(plan.tx).first()
        if current is None or current.status == SlotStatus.LISTED:
            raise NotFound.of("ListingSlot", slot_id)  # rolled off or listed meanwhile
        if current.status in (SlotStatus.FAILED, SlotStatus.MISSED):
            await ListingSlot.filter(id=row.id).using_db(plan.tx).delete()
            plan.changed = True
            return plan.account.id
        if current.status in BUSY:
            raise BadUserInput("this slot is being published and cannot be changed", field="slotId")
        rule = _rule_of(plan)
        slot = plan.slot(row.id)
        if slot is not None and slot.filled and plan.is_due(slot.at) and len(plan.belt) > rule.per_day:
            # A retried slot still waiting its turn (retrySlot): the belt holds it beyond its N, so it goes rather
            # than empties (an emptied due slot would roll over into one more empty slot for ever).
            await ListingSlot.filter(id=row.id, status__in=EDITABLE).using_db(plan.tx).delete()
            plan.changed = True
            plan.leave(row.id)
            await plan.save()
            return plan.account.id
        plan.belt = algebra.remove(plan.belt, row.id, rule, plan.is_due)
        plan.belt = algebra.roll(plan.belt, rule, plan.is_due)
        await plan.save()
        return plan.account.id


async def retry_slot(principal: Principal, slot_id: object, *, now: datetime | None = None) -> Any:
    """A failed slot goes back on the belt in place (its time and product kept, its retries reset) as a due filled
    slot; the plan's turn sends it to the workers (the task kernel's enqueue) now, or after the slot being
    published, in the account's one-at-a-time order. While it waits the belt holds one slot more than the rule's
    N; it leaves the belt when it is listed (or fails again)."""
    row = await ListingSlot.filter(id=parse_id(slot_id, "ListingSlot"), workspace_id=principal.workspace_id).first()
    if row is None:
        raise NotFound.of("ListingSlot", slot_id)
    async with _editing(principal, row.account_id, now) as plan:
        current = await ListingSlot.filter(id=row.id).using_db(plan.tx).first()
        if current is None or current.status == SlotStatus.LISTED:
            raise NotFound.of("ListingSlot", slot_id)
        if current.status != SlotStatus.FAILED:
            raise BadUserInput(f"only a failed slot can be retried (this one is {current.status})", field="slotId")
        if current.product_id is None:
            raise BadUserInput("this slot holds no product to publish", field="slotId")
        _rule_of(plan)
        await (
            ListingSlot.filter(id=row.id, status=SlotStatus.FAILED)
            .using_db(plan.tx)
            .update(status=SlotStatus.SCHEDULED, retries=0, error=None, next_attempt_at=None, updated_at=plan.now)
        )
        again = Slot(at=parse_local(current.local_time), product=str(current.product_id), key=current.id)
        plan.belt = plan.stored = algebra.ordered([*plan.belt, again])
        plan.changed = True
        await dispatch.turn(plan, late_after=None)
        return plan.account.id


def _editing(principal: Principal, account_id: object, now: datetime | None) -> AbstractAsyncContextManager[Plan]:
    """`now`: the clock of the edit (tests move it; the API passes none)."""
    return editing(parse_id(account_id, "StoreAccount"), now or datetime.now(UTC), workspace_id=principal.workspace_id)


def _rule_of(plan: Plan) -> Rule:
    rule = plan.rule
    if rule is None:
        raise BadUserInput("this account has no scheduling rule yet; set one first", field="accountId")
    return rule


async def _lay_new_belt(plan: Plan, items_per_day: int, enabled: bool, confirm: bool) -> None:
    scheduled = [slot for slot in plan.belt if slot.filled and not slot.busy]
    if scheduled and not confirm:
        raise ConfirmationRequired(
            f"{len(scheduled)} scheduled product(s) would be unscheduled; send confirm: true to go ahead",
            products=[slot.product for slot in scheduled],
        )
    first = wall_clock(plan.now + get_settings().listing_lead, plan.zone)
    anchor = first.replace(microsecond=0) + timedelta(seconds=math.ceil(first.microsecond / 1_000_000))
    await _write_account(plan, items_per_day=items_per_day, enabled=enabled, rule_anchor=format_local(anchor))
    rule = _rule_of(plan)
    in_flight = [slot for slot in plan.belt if slot.busy]  # never moved: they finish and go to the log
    plan.belt = algebra.ordered([*in_flight, *algebra.fresh(rule)])
    await plan.save()


async def _write_account(plan: Plan, **changes: Any) -> None:
    await StoreAccount.filter(id=plan.account.id).using_db(plan.tx).update(updated_at=plan.now, **changes)
    for name, value in changes.items():
        setattr(plan.account, name, value)
    plan.changed = True
