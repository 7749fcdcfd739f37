"""A plan held under its account's lock: the belt read from its rows, edited with the pure algebra, written back.

Every change to a plan (the merchant's edits, the scheduler's roll, a slot sent, listed or failed) runs in one
transaction that first locks the account row (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite transactions are
exclusive already), so two edits of one plan run one after the other and each sees the other's rows: both land.
Slots are rows of their own, and only the rows an edit changes are written.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Hashable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from db import claims
from db.models import ListingSlot, StoreAccount
from db.transactions import in_transaction
from domain import tasks
from domain.errors import NotFound
from domain.listing import belt as algebra
from domain.listing.belt import Belt, Rule, Slot
from domain.listing.clock import due_instant, format_local, parse_local, zone_named
from domain.listing.statuses import BUSY, ON_BELT, SlotStatus, plan_topic
from domain.live import publish
from domain.workspace_events import Change, Kind, announce
from settings import get_settings

# The rows an edit may rewrite or delete: busy (in flight), listed, failed and missed rows are never touched.
EDITABLE = (SlotStatus.EMPTY, SlotStatus.SCHEDULED)


@dataclass
class Plan:
    """One account's plan inside its locked transaction. `belt` is edited freely; `save()` writes the difference."""

    account: StoreAccount
    zone: ZoneInfo
    now: datetime
    tx: BaseDBAsyncClient
    stored: Belt
    belt: Belt
    sent: list[Hashable] = field(default_factory=list)  # the slots sent to the workers in this edit
    changed: bool = False  # subscribers hear of the plan only when something was written

    @property
    def rule(self) -> Rule | None:
        if not self.account.items_per_day or not self.account.rule_anchor:
            return None
        return Rule(self.account.items_per_day, parse_local(self.account.rule_anchor))

    def is_due(self, at: datetime) -> bool:
        return due_instant(at, self.zone) <= self.now

    def due_at(self, at: datetime) -> datetime:
        return due_instant(at, self.zone)

    def slot(self, key: Hashable) -> Slot | None:
        return next((s for s in self.belt if s.key == key), None)

    async def save(self) -> None:
        """Write what changed since the belt was read (or last saved): deleted, created and refilled rows."""
        diff = algebra.changes(self.stored, self.belt)
        self.changed = self.changed or bool(diff)
        if diff.deleted:
            await ListingSlot.filter(id__in=list(diff.deleted), status__in=EDITABLE).using_db(self.tx).delete()
        for slot in diff.refilled:
            await (
                ListingSlot.filter(id=slot.key, status__in=EDITABLE)
                .using_db(self.tx)
                .update(product_id=slot.product, status=_status_of(slot), error=None, updated_at=self.now)
            )
        created = [self._row(slot) for slot in diff.created]
        if created:
            await ListingSlot.bulk_create(created, using_db=self.tx)
        ids = iter(row.id for row in created)
        self.belt = tuple(replace(slot, key=next(ids)) if slot.key is None else slot for slot in self.belt)
        self.stored = self.belt

    def _row(self, slot: Slot) -> ListingSlot:
        return ListingSlot(
            workspace_id=self.account.workspace_id,
            account_id=self.account.id,
            local_time=format_local(slot.at),
            due_at=self.due_at(slot.at),
            product_id=slot.product,
            status=_status_of(slot),
        )

    async def send(self, slot: Slot, kind: str) -> None:
        """A due filled slot goes to the workers: QUEUED (the task's waiting state) with a lease, its task enqueued
        (sent once the plan's transaction commits). `kind` names the slot's task kind."""
        await claims.give_back(
            ListingSlot,
            Q(id=slot.key, status=SlotStatus.SCHEDULED),
            waiting=SlotStatus.QUEUED,
            lease_until=self.now + get_settings().job_lease,
            now=self.now,
            using_db=self.tx,
            retries=0,
            error=None,
        )
        await tasks.enqueue(kind, slot.key, using_db=self.tx)
        self.sent.append(slot.key)
        self.changed = True
        self.belt = tuple(replace(s, busy=True) if s.key == slot.key else s for s in self.belt)
        self.stored = self.belt

    async def take_off(self, slots: Iterable[Slot], status: SlotStatus, error: str) -> None:
        """Slots that are done without being listed (missed): they stay as rows, visible, and the belt is topped up."""
        for slot in slots:
            await (
                ListingSlot.filter(id=slot.key, status=SlotStatus.SCHEDULED)
                .using_db(self.tx)
                .update(status=status, error=error, updated_at=self.now)
            )
            self.changed = True
            self.stored = tuple(s for s in self.stored if s.key != slot.key)
            self.leave(slot.key)

    def leave(self, key: Hashable) -> None:
        """The slot is off the belt (its row was finished by the caller); top the belt up to N."""
        rule = self.rule
        if rule is not None and self.slot(key) is not None:
            self.belt = algebra.leave(self.belt, key, rule, rule.per_day, self.is_due)
        else:
            self.belt = tuple(s for s in self.belt if s.key != key)
        self.stored = tuple(s for s in self.stored if s.key != key)


def _status_of(slot: Slot) -> SlotStatus:
    return SlotStatus.SCHEDULED if slot.filled else SlotStatus.EMPTY


def belt_of(rows: Iterable[ListingSlot]) -> Belt:
    return algebra.ordered(
        [
            Slot(
                at=parse_local(row.local_time),
                product=str(row.product_id) if row.product_id else None,
                busy=row.status in BUSY,
                key=row.id,
            )
            for row in rows
        ]
    )


@contextlib.asynccontextmanager
async def editing(account_id: Any, now: datetime, *, workspace_id: Any = None) -> AsyncIterator[Plan]:
    """Lock the account, read its belt, hand it over; on success commit (the slots sent go to the workers then)
    and tell subscribers."""
    async with in_transaction() as tx:
        query = StoreAccount.filter(id=account_id, deleted_at__isnull=True)
        if workspace_id is not None:
            query = query.filter(workspace_id=workspace_id)
        account = await query.select_for_update().using_db(tx).first()
        if account is None:
            raise NotFound.of("StoreAccount", account_id)
        rows = await ListingSlot.filter(account_id=account.id, status__in=ON_BELT).using_db(tx)
        belt = belt_of(rows)
        plan = Plan(account=account, zone=zone_named(account.timezone), now=now, tx=tx, stored=belt, belt=belt)
        yield plan
    if plan.changed:
        await publish(plan_topic(account.id), changed=True)
        await announce(account.workspace_id, Kind.LISTING_PLAN, account.id, Change.UPDATED)
