"""Listing due slots, end to end in embedded mode: the seed's scenario with a signed webhook, the catalog write-back,
retries then FAILED, a redelivered message, and slots missed while the scheduler was away (SKIP and CATCH_UP)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from db.models import ListedItem, ListingSlot, Product
from domain.listing import tick
from domain.tasks import runner
from integrations.publishers import verify_signature
from tests.catalog_support import CREATE_PRODUCT
from tests.conftest import make_settings
from tests.listing_support import (
    FOLLOW,
    REMOVE,
    SECRET,
    Receiver,
    create_account,
    deploy,
    get_plan,
    move_back,
    parse_time,
    receiving,
    set_rule,
    wait_for,
)
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import GraphQLClient, LiveServer, serve_app, subscribe

FAST = {"listing_lead": "5s", "listing_tick": "1s", "scheduler_interval": "1s"}


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tote=ProductSpec("Everyday Canvas Tote Bag", images=2)) as shop:
        yield shop


@pytest.fixture
async def fast_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """VITRINE_LISTING_LEAD=5s and a belt tick every second."""
    async with serve_app(make_settings(tmp_path, **FAST)) as live:
        yield live


@pytest.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """The scheduler ticks once at start-up only: the test turns the belts itself."""
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


async def catalog_product(client: GraphQLClient, shop: Shop, title: str = "Organic Cotton Tote") -> str:
    data = {
        "title": title,
        "description": "Heavy canvas with long handles. Holds a laptop and lunch. Washable at 30 degrees.",
        "price": "24.90",
        "currency": "EUR",
        "images": [shop.image_url("tote", 0)],
    }
    product_id: str = (await client.data(CREATE_PRODUCT, {"input": data}))["createProduct"]["id"]
    return product_id


def webhook(receiver: Receiver) -> dict[str, Any]:
    return {"kind": "WEBHOOK", "url": receiver.url, "secret": SECRET}


async def test_the_seed_scenario_lists_a_at_t1_and_keeps_two_future_slots(fast_server: LiveServer, shop: Shop) -> None:
    """Rule 2 a day, deploy A: [A(t1), P(t2)]. After t1, A is in the listed log with its copy and image, published
    by one signed POST, and the belt shows two future slots."""
    client = fast_server.client()
    async with receiving() as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        a = await catalog_product(client, shop)
        await set_rule(client, account["id"], 2)
        plan = await deploy(client, account["id"], a)
        assert [(s["productId"], s["status"]) for s in plan["slots"]] == [(a, "SCHEDULED"), (None, "EMPTY")]
        t1, t2 = (parse_time(s["scheduledAt"]) for s in plan["slots"])
        assert t2 - t1 == timedelta(hours=12)
        slot_a = plan["slots"][0]["id"]

        async with subscribe(fast_server.ws_url, FOLLOW, {"a": account["id"]}) as sub:
            while True:
                state = (await sub.next(timeout=90))["data"]["listingPlanUpdated"]
                if state["listed"]:
                    break
        assert datetime.now(UTC) >= t1

    # One signed POST, keyed by the slot.
    assert len(receiver.deliveries) == 1
    delivery = receiver.deliveries[0]
    assert verify_signature(delivery.body, SECRET, delivery.headers["x-vitrine-signature"])
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", delivery.headers["x-vitrine-signature"])
    assert not verify_signature(delivery.body + b" ", SECRET, delivery.headers["x-vitrine-signature"])
    assert delivery.headers["idempotency-key"] == slot_a
    sent = delivery.document
    assert sent["slotId"] == slot_a and sent["product"]["id"] == a
    assert sent["title"] and sent["description"] and 3 <= len(sent["bulletPoints"]) <= 5
    png = base64.b64decode(sent["image"]["base64"])
    assert hashlib.sha256(png).hexdigest() == sent["image"]["sha256"]
    assert Image.open(io.BytesIO(png)).size == (1024, 1024)

    # A is in the listed log with that copy and image; the belt holds two future slots.
    plan = await get_plan(client, account["id"])
    (listed,) = plan["listed"]
    assert listed["slotId"] == slot_a and listed["productId"] == a
    assert (listed["title"], listed["description"], listed["bulletPoints"]) == (
        sent["title"],
        sent["description"],
        sent["bulletPoints"],
    )
    assert listed["publishedUrl"] == "https://store.example/listings/1"
    assert parse_time(listed["scheduledAt"]) == t1
    async with httpx.AsyncClient(base_url=fast_server.base_url) as http:
        image = await http.get(listed["imageUrl"])
    assert image.status_code == 200 and image.content == png
    now = datetime.now(UTC)
    assert [s["status"] for s in plan["slots"]] == ["EMPTY", "EMPTY"]
    assert [parse_time(s["scheduledAt"]) for s in plan["slots"]] == [t2, t2 + timedelta(hours=12)]
    assert all(parse_time(s["scheduledAt"]) > now for s in plan["slots"])
    assert await ListingSlot.filter(id=slot_a).count() == 0  # moved to the log


async def test_the_catalog_publisher_writes_the_listing_into_the_product(quiet_server: LiveServer, shop: Shop) -> None:
    client = quiet_server.client()
    account = await create_account(client)  # CATALOG by default
    a = await catalog_product(client, shop)
    await set_rule(client, account["id"], 4)
    await deploy(client, account["id"], a)
    await move_back(account["id"], timedelta(minutes=11))  # the first slot's time has just come
    assert (await tick.turn_belts(datetime.now(UTC))).sent == 1
    listed = await wait_for(lambda: ListedItem.filter(product_id=a).first(), what="the listing")
    product = await Product.get(id=a)
    assert product.title == listed.title
    assert product.description.startswith(listed.description)
    assert all(f"• {point}" in product.description for point in listed.bullet_points)
    assert product.images[0]["key"] == listed.image_key and product.images[0]["source"] == "listing"
    assert len(product.images) == 2  # the merchant's own image stays, second
    plan = await get_plan(client, account["id"])
    assert len(plan["slots"]) == 4 and plan["listed"][0]["publishedUrl"] is None


async def test_a_webhook_that_keeps_failing_leaves_a_failed_slot_in_view(quiet_server: LiveServer, shop: Shop) -> None:
    client = quiet_server.client()
    async with receiving(statuses=[503] * 10) as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        a = await catalog_product(client, shop)
        await set_rule(client, account["id"], 3)
        await deploy(client, account["id"], a)
        await move_back(account["id"], timedelta(minutes=11))
        await tick.turn_belts(datetime.now(UTC))

        async def failed() -> Any:
            plan = await get_plan(client, account["id"])
            return plan if any(s["status"] == "FAILED" for s in plan["slots"]) else None

        plan = await wait_for(failed, what="the slot to fail")
    # Every retry of the schedule (1 + 5 attempts) POSTed the same listing under the same idempotency key.
    assert len(receiver.deliveries) == 6
    assert len({d.headers["idempotency-key"] for d in receiver.deliveries}) == 1
    failed_slot = next(s for s in plan["slots"] if s["status"] == "FAILED")
    assert failed_slot["productId"] == a and "HTTP 503" in failed_slot["errorDetail"]
    assert [s["status"] for s in plan["slots"] if s["status"] != "FAILED"] == ["EMPTY"] * 3  # the belt is whole
    assert plan["listed"] == []
    plan = (await client.data(REMOVE, {"s": failed_slot["id"]}))["removeSlot"]  # dismissed
    assert [s["status"] for s in plan["slots"]] == ["EMPTY"] * 3


async def test_a_refusing_webhook_fails_the_slot_at_once(quiet_server: LiveServer, shop: Shop) -> None:
    client = quiet_server.client()
    async with receiving(statuses=[410]) as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        a = await catalog_product(client, shop)
        await set_rule(client, account["id"], 2)
        await deploy(client, account["id"], a)
        await move_back(account["id"], timedelta(minutes=11))
        await tick.turn_belts(datetime.now(UTC))
        slot = await wait_for(lambda: ListingSlot.filter(status="failed").first(), what="the failure")
    assert len(receiver.deliveries) == 1 and "HTTP 410" in (slot.error or "")


async def test_a_redelivered_message_never_publishes_twice(quiet_server: LiveServer, shop: Shop) -> None:
    client = quiet_server.client()
    async with receiving() as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        a = await catalog_product(client, shop)
        await set_rule(client, account["id"], 2)
        plan = await deploy(client, account["id"], a)
        slot_id = plan["slots"][0]["id"]
        await move_back(account["id"], timedelta(minutes=11))
        await tick.turn_belts(datetime.now(UTC))  # sends the slot's message to the embedded workers
        # The same message twice more, at once, as a broker redelivery would.
        await asyncio.gather(
            runner.run_task("listing.publish_slot", slot_id), runner.run_task("listing.publish_slot", slot_id)
        )
        await wait_for(lambda: ListedItem.filter(slot_id=slot_id).exists(), what="the listing")
        assert not await runner.run_task("listing.publish_slot", slot_id)  # and once more, afterwards
        await asyncio.sleep(0.5)
    assert len(receiver.deliveries) == 1
    assert await ListedItem.filter(slot_id=slot_id).count() == 1


@pytest.mark.parametrize("missed", ["SKIP", "CATCH_UP"])
async def test_slots_missed_while_the_scheduler_was_away(fast_server: LiveServer, shop: Shop, missed: str) -> None:
    client = fast_server.client()
    async with receiving() as receiver:
        account = await create_account(client, publisher=webhook(receiver), missedSlots=missed)
        a = await catalog_product(client, shop, "Alpha Tote")
        b = await catalog_product(client, shop, "Beta Tote")
        await set_rule(client, account["id"], 4)
        await deploy(client, account["id"], a)
        await deploy(client, account["id"], b)
        await move_back(account["id"], timedelta(hours=13))  # A and B were due 13 and 7 hours ago

        async def settled() -> Any:
            # Both missed slots dealt with, and the expired empty ones rolled: the tick does these in turn.
            plan = await get_plan(client, account["id"])
            gone = [s for s in plan["slots"] if s["status"] == "MISSED"] + plan["listed"]
            belt = [s for s in plan["slots"] if s["status"] != "MISSED"]
            rolled = all(parse_time(s["scheduledAt"]) > datetime.now(UTC) for s in belt)
            return plan if len(gone) == 2 and rolled else None

        plan = await wait_for(settled, what="the missed slots")
    now = datetime.now(UTC)
    belt = [s for s in plan["slots"] if s["status"] != "MISSED"]
    assert len(belt) == 4 and all(parse_time(s["scheduledAt"]) > now for s in belt)
    if missed == "SKIP":
        assert receiver.deliveries == [] and plan["listed"] == []
        missed_slots = [s for s in plan["slots"] if s["status"] == "MISSED"]
        assert [s["productId"] for s in missed_slots] == [a, b]
        assert all("scheduler was not running" in s["error"] for s in missed_slots)
    else:
        assert [d.document["product"]["id"] for d in receiver.deliveries] == [a, b]  # oldest first
        assert [item["productId"] for item in plan["listed"]] == [b, a]  # newest first
