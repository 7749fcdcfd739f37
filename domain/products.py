"""Products from pages: each page is fetched once per workspace and normalised URL, whoever asks for it.

The page fetch is a lease on the product row (its `scrape_*` columns, through db/claims like every claim). A
task that finds the page being read by another worker is deferred (its thread is free meanwhile) and finds the
product ready when it runs again; a caller outside a task (the API's importProduct) waits on its own loop.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from db import claims
from db.claims import LeaseColumns
from db.models import Product
from domain.ports import ports
from domain.product_pages import ProductPage, read_product_page
from domain.tasks import Claim, Deferred
from integrations.fetcher import FetchError
from settings import get_settings

log = logging.getLogger(__name__)
SCRAPE = LeaseColumns(status="scrape_status", attempt="scrape_attempt", lease="scrape_lease_expires_at")
WAIT_POLL_SECONDS = 0.2
DEFER = timedelta(seconds=1)


@dataclass
class ScrapeFailed(Exception):
    url: str
    cause: str
    transient: bool

    def __str__(self) -> str:
        return f"Could not read {self.url}: {self.cause}"

    @property
    def message(self) -> str:
        return str(self)


async def product_for_url(workspace_id: Any, url: str, normalized_url: str, task: Claim[Any] | None = None) -> Product:
    """The workspace's product for this URL: reused while fresh, else fetched — by exactly one caller at a time.

    Concurrent callers share the row through the unique (workspace, normalised URL) constraint; the one that
    claims the page fetch reads the page. Inside a task (`task` given) a caller that finds the page being read
    raises Deferred; outside one it waits for the reader, for at most a lease.
    """
    settings = get_settings()
    product = await _get_or_create(workspace_id, url, normalized_url)
    deadline = time.monotonic() + settings.job_lease.total_seconds()
    while True:
        now = datetime.now(UTC)
        if product.scrape_status == "ready" and product.scraped_at and now - product.scraped_at < settings.product_ttl:
            return product
        claimed = await claims.claim(
            Product,
            product.id,
            waiting=["new", "failed"],
            running="scraping",
            lease=settings.job_lease,
            now=now,
            also_claimable=Q(scrape_status="ready", scraped_at__lt=now - settings.product_ttl),
            cols=SCRAPE,
        )
        if claimed is not None:
            return await _scrape(claimed, url, task)
        if task is not None:
            raise Deferred(f"another worker is reading {url}", DEFER)
        if time.monotonic() > deadline:
            raise ScrapeFailed(url, "another worker is still reading this page", transient=True)
        await asyncio.sleep(WAIT_POLL_SECONDS)
        product = await Product.get(id=product.id)


async def _get_or_create(workspace_id: Any, url: str, normalized_url: str) -> Product:
    existing = await Product.get_or_none(workspace_id=workspace_id, normalized_url=normalized_url)
    if existing is not None:
        return existing
    try:
        return await Product.create(workspace_id=workspace_id, normalized_url=normalized_url, source_url=url)
    except IntegrityError:  # a concurrent caller created it first: the constraint decides, we share
        return await Product.get(workspace_id=workspace_id, normalized_url=normalized_url)


async def _scrape(product: Product, url: str, task: Claim[Any] | None) -> Product:
    if task is not None:
        task.hold(Product, product, SCRAPE)  # renewed by the task's heartbeat, let go if the task stops
    try:
        try:
            async with ports().new_fetcher() as fetcher:
                page = await read_product_page(url, fetcher, reranker=ports().reranker)
        except FetchError as exc:
            await claims.finish(Product, product, cols=SCRAPE, scrape_status="failed", scrape_error=exc.message)
            raise ScrapeFailed(url, exc.message, transient=exc.transient) from exc
        if not page.images:
            cause = "no product images found on the page"
            await claims.finish(Product, product, cols=SCRAPE, scrape_status="failed", scrape_error=cause)
            raise ScrapeFailed(url, cause, transient=False)
        await claims.finish(
            Product, product, cols=SCRAPE, scrape_status="ready", scrape_error=None, **_fields_from_page(page)
        )
    finally:
        if task is not None:
            task.release(product)
    return await Product.get(id=product.id)


def _fields_from_page(page: ProductPage) -> dict[str, Any]:
    images = [
        {
            "url": image.url,
            "score": round(image.score, 4),
            "source": image.source,
            "reasons": list(image.reasons),
            "alt": image.alt,
            "width": image.width,
            "height": image.height,
        }
        for image in page.images
    ]
    return {
        "title": (page.title or "")[:500],
        "description": page.description or "",
        "brand": (page.brand or None) and page.brand[:200],
        "price": (page.price or None) and page.price[:32],
        "currency": (page.currency or None) and page.currency[:3],
        "sku": (page.sku or None) and page.sku[:64],
        "availability": page.availability,
        "canonical_url": page.canonical_url,
        "images": images,
        "primary_image_url": images[0]["url"],
        "scraped_at": datetime.now(UTC),
    }


def ranked_image_urls(product: Product) -> list[str]:
    return [image["url"] for image in product.images or []]
