"""Products from pages: each page is fetched once per workspace and normalised URL, whoever asks for it."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from db import products as product_rows
from db.models import Product
from domain.ports import ports
from domain.product_pages import ProductPage, read_product_page
from integrations.fetcher import FetchError
from settings import get_settings

log = logging.getLogger(__name__)
WAIT_POLL_SECONDS = 0.2


@dataclass
class ScrapeFailed(Exception):
    url: str
    cause: str
    transient: bool

    def __str__(self) -> str:
        return f"Could not read {self.url}: {self.cause}"


async def product_for_url(workspace_id: Any, url: str, normalized_url: str) -> Product:
    """The workspace's product for this URL: reused while fresh, else fetched — by exactly one caller at a time.

    Concurrent callers (two jobs, a redelivered message) share the row through the unique (workspace, normalised
    URL) constraint; the one that claims the scrape fetches, the others wait for its outcome.
    """
    settings = get_settings()
    product = await _get_or_create(workspace_id, url, normalized_url)
    waiting_since = datetime.now(UTC)
    deadline = time.monotonic() + settings.job_lease.total_seconds()
    while True:
        now = datetime.now(UTC)
        if product.scrape_status == "ready" and product.scraped_at and now - product.scraped_at < settings.product_ttl:
            return product
        if product.scrape_status == "failed" and product.updated_at >= waiting_since:
            # Another caller just tried and failed while we waited: share its answer instead of fetching again.
            raise ScrapeFailed(url, product.scrape_error or "the page could not be read", transient=False)
        if await product_rows.claim_scrape(
            product, now=now, lease=settings.job_lease, stale_before=now - settings.product_ttl
        ):
            return await _scrape(product, url)
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


async def _scrape(product: Product, url: str) -> Product:
    try:
        async with ports().new_fetcher() as fetcher:
            page = await read_product_page(url, fetcher, reranker=ports().reranker)
    except FetchError as exc:
        await product_rows.finish_scrape(product, scrape_status="failed", scrape_error=exc.message)
        raise ScrapeFailed(url, exc.message, transient=exc.transient) from exc
    if not page.images:
        cause = "no product images found on the page"
        await product_rows.finish_scrape(product, scrape_status="failed", scrape_error=cause)
        raise ScrapeFailed(url, cause, transient=False)
    fields = _fields_from_page(page)
    await product_rows.finish_scrape(product, scrape_status="ready", scrape_error=None, **fields)
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
