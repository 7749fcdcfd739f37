"""Reading a plan: the account, its slots in time order (belt, failed and missed), the listed log, the next run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from db.models import ListedItem, ListingSlot, StoreAccount
from db.snapshots import snapshot
from domain.errors import BadUserInput
from domain.failure_words import Feature
from domain.listing.accounts import get_store_account
from domain.listing.processing import LIST_SLOT_TASK
from domain.listing.statuses import SHOWN, SlotStatus
from domain.ports import ports
from domain.tasks.report import TaskReport, report
from domain.tenancy import Principal

LISTED_DEFAULT = 20
LISTED_MAX = 100


@dataclass(frozen=True)
class PlanView:
    """A plan as one moment saw it: its slots and its latest listed entries (at most LISTED_MAX), read together, so
    a slot being listed is either still on the belt or in the log, never both and never neither."""

    account: StoreAccount
    slots: list[ListingSlot]
    listed: list[ListedItem]

    @property
    def next_run_at(self) -> datetime | None:
        """When the next listing goes out: the earliest scheduled slot's time, while the rule is enabled."""
        if not self.account.enabled:
            return None
        return min((s.due_at for s in self.slots if s.status == SlotStatus.SCHEDULED), default=None)


async def get_plan(principal: Principal, account_id: object, *, listed: int = LISTED_MAX) -> PlanView:
    """`listed`: how many log entries the caller will show (0: none, and the log is not read)."""
    return await plan_of(await get_store_account(principal, account_id), listed=listed)


async def plan_of(account: StoreAccount, *, listed: int = LISTED_MAX) -> PlanView:
    """The slots and the newest `listed` entries of the log (at most LISTED_MAX; 0: the log is not read) in one
    snapshot (`db.snapshots`): the listing's final transaction deletes the slot and writes its log entry together,
    and two separate reads could fall either side of it."""
    limit = min(max(listed, 0), LISTED_MAX)
    async with snapshot() as tx:
        slots = (
            await ListingSlot.filter(account_id=account.id, status__in=SHOWN).order_by("local_time", "id").using_db(tx)
        )
        log = ListedItem.filter(account_id=account.id).order_by("-listed_at", "-id").limit(limit).using_db(tx)
        entries = await log if limit else []
    return PlanView(account=account, slots=slots, listed=entries)


def listed_of(view: PlanView, first: int | None) -> list[ListedItem]:
    """The listed log, newest first: `first` entries (default 20, at most 100), from the plan's snapshot."""
    limit = LISTED_DEFAULT if first is None else first
    if not 0 <= limit <= LISTED_MAX:
        raise BadUserInput(f"`first` must be 0 to {LISTED_MAX}", field="first")
    return view.listed[:limit]


def slot_report(row: ListingSlot) -> TaskReport:
    """A slot's retry state and failure for the API. A missed slot's note is ours already (no technical detail);
    an empty, scheduled or missed slot is outside its task, so no attempt of this round has run."""
    idle = row.status in (SlotStatus.EMPTY, SlotStatus.SCHEDULED, SlotStatus.MISSED)
    told = report(
        LIST_SLOT_TASK,
        row,
        feature=Feature.LISTING_SLOT,
        detail=None if row.status == SlotStatus.MISSED else row.error,
        failed=row.status == SlotStatus.FAILED,
        idle=idle,
    )
    return replace(told, error_message=row.error) if row.status == SlotStatus.MISSED else told


async def slots_of_products(product_ids: Sequence[Any]) -> dict[Any, list[ListingSlot]]:
    """The belt slots each product fills (time order, every account of the workspace that is not deleted), each
    with its account: one statement for any number of products."""
    grouped: dict[Any, list[ListingSlot]] = {product_id: [] for product_id in product_ids}
    slots = (
        await ListingSlot.filter(product_id__in=list(product_ids), status__in=SHOWN, account__deleted_at__isnull=True)
        .select_related("account")
        .order_by("due_at", "id")
    )
    for slot in slots:
        grouped[slot.product_id].append(slot)
    return grouped


def image_url(item: ListedItem) -> str:
    return ports().media.signed_url(item.image_key)
