"""The console's phase 2 screens in a real headless Chromium against the real app and the local test shop: the batch
wizard with a dropped upload to a batch done live (a failed job retried), a listing belt edited and confirmed, a
preview grid filling in.

Each test holds the AI stand-in at a gate of its own, so the page is seen waiting and then changing without a
reload; nothing is timed.
"""

from __future__ import annotations

import asyncio
import base64
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.async_api import expect

from domain import ports
from integrations.ai.base import ProviderError
from integrations.ai.capabilities import GenerationRequest, PrintArea, Progress
from tests.batch_support import BATCH, FastGenerator, catalog_variants, png
from tests.catalog_support import CREATE_PRODUCT
from tests.console_support import SLOW_MS, browse, require_chromium
from tests.listing_support import GET_PLAN, deploy
from tests.preview_support import REQUEST, CountingCompositor, make_catalog, wait_final
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import LiveServer

pytestmark = pytest.mark.slow  # left out by `make test-fast`

expect.set_options(timeout=SLOW_MS)

WAITING = re.compile(r"^\W*(Waiting|Generating)$")
RENDERING = re.compile(r"^\W*(Queued|Rendering.*)$")
BATCHES = "{ batches { totalCount } }"


@pytest.fixture(autouse=True)
def _chromium() -> None:
    require_chromium()


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tee=ProductSpec("Heavyweight Tee", images=5)) as shop:
        yield shop


class GatedGenerator(FastGenerator):
    """Tiny images, once the test opens the gate (a thread event: the worker may run on a loop of its own); the
    first call is refused for good, so one job fails and can be retried."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.refused = 0

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        await asyncio.to_thread(self.gate.wait, 120)
        if not self.refused:
            self.refused += 1
            raise ProviderError("the provider refused the prompt", transient=False)
        return await super().generate_images(request, progress)


class GatedCompositor(CountingCompositor):
    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    async def composite(
        self, artwork: bytes, product_image: bytes, area: PrintArea, progress: Progress | None = None
    ) -> bytes:
        await asyncio.to_thread(self.gate.wait, 120)
        return await super().composite(artwork, product_image, area, progress)


@pytest.fixture
def generator(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatedGenerator]:
    gated = GatedGenerator()
    monkeypatch.setattr(ports.ports(), "generator", gated)
    try:
        yield gated
    finally:
        gated.gate.set()


@pytest.fixture
def compositor(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatedCompositor]:
    gated = GatedCompositor()
    gated.gate.set()  # open until the test has its cached render
    monkeypatch.setattr(ports.ports(), "compositor", gated)
    try:
        yield gated
    finally:
        gated.gate.set()


async def drop_file(page: Any, target: Any, name: str, data: bytes) -> None:
    """Drag a file from outside the browser onto `target`: dragenter, dragover, drop with a DataTransfer."""
    transfer = await page.evaluate_handle(
        """([b64, name]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "image/png" }));
            return transfer;
        }""",
        [base64.b64encode(data).decode(), name],
    )
    for event in ("dragenter", "dragover", "drop"):
        await target.dispatch_event(event, {"dataTransfer": transfer})


async def test_batch_wizard_with_a_dropped_upload_to_jobs_done_live_and_folders(
    server: LiveServer, shop: Shop, generator: GatedGenerator
) -> None:
    client = server.client()
    tees = await catalog_variants(client, shop, 2)
    tote = {
        "title": "Canvas Tote",
        "images": [shop.image_url("tote", 3)],
        "variants": [{"title": "Natural", "color": "Natural", "imageUrl": shop.image_url("tote", 3)}],
    }
    await client.data(CREATE_PRODUCT, {"input": tote})

    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/batches")
        await page.get_by_role("link", name="New batch").click()
        await expect(page.get_by_role("heading", name="New batch", level=1)).to_be_visible()

        # 1. Variants, grouped by product: all of the tee's, and the tote's one.
        await page.get_by_label("All of Heavyweight Tee").check()
        await page.get_by_label("Natural", exact=True).check()
        await expect(page.get_by_text("3 of at most 100 variants chosen.")).to_be_visible()
        await page.get_by_role("button", name="Next").click()

        # 2. Images: each variant starts from its own; the first gets a new upload dropped on it.
        cards = page.locator("article[data-variant-id]")
        await expect(cards).to_have_count(3)
        for card in await cards.all():
            await expect(card.locator(".choice-count")).to_have_text("1 of 4 images chosen")
        first, second = cards.nth(0), cards.nth(1)
        assert await first.get_attribute("data-variant-id") == tees[0]["id"]
        await first.get_by_role("tab", name="Upload new").click()
        await drop_file(page, first.locator(".drop-zone"), "flat-lay.png", png((30, 120, 90), (160, 120)))
        await expect(first.get_by_text("Uploaded flat-lay.png and chose it for this variant.")).to_be_visible()
        await expect(first.locator(".choice-count")).to_have_text("2 of 4 images chosen")
        # The upload is every variant's candidate now; the tabs answer the arrow keys.
        await second.get_by_role("tab", name="Variant").focus()
        await page.keyboard.press("ArrowRight")
        await page.keyboard.press("ArrowRight")
        uploads_tab = second.get_by_role("tab", name="Uploads (1)")
        await expect(uploads_tab).to_be_focused()
        await expect(uploads_tab).to_have_attribute("aria-selected", "true")
        await second.get_by_label("flat-lay.png").check()
        await expect(second.locator(".choice-count")).to_have_text("2 of 4 images chosen")
        await page.get_by_role("button", name="Next").click()

        # 3. Settings: the workflow's own fields, a moodboard from the uploads.
        await page.get_by_label("Lifestyle").check()
        await page.get_by_label("Images per variant").select_option("2")
        await page.get_by_label("Aspect ratio").select_option("4:5")
        await page.get_by_label("Moodboard").select_option(label="flat-lay.png")
        instructions = page.get_by_label("Custom instructions")
        await instructions.fill("Morning light\u0007")  # a control character: the server refuses it
        await page.get_by_role("button", name="Next").click()

        # 4. Review: thumbnails and the server's estimate; Start, refused, shows the error on its step.
        await expect(page.locator("[data-credits]")).to_have_text("6 credits")
        rows = page.locator(".review-table tbody tr")
        await expect(rows).to_have_count(3)
        await expect(rows.nth(0).locator("img")).to_have_count(2)
        await page.get_by_role("textbox", name=re.compile("^Name")).fill("Spring drop")
        await page.get_by_role("button", name="Start batch").click()
        await expect(page.get_by_role("heading", name="3. Settings")).to_be_visible()
        await expect(instructions).to_have_attribute("aria-invalid", "true")
        await expect(instructions).to_be_focused()
        await expect(page.locator(".field-error")).to_contain_text("control characters")
        assert (await client.data(BATCHES))["batches"]["totalCount"] == 0  # a refused batch writes nothing
        await instructions.fill("Morning light")
        await page.get_by_role("button", name="Next").click()
        await page.get_by_role("button", name="Start batch").click()

        # The batch page: jobs wait at the gate, then finish while the page watches.
        await page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"))
        await expect(page.get_by_role("heading", name="Spring drop", level=1)).to_be_visible()
        await page.evaluate("window.stillTheSamePage = true")
        jobs = page.locator(".job-card")
        await expect(jobs).to_have_count(3)
        await expect(jobs.first.locator("header .badge")).to_have_text(WAITING)
        await expect(page.get_by_role("heading", name="Heavyweight Tee · Colour 0")).to_be_visible()
        generator.gate.set()
        # One job is refused for good: it fails with the reason; retry runs it alone, with the same images.
        failed = page.locator('.job-card[data-status="FAILED"]')
        await expect(failed).to_have_count(1)
        await expect(failed.locator(".failure-words")).to_contain_text("could not be generated")
        await expect(failed.locator(".failure-detail")).to_contain_text("refused the prompt")
        await expect(page.locator(".job-head .summary")).to_have_text("2 of 3 done · 1 failed")
        await expect(page.locator(".job-head .badge")).to_have_text(re.compile("Finished with failures"))
        await page.get_by_role("button", name="Retry failed (1)").click()
        for job in await jobs.all():
            await expect(job.locator("header .badge")).to_have_text(re.compile("Done"))
            await expect(job.locator(".outputs img")).to_have_count(2)
        await expect(page.locator(".job-head .summary")).to_have_text("3 of 3 done")
        await expect(page.locator(".job-head .badge")).to_have_text(re.compile("Completed"))
        await expect(page.get_by_role("button", name="Retry failed")).to_be_disabled()

        # The folders: the shared one with every output, then one per variant.
        folders = page.locator(".folder")
        await expect(folders).to_have_count(4)
        await expect(folders.first).to_have_attribute("data-shared", "true")
        await expect(folders.first.locator("img")).to_have_count(6)
        for folder in (await folders.all())[1:]:
            await expect(folder.locator("img")).to_have_count(2)
        assert await page.evaluate("window.stillTheSamePage") is True

        batch_id = page.url.rsplit("/", 1)[1]
        batch = (await client.data(BATCH, {"id": batch_id}))["batch"]
        assert batch["schemaKey"] == "lifestyle" and batch["numberOfVariations"] == 2 and batch["credits"] == 6
        chosen = {job["variantId"]: job["productImageUrls"] for job in batch["jobs"]}
        assert len(chosen[tees[0]["id"]]) == 2 and len(chosen[tees[1]["id"]]) == 2
        assert len(generator.calls) == 3 and generator.refused == 1
        assert {call.aspect_ratio for call in generator.calls} == {"4:5"}

        await page.get_by_role("link", name="Batches").first.click()
        row = page.get_by_role("row", name=re.compile("Spring drop"))
        await expect(row).to_contain_text("3 of 3 done")
        await expect(row).to_contain_text("Completed")


async def test_a_belt_with_a_deploy_a_remove_and_the_rule_confirmation(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    products = {}
    for index, title in enumerate(("Linen Apron", "Stoneware Mug", "Canvas Tote")):
        created = await client.data(CREATE_PRODUCT, {"input": {"title": title, "images": [shop.image_url("p", index)]}})
        products[title] = created["createProduct"]["id"]

    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/listing")
        await expect(page.get_by_text("No store accounts yet")).to_be_visible()

        # A webhook account; the server's refusal of a short secret shows beside the field.
        await page.get_by_label("Name").fill("Main store")
        await page.get_by_label("Time zone").fill("Europe/Berlin")
        await page.get_by_role("radio", name=re.compile("^Webhook")).check()
        await page.get_by_label("Webhook URL").fill("http://127.0.0.1:9/hooks/listings")
        secret = page.get_by_label("Signing secret")
        await secret.fill("too-short")
        await page.get_by_role("button", name="Add account").click()
        await expect(secret).to_have_attribute("aria-invalid", "true")
        await expect(secret).to_be_focused()
        await secret.fill("whsec-0123456789abcdef")
        await page.get_by_role("button", name="Add account").click()
        await page.wait_for_url(re.compile(r"/listing/[0-9a-f-]{36}$"))
        account_id = page.url.rsplit("/", 1)[1]
        await expect(page.get_by_role("heading", name="Main store", level=1)).to_be_visible()
        await expect(page.locator(".plan-head")).to_contain_text("No rule yet")

        # The rule lays the belt: four empty slots, at their wall-clock times in Berlin.
        await page.get_by_label("Products a day").fill("4")
        await page.get_by_role("button", name="Save rule").click()
        slots = page.locator(".belt .slot")
        await expect(slots).to_have_count(4)
        await expect(page.locator(".plan-head .badge")).to_have_text(re.compile("4 a day, on"))
        plan = (await client.data(GET_PLAN, {"a": account_id}))["listingPlan"]
        for slot, row in zip(await slots.all(), plan["slots"], strict=True):
            await expect(slot.locator("time")).to_have_text(row["localTime"][11:16])
            await expect(slot.locator(".badge")).to_have_text(re.compile("Empty"))
        await page.evaluate("window.stillTheSamePage = true")

        # Deploy fills the first empty slot, which keeps its time.
        await page.get_by_label("Product", exact=True).select_option(label="Linen Apron")
        await page.get_by_role("button", name="Deploy to the first empty slot").click()
        await expect(slots.nth(0)).to_contain_text("Linen Apron")
        await expect(slots.nth(0).locator(".badge")).to_have_text(re.compile("Scheduled"))
        await expect(slots.nth(0).locator("time")).to_have_text(plan["slots"][0]["localTime"][11:16])
        # Another client deploys too: the page shows it live.
        await deploy(client, account_id, products["Stoneware Mug"])
        await expect(slots.nth(1)).to_contain_text("Stoneware Mug")
        await expect(page.locator(".plan-head .summary")).to_contain_text("4 slots: 2 filled, 2 empty")

        # Remove empties the slot and keeps its time.
        await slots.nth(0).get_by_role("button", name=re.compile("^Remove Linen Apron")).click()
        await expect(slots.nth(0).locator(".badge")).to_have_text(re.compile("Empty"))
        await expect(slots.nth(0).locator("time")).to_have_text(plan["slots"][0]["localTime"][11:16])
        after = (await client.data(GET_PLAN, {"a": account_id}))["listingPlan"]
        assert [s["productId"] for s in after["slots"]] == [None, products["Stoneware Mug"], None, None]
        assert [s["localTime"] for s in after["slots"]] == [s["localTime"] for s in plan["slots"]]

        # A new rule would unschedule the mug: the dialog names it; keeping it changes nothing.
        await page.get_by_label("Products a day").fill("6")
        await page.get_by_role("button", name="Save rule").click()
        dialog = page.get_by_role("dialog", name="Change the rule?")
        await expect(dialog).to_be_visible()
        await expect(dialog.get_by_role("list")).to_have_text("Stoneware Mug")
        await expect(dialog.get_by_role("button", name="Keep them scheduled")).to_be_focused()
        await page.keyboard.press("Escape")
        await expect(dialog).to_be_hidden()
        await expect(page.get_by_text("Nothing changed")).to_be_visible()
        await expect(slots).to_have_count(4)
        await expect(page.get_by_label("Products a day")).to_have_value("4")
        kept = (await client.data(GET_PLAN, {"a": account_id}))["listingPlan"]
        assert kept["account"]["rule"]["itemsPerDay"] == 4 and kept["slots"] == after["slots"]

        # Confirmed, the rule is re-sent with confirm: true and the new belt is empty.
        await page.get_by_label("Products a day").fill("6")
        await page.get_by_role("button", name="Save rule").click()
        await dialog.get_by_role("button", name="Unschedule them and change the rule").click()
        await expect(slots).to_have_count(6)
        await expect(page.locator(".plan-head .badge")).to_have_text(re.compile("6 a day, on"))
        await expect(page.locator('.belt .slot[data-status="EMPTY"]')).to_have_count(6)
        changed = (await client.data(GET_PLAN, {"a": account_id}))["listingPlan"]
        assert changed["account"]["rule"]["itemsPerDay"] == 6
        assert all(s["productId"] is None for s in changed["slots"])
        assert await page.evaluate("window.stillTheSamePage") is True


async def test_a_preview_grid_fills_in_live_with_a_cached_tile(
    server: LiveServer, shop: Shop, compositor: GatedCompositor
) -> None:
    client = server.client()
    catalog = await make_catalog(client, shop)
    cached = (await client.data(REQUEST, {"input": catalog.input("Natural", "Large")}))["requestPreview"]
    assert (await wait_final(client, cached["id"]))["status"] == "COMPLETED"
    compositor.gate.clear()  # from now on renders wait for the test

    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/previews")
        await expect(page.get_by_text("2 works.")).to_be_visible()

        # A new work from an upload becomes the chosen one; then back to the sunset.
        await page.get_by_label("Image file").set_input_files(
            files=[{"name": "waves.png", "mimeType": "image/png", "buffer": png((20, 60, 160), (80, 80))}]
        )
        await expect(page.get_by_text("Made the work “waves”.")).to_be_visible()
        await expect(page.get_by_label("waves")).to_be_checked()
        await page.get_by_label("sunset").check()
        await expect(page).to_have_url(re.compile(rf"\?work={catalog.work_id}$"))

        # Natural in every size, and Navy: three variants of the tote.
        await page.get_by_label("Natural").check()
        await page.get_by_label("Navy").check()
        await expect(page.get_by_text("3 previews of “sunset” chosen.")).to_be_visible()
        await page.get_by_role("button", name="Show previews").click()

        tiles = page.locator(".preview-tile")
        await expect(tiles).to_have_count(3)
        ready = tiles.filter(has_text="Natural · Large")
        await expect(ready.locator(".badge").first).to_have_text(re.compile("Ready"))
        await expect(ready).to_contain_text("From cache")
        for caption in ("Natural · Small", "Navy · Large"):
            await expect(tiles.filter(has_text=caption).locator(".badge").first).to_have_text(RENDERING)
        await expect(page.locator(".preview-grid .summary")).to_have_text(
            "1 of 3 ready · 1 from the cache · 2 rendering"
        )
        await page.evaluate("window.stillTheSamePage = true")

        compositor.gate.set()
        for tile in await tiles.all():
            await expect(tile.locator(".badge").first).to_have_text(re.compile("Ready"))
            await expect(tile.get_by_role("img", name=re.compile("with the work"))).to_be_visible()
        await expect(page.locator(".preview-grid .summary")).to_have_text("3 of 3 ready · 1 from the cache")
        assert await page.evaluate("window.stillTheSamePage") is True
        assert compositor.calls == 3  # the cached one rendered once, before the page asked

        await page.get_by_role("button", name="Clear this work's cached previews").click()
        await expect(page.get_by_text("Cleared 3 cached previews of “sunset”")).to_be_visible()
        # The tiles no longer claim a cache the server has forgotten.
        for tile in await tiles.all():
            await expect(tile).not_to_contain_text("From cache")
            await expect(tile).not_to_contain_text("kept until")
        await expect(page.locator(".preview-grid .summary")).to_have_text("3 of 3 ready")
