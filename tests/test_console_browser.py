"""The console in a real headless Chromium against the real app and the local test shop.

Few, long tests on purpose (the machine is shared): each walks a person's path through several screens.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.async_api import expect

from domain.auth import issue_token
from tests.conftest import make_settings
from tests.console_support import SLOW_MS, browse, require_chromium, require_graphiql_files
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import LiveServer, serve_app

pytestmark = pytest.mark.slow  # left out by `make test-fast`

INFO = "query($id: ID!) { ctaInfo(id: $id) { status suggestion productBackgroundUrl generatedBackgroundUrl } }"
JOBS = "{ ctaJobs { totalCount } }"
NOT_FINAL = re.compile(r"^\W*(Pending|Analyzing|Generating image|Writing copy)$")

expect.set_options(timeout=SLOW_MS)


@pytest.fixture(autouse=True)
def _chromium() -> None:
    require_chromium()  # before the server and shop fixtures start for nothing


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(
        tote=ProductSpec("Everyday Canvas Tote Bag", images=2),
        mug=ProductSpec("Speckled Ceramic Mug", images=3),
    ) as shop:
        shop.gates = {"tote": threading.Event(), "mug": threading.Event()}
        try:
            yield shop
        finally:
            for gate in shop.gates.values():
                gate.set()


def group_of(page: Any, slug: str) -> Any:
    """The job page's section for one product page of the test shop."""
    return page.locator(".url-group", has=page.locator(f'h2 a[href$="/p/{slug}"]'))


def cards_of(page: Any, slug: str) -> Any:
    return group_of(page, slug).locator(".cta-card")


async def test_cta_job_from_the_form_to_done_cards_live_then_edit_by_address(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/")
        await expect(page.get_by_role("heading", name="CTA jobs")).to_be_visible()
        await expect(page.locator("#account")).to_contain_text("local@vitrine.localhost")

        # The form: two product pages, the first with two variants.
        await page.get_by_label("Product page URL 1").fill(shop.url("/p/tote"))
        await page.get_by_label("Variants for URL 1").fill("2")
        await page.get_by_role("button", name="Add another URL").click()
        await page.get_by_label("Product page URL 2").fill(shop.url("/p/mug"))
        await page.get_by_label("Name").fill("Spring launch")
        await page.get_by_role("button", name="Create job").click()

        await page.wait_for_url(re.compile(r"/cta/[0-9a-f-]{36}$"))
        await expect(page.get_by_role("heading", name="Spring launch", level=1)).to_be_visible()
        await page.evaluate("window.stillTheSamePage = true")  # gone if anything reloads the page
        tote, mug = cards_of(page, "tote"), cards_of(page, "mug")
        await expect(tote).to_have_count(2)
        await expect(mug).to_have_count(1)
        await expect(tote.first.locator(".badge")).to_have_text(NOT_FINAL)

        # The shop answers for the tote only: its cards finish while the mug's still wait, without a reload.
        shop.gates["tote"].set()
        for card in await tote.all():
            await expect(card.locator("header .badge")).to_have_text(re.compile("Done"))
        await expect(mug.locator("header .badge")).to_have_text(NOT_FINAL)
        await expect(page.locator(".summary")).to_have_text("2 of 3 done · 1 running")

        # The jobs list counts live too.
        await page.get_by_role("link", name="CTA jobs").first.click()
        row = page.get_by_role("row", name=re.compile("Spring launch"))
        await expect(row).to_contain_text("2 of 3 done")
        await expect(row).to_contain_text("Running")
        shop.gates["mug"].set()
        await expect(row).to_contain_text("3 of 3 done")
        await expect(row).to_contain_text("Completed")
        assert await page.evaluate("window.stillTheSamePage") is True

        await row.get_by_role("link").click()
        for card in await page.locator(".cta-card").all():
            await expect(card.locator("header .badge")).to_have_text(re.compile("Done"))
            await expect(card.locator(".headline")).not_to_be_empty()
            await expect(card.get_by_role("img", name="Product image")).to_be_visible()
            await expect(card.get_by_role("img", name="Generated background")).to_be_visible()
        job_address = page.url

        # Edit: the dialog opens with focus inside it, and the address names the variant.
        first = tote.first
        info_id = await first.get_attribute("data-info-id")
        await first.get_by_role("button", name="Edit copy").click()
        await expect(page).to_have_url(f"{job_address}?cta_id={info_id}")
        dialog = page.get_by_role("dialog", name=re.compile("Edit copy"))
        await expect(dialog).to_be_visible()
        await expect(dialog.get_by_label("Headline", exact=True)).to_be_focused()
        await dialog.get_by_label("Headline", exact=True).fill("Carry the whole market home")
        await dialog.get_by_label("Call to action").fill("Take one")
        await dialog.get_by_role("button", name="Save").click()
        await expect(dialog).to_be_hidden()
        await expect(page).to_have_url(job_address)
        await expect(first.locator(".headline")).to_have_text("Carry the whole market home")
        saved = (await client.data(INFO, {"id": info_id}))["ctaInfo"]
        assert saved["suggestion"]["headline"] == "Carry the whole market home"
        assert saved["suggestion"]["callToAction"] == "Take one"

        # The address reopens that variant's dialog after a reload; Escape closes it and gives focus back.
        second = mug.first
        second_id = await second.get_attribute("data-info-id")
        await second.get_by_role("button", name="Edit copy").click()
        await expect(page).to_have_url(f"{job_address}?cta_id={second_id}")
        await page.reload()
        reopened = page.locator(f'dialog[open][data-info-id="{second_id}"]')
        await expect(reopened).to_be_visible()
        second_copy = (await client.data(INFO, {"id": second_id}))["ctaInfo"]["suggestion"]
        await expect(reopened.get_by_label("Headline", exact=True)).to_have_value(second_copy["headline"])
        await page.keyboard.press("Escape")
        await expect(reopened).to_be_hidden()
        await expect(page).to_have_url(job_address)
        await expect(cards_of(page, "mug").first.get_by_role("button", name="Edit copy")).to_be_focused()

        # The details drawer: both background URLs as links.
        await tote.first.get_by_role("button", name="Details").click()
        drawer = page.get_by_role("dialog", name=re.compile("details"))
        await expect(drawer).to_be_visible()
        assert saved["productBackgroundUrl"] and saved["generatedBackgroundUrl"]
        await expect(drawer.locator(f'a[href="{saved["productBackgroundUrl"]}"]')).to_have_count(1)
        media_path = saved["generatedBackgroundUrl"].split("?")[0]  # signed anew (expiry) on every read
        await expect(drawer.locator(f'a[href^="{media_path}?"]')).to_have_count(1)
        await page.keyboard.press("Escape")
        await expect(drawer).to_be_hidden()


async def test_a_field_error_beside_its_field_then_retry_failed(server: LiveServer, shop: Shop) -> None:
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/")
        await page.get_by_label("Product page URL 1").fill(shop.url("/p/tote"))
        await page.get_by_role("button", name="Add another URL").click()
        second = page.get_by_label("Product page URL 2")
        await second.fill("ftp://shop.example/p/1")  # a URL to the browser, refused by the server
        await page.get_by_role("button", name="Create job").click()

        await expect(second).to_have_attribute("aria-invalid", "true")
        await expect(second).to_be_focused()
        note = page.locator(".url-row").nth(1).locator(".field-error")
        await expect(note).to_have_count(1)
        await expect(note).not_to_be_empty()
        assert await second.get_attribute("aria-describedby") == await note.get_attribute("id")
        await expect(page.locator(".url-row").nth(0).locator(".field-error")).to_have_count(0)
        await expect(page).to_have_url(f"{server.base_url}/")
        assert (await server.client().data(JOBS))["ctaJobs"]["totalCount"] == 0  # a refused job writes nothing

        # Corrected to a page the shop does not have yet: that variant fails with the reason, then is retried.
        shop.gates["tote"].set()
        await second.fill(shop.url("/p/later"))
        await page.get_by_role("button", name="Create job").click()
        later = cards_of(page, "later")
        await expect(later.locator("header .badge")).to_have_text(re.compile("Failed"))
        await expect(group_of(page, "later").locator(".failure-words")).to_contain_text("the address was not found")
        await expect(group_of(page, "later").locator(".failure-detail")).to_contain_text("404")
        await expect(cards_of(page, "tote").locator("header .badge")).to_have_text(re.compile("Done"))
        shop.products["later"] = ProductSpec("Late Arrival Lamp", images=1)
        await page.get_by_role("button", name="Retry failed (1)").click()
        await expect(later.locator("header .badge")).to_have_text(re.compile("Done"))
        await expect(later.locator(".headline")).not_to_be_empty()
        await expect(page.get_by_role("button", name="Retry failed")).to_be_disabled()


async def test_graphiql_runs_a_query_without_leaving_127_0_0_1(server: LiveServer) -> None:
    require_graphiql_files()
    async with browse(server.base_url) as browsing:
        page = browsing.page
        await page.goto("/graphql?q=%7B%20me%20%7B%20email%20%7D%20%7D")  # GraphiQL's own ?q= parameter
        await expect(page.locator(".graphiql-query-editor")).to_be_visible()
        await page.locator(".graphiql-execute-button").click()
        await expect(page.locator(".result-window")).to_contain_text("local@vitrine.localhost")
    # browse() has failed the test if any request went to another host.


async def test_token_sign_in_live_job_upload_and_sign_out(tmp_path: Path, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, auth="token")) as live:
        token = await issue_token("ada@shop.example", "shop")
        async with browse(live.base_url) as browsing:
            page = browsing.page
            await page.goto("/")
            await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
            await page.get_by_label("API token").fill("vt_not-a-token")
            await page.get_by_role("button", name="Sign in").click()
            await expect(page.get_by_role("alert")).to_contain_text("not accepted")
            await page.get_by_label("API token").fill(token)
            await page.get_by_role("button", name="Sign in").click()
            await expect(page.get_by_role("heading", name="CTA jobs")).to_be_visible()
            await expect(page.locator("#account")).to_contain_text("ada@shop.example")

            # A job followed live: the socket authenticates with connectionParams (token mode refuses it otherwise).
            await page.get_by_label("Product page URL 1").fill(shop.url("/p/mug"))
            await page.get_by_role("button", name="Create job").click()
            await page.wait_for_url(re.compile(r"/cta/"))
            card = page.locator(".cta-card")
            await expect(card.locator(".badge")).to_have_text(NOT_FINAL)
            shop.gates["mug"].set()
            await expect(card.locator("header .badge")).to_have_text(re.compile("Done"))

            # An upload over the multipart spec (with the preflight header the server requires), then a reload.
            await page.get_by_role("link", name="Catalog").click()
            await page.get_by_label("Image file").set_input_files(
                files=[{"name": "tote.png", "mimeType": "image/png", "buffer": _png()}]
            )
            await page.get_by_label("Kind").select_option("ARTWORK")
            await page.get_by_role("button", name="Upload").click()
            await expect(page.get_by_text("Uploaded tote.png (64 \u00d7 48).")).to_be_visible()
            await page.reload()
            await expect(page.locator(".tile", has_text="tote.png")).to_contain_text("Artwork")

            await page.get_by_role("button", name="Sign out").click()
            await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
            assert await page.evaluate("localStorage.getItem('vitrine.token')") is None


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()
