"""Retries in the console, in a real headless Chromium against the real app: a product page answering 503 and an
AI provider failing. While the kernel's retry waits, the CTA page says "Retrying — attempt 2 of 5 at 14:05:10" (no
red error); after the last attempt it says what failed in the merchant's words, with the technical detail behind a
disclosure, and a failed card never says "None".

Nothing is timed: the first failure's retry message is held back (the outbox's sender hands it to a list), so the
page is seen while the retry waits; the test then delivers it and the schedule runs out on its own.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from db import outbox as outbox_rows
from domain import outbox, ports
from domain.listing import tick
from integrations.ai.base import ProductBrief, ProviderError, ProviderUnavailable, Suggestion
from integrations.ai.capabilities import GenerationRequest, PrintArea, Progress
from integrations.ai.local import LocalCreativeProvider
from tests.batch_support import FastGenerator, catalog_variants, create_batch, held_messages
from tests.catalog_support import CREATE_PRODUCT
from tests.conftest import make_settings
from tests.console_support import SLOW_MS, browse, require_chromium
from tests.listing_support import SECRET, create_account, deploy, get_plan, move_back, receiving, set_rule, wait_for
from tests.preview_support import CountingCompositor, make_catalog
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import LiveServer, serve_app
from tests.test_console_browser import cards_of, group_of

pytestmark = pytest.mark.slow  # left out by `make test-fast`

expect.set_options(timeout=SLOW_MS)

CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id } }"
RETRYING = re.compile(r"^↻?\s*Retrying — attempt 2 of 5 at \d{2}:\d{2}:\d{2}$")


@pytest.fixture(autouse=True)
def _chromium() -> None:
    require_chromium()


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tote=ProductSpec("Everyday Canvas Tote Bag", images=2)) as shop:
        shop.gates = {"flaky": threading.Event()}
        try:
            yield shop
        finally:
            shop.gates["flaky"].set()


class FailingProvider:
    """The local provider's copy, but every background fails for a passing reason (an HTTP 500 of the API); the
    first call waits for `gate`, so the test can hold back the retry it causes."""

    name = "failing"

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.local = LocalCreativeProvider()
        self.calls = 0

    async def generate_copy(self, brief: ProductBrief, variant_index: int) -> Suggestion:
        return await self.local.generate_copy(brief, variant_index)

    async def generate_background(self, brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
        await asyncio.to_thread(self.gate.wait, 120)
        self.calls += 1
        raise ProviderError(
            "image edit: the API failed: Error code: 500 - {'error': {'message': 'The server had an error'}} "
            "(HTTP 500, request req_123)",
            transient=True,
        )


async def deliver(held: list[dict[str, Any]]) -> None:
    """Send the held messages as the outbox would have (staged again, then flushed)."""
    assert held, "the retry's message was not held back"
    await outbox_rows.stage(list(held))
    await outbox.flush()


async def expect_calm(scope: Any) -> None:
    """A waiting retry is no failure: no red text, nothing announced as an alert."""
    await expect(scope.locator(".error-text")).to_have_count(0)
    await expect(scope.locator("[role=alert]")).to_have_count(0)


async def test_a_page_answering_503_is_shown_retrying_then_failed_in_words(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop.unavailable_first = 1000
    client = server.client()
    job = (await client.data(CREATE, {"input": {"items": [{"url": shop.url("/p/flaky"), "variants": 2}]}}))[
        "createCtaJob"
    ]
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto(f"/cta/{job['id']}")
        group = group_of(page, "flaky")
        await expect(group.locator("h2 .badge")).to_have_text(re.compile("Pending|Scraping"))
        await page.evaluate("window.stillTheSamePage = true")

        with held_messages(monkeypatch) as held:
            shop.gates["flaky"].set()  # the first read answers 503: a retry is scheduled, its message held here
            note = group.locator(".retry-note")
            await expect(note).to_have_text(RETRYING)
        await expect(group.locator("h2 .badge")).to_have_text(re.compile("Pending"))
        await expect_calm(group)
        for card in await cards_of(page, "flaky").all():
            await expect(card.locator("header .badge")).to_have_text(re.compile("Pending"))

        await deliver(held)  # the four retries left run 50 ms to 400 ms apart, all answered 503
        words = "The product page could not be read: the shop's server answered with an error. You can retry."
        await expect(group.locator(".failure-words")).to_have_text(words)
        await expect(group.locator(".retry-note")).to_have_count(0)
        detail = group.locator("details.failure-detail")
        await expect(detail.locator(".failure-detail-text")).to_be_hidden()  # behind the disclosure
        await detail.locator("summary").click()
        await expect(detail.locator(".failure-detail-text")).to_be_visible()
        await expect(detail.locator(".failure-detail-text")).to_contain_text("HTTP 503")
        assert "HTTP 503" not in await group.locator(".failure-words").inner_text()

        cards = cards_of(page, "flaky")
        await expect(cards).to_have_count(2)
        for card in await cards.all():
            await expect(card.locator("header .badge")).to_have_text(re.compile("Failed"))
            await expect(card.get_by_role("button", name="Retry")).to_be_visible()
            await expect(card).not_to_contain_text("None")
            await expect(card.locator(".failure")).to_have_count(0)  # the page's section says it once
        assert shop.page_hits("flaky") == 5
        assert await page.evaluate("window.stillTheSamePage") is True


async def test_a_failing_provider_is_shown_retrying_then_failed_in_words(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = FailingProvider()
    monkeypatch.setattr(ports.ports(), "creative", provider)
    client = server.client()
    job = (await client.data(CREATE, {"input": {"items": [{"url": shop.url("/p/tote"), "variants": 1}]}}))[
        "createCtaJob"
    ]
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto(f"/cta/{job['id']}")
        card = cards_of(page, "tote").first
        await expect(card.locator("header .badge")).to_have_text(re.compile("Analyzing|Generating image"))

        with held_messages(monkeypatch) as held:
            provider.gate.set()  # the first attempt fails with the API's 500: its retry is held here
            await expect(card.locator(".retry-note")).to_have_text(RETRYING)
        await expect(card.locator("header .badge")).to_have_text(re.compile("Pending"))
        await expect_calm(card)
        await card.get_by_role("button", name="Details").click()
        drawer = page.get_by_role("dialog")
        await expect(drawer).to_contain_text("1 of 5")
        await drawer.get_by_role("button", name="Close").click()

        await deliver(held)
        await expect(card.locator("header .badge")).to_have_text(re.compile("Failed"))
        words = "This variant could not be made: the AI service answered with an error. You can retry."
        await expect(card.locator(".failure-words")).to_have_text(words)
        await expect(card.locator(".retry-note")).to_have_count(0)
        await expect(card).not_to_contain_text("None")
        await expect(card.locator(".placeholder").first).to_have_text("No image")
        detail = card.locator("details.failure-detail")
        await expect(detail.locator(".failure-detail-text")).to_be_hidden()
        await detail.locator("summary").click()
        await expect(detail.locator(".failure-detail-text")).to_contain_text("Error code: 500")
        assert "Error code" not in await card.locator(".failure-words").inner_text()
        await expect(card.get_by_role("button", name="Retry")).to_be_visible()
    assert provider.calls == 5


@pytest.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """No periodic ticks: only the test turns the belts."""
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


async def test_a_failed_slot_reads_in_words_is_not_counted_filled_and_is_retried_from_the_belt(
    quiet_server: LiveServer, shop: Shop
) -> None:
    client = quiet_server.client()
    product = (
        await client.data(CREATE_PRODUCT, {"input": {"title": "Linen Apron", "images": [shop.image_url("tote", 0)]}})
    )["createProduct"]["id"]
    async with receiving(statuses=[503] * 6) as receiver:  # every attempt of the schedule, then 200
        account = await create_account(client, publisher={"kind": "WEBHOOK", "url": receiver.url, "secret": SECRET})
        await set_rule(client, account["id"], 3)
        await deploy(client, account["id"], product)
        await move_back(account["id"], timedelta(minutes=11))
        await tick.turn_belts(datetime.now(UTC))

        async def failed() -> Any:
            plan = await get_plan(client, account["id"])
            return plan if any(s["status"] == "FAILED" for s in plan["slots"]) else None

        await wait_for(failed, what="the slot to fail")
        async with browse(quiet_server.base_url) as browsing:
            page = browsing.page
            await page.goto(f"/listing/{account['id']}")
            slot = page.locator('.belt .slot[data-status="FAILED"]')
            await expect(slot).to_have_count(1)
            words = (
                "Your store's webhook did not take the listing: your store's server answered with an error. "
                "You can retry."
            )
            await expect(slot.locator(".failure-words")).to_have_text(words)
            await expect(slot.locator(".failure-detail")).to_contain_text("HTTP 503")
            # Four slots shown (three on the belt, the failed one beside them): the failed one is not "filled".
            await expect(page.locator(".plan-head .summary")).to_contain_text("4 slots: 0 filled, 3 empty · 1 failed")
            await slot.get_by_role("button", name=re.compile("^Retry publishing Linen Apron")).click()
            await expect(page.locator(".listed li")).to_have_count(1)
            await expect(page.locator(".belt .slot")).to_have_count(3)
            await expect(page.locator('.belt .slot[data-status="FAILED"]')).to_have_count(0)
    assert len(receiver.deliveries) == 7


class GatedFailingCompositor(CountingCompositor):
    """The first render waits for `gate`, then fails for a passing reason (the service answered 503); later renders
    work."""

    def __init__(self) -> None:
        super().__init__(failures=1, error=ProviderUnavailable("image edit: the API failed: busy (HTTP 503)"))
        self.gate = threading.Event()

    async def composite(
        self, artwork: bytes, product_image: bytes, area: PrintArea, progress: Progress | None = None
    ) -> bytes:
        if self.calls == 0:
            await asyncio.to_thread(self.gate.wait, 120)
        return await super().composite(artwork, product_image, area, progress)


async def test_a_preview_tile_shows_its_retry_then_the_render(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    compositor = GatedFailingCompositor()
    monkeypatch.setattr(ports.ports(), "compositor", compositor)
    catalog = await make_catalog(server.client(), shop)
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto(f"/previews?work={catalog.work_id}")
        await page.get_by_label("Navy").check()
        await page.get_by_role("button", name="Show previews").click()
        tile = page.locator(".preview-tile")
        await expect(tile).to_have_count(1)
        await expect(tile.locator(".badge").first).to_have_text(re.compile("Queued|Rendering"))

        with held_messages(monkeypatch) as held:
            compositor.gate.set()
            await expect(tile.locator(".retry-note")).to_have_text(
                re.compile(r"^↻?\s*Retrying — attempt 2 of 4 at \d{2}:\d{2}:\d{2}$")
            )
        await expect_calm(tile)
        await expect(tile).not_to_contain_text("Retry 1 of 3")

        await deliver(held)
        await expect(tile.locator(".badge").first).to_have_text(re.compile("Ready"))
        await expect(tile.locator(".retry-note")).to_have_count(0)
        await expect(tile.locator(".failure")).to_have_count(0)
    assert compositor.calls == 2


class GatedFailingGenerator(FastGenerator):
    """The first call waits for `gate`, then fails for a passing reason; later calls make images."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.failed = 0

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        if not self.failed:
            await asyncio.to_thread(self.gate.wait, 120)
            self.failed += 1
            raise ProviderError("upstream answered 503", transient=True)
        return await super().generate_images(request, progress)


async def test_a_batch_job_shows_its_retry_then_its_images(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator = GatedFailingGenerator()
    monkeypatch.setattr(ports.ports(), "generator", generator)
    client = server.client()
    variants = await catalog_variants(client, shop, 1, slug="tote")
    batch = await create_batch(
        client, [{"variantId": variants[0]["id"], "productImageUrls": [variants[0]["imageUrl"]]}]
    )
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto(f"/batches/{batch['id']}")
        job = page.locator(".job-card")
        await expect(job).to_have_count(1)
        with held_messages(monkeypatch) as held:
            generator.gate.set()
            await expect(job.locator(".retry-note")).to_have_text(
                re.compile(r"^↻?\s*Retrying — attempt 2 of 5 at \d{2}:\d{2}:\d{2}$")
            )
        await expect_calm(job)
        await deliver(held)
        await expect(job.locator("header .badge")).to_have_text(re.compile("Done"))
        await expect(job.locator(".retry-note")).to_have_count(0)
