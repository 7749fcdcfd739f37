"""Take the console's screenshots in docs/console/ (`make screenshots`; needs /usr/bin/chromium).

It runs the real app on a throwaway SQLite database with the local AI provider and the test shop on 127.0.0.1,
makes a CTA job (one page the shop does not have, so a variant fails), imports a product, uploads an image, and
photographs each screen through Playwright, exactly as a person would see it. For the previews, batches and the
listing plan it serves procedural product photos (tests/mockups.py) from 127.0.0.1 and goes through each screen:
a preview grid with cached tiles, the batch wizard to a finished batch, and a belt with a listed product.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "console"
NARROW = OUT / "390"
sys.path.insert(0, str(ROOT))

from settings import Settings  # noqa: E402
from tests.console_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.listing_support import move_back  # noqa: E402
from tests.mockups import Mockup, tote, tshirt  # noqa: E402
from tests.mockups import artwork as sunset  # noqa: E402
from tests.shop import ProductSpec, running_shop  # noqa: E402
from tests.support import GraphQLClient, free_port, serve_app  # noqa: E402

CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id } }"
JOB = "query($id: ID!) { ctaJob(id: $id) { isCompleted ctaInfos { id status url } } }"
EDIT = "mutation($id: ID!, $s: JSON!) { updateCtaSuggestion(id: $id, suggestion: $s) { id } }"
IMPORT = "mutation($url: String!) { importProduct(url: $url) { id } }"
CREATE_PRODUCT = "mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }"
CREATE_WORK = "mutation($input: CreateWorkInput!) { createWork(input: $input) { id } }"
REQUEST_PREVIEWS = "mutation($inputs: [PreviewInput!]!) { requestPreviews(inputs: $inputs) { id status } }"
PREVIEWS = "query($ids: [ID!]!) { previewTasks(ids: $ids) { status } }"
CREATE_ACCOUNT = "mutation($input: CreateStoreAccountInput!) { createStoreAccount(input: $input) { id } }"
SET_RULE = """mutation($a: ID!, $n: Int!) {
  setSchedulingRule(accountId: $a, itemsPerDay: $n, enabled: true) { nextRunAt } }"""
DEPLOY = "mutation($a: ID!, $p: ID!) { deployProduct(accountId: $a, productId: $p) { nextRunAt } }"
LISTED = "query($a: ID!) { listingPlan(accountId: $a) { listed { id } } }"

TOTES = {"Natural": (226, 214, 190), "Navy": (40, 52, 88), "Sage": (150, 170, 140)}
TEES = {"White": (250, 250, 248), "Red": (178, 34, 52), "Black": (38, 38, 40)}


def artwork() -> bytes:
    image = Image.new("RGB", (640, 480), (250, 246, 238))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        box = (40 + i * 40, 120 + (i % 3) * 50, 200 + i * 40, 280 + (i % 3) * 50)
        draw.ellipse(box, outline=(30, 80 + i * 12, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


async def wait_done(client: GraphQLClient, job_id: str) -> list[dict[str, Any]]:
    for _ in range(600):
        job = (await client.data(JOB, {"id": job_id}))["ctaJob"]
        if job["isCompleted"]:
            infos: list[dict[str, Any]] = job["ctaInfos"]
            return infos
        await asyncio.sleep(0.2)
    raise TimeoutError("the demo job did not finish")


@contextlib.contextmanager
def serving_images(images: dict[str, bytes]) -> Iterator[str]:
    """PNG files on 127.0.0.1 (createProduct and createWork fetch their images by URL); yields the base URL."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def image(request: Request) -> Response:
        return Response(images[request.path_params["name"]], media_type="image/png")

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(Starlette(routes=[Route("/{name}", image)]), host="127.0.0.1", port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


async def wait_until(check: Any, what: str) -> None:
    for _ in range(900):
        if await check():
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{what} did not happen")


async def make_catalog(client: GraphQLClient, images_url: str) -> dict[str, str]:
    """A tote in three colours and a T-shirt in three colours and two sizes, on procedural photos; two works."""
    ids = {}
    for title, mockups, sizes in (
        ("Organic Cotton Tote", {name: tote(rgb) for name, rgb in TOTES.items()}, ["One size"]),
        ("Heavyweight Tee", {name: tshirt(rgb) for name, rgb in TEES.items()}, ["M", "L"]),
    ):
        slug = title.split()[-1].lower()
        variants = [
            {
                "title": f"{colour} / {size}",
                "color": colour,
                "size": size,
                "imageUrl": f"{images_url}/{slug}-{colour.lower()}.png",
                "printArea": mockup.print_area,
            }
            for colour, mockup in mockups.items()
            for size in sizes
        ]
        first = next(iter(mockups))
        data = {"title": title, "images": [f"{images_url}/{slug}-{first.lower()}.png"], "variants": variants}
        ids[slug] = (await client.data(CREATE_PRODUCT, {"input": data}))["createProduct"]["id"]
    for name in ("Sunset", "Waves"):
        data = {"name": name, "imageUrl": f"{images_url}/{name.lower()}.png"}
        ids[name] = (await client.data(CREATE_WORK, {"input": data}))["createWork"]["id"]
    return ids


def mockup_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {"sunset.png": sunset(), "waves.png": artwork()}
    for slug, maker, colours in (("tote", tote, TOTES), ("tee", tshirt, TEES)):
        for name, rgb in colours.items():
            mockup: Mockup = maker(rgb)
            files[f"{slug}-{name.lower()}.png"] = mockup.png
    return files


async def phase_two(page: Any, client: GraphQLClient, images_url: str, shoot: Any) -> dict[str, str]:
    """The previews, the batch wizard and its batch, the listing plan, a product's page; returns the ids made."""
    ids = await make_catalog(client, images_url)

    # Previews: two renders cached beforehand, so the grid shows both kinds of tile.
    cached = [
        {"workId": ids["Sunset"], "productId": ids["tote"], "color": colour, "size": "One size"}
        for colour in ("Natural", "Navy")
    ]
    tasks = (await client.data(REQUEST_PREVIEWS, {"inputs": cached}))["requestPreviews"]

    async def rendered() -> bool:
        found = (await client.data(PREVIEWS, {"ids": [t["id"] for t in tasks]}))["previewTasks"]
        return all(t["status"] == "COMPLETED" for t in found)

    await wait_until(rendered, "the cached previews")
    await page.goto(f"/previews?work={ids['Sunset']}")
    await page.get_by_label("Sunset").wait_for()
    for colour in (*TOTES, "White", "Red"):
        await page.get_by_label(colour, exact=True).check()
    await page.get_by_label("M", exact=True).check()
    await page.get_by_role("button", name="Show previews").click()
    await page.get_by_text("5 of 5 ready").wait_for()
    await page.locator("#grid-title").scroll_into_view_if_needed()
    await shoot("previews", full_page=True)

    # The batch wizard: three tee variants, one with an upload dropped on it.
    await page.goto("/batches/new")
    for colour in TEES:
        await page.get_by_label(f"{colour} / M", exact=True).check()
    await page.get_by_label("Natural / One size").check()
    await page.get_by_role("button", name="Next").click()
    cards = page.locator("article[data-variant-id]")
    await cards.nth(3).wait_for()
    first = cards.nth(0)
    await first.get_by_role("tab", name="Upload new").click()
    await first.get_by_label("Image file for").set_input_files(
        files=[{"name": "flat-lay.png", "mimeType": "image/png", "buffer": tshirt((70, 110, 150), seed=5).png}]
    )
    await first.get_by_text("Uploaded flat-lay.png").wait_for()
    await cards.nth(1).get_by_role("tab", name=re.compile("^Uploads")).click()
    await page.set_viewport_size({"width": 1280, "height": 1320})  # two variants whole, the sticky bar below
    await page.evaluate("window.scrollTo(0, 0)")
    await shoot("batch-wizard-images")
    await page.set_viewport_size({"width": 1280, "height": 860})
    await page.get_by_role("button", name="Next").click()
    await page.get_by_label("Lifestyle").check()
    await page.get_by_label("Images per variant").select_option("2")
    await page.get_by_label("Aspect ratio").select_option("4:5")
    await page.get_by_label("Custom instructions").fill("Morning light on a wooden table")
    await page.get_by_role("button", name="Next").click()
    await page.get_by_role("textbox", name="Name").fill("Autumn drop")
    await page.locator("[data-credits]").wait_for()
    await shoot("batch-wizard-review")
    await page.get_by_role("button", name="Start batch").click()
    await page.wait_for_url("**/batches/*-*")
    ids["batch"] = page.url.rsplit("/", 1)[-1]
    await page.locator(".job-head .badge", has_text="Completed").wait_for(timeout=300_000)
    await page.locator(".folder img").nth(15).wait_for()
    await shoot("batch", full_page=True)
    await page.goto("/batches")
    await page.get_by_role("row", name="Autumn drop").wait_for()
    await shoot("batches")

    # The listing plan: an account 6 a day, four products on the belt, one already listed.
    outlet = {
        "name": "Outlet",
        "timezone": "America/New_York",
        "missedSlots": "SKIP",
        "publisher": {"kind": "WEBHOOK", "url": "http://127.0.0.1:8081/hooks/listings", "secret": "x" * 24},
    }
    await client.data(CREATE_ACCOUNT, {"input": outlet})
    main_store = {"name": "Main store", "timezone": "Europe/Berlin"}
    account_id = (await client.data(CREATE_ACCOUNT, {"input": main_store}))["createStoreAccount"]["id"]
    await client.data(SET_RULE, {"a": account_id, "n": 6})
    for product in (ids["tote"], ids["tee"]):
        await client.data(DEPLOY, {"a": account_id, "p": product})
    await move_back(account_id, timedelta(minutes=15))  # the first slot falls due: the scheduler lists it

    async def listed() -> bool:
        return bool((await client.data(LISTED, {"a": account_id}))["listingPlan"]["listed"])

    await wait_until(listed, "the first listing")
    await page.goto("/listing")
    await page.get_by_role("link", name="Main store").wait_for()
    await shoot("listing-accounts")
    await page.get_by_role("link", name="Main store").click()
    await page.locator(".listed li").first.wait_for()
    await page.get_by_label("Product", exact=True).select_option(label="Speckled Ceramic Mug")
    await page.get_by_role("button", name="Deploy to the first empty slot").click()
    await page.get_by_text("Deployed Speckled Ceramic Mug").wait_for()
    await shoot("listing-plan", full_page=True)
    await page.get_by_label("Products a day").fill("4")
    await page.get_by_role("button", name="Save rule").click()
    await page.locator("dialog[open]").wait_for()
    await shoot("listing-confirm")
    await page.keyboard.press("Escape")
    ids["account"] = account_id

    # A product's page: its variants with their mockups, generated images and folders, previews, listing slots.
    await page.goto(f"/catalog/{ids['tee']}")
    await page.locator(".variant-card").first.wait_for()
    await page.locator("[data-slot-id]").first.wait_for()
    await shoot("catalog-product", full_page=True)
    return ids


async def narrow_screens(page: Any, ids: dict[str, str]) -> None:
    """Every screen at 390 px wide (a phone): nothing scrolls sideways."""
    await page.set_viewport_size({"width": 390, "height": 844})
    for name, address in (
        ("cta-jobs", "/"),
        ("cta-job", f"/cta/{ids['job']}"),
        ("catalog", "/catalog"),
        ("catalog-product", f"/catalog/{ids['tee']}"),
        ("previews", f"/previews?work={ids['Sunset']}"),
        ("batches", "/batches"),
        ("batch-wizard", "/batches/new"),
        ("batch", f"/batches/{ids['batch']}"),
        ("listing-accounts", "/listing"),
        ("listing-plan", f"/listing/{ids['account']}"),
        ("not-found", "/no/such/screen"),
    ):
        await page.goto(address)
        await page.locator("main h1").wait_for()
        await page.wait_for_load_state("networkidle")
        await page.wait_for_timeout(300)  # images decoded, live lists settled
        await page.screenshot(path=NARROW / f"{name}.png", full_page=True)
        print(f"docs/console/390/{name}.png")
    await page.set_viewport_size({"width": 1280, "height": 860})


async def main() -> None:
    from playwright.async_api import FilePayload, async_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    NARROW.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_shop(
            tote=ProductSpec("Organic Cotton Tote", images=3, price="24.90", currency="EUR"),
            mug=ProductSpec("Speckled Ceramic Mug", images=2, price="18.50", currency="EUR"),
        ) as shop,
    ):
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite://{tmp}/vitrine.db",
            redis_url=None,
            media_dir=Path(tmp) / "media",
            secret_key="screenshots-secret-key-0123",
            allow_private_urls=True,
            auth="local",
            log_level="WARNING",
            log_format="text",
            scheduler_interval=timedelta(seconds=1),
            listing_tick=timedelta(seconds=1),
        )
        async with serve_app(settings) as live:
            client = live.client()
            items = [
                {"url": shop.url("/p/tote"), "variants": 2},
                {"url": shop.url("/p/mug"), "variants": 1},
                {"url": shop.url("/p/sold-out-lamp"), "variants": 1},
            ]
            job_id = (await client.data(CREATE, {"input": {"name": "Spring launch", "items": items}}))["createCtaJob"][
                "id"
            ]
            infos = await wait_done(client, job_id)
            done = [i for i in infos if i["status"] == "DONE"]
            await client.data(EDIT, {"id": done[0]["id"], "s": {"headline": "Carry the whole market home"}})
            await client.data(IMPORT, {"url": shop.url("/p/mug")})

            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = await browser.new_page(base_url=live.base_url, viewport={"width": 1280, "height": 860})

                async def shoot(name: str, *, full_page: bool = False) -> None:
                    await page.wait_for_load_state("networkidle")
                    await page.screenshot(path=OUT / f"{name}.png", full_page=full_page)
                    print(f"docs/console/{name}.png")

                await page.goto("/")
                await page.get_by_text("1 job").wait_for()
                await shoot("cta-jobs")

                await page.goto(f"/cta/{job_id}")
                await page.locator(".cta-card").first.wait_for()
                await shoot("cta-job", full_page=True)

                await page.get_by_role("button", name="Delete job").click()
                await page.locator("dialog[open]").wait_for()
                await shoot("cta-delete")
                await page.keyboard.press("Escape")

                await page.goto(f"/cta/{job_id}?cta_id={done[0]['id']}")
                await page.locator("dialog[open]").wait_for()
                await shoot("cta-edit")
                await page.keyboard.press("Escape")

                await page.locator(".cta-card").first.get_by_role("button", name="Details").click()
                await page.locator("dialog.drawer[open]").wait_for()
                await shoot("cta-details")
                await page.keyboard.press("Escape")

                await page.goto("/")
                await page.get_by_label("Product page URL 1").fill(shop.url("/p/tote"))
                await page.get_by_role("button", name="Add another URL").click()
                await page.get_by_label("Product page URL 2").fill("ftp://shop.example/products/tote")
                await page.get_by_role("button", name="Create job").click()
                await page.locator(".field-error").wait_for()
                await page.locator("form").first.screenshot(path=OUT / "cta-field-error.png")
                print("docs/console/cta-field-error.png")

                await page.goto("/catalog")
                upload: FilePayload = {"name": "wave-artwork.png", "mimeType": "image/png", "buffer": artwork()}
                await page.get_by_label("Image file").set_input_files(files=upload)
                await page.get_by_label("Kind").select_option("ARTWORK")
                await page.get_by_role("button", name="Upload").click()
                await page.get_by_text("Uploaded wave-artwork.png").wait_for()
                await page.get_by_role("heading", name="Read from product pages").wait_for()
                await shoot("catalog", full_page=True)

                await page.goto("/no/such/screen")
                await page.get_by_role("heading", name="Page not found").wait_for()
                await shoot("not-found")

                await page.goto("/graphql?q=%7B%20me%20%7B%20email%20workspace%20%7B%20name%20%7D%20%7D%20%7D")
                await page.locator(".graphiql-execute-button").click()
                await page.locator(".result-window").get_by_text("local@vitrine.localhost").wait_for()
                await shoot("graphiql")

                with serving_images(mockup_files()) as images_url:
                    ids = await phase_two(page, client, images_url, shoot)
                    await narrow_screens(page, {**ids, "job": job_id})
                await browser.close()

        # Token mode (the PostgreSQL default): the console asks for a token first.
        async with serve_app(settings.model_copy(update={"auth": "token"})) as live, async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = await browser.new_page(base_url=live.base_url, viewport={"width": 1280, "height": 600})
            await page.goto("/")
            await page.get_by_label("API token").wait_for()
            await page.screenshot(path=OUT / "sign-in.png")
            print("docs/console/sign-in.png")
            await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
