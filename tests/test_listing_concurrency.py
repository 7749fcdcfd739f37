"""Edits at once never lose one: 50 concurrent deployProduct calls of 50 products on a 50-slot belt, embedded on
SQLite and on PostgreSQL, fill 50 slots, each product once and no slot twice; deploys racing a remove all land."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from db.models import ListingSlot
from tests.catalog_support import errors_of
from tests.conftest import make_settings
from tests.listing_support import DEPLOY, REMOVE, catalog_products, create_account, get_plan, set_rule
from tests.support import LiveServer, serve_app


@pytest.fixture
async def live(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    """The embedded server on SQLite, and the same on PostgreSQL (local auth, one process)."""
    async with serve_app(make_settings(tmp_path, database_url=database_url, auth="local")) as server:
        yield server


@pytest.mark.slow  # a load test (hundreds of requests): left out by `make test-fast`
async def test_fifty_concurrent_deploys_fill_fifty_slots_each_product_once(live: LiveServer) -> None:
    client = live.client()
    account = await create_account(client)
    products = await catalog_products(50)
    laid = await set_rule(client, account["id"], 50)
    assert len(laid["slots"]) == 50

    bodies = await asyncio.gather(*(client.execute(DEPLOY, {"a": account["id"], "p": p}) for p in products))
    assert [errors_of(body) for body in bodies] == [[]] * 50

    plan = await get_plan(client, account["id"])
    assert [s["id"] for s in plan["slots"]] == [s["id"] for s in laid["slots"]]  # the same 50 slots, times kept
    assert [s["scheduledAt"] for s in plan["slots"]] == [s["scheduledAt"] for s in laid["slots"]]
    assert all(s["status"] == "SCHEDULED" for s in plan["slots"])
    assert sorted(s["productId"] for s in plan["slots"]) == sorted(products)  # each product once
    rows = await ListingSlot.filter(account_id=account["id"])
    assert len(rows) == 50 and len({r.id for r in rows}) == 50 and len({r.product_id for r in rows}) == 50

    # The 51st finds no empty slot.
    (late,) = await catalog_products(1, "Late")
    assert errors_of(await client.execute(DEPLOY, {"a": account["id"], "p": late})) == [("BAD_USER_INPUT", "accountId")]


async def test_two_deploys_and_a_remove_at_once_all_land(live: LiveServer) -> None:
    client = live.client()
    account = await create_account(client)
    a, b = await catalog_products(2)
    plan = await set_rule(client, account["id"], 3)
    last = plan["slots"][2]
    bodies = await asyncio.gather(
        client.execute(DEPLOY, {"a": account["id"], "p": a}),
        client.execute(REMOVE, {"s": last["id"]}),
        client.execute(DEPLOY, {"a": account["id"], "p": b}),
    )
    assert [errors_of(body) for body in bodies] == [[], [], []]
    after = await get_plan(client, account["id"])
    assert len(after["slots"]) == 3 and last["id"] not in {s["id"] for s in after["slots"]}
    assert sorted(s["productId"] for s in after["slots"][:2]) == sorted([a, b])
    assert after["slots"][2]["productId"] is None and after["slots"][2]["scheduledAt"] > last["scheduledAt"]
