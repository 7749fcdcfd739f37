"""Every screen of the console, checked in a real headless Chromium after a CTA job, a product with two variants, a
work and its preview, a batch and a store account exist: no serious or critical axe-core violation (WCAG 2 A/AA)
at 1280 px, no sideways scroll at 390 px, the console's own not-found page for an unknown address. Then the new
screens and paths: a product's page, a scraped product added to the catalog in one click, a job deleted after a
confirmation by keyboard alone, lists that show what another client made, and the wizard and the belt driven by
the keyboard.

axe-core comes from the npm registry like GraphiQL's files (tests/axe/package-lock.json, installed by `make
test`'s prerequisites) and is injected through Playwright (the console's CSP admits no inline script)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import expect

from tests.catalog_support import image_bytes
from tests.console_support import SLOW_MS, browse, require_chromium, seed_screens
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import REQUIRE_SERVICES, LiveServer

pytestmark = pytest.mark.slow  # left out by `make test-fast`

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
CREATE_PRODUCT = "mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }"
CREATE_JOB = "mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id } }"
CREATE_ACCOUNT = "mutation($i: CreateStoreAccountInput!) { createStoreAccount(input: $i) { id } }"
JOBS = "{ ctaJobs { totalCount edges { node { id } } } }"
UPLOAD = "mutation($file: Upload!) { uploadImage(file: $file, kind: PRODUCT) { id } }"
PLAN = "query($a: ID!) { listingPlan(accountId: $a) { slots { id status productId } } }"

expect.set_options(timeout=SLOW_MS)


@pytest.fixture(autouse=True)
def _chromium() -> None:
    require_chromium()


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tote=ProductSpec("Organic Cotton Tote", images=3, price="24.90", currency="EUR")) as shop:
        yield shop


def axe_source() -> str:
    if not AXE.is_file():
        reason = f"axe-core is not installed in {AXE.parent} (`make test` runs npm ci in tests/axe)"
        if REQUIRE_SERVICES:
            pytest.fail(f"{reason} and VITRINE_REQUIRE_SERVICES=1")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


async def serious_violations(page: Any, source: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is now (WCAG 2.0 and 2.1, A and AA)."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(source)
    found: list[dict[str, Any]] = await page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
            return result.violations
              .filter((v) => v.impact === "serious" || v.impact === "critical")
              .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
        }""",
        AXE_TAGS,
    )
    return found


async def sideways(page: Any) -> dict[str, Any]:
    """How far the page reaches past the viewport, and the widest elements that do (empty when none)."""
    found: dict[str, Any] = await page.evaluate(
        """() => {
            const root = document.documentElement;
            const wide = [...document.querySelectorAll("body *")]
              .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
              .slice(0, 5)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
            return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
        }"""
    )
    return found


async def settled(page: Any, heading: str | re.Pattern[str]) -> None:
    await expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    await page.wait_for_load_state("networkidle")


async def test_every_screen_is_accessible_at_1280_and_fits_390(server: LiveServer, shop: Shop) -> None:
    source = axe_source()
    ids = await seed_screens(server.client(), shop)
    screens: list[tuple[str, str | re.Pattern[str]]] = [
        ("/", "CTA jobs"),
        (f"/cta/{ids['job']}", "Spring launch"),
        ("/catalog", "Catalog"),
        (f"/catalog/{ids['product']}", "Canvas Tote"),
        (f"/catalog/{ids['page_product']}", "Organic Cotton Tote"),
        ("/previews", "Previews"),
        ("/batches", "Batches"),
        ("/batches/new", "New batch"),
        (f"/batches/{ids['batch']}", "Autumn drop"),
        ("/listing", "Listing plan"),
        (f"/listing/{ids['account']}", "Main store"),
        ("/no/such/screen", "Page not found"),
    ]
    async with browse(server.base_url) as browsing:
        page = browsing.page
        report: dict[str, Any] = {}
        for path, heading in screens:
            await page.set_viewport_size(WIDE)
            await page.goto(path)
            await settled(page, heading)
            violations = await serious_violations(page, source)
            await page.set_viewport_size(NARROW)
            await page.goto(path)
            await settled(page, heading)
            reach = await sideways(page)
            if violations or reach["scrollWidth"] > reach["clientWidth"]:
                report[path] = {"axe": violations, "390px": reach}
        assert not report, json.dumps(report, indent=1)

        # The product page names the product and both variants' colours, with their mockups, previews, folders
        # and the listing slot it sits in.
        await page.set_viewport_size(WIDE)
        await page.goto(f"/catalog/{ids['product']}")
        await settled(page, "Canvas Tote")
        cards = page.locator(".variant-card")
        await expect(cards).to_have_count(2)
        await expect(cards.nth(0).locator("dd").first).to_have_text("Natural")
        await expect(cards.nth(1).locator("dd").first).to_have_text("Navy")
        await expect(page.get_by_role("img", name="Mockup of Natural / M")).to_be_visible()
        await expect(page.get_by_role("img", name="Mockup of Navy / M")).to_be_visible()
        await expect(cards.nth(0).get_by_role("link", name=re.compile("^Autumn drop"))).to_be_visible()
        await expect(cards.nth(0).get_by_role("img", name="Generated image 1 of Natural / M")).to_be_visible()
        await expect(page.locator("[data-preview-id]")).to_have_count(1)
        await expect(page.locator("[data-slot-id]").get_by_role("link", name="Main store")).to_be_visible()
        assert await page.title() == "Canvas Tote · Vitrine"

        # An unknown address: the console's own page, its navigation, title and language, a 404 for the server.
        response = await page.goto("/no/such/screen")
        assert response is not None and response.status == 404
        await settled(page, "Page not found")
        await expect(page.get_by_role("navigation", name="Screens").get_by_role("link", name="Catalog")).to_be_visible()
        assert await page.title() == "Page not found · Vitrine"
        assert await page.get_attribute("html", "lang") == "en"
        await expect(page.locator("main")).to_contain_text("/no/such/screen")

        # A field error sits under its field: the URL box keeps its room.
        await page.goto("/")
        await page.get_by_label("Product page URL 1").fill(shop.url("/p/tote"))
        await page.get_by_role("button", name="Add another URL").click()
        await page.get_by_label("Product page URL 2").fill("ftp://shop.example/products/tote")
        await page.get_by_role("button", name="Create job").click()
        await expect(page.locator(".field-error")).to_be_visible()
        for width in (WIDE, NARROW):
            await page.set_viewport_size(width)
            row = page.locator(".url-row").nth(1)
            row_box, url_box = await row.bounding_box(), await page.get_by_label("Product page URL 2").bounding_box()
            assert row_box and url_box and url_box["width"] >= 0.55 * row_box["width"], (width, row_box, url_box)
            assert (await sideways(page))["scrollWidth"] <= width["width"]


async def test_a_product_read_for_a_job_is_linked_from_the_drawer_and_added_in_one_click(
    server: LiveServer, shop: Shop
) -> None:
    client = server.client()
    job = await client.data(CREATE_JOB, {"i": {"items": [{"url": shop.url("/p/tote"), "variants": 1}]}})
    job_id = job["createCtaJob"]["id"]
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto(f"/cta/{job_id}")
        await expect(page.locator(".cta-card .badge", has_text="Done")).to_be_visible()
        await page.locator(".cta-card").first.get_by_role("button", name="Details").click()
        drawer = page.locator("dialog.drawer[open]")
        await drawer.get_by_role("link", name=re.compile("^[0-9a-f-]{36}$")).click()
        await settled(page, "Organic Cotton Tote")
        await expect(page.locator("dialog[open]")).to_have_count(0)
        await expect(page.get_by_text("Read from its page")).to_be_visible()
        await expect(page.get_by_text("No variants yet.")).to_be_visible()

        # In the catalog it is listed apart, and one click adds it.
        await page.get_by_role("link", name="Catalog", exact=True).first.click()
        await settled(page, "Catalog")
        apart = page.locator("section", has=page.get_by_role("heading", name="Read from product pages"))
        await expect(apart.get_by_role("link", name="Organic Cotton Tote", exact=True)).to_be_visible()
        await expect(page.get_by_text("No products yet")).to_be_visible()
        await apart.get_by_role("button", name=re.compile("^Add to catalog")).click()
        products = page.locator("section", has=page.get_by_role("heading", name="Products", exact=True))
        await expect(products.get_by_role("link", name="Organic Cotton Tote", exact=True)).to_be_visible()
        await expect(products.get_by_text("1 variant")).to_be_visible()
        await expect(apart).to_be_hidden()


async def tab_to(page: Any, name: str | re.Pattern[str], *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused element's accessible text matches `name`: the keyboard alone."""
    pattern = name if isinstance(name, re.Pattern) else re.compile(f"^{re.escape(name)}$")
    for _ in range(limit):
        await page.keyboard.press("Shift+Tab" if backwards else "Tab")
        label = await page.evaluate(
            """() => { const e = document.activeElement; if (!e) return "";
                const named = e.getAttribute("aria-label") || (e.labels && e.labels[0] && e.labels[0].textContent);
                return (named || e.textContent || e.value || "").trim(); }"""
        )
        if pattern.search(label):
            return
    raise AssertionError(f"Tab never reached {pattern.pattern!r}")


async def test_a_job_is_deleted_from_its_page_by_keyboard_after_a_confirmation(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job_id = (
        await client.data(
            CREATE_JOB, {"i": {"name": "Old test", "items": [{"url": shop.url("/p/tote"), "variants": 1}]}}
        )
    )["createCtaJob"]["id"]
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto(f"/cta/{job_id}")
        await settled(page, "Old test")
        delete = page.get_by_role("button", name="Delete job")
        await expect(delete).to_be_enabled()

        # Escape keeps the job and gives focus back to the button.
        await tab_to(page, "Delete job")
        await page.keyboard.press("Enter")
        dialog = page.locator("dialog[open]")
        await expect(dialog.get_by_role("heading", name="Delete “Old test”?")).to_be_visible()
        await expect(dialog.get_by_role("button", name="Keep it")).to_be_focused()
        await page.keyboard.press("Escape")
        await expect(dialog).to_have_count(0)
        await expect(delete).to_be_focused()
        assert (await client.data(JOBS))["ctaJobs"]["totalCount"] == 1

        # Enter, Shift+Tab to the dangerous answer, Enter: deleted, and back on the jobs list.
        await page.keyboard.press("Enter")
        await expect(dialog.get_by_role("button", name="Keep it")).to_be_focused()
        await page.keyboard.press("Shift+Tab")
        await expect(dialog.get_by_role("button", name="Delete job")).to_be_focused()
        await page.keyboard.press("Enter")
        await page.wait_for_url(re.compile(r"/$"))
        await settled(page, "CTA jobs")
        await expect(page.get_by_text("No jobs yet")).to_be_visible()
        assert (await client.data(JOBS))["ctaJobs"]["totalCount"] == 0


async def test_lists_show_what_another_client_made_without_a_reload(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/")
        await settled(page, "CTA jobs")
        await expect(page.get_by_text("No jobs yet")).to_be_visible()
        await page.evaluate("window.stillTheSamePage = true")  # gone if anything reloads the page
        made = {"name": "From elsewhere", "items": [{"url": shop.url("/p/tote"), "variants": 1}]}
        await client.data(CREATE_JOB, {"i": made})
        await expect(page.get_by_role("link", name="From elsewhere")).to_be_visible()
        await expect(page.get_by_text("1 job", exact=True)).to_be_visible()

        await page.get_by_role("link", name="Catalog", exact=True).first.click()
        await settled(page, "Catalog")
        product = {"title": "Poster from elsewhere", "images": [shop.image_url("poster", 0)]}
        await client.data(CREATE_PRODUCT, {"i": product})
        await expect(page.get_by_role("link", name="Poster from elsewhere")).to_be_visible()

        # The batch wizard: a product made elsewhere joins step 1; an upload made elsewhere joins step 2's tabs,
        # and the same file uploaded twice from the wizard is one upload there.
        await page.get_by_role("link", name="Batches").click()
        await settled(page, "Batches")
        await page.get_by_role("link", name="New batch").click()
        await settled(page, "New batch")
        await expect(page.get_by_label("All of Poster from elsewhere")).to_be_visible()
        mug = {"title": "Mug from elsewhere", "images": [shop.image_url("mug", 1)]}
        await client.data(CREATE_PRODUCT, {"i": mug})
        await expect(page.get_by_label("All of Mug from elsewhere")).to_be_visible()
        await page.get_by_label("All of Mug from elsewhere").check()
        await page.get_by_role("button", name="Next").click()
        card = page.locator("article[data-variant-id]").first
        await expect(card.get_by_role("tab", name="Uploads (0)")).to_be_visible()
        picture = {"name": "newprod.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (64, 48))}
        for _ in range(2):
            await card.get_by_role("tab", name="Upload new").click()
            await card.get_by_label(re.compile("^Image file for")).set_input_files(files=[picture])
            await expect(card.get_by_text("Uploaded newprod.png")).to_be_visible()
        await expect(card.get_by_role("tab", name="Uploads (1)")).to_be_visible()
        await upload_elsewhere(server, image_bytes("PNG", (80, 60), color=(20, 90, 200)))
        await expect(card.get_by_role("tab", name="Uploads (2)")).to_be_visible()

        await page.get_by_role("link", name="Listing plan").click()
        await settled(page, "Listing plan")
        await client.data(CREATE_ACCOUNT, {"i": {"name": "Second store", "timezone": "UTC"}})
        await expect(page.get_by_role("link", name="Second store")).to_be_visible()
        assert await page.evaluate("window.stillTheSamePage") is True


async def upload_elsewhere(server: LiveServer, data: bytes) -> None:
    operations = json.dumps({"query": UPLOAD, "variables": {"file": None}})
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.post(
            "/graphql",
            data={"operations": operations, "map": '{"0": ["variables.file"]}'},
            files={"0": ("elsewhere.png", data, "image/png")},
            headers={"Apollo-Require-Preflight": "true"},
        )
    assert not response.json().get("errors"), response.text


async def test_the_wizard_and_the_belt_by_keyboard_alone(server: LiveServer, shop: Shop) -> None:
    ids = await seed_screens(server.client(), shop)
    client = server.client()
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/batches/new")
        await settled(page, "New batch")
        # Step 1: tick a variant (Space), then Next (Enter).
        await tab_to(page, "Navy / M")
        await page.keyboard.press("Space")
        await expect(page.get_by_label("Navy / M", exact=True)).to_be_checked()
        await tab_to(page, "Next")
        await page.keyboard.press("Enter")
        # Step 2: the variant's own image (Space), the tabs by arrow keys, then Next.
        card = page.locator("article[data-variant-id]").first
        await expect(card).to_be_visible()
        await tab_to(page, re.compile("^Variant$"))
        await page.keyboard.press("ArrowRight")
        await expect(card.get_by_role("tab", name=re.compile("^Generated"))).to_be_focused()
        await page.keyboard.press("ArrowLeft")
        await expect(card.get_by_role("tab", name=re.compile("^Variant$"))).to_be_focused()
        own = card.get_by_role("checkbox", name="The variant's image")
        await expect(own).to_be_checked()  # chosen on arrival: the usual choice
        await tab_to(page, "The variant's image")
        await page.keyboard.press("Space")
        await expect(own).not_to_be_checked()
        await page.keyboard.press("Space")
        await expect(own).to_be_checked()
        await tab_to(page, "Next")
        await page.keyboard.press("Enter")
        # Step 3: the workflow's defaults; Next.  Step 4: a name, then Start batch.
        await expect(page.get_by_role("heading", name=re.compile("^3\\."))).to_be_visible()
        await tab_to(page, "Next")
        await page.keyboard.press("Enter")
        await tab_to(page, re.compile("^Name"))
        await page.keyboard.type("Keyboard drop")
        await tab_to(page, "Start batch")
        await page.keyboard.press("Enter")
        await page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"))
        await settled(page, "Keyboard drop")

        # The belt: delete an empty slot, by keyboard.
        before = (await client.data(PLAN, {"a": ids["account"]}))["listingPlan"]["slots"]
        empty = [slot for slot in before if slot["status"] == "EMPTY"]
        await page.goto(f"/listing/{ids['account']}")
        await settled(page, "Main store")
        await tab_to(page, re.compile("^Delete slot at"))
        await page.keyboard.press("Enter")
        await expect(page.locator(".slot[data-status='EMPTY']")).to_have_count(len(empty))  # one gone, one appended

        async def slot_ids() -> set[str]:
            slots = (await client.data(PLAN, {"a": ids["account"]}))["listingPlan"]["slots"]
            return {slot["id"] for slot in slots}

        assert await slot_ids() != {slot["id"] for slot in before}
