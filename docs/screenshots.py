"""Take the console's screenshots in docs/console/ (`make screenshots`; needs /usr/bin/chromium).

It runs the real app on a throwaway SQLite database with the local AI provider and the test shop on 127.0.0.1,
makes a CTA job (one page the shop does not have, so a variant fails), imports a product, uploads an image, and
photographs each screen through Playwright, exactly as a person would see it.
"""

from __future__ import annotations

import asyncio
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "console"
sys.path.insert(0, str(ROOT))

from settings import Settings  # noqa: E402
from tests.console_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.shop import ProductSpec, running_shop  # noqa: E402
from tests.support import GraphQLClient, serve_app  # noqa: E402

CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id } }"
JOB = "query($id: ID!) { ctaJob(id: $id) { isCompleted ctaInfos { id status url } } }"
EDIT = "mutation($id: ID!, $s: JSON!) { updateCtaSuggestion(id: $id, suggestion: $s) { id } }"
IMPORT = "mutation($url: String!) { importProduct(url: $url) { id } }"


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


async def main() -> None:
    from playwright.async_api import FilePayload, async_playwright

    OUT.mkdir(parents=True, exist_ok=True)
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
                await shoot("catalog", full_page=True)

                await page.goto("/graphql?q=%7B%20me%20%7B%20email%20workspace%20%7B%20name%20%7D%20%7D%20%7D")
                await page.locator(".graphiql-execute-button").click()
                await page.locator(".result-window").get_by_text("local@vitrine.localhost").wait_for()
                await shoot("graphiql")

                await page.goto("/listing")
                await shoot("coming-soon")
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
