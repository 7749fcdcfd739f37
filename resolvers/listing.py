"""Resolvers for the listing plan: thin calls into domain.listing; every edit answers with the plan after it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import strawberry

from db.models import ListedItem, StoreAccount
from domain import listing
from domain.listing import PlanView, RotatedSecret, StoreAccountInput
from domain.live import follow
from resolvers.context import caller


async def create_account(info: strawberry.Info, data: StoreAccountInput) -> StoreAccount:
    return await listing.create_store_account(await caller(info), data)


async def accounts(info: strawberry.Info) -> list[StoreAccount]:
    return await listing.list_store_accounts(await caller(info))


async def plan(info: strawberry.Info, account_id: str) -> PlanView:
    return await listing.get_plan(await caller(info), account_id)


async def listed(account_id: Any, first: int | None) -> list[ListedItem]:
    return await listing.listed_of(account_id, first)


async def set_rule(
    info: strawberry.Info, account_id: str, items_per_day: int, enabled: bool, confirm: bool
) -> PlanView:
    principal = await caller(info)
    return await listing.get_plan(
        principal, await listing.set_scheduling_rule(principal, account_id, items_per_day, enabled, confirm)
    )


async def reset(info: strawberry.Info, account_id: str, confirm: bool) -> PlanView:
    principal = await caller(info)
    return await listing.get_plan(principal, await listing.reset_listing_plan(principal, account_id, confirm))


async def deploy(info: strawberry.Info, account_id: str, product_id: str) -> PlanView:
    principal = await caller(info)
    return await listing.get_plan(principal, await listing.deploy_product(principal, account_id, product_id))


async def remove(info: strawberry.Info, slot_id: str) -> PlanView:
    principal = await caller(info)
    return await listing.get_plan(principal, await listing.remove_slot(principal, slot_id))


async def rotate_secret(info: strawberry.Info, account_id: str) -> RotatedSecret:
    return await listing.rotate_webhook_secret(await caller(info), account_id)


async def delete_account(info: strawberry.Info, account_id: str) -> bool:
    return await listing.delete_store_account(await caller(info), account_id)


async def plan_updates(info: strawberry.Info, account_id: str) -> AsyncIterator[PlanView]:
    principal = await caller(info)
    account = await listing.get_store_account(principal, account_id)  # NOT_FOUND before subscribing

    async def load() -> PlanView:
        return await listing.get_plan(principal, account.id)

    return follow([listing.plan_topic(account.id)], load)
