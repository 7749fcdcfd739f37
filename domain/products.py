"""Products from pages: each page is read once per workspace and normalised URL, whoever asks for it.

Reading a page is a task of the kernel like any other (`products.scrape`, `SCRAPE_TASK`), leased on the product
row's own columns (`scrape_status`, `scrape_attempt`, `scrape_lease_expires_at`): claimed, kept alive by the
heartbeat, finished or failed by the kernel, recovered by the reaper. Who asks decides only where it runs:

- A task that needs the product (a CTA URL's scrape) runs it there and then through the kernel (`product_for_url`),
  so the page is read on that task's critical path with no extra hop; if another worker is reading the page, the
  asking task is deferred (its thread free meanwhile) and finds the product ready when it runs again.
- A request (importProduct) enqueues it and waits for the kernel's completion signal, the product's live topic,
  for at most a lease (`requested_product`); a worker reads the page. Nothing polls.

Statuses: new (never read), queued (its message is on its way), scraping, ready (fresh for VITRINE_PRODUCT_TTL),
failed (for good: a 404, no images) or unreachable (a passing failure: a timeout, a 5xx). A product that is not
fresh and not being read may be claimed again by whoever asks next.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from db import claims
from db.claims import LeaseColumns
from db.models import Product
from db.transactions import in_transaction
from domain import live, tasks
from domain.ports import ports
from domain.product_pages import ProductPage, read_product_page
from domain.tasks import NO_RETRIES, Claim, Deferred, Lane, TaskFailed, TaskKind, TransientFailure
from domain.tasks.runner import run_task
from domain.workspace_events import Change, Kind, announce
from integrations.fetcher import FetchError
from settings import get_settings

log = logging.getLogger(__name__)
SCRAPE_PRODUCT = "products.scrape"
SCRAPE = LeaseColumns(
    status="scrape_status", attempt="scrape_attempt", lease="scrape_lease_expires_at", retries=None, next_attempt=None
)
DEFER = timedelta(seconds=1)
NEW, QUEUED, SCRAPING, READY, FAILED, UNREACHABLE = "new", "queued", "scraping", "ready", "failed", "unreachable"
FINAL = (READY, FAILED, UNREACHABLE)


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


def product_topic(product_id: object) -> str:
    return f"product:{product_id}"


def is_fresh(product: Product, now: datetime | None = None) -> bool:
    scraped_at = product.scraped_at
    return (
        product.scrape_status == READY
        and scraped_at is not None
        and (now or datetime.now(UTC)) - scraped_at < get_settings().product_ttl
    )


def _readable(now: datetime) -> Q:
    """Rows whose page may be read now besides queued ones: never read, failed, or read too long ago."""
    stale = now - get_settings().product_ttl
    return Q(scrape_status__in=[NEW, FAILED, UNREACHABLE]) | Q(scrape_status=READY, scraped_at__lt=stale)


async def product_for_url(workspace_id: Any, url: str, normalized_url: str) -> Product:
    """The workspace's product for this URL: reused while fresh, else read here and now through the kernel.

    For a task (a CTA URL's scrape): if another worker is reading the page, Deferred (run again in a second, when
    the product is ready); a page that could not be read is ScrapeFailed (`transient` for a passing cause)."""
    product = await _get_or_create(workspace_id, url, normalized_url)
    if is_fresh(product):
        return product
    ran = await run_task(SCRAPE_PRODUCT, str(product.id))
    product = await Product.get(id=product.id)
    if is_fresh(product) or (ran and product.scrape_status == READY):  # just read (even with a TTL of 0)
        return product
    if ran and product.scrape_status in (FAILED, UNREACHABLE):
        raise ScrapeFailed(
            url, product.scrape_error or "the page could not be read", product.scrape_status == UNREACHABLE
        )
    raise Deferred(f"another worker is reading {url}", DEFER)


async def requested_product(workspace_id: Any, url: str, normalized_url: str) -> Product:
    """For a request: the workspace's product for this URL, reused while fresh; else its reading is enqueued (unless
    someone is reading it already) and the product's topic followed until the kernel has finished it, for at most
    a lease. ScrapeFailed if the page could not be read, or is still being read after that."""
    product = await _get_or_create(workspace_id, url, normalized_url)
    if is_fresh(product):
        return product
    now = datetime.now(UTC)
    async with in_transaction() as tx:
        requested = await claims.give_back(
            Product,
            Q(id=product.id) & _readable(now),
            waiting=QUEUED,
            lease_until=now + get_settings().job_lease,
            now=now,
            cols=SCRAPE,
            using_db=tx,
        )
        if requested:
            await tasks.enqueue(SCRAPE_TASK, product.id, using_db=tx)
    product_id = product.id

    async def load() -> Product:
        return await Product.get(id=product_id)

    try:
        async with asyncio.timeout(get_settings().job_lease.total_seconds()):
            async for state in live.follow([product_topic(product_id)], load, lambda p: p.scrape_status in FINAL):
                product = state
    except TimeoutError:
        raise ScrapeFailed(url, "the page is still being read; try again in a moment", transient=True) from None
    if product.scrape_status != READY:
        raise ScrapeFailed(
            url, product.scrape_error or "the page could not be read", product.scrape_status == UNREACHABLE
        )
    return product


async def _get_or_create(workspace_id: Any, url: str, normalized_url: str) -> Product:
    existing = await Product.get_or_none(workspace_id=workspace_id, normalized_url=normalized_url)
    if existing is not None:
        return existing
    try:
        return await Product.create(workspace_id=workspace_id, normalized_url=normalized_url, source_url=url)
    except IntegrityError:  # a concurrent caller created it first: the constraint decides, we share
        return await Product.get(workspace_id=workspace_id, normalized_url=normalized_url)


async def _read_page(claim: Claim[Product]) -> None:
    product = claim.row
    url = product.source_url
    if not url:
        raise TaskFailed("the product has no page to read")
    try:
        async with ports().new_fetcher() as fetcher:
            page = await read_product_page(url, fetcher, reranker=ports().reranker)
    except FetchError as exc:
        raise (TransientFailure if exc.transient else TaskFailed)(exc.message) from exc
    if not page.images:
        raise TaskFailed("no product images found on the page")
    if await claim.finish(scrape_status=READY, scrape_error=None, **_fields_from_page(page)):
        await claim.publish(status=READY)
        await announce(product.workspace_id, Kind.PRODUCT, product.id, Change.UPDATED)  # read: lists show it


async def _record_failure(claim: Claim[Product], cause: str) -> None:
    status = UNREACHABLE if claim.transient_failure else FAILED
    if await claim.finish(scrape_status=status, scrape_error=cause):
        await claim.publish(status=status)


SCRAPE_TASK = TaskKind(
    name=SCRAPE_PRODUCT,
    model=Product,
    waiting=QUEUED,
    running=(SCRAPING,),
    work=_read_page,
    fail=_record_failure,
    topic=lambda row: product_topic(row.id),
    # The askers own the retries: a CTA URL's scrape on its schedule, the merchant importing again.
    retry=lambda: NO_RETRIES,
    lane=Lane.INTERACTIVE,  # someone waits on it: a merchant's import, a CTA URL and all its variants
    cols=SCRAPE,
    claimable=_readable,
)


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
