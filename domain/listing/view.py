"""Reading a plan: the account, its slots in time order (belt, failed and missed), the listed log, the next run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.models import ListedItem, ListingSlot, StoreAccount
from domain.errors import BadUserInput
from domain.listing.accounts import get_store_account
from domain.listing.statuses import SHOWN, SlotStatus
from domain.ports import ports
from domain.tenancy import Principal

LISTED_DEFAULT = 20
LISTED_MAX = 100


@dataclass(frozen=True)
class PlanView:
    account: StoreAccount
    slots: list[ListingSlot]

    @property
    def next_run_at(self) -> datetime | None:
        """When the next listing goes out: the earliest scheduled slot's time, while the rule is enabled."""
        if not self.account.enabled:
            return None
        return min((s.due_at for s in self.slots if s.status == SlotStatus.SCHEDULED), default=None)


async def get_plan(principal: Principal, account_id: object) -> PlanView:
    return await plan_of(await get_store_account(principal, account_id))


async def plan_of(account: StoreAccount) -> PlanView:
    slots = await ListingSlot.filter(account_id=account.id, status__in=SHOWN).order_by("local_time", "id")
    return PlanView(account=account, slots=slots)


async def listed_of(account_id: object, first: int | None) -> list[ListedItem]:
    """The listed log, newest first: `first` entries (default 20, at most 100)."""
    limit = LISTED_DEFAULT if first is None else first
    if not 0 <= limit <= LISTED_MAX:
        raise BadUserInput(f"`first` must be 0 to {LISTED_MAX}", field="first")
    return await ListedItem.filter(account_id=account_id).order_by("-listed_at", "-id").limit(limit) if limit else []


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
