"""Resolvers for the listing plan: thin calls into domain.listing; every edit answers with the plan after it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict
from typing import Any

import strawberry

from db.models import ListedItem, StoreAccount
from domain import idempotency, listing
from domain.listing import PlanView, RotatedSecret, StoreAccountInput
from domain.live import follow
from resolvers.context import caller
from resolvers.selections import fields_in


async def create_account(info: strawberry.Info, data: StoreAccountInput, key: str | None = None) -> StoreAccount:
    principal = await caller(info)
    return await idempotency.once(
        principal.workspace_id,
        "createStoreAccount",
        key,
        asdict(data),
        lambda: listing.create_store_account(principal, data),
        lambda account: str(account.id),
        lambda ident: listing.get_store_account(principal, ident),
    )


async def accounts(info: strawberry.Info) -> list[StoreAccount]:
    return await listing.list_store_accounts(await caller(info))


async def plan(info: strawberry.Info, account_id: str) -> PlanView:
    return await listing.get_plan(await caller(info), account_id, listed=_listed_asked(info))


def _listed_asked(info: strawberry.Info) -> int:
    """How many entries of the listed log the query asks of the plan it answers (the largest `listed(first:)`,
    through fragments; 0 when it asks none), so a plan read reads only those."""
    asked = [
        listing.LISTED_DEFAULT if field.arguments.get("first") is None else int(field.arguments["first"])
        for plan in info.selected_fields
        for field in fields_in(plan.selections, "listed")
    ]
    return max(asked, default=0)


def listed(view: PlanView, first: int | None) -> list[ListedItem]:
    return listing.listed_of(view, first)


async def set_rule(
    info: strawberry.Info, account_id: str, items_per_day: int, enabled: bool, confirm: bool
) -> PlanView:
    principal = await caller(info)
    account = await listing.set_scheduling_rule(principal, account_id, items_per_day, enabled, confirm)
    return await listing.get_plan(principal, account, listed=_listed_asked(info))


async def reset(info: strawberry.Info, account_id: str, confirm: bool) -> PlanView:
    principal = await caller(info)
    account = await listing.reset_listing_plan(principal, account_id, confirm)
    return await listing.get_plan(principal, account, listed=_listed_asked(info))


async def deploy(info: strawberry.Info, account_id: str, product_id: str, key: str | None = None) -> PlanView:
    principal = await caller(info)
    # A repeat answers the plan as it is now (the product deployed once).
    account = await idempotency.once(
        principal.workspace_id,
        "deployProduct",
        key,
        {"accountId": str(account_id), "productId": str(product_id)},
        lambda: listing.deploy_product(principal, account_id, product_id),
        str,
        _same,
    )
    return await listing.get_plan(principal, account, listed=_listed_asked(info))


async def _same(value: Any) -> Any:
    return value


async def remove(info: strawberry.Info, slot_id: str) -> PlanView:
    principal = await caller(info)
    account = await listing.remove_slot(principal, slot_id)
    return await listing.get_plan(principal, account, listed=_listed_asked(info))


async def retry(info: strawberry.Info, slot_id: str) -> PlanView:
    principal = await caller(info)
    account = await listing.retry_slot(principal, slot_id)
    return await listing.get_plan(principal, account, listed=_listed_asked(info))


async def rotate_secret(info: strawberry.Info, account_id: str) -> RotatedSecret:
    return await listing.rotate_webhook_secret(await caller(info), account_id)


async def delete_account(info: strawberry.Info, account_id: str) -> bool:
    return await listing.delete_store_account(await caller(info), account_id)


async def plan_updates(info: strawberry.Info, account_id: str) -> AsyncIterator[PlanView]:
    principal = await caller(info)
    account = await listing.get_store_account(principal, account_id)  # NOT_FOUND before subscribing

    asked = _listed_asked(info)

    async def load() -> PlanView:
        return await listing.get_plan(principal, account.id, listed=asked)

    return follow([listing.plan_topic(account.id)], load)
