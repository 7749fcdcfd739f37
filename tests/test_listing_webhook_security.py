"""Replay-safe webhooks (issue 23 item 4): `t=…,v1=…` over "<t>.<body>", verified with the README's snippet as
written; rotateWebhookSecret (both secrets sign during the grace period, then only the new one); deleteStoreAccount
(the plan is NOT_FOUND, the listed history stays, a slot in flight brings nothing back)."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import Response

from db.models import ListedItem, ListingSlot, StoreAccount
from domain.auth import issue_token
from domain.listing import tick
from integrations.publishers import verify_signature
from tests.catalog_support import CREATE_PRODUCT, errors_of
from tests.conftest import make_settings
from tests.listing_support import (
    GET_PLAN,
    SECRET,
    Delivery,
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
from tests.support import GraphQLClient, LiveServer, serve_app

ROTATE = "mutation($a: ID!) { rotateWebhookSecret(accountId: $a) { accountId secret previousValidUntil } }"
DELETE = "mutation($id: ID!) { deleteStoreAccount(id: $id) }"
README = Path(__file__).resolve().parent.parent / "README.md"
SNIPPET_MARK = "<!-- webhook-verification-snippet"
HEADER = re.compile(r"t=(\d+)((?:,v1=[0-9a-f]{64})+)")

Verify = Callable[[str, bytes, str], bool]


def readme_snippet(clock: Callable[[], float] | None = None) -> Verify:
    """The verification snippet of the README, run as written (`clock`: what its `time.time()` answers)."""
    text = README.read_text()
    block = text[text.index(SNIPPET_MARK) :]
    code = block[block.index("```python") + len("```python") : block.index("```", block.index("```python") + 9)]
    code = "\n".join(line.removeprefix("  ") for line in code.splitlines())
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    if clock is not None:
        namespace["time"] = type("Clock", (), {"time": staticmethod(clock)})
    verify: Verify = namespace["verify_vitrine_signature"]
    return verify


def parts(header: str) -> tuple[int, list[str]]:
    match = HEADER.fullmatch(header)
    assert match, header
    return int(match.group(1)), match.group(2).removeprefix(",v1=").split(",v1=")


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tote=ProductSpec("Everyday Canvas Tote Bag", images=2)) as shop:
        yield shop


@pytest.fixture
async def server(tmp_path: Path, database_url: str) -> AsyncIterator[LiveServer]:
    """SQLite and PostgreSQL (the new columns' migrations); the scheduler ticks once at start-up only, the test
    turns the belts itself. The default grace period."""
    async with serve_app(make_settings(tmp_path, database_url, auth="local", scheduler_interval="1h")) as live:
        yield live


async def catalog_product(client: GraphQLClient, shop: Shop, title: str) -> str:
    data = {"title": title, "description": "Heavy canvas.", "images": [shop.image_url("tote", 0)]}
    product_id: str = (await client.data(CREATE_PRODUCT, {"input": data}))["createProduct"]["id"]
    return product_id


async def publish(client: GraphQLClient, account_id: str, product_id: str) -> str:
    """Deploy the product, bring its slot's time to a minute ago, turn the belts and wait for it to be listed."""
    plan = await deploy(client, account_id, product_id)
    slot = next(s for s in plan["slots"] if s["productId"] == product_id)
    await move_back(account_id, parse_time(slot["scheduledAt"]) - datetime.now(UTC) + timedelta(minutes=1))
    await tick.turn_belts(datetime.now(UTC))
    slot_id: str = slot["id"]
    await wait_for(lambda: ListedItem.filter(slot_id=slot_id).exists(), what="the listing")
    return slot_id


def webhook(receiver: Receiver) -> dict[str, Any]:
    return {"kind": "WEBHOOK", "url": receiver.url, "secret": SECRET}


async def test_a_delivery_is_signed_over_its_timestamp_and_body(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    async with receiving() as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        await set_rule(client, account["id"], 4)
        await publish(client, account["id"], await catalog_product(client, shop, "Tote"))
    (delivery,) = receiver.deliveries
    header = delivery.headers["x-vitrine-signature"]
    t, signatures = parts(header)
    assert len(signatures) == 1 and abs(time.time() - t) < 120

    verify = readme_snippet()
    assert verify(SECRET, delivery.body, header)
    assert verify_signature(delivery.body, SECRET, header)  # the module's copy agrees
    # A changed body, another timestamp (still fresh) or another secret: refused.
    assert not verify(SECRET, delivery.body + b" ", header)
    assert not verify(SECRET, delivery.body.replace(b"Tote", b"Tone", 1), header)
    assert not verify(SECRET, delivery.body, header.replace(f"t={t}", f"t={t - 1}"))
    assert not verify("another-secret-0123456789", delivery.body, header)
    # The same delivery replayed later than the 5 minutes the README tells receivers to allow: refused.
    assert readme_snippet(clock=lambda: t + 299)(SECRET, delivery.body, header)
    assert not readme_snippet(clock=lambda: t + 301)(SECRET, delivery.body, header)
    assert not verify_signature(delivery.body, SECRET, header, now=t + 301)


async def test_after_a_rotation_both_secrets_sign_until_the_grace_period_ends(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    async with receiving() as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        await set_rule(client, account["id"], 4)
        await publish(client, account["id"], await catalog_product(client, shop, "Alpha Tote"))

        before = datetime.now(UTC)
        rotated = (await client.data(ROTATE, {"a": account["id"]}))["rotateWebhookSecret"]
        new = rotated["secret"]
        assert rotated["accountId"] == account["id"] and new != SECRET and len(new) >= 32
        until = parse_time(rotated["previousValidUntil"])
        assert before + timedelta(hours=24) <= until <= datetime.now(UTC) + timedelta(hours=24)  # the default grace
        await publish(client, account["id"], await catalog_product(client, shop, "Beta Tote"))

        # The grace period is over (as if 24 hours had passed): only the new secret signs.
        expired = datetime.now(UTC) - timedelta(seconds=1)
        await StoreAccount.filter(id=account["id"]).update(previous_secret_until=expired)
        await publish(client, account["id"], await catalog_product(client, shop, "Gamma Tote"))

    first, during, after = receiver.deliveries
    verify = readme_snippet()
    assert len(parts(first.headers["x-vitrine-signature"])[1]) == 1

    # During the grace period: two v1, the new secret's first, each verifying with its own secret only.
    header = during.headers["x-vitrine-signature"]
    t, (v_new, v_old) = parts(header)
    assert verify(new, during.body, f"t={t},v1={v_new}") and not verify(SECRET, during.body, f"t={t},v1={v_new}")
    assert verify(SECRET, during.body, f"t={t},v1={v_old}") and not verify(new, during.body, f"t={t},v1={v_old}")
    assert verify(new, during.body, header) and verify(SECRET, during.body, header)

    header = after.headers["x-vitrine-signature"]
    assert len(parts(header)[1]) == 1
    assert verify(new, after.body, header) and not verify(SECRET, after.body, header)


async def test_rotation_needs_a_webhook_account_of_ones_own(server: LiveServer) -> None:
    client = server.client()
    catalog = await create_account(client)
    assert errors_of(await client.execute(ROTATE, {"a": catalog["id"]})) == [("BAD_USER_INPUT", "accountId")]
    publisher = {"kind": "WEBHOOK", "url": "http://127.0.0.1:9/h", "secret": SECRET}
    hooked = await create_account(client, publisher=publisher)
    stranger = server.client(await issue_token("eve@other.example", "other"))
    assert errors_of(await stranger.execute(ROTATE, {"a": hooked["id"]})) == [("NOT_FOUND", None)]
    assert errors_of(await stranger.execute(DELETE, {"id": hooked["id"]})) == [("NOT_FOUND", None)]
    assert (await StoreAccount.get(id=hooked["id"])).publisher_secret == SECRET  # untouched
    assert (await get_plan(client, hooked["id"]))["account"]["id"] == hooked["id"]  # still there


async def test_deleting_an_account_keeps_what_was_listed(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    async with receiving() as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        await set_rule(client, account["id"], 4)
        listed_slot = await publish(client, account["id"], await catalog_product(client, shop, "Alpha Tote"))
        await deploy(client, account["id"], await catalog_product(client, shop, "Beta Tote"))  # pending
        assert await ListingSlot.filter(account_id=account["id"]).count() == 4

        assert (await client.data(DELETE, {"id": account["id"]}))["deleteStoreAccount"] is True
        assert errors_of(await client.execute(GET_PLAN, {"a": account["id"]})) == [("NOT_FOUND", None)]
        assert errors_of(await client.execute(DELETE, {"id": account["id"]})) == [("NOT_FOUND", None)]
        assert errors_of(await client.execute(ROTATE, {"a": account["id"]})) == [("NOT_FOUND", None)]
        assert (await client.data("{ storeAccounts { id } }"))["storeAccounts"] == []
        assert await ListingSlot.filter(account_id=account["id"]).count() == 0  # the belt and the pending slot
        await move_back(account["id"], timedelta(days=2))  # nothing left to come due
        assert (await tick.turn_belts(datetime.now(UTC))).sent == 0
    assert len(receiver.deliveries) == 1
    (kept,) = await ListedItem.filter(account_id=account["id"])  # the history stays
    assert str(kept.slot_id) == listed_slot and kept.title
    row = await StoreAccount.get(id=account["id"])
    assert row.deleted_at is not None and row.publisher_secret is None and row.publisher_url is None


class DeletingReceiver(Receiver):
    """Deletes the account while its first delivery is in flight, then answers 200."""

    delete: Callable[[], Any] | None = None

    async def _handle(self, request: Request) -> Response:
        if self.delete is not None and not self.deliveries:
            self.deliveries.append(Delivery(dict(request.headers), await request.body()))
            await self.delete()
            return Response(b"{}", media_type="application/json")
        return await super()._handle(request)


async def test_a_slot_in_flight_when_its_account_is_deleted_brings_nothing_back(
    server: LiveServer, shop: Shop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    client = server.client()
    async with receiving(receiver=DeletingReceiver()) as receiver:
        account = await create_account(client, publisher=webhook(receiver))
        await set_rule(client, account["id"], 4)
        product = await catalog_product(client, shop, "Alpha Tote")
        plan = await deploy(client, account["id"], product)
        slot_id = plan["slots"][0]["id"]
        deleted: list[bool] = []

        async def delete() -> None:
            deleted.append((await client.data(DELETE, {"id": account["id"]}))["deleteStoreAccount"])

        assert isinstance(receiver, DeletingReceiver)
        receiver.delete = delete
        await move_back(account["id"], timedelta(minutes=11))
        assert (await tick.turn_belts(datetime.now(UTC))).sent == 1
        await wait_for(lambda: _true(deleted), what="the delete during the delivery")
        await asyncio.sleep(2)  # the worker's answer came back after the delete: let it try to log the slot
    assert len(receiver.deliveries) == 1
    assert not await ListedItem.filter(slot_id=slot_id).exists()
    assert await ListingSlot.filter(account_id=account["id"]).count() == 0  # no slot written back
    assert errors_of(await client.execute(GET_PLAN, {"a": account["id"]})) == [("NOT_FOUND", None)]
    # The worker found the slot gone and let it go quietly: no crash, no failure recorded against a ghost.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or "task" in r.getMessage()] == []


async def _true(flags: list[bool]) -> bool:
    return bool(flags) and all(flags)
