"""Retry states and merchant-worded failures through the GraphQL API, on every task-backed type: a CTA page and a
CTA variant, a batch's job, a listing slot (previews: tests/test_previews.py). While a retry waits the row says
how many attempts were made, how many the kind allows and when the next is due, `errorMessage`/`error` in the
merchant's words and the provider's own text only in `errorDetail`. Also: `retrySlot` retries a FAILED slot in
place through the kernel, a plan's slots and listed log come from one snapshot, a job's variants come in the order
they were created, and an empty headline is refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from db.models import CtaInfo, StoreAccount
from db.snapshots import snapshot
from domain import ports as ports_module
from domain.listing import tick
from tests.batch_support import BATCH, FailingGenerator, catalog_variants, create_batch
from tests.catalog_support import CREATE_PRODUCT, errors_of
from tests.conftest import make_settings
from tests.listing_support import (
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
from tests.support import GraphQLClient, LiveServer, serve_app
from tests.test_cta import CREATE, FlakyProvider, wait_completed

LONG_BACKOFF_MS = 600_000  # the first retry 10 minutes after the failure: the test reads the row while it waits
JOB = """query($id: ID!) { ctaJob(id: $id) {
  urls { url status error errorDetail attempts maxAttempts nextAttemptAt }
  ctaInfos { id url variantIndex status suggestion errorMessage errorDetail attempts maxAttempts nextAttemptAt }
} }"""
RETRY_SLOT = """mutation($s: ID!) { retrySlot(slotId: $s) {
  slots { id status productId error errorDetail attempts maxAttempts nextAttemptAt }
  listed(first: 5) { slotId productId }
} }"""
REMOVE_SLOT = "mutation($s: ID!) { removeSlot(slotId: $s) { slots { id status } } }"
UPDATE_COPY = """mutation($id: ID!, $s: JSON!) { updateCtaSuggestion(id: $id, suggestion: $s) { id suggestion } }"""


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(
        tote=ProductSpec("Everyday Canvas Tote Bag", images=2),
        beanie=ProductSpec("Merino Wool Beanie", images=1),
        tee=ProductSpec("Heavyweight Tee", images=3),
    ) as shop:
        yield shop


@pytest.fixture
async def waiting_server(tmp_path: Path, database_url: str) -> AsyncIterator[LiveServer]:
    """Retries scheduled ten minutes out, on SQLite and PostgreSQL: a failed attempt stays waiting for its retry."""
    settings = make_settings(tmp_path, database_url=database_url, auth="local", retry_min_backoff_ms=LONG_BACKOFF_MS)
    async with serve_app(settings) as live:
        yield live


async def job_of(client: GraphQLClient, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = (await client.data(JOB, {"id": job_id}))["ctaJob"]
    return job


async def test_a_page_answering_503_waits_for_its_scheduled_retry_in_words(
    waiting_server: LiveServer, shop: Shop
) -> None:
    shop.unavailable_first = 1000
    client = waiting_server.client()
    before = datetime.now(UTC)
    job = (await client.data(CREATE, {"input": {"items": [{"url": shop.url("/p/flaky"), "variants": 2}]}}))[
        "createCtaJob"
    ]

    async def retrying() -> dict[str, Any] | None:
        state = await job_of(client, job["id"])
        return state if state["urls"][0]["nextAttemptAt"] else None

    state = await wait_for(retrying, what="the page's retry to be scheduled")
    url = state["urls"][0]
    assert url["status"] == "PENDING" and "HTTP 503" in url["errorDetail"]
    assert url["error"] == (
        "The product page could not be read: the shop's server answered with an error. It will be tried again."
    )
    due = parse_time(url["nextAttemptAt"])
    assert before + timedelta(milliseconds=LONG_BACKOFF_MS) <= due <= datetime.now(UTC) + timedelta(minutes=10)
    # The variants wait on their page: none of their own attempts has run, none is scheduled, nothing failed.
    for info in state["ctaInfos"]:
        assert info["status"] == "PENDING" and info["attempts"] == 0 and info["maxAttempts"] == 5
        assert info["nextAttemptAt"] is None and info["errorMessage"] is None and info["errorDetail"] is None


async def test_a_failing_provider_shows_the_variants_scheduled_retry(
    waiting_server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ports_module.ports(), "creative", FlakyProvider(failures=1000))
    client = waiting_server.client()
    job = (await client.data(CREATE, {"input": {"items": [{"url": shop.url("/p/tote"), "variants": 1}]}}))[
        "createCtaJob"
    ]

    async def retrying() -> dict[str, Any] | None:
        info = (await job_of(client, job["id"]))["ctaInfos"][0]
        return info if info["nextAttemptAt"] else None

    info = await wait_for(retrying, what="the variant's retry to be scheduled")
    assert info["status"] == "PENDING" and info["attempts"] == 1 and info["maxAttempts"] == 5
    assert info["errorDetail"] == "The AI provider failed: upstream returned 503"
    assert info["errorMessage"] == (
        "This variant could not be made: the AI service answered with an error. It will be tried again."
    )
    row = await CtaInfo.get(id=info["id"])
    # The schedule's first delay, counted from the hand-back (which wrote updated_at in the same statement).
    assert parse_time(info["nextAttemptAt"]) - row.updated_at == timedelta(milliseconds=LONG_BACKOFF_MS)


async def test_a_batch_job_waits_for_its_retry_and_says_so(
    waiting_server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ports_module.ports(), "generator", FailingGenerator(failures=1000, transient=True))
    client = waiting_server.client()
    variants = await catalog_variants(client, shop, 1)
    batch = await create_batch(
        client, [{"variantId": variants[0]["id"], "productImageUrls": [variants[0]["imageUrl"]]}]
    )

    async def retrying() -> dict[str, Any] | None:
        job = (await client.data(BATCH, {"id": batch["id"]}))["batch"]["jobs"][0]
        return job if job["nextAttemptAt"] else None

    job = await wait_for(retrying, what="the job's retry to be scheduled")
    assert job["status"] == "PENDING" and job["attempts"] == 1 and job["maxAttempts"] == 5
    assert job["errorDetail"] == "The image generator failed: upstream answered 503"
    assert job["error"] == (
        "The images of this variant could not be generated: the AI service answered with an error. "
        "It will be tried again."
    )
    assert parse_time(job["nextAttemptAt"]) - parse_time(job["updatedAt"]) == timedelta(milliseconds=LONG_BACKOFF_MS)


# --- listing: a failed slot, in words, retried in place -----------------------------------------------------


@pytest.fixture
async def listing_server(tmp_path: Path, database_url: str) -> AsyncIterator[LiveServer]:
    """Short retries and no periodic ticks: only the test turns the belts (SQLite and PostgreSQL)."""
    async with serve_app(
        make_settings(tmp_path, database_url=database_url, auth="local", scheduler_interval="1h")
    ) as live:
        yield live


async def listing_product(client: GraphQLClient, shop: Shop) -> str:
    data = {"title": "Organic Cotton Tote", "description": "Heavy canvas.", "images": [shop.image_url("tote", 0)]}
    product_id: str = (await client.data(CREATE_PRODUCT, {"input": data}))["createProduct"]["id"]
    return product_id


def webhook(receiver: Receiver) -> dict[str, Any]:
    return {"kind": "WEBHOOK", "url": receiver.url, "secret": SECRET}


async def failed_slot(client: GraphQLClient, shop: Shop, receiver: Receiver) -> tuple[dict[str, Any], str, Any]:
    """An account publishing to `receiver` with a rule of 3, one product deployed and its slot due: the belt turns
    and the slot is sent until it fails. (the account, the product's id, the failed slot)"""
    account = await create_account(client, publisher=webhook(receiver))
    product = await listing_product(client, shop)
    await set_rule(client, account["id"], 3)
    await deploy(client, account["id"], product)
    await move_back(account["id"], timedelta(minutes=11))
    await tick.turn_belts(datetime.now(UTC))

    async def failed() -> dict[str, Any] | None:
        plan = await get_plan(client, account["id"])
        return next((s for s in plan["slots"] if s["status"] == "FAILED"), None)

    return account, product, await wait_for(failed, what="the slot to fail")


async def test_a_failed_slot_is_told_in_words_and_retried_in_place(listing_server: LiveServer, shop: Shop) -> None:
    client = listing_server.client()
    async with receiving(statuses=[503] * 6) as receiver:  # the whole schedule (1 + 5 attempts), then 200
        account, product, slot = await failed_slot(client, shop, receiver)
        assert len(receiver.deliveries) == 6
        assert slot["error"] == (
            "Your store's webhook did not take the listing: your store's server answered with an error. You can retry."
        )
        assert "HTTP 503" in slot["errorDetail"] and "503" not in slot["error"]
        assert slot["attempts"] == slot["maxAttempts"] == 6 and slot["nextAttemptAt"] is None

        # Only a failed slot can be retried; an empty one is refused and nothing changes.
        empty = next(s for s in (await get_plan(client, account["id"]))["slots"] if s["status"] == "EMPTY")
        refused = await client.execute(RETRY_SLOT, {"s": empty["id"]})
        assert refused["data"] is None and errors_of(refused) == [("BAD_USER_INPUT", "slotId")]

        plan = (await client.data(RETRY_SLOT, {"s": slot["id"]}))["retrySlot"]
        again = next(s for s in plan["slots"] if s["id"] == slot["id"])
        # Sent at once (nothing else is being published): the kernel's waiting state, shown as being published.
        assert again["status"] == "PROCESSING" and again["productId"] == product
        assert again["error"] is None and again["errorDetail"] is None and again["nextAttemptAt"] is None
        assert again["attempts"] in (0, 1)  # its schedule starts again: waiting, or claimed already by a worker

        async def listed() -> dict[str, Any] | None:
            plan = await get_plan(client, account["id"])
            return plan if plan["listed"] else None

        plan = await wait_for(listed, what="the retried slot to be listed")
    assert [(item["slotId"], item["productId"]) for item in plan["listed"]] == [(slot["id"], product)]
    assert [s["status"] for s in plan["slots"]] == ["EMPTY"] * 3  # listed, it left the belt: N slots again
    assert len(receiver.deliveries) == 7


async def test_a_retried_slot_waits_while_the_rule_is_off_and_can_be_removed(
    listing_server: LiveServer, shop: Shop
) -> None:
    """With the rule switched off, a retried slot waits on the belt (one beyond N), due and filled; removing it
    takes it off and leaves N empty slots."""
    client = listing_server.client()
    async with receiving(statuses=[410]) as receiver:  # refused for good: the slot fails at once
        account, _product, slot = await failed_slot(client, shop, receiver)
        assert slot["attempts"] == 1 and slot["maxAttempts"] == 6 and slot["nextAttemptAt"] is None
        assert (
            slot["error"]
            == "Your store's webhook did not take the listing: the address was not found. Check the address."
        )
        await set_rule(client, account["id"], 3, enabled=False)
        plan = (await client.data(RETRY_SLOT, {"s": slot["id"]}))["retrySlot"]
        waiting = next(s for s in plan["slots"] if s["id"] == slot["id"])
        assert waiting["status"] == "SCHEDULED" and waiting["attempts"] == 0 and waiting["error"] is None
        assert [s["status"] for s in plan["slots"]].count("EMPTY") == 3 and len(plan["slots"]) == 4
        removed = (await client.data(REMOVE_SLOT, {"s": slot["id"]}))["removeSlot"]
    assert [s["status"] for s in removed["slots"]] == ["EMPTY"] * 3
    assert len(receiver.deliveries) == 1


async def test_another_workspaces_slot_cannot_be_retried(listing_server: LiveServer) -> None:
    body = await listing_server.client().execute(RETRY_SLOT, {"s": "8a0c9a4e-3c2f-4f55-9d55-0c0ffee00000"})
    assert body["data"] is None and errors_of(body) == [("NOT_FOUND", None)]


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_plan_is_read_in_one_snapshot(installed: str) -> None:
    """On PostgreSQL the plan's reads run at REPEATABLE READ: a commit between them is not seen by the second."""
    async with snapshot() as tx:
        level = await tx.execute_query_dict("SHOW transaction_isolation")
        assert level == [{"transaction_isolation": "repeatable read"}]
        first = await StoreAccount.all().using_db(tx).count()
        other = await asyncpg.connect(installed.replace("postgres://", "postgresql://", 1))
        try:
            await other.execute(
                "INSERT INTO workspace (id, name, created_at) VALUES (gen_random_uuid(), 'elsewhere', now())"
            )
        finally:
            await other.close()
        assert await StoreAccount.all().using_db(tx).count() == first
        seen = await tx.execute_query_dict("SELECT count(*) AS n FROM workspace WHERE name = 'elsewhere'")
        assert seen == [{"n": 0}]  # committed after the snapshot was taken
    async with snapshot() as tx:
        seen = await tx.execute_query_dict("SELECT count(*) AS n FROM workspace WHERE name = 'elsewhere'")
        assert seen == [{"n": 1}]


# --- CTA: variants in creation order, a headline never emptied -------------------------------------------------


async def test_variants_come_in_creation_order_and_an_empty_headline_is_refused(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    items = [{"url": shop.url("/p/tote"), "variants": 2}, {"url": shop.url("/p/beanie"), "variants": 1}]
    job = (await client.data(CREATE, {"input": {"items": items}}))["createCtaJob"]
    await wait_completed(server, job["id"])
    infos = (await job_of(client, job["id"]))["ctaInfos"]
    # As given (tote first), not by URL text (beanie < tote).
    assert [(i["url"], i["variantIndex"]) for i in infos] == [
        (shop.url("/p/tote"), 0),
        (shop.url("/p/tote"), 1),
        (shop.url("/p/beanie"), 0),
    ]

    target = infos[0]
    for headline in ("", "   ", "\n\t"):
        body = await client.execute(UPDATE_COPY, {"id": target["id"], "s": {"headline": headline, "subheadline": "x"}})
        assert body["data"] is None and errors_of(body) == [("BAD_USER_INPUT", "suggestion.headline")]
    row = await CtaInfo.get(id=target["id"])
    assert row.suggestion["headline"] == target["suggestion"]["headline"] != ""
    assert row.suggestion["subheadline"] == target["suggestion"]["subheadline"]  # nothing of the edit was written
    changed = await client.data(UPDATE_COPY, {"id": target["id"], "s": {"headline": "  Carry more  "}})
    assert changed["updateCtaSuggestion"]["suggestion"]["headline"] == "Carry more"


async def test_the_retry_states_follow_live_updates(waiting_server: LiveServer, shop: Shop) -> None:
    """The subscription carries the same fields: a client following a job sees the retry scheduled."""
    from tests.support import subscribe

    shop.unavailable_first = 1000
    client = waiting_server.client()
    job = (await client.data(CREATE, {"input": {"items": [{"url": shop.url("/p/flaky"), "variants": 1}]}}))[
        "createCtaJob"
    ]
    query = """subscription($id: ID!) { ctaJobUpdated(id: $id) {
      urls { status attempts maxAttempts nextAttemptAt error } } }"""
    async with subscribe(waiting_server.ws_url, query, {"id": job["id"]}) as sub:
        async with asyncio.timeout(60):
            while True:
                url = (await sub.next(timeout=60))["data"]["ctaJobUpdated"]["urls"][0]
                if url["nextAttemptAt"]:
                    break
    assert url["status"] == "PENDING" and url["attempts"] == 1 and url["maxAttempts"] == 5
    assert url["error"].endswith("It will be tried again.")
