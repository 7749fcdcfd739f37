"""Browser tests' support: Debian's Chromium driven by Playwright, with every request held to 127.0.0.1.

Playwright's own browser download is unreachable from here (shared/notes/browser-tests.md), so the tests drive
the system's Chromium through `executable_path`. Without it they skip and say why, unless
VITRINE_REQUIRE_SERVICES=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support import REQUIRE_SERVICES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # sessions and CI run as root
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1"}
# Generous: the machine is shared and jobs run real workers.
SLOW_MS = 60_000


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM} (`apt-get install chromium`; .ci/run installs it)"
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} and VITRINE_REQUIRE_SERVICES=1")
    pytest.skip(reason)


def require_graphiql_files() -> None:
    from web import graphiql

    if graphiql.MODULES.is_dir():
        return
    reason = f"GraphiQL's files are not installed in {graphiql.MODULES} (`make install` runs npm ci)"
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} and VITRINE_REQUIRE_SERVICES=1")
    pytest.skip(reason)


@dataclass
class Browsing:
    """One page in a fresh browser context, and what it tried to do that it should not have."""

    page: Any  # playwright.async_api.Page
    refused: list[str] = field(default_factory=list)  # requests to anywhere but 127.0.0.1, aborted
    errors: list[str] = field(default_factory=list)  # uncaught exceptions in the page

    def check(self) -> None:
        assert not self.refused, f"the page tried to reach other hosts: {self.refused}"
        assert not self.errors, f"the page threw: {self.errors}"


@contextlib.asynccontextmanager
async def browse(base_url: str) -> AsyncIterator[Browsing]:
    """A page on `base_url`; afterwards, fails if it reached beyond 127.0.0.1 or threw an uncaught error."""
    require_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
            context.set_default_timeout(SLOW_MS)
            browsing = Browsing(page=await context.new_page())

            async def only_local(route: Any) -> None:
                url = route.request.url
                if urlsplit(url).hostname in LOCAL_HOSTS:
                    await route.continue_()
                else:
                    browsing.refused.append(url)
                    await route.abort()

            await context.route("**/*", only_local)
            browsing.page.on("pageerror", lambda error: browsing.errors.append(str(error)))
            yield browsing
            browsing.check()
        finally:
            await browser.close()


SEED_JOB = "mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id } }"
SEED_JOB_STATE = "query($id: ID!) { ctaJob(id: $id) { isCompleted urls { productId } } }"
SEED_PRODUCT = """mutation($i: CreateProductInput!) { createProduct(input: $i) {
  id variants { id color imageUrl } } }"""
SEED_WORK = "mutation($i: CreateWorkInput!) { createWork(input: $i) { id } }"
SEED_PREVIEW = "mutation($i: PreviewInput!) { requestPreview(input: $i) { id } }"
SEED_PREVIEW_STATE = "query($id: ID!) { previewTask(id: $id) { status } }"
SEED_BATCH = "mutation($i: CreateBatchInput!) { createBatch(input: $i) { id } }"
SEED_BATCH_STATE = "query($id: ID!) { batch(id: $id) { isCompleted } }"
SEED_ACCOUNT = "mutation($i: CreateStoreAccountInput!) { createStoreAccount(input: $i) { id } }"
SEED_RULE = "mutation($a: ID!) { setSchedulingRule(accountId: $a, itemsPerDay: 4, enabled: true) { nextRunAt } }"
SEED_DEPLOY = "mutation($a: ID!, $p: ID!) { deployProduct(accountId: $a, productId: $p) { nextRunAt } }"


async def seed_screens(client: Any, shop: Any) -> dict[str, str]:
    """What every screen of the console has something to show for: a finished CTA job (its product read from its
    page), a catalog product with two variants (Natural and Navy), a work and its finished preview, a finished
    batch, and a store account with the product on its belt. Returns their ids."""
    import asyncio

    async def until(query: str, ident: str, done: Any) -> None:
        for _ in range(600):
            if done(await client.data(query, {"id": ident})):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"{query} {ident} did not finish")

    job_input = {"name": "Spring launch", "items": [{"url": shop.url("/p/tote"), "variants": 2}]}
    job = (await client.data(SEED_JOB, {"i": job_input}))["createCtaJob"]["id"]
    variants = [
        {"title": "Natural / M", "color": "Natural", "size": "M", "imageUrl": shop.image_url("tote", 1)},
        {"title": "Navy / M", "color": "Navy", "size": "M", "imageUrl": shop.image_url("tote", 2)},
    ]
    product_input = {
        "title": "Canvas Tote",
        "price": "24.90",
        "currency": "EUR",
        "images": [shop.image_url("tote", 0)],
        "variants": variants,
    }
    product = (await client.data(SEED_PRODUCT, {"i": product_input}))["createProduct"]
    work_input = {"name": "Sunset", "imageUrl": shop.image_url("sunset", 3)}
    work = (await client.data(SEED_WORK, {"i": work_input}))["createWork"]["id"]
    preview_input = {"workId": work, "productId": product["id"], "color": "Natural", "size": "M"}
    preview = (await client.data(SEED_PREVIEW, {"i": preview_input}))["requestPreview"]["id"]
    first = product["variants"][0]
    batch_input = {
        "name": "Autumn drop",
        "variants": [{"variantId": first["id"], "productImageUrls": [first["imageUrl"]]}],
        "settings": {"schemaKey": "studio", "numberOfVariations": 1, "input": {"aspect_ratio": "1:1"}},
    }
    batch = (await client.data(SEED_BATCH, {"i": batch_input}))["createBatch"]["id"]
    account = (await client.data(SEED_ACCOUNT, {"i": {"name": "Main store", "timezone": "Europe/Berlin"}}))[
        "createStoreAccount"
    ]["id"]
    await client.data(SEED_RULE, {"a": account})
    await client.data(SEED_DEPLOY, {"a": account, "p": product["id"]})
    await until(SEED_JOB_STATE, job, lambda d: d["ctaJob"]["isCompleted"])
    await until(SEED_PREVIEW_STATE, preview, lambda d: d["previewTask"]["status"] in ("COMPLETED", "FAILED"))
    await until(SEED_BATCH_STATE, batch, lambda d: d["batch"]["isCompleted"])
    page_product = (await client.data(SEED_JOB_STATE, {"id": job}))["ctaJob"]["urls"][0]["productId"]
    return {
        "job": job,
        "product": product["id"],
        "page_product": page_product,
        "work": work,
        "preview": preview,
        "batch": batch,
        "account": account,
    }
