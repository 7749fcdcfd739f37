"""The CTA pipeline as two kinds of task: scrape each distinct URL once (phase 1; its success sends the
variants' messages through the outbox), then one creative per variant (phase 2), variant i on ranked image i mod n.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from cachetools import LRUCache
from tortoise.backends.base.client import BaseDBAsyncClient

from db.models import CtaInfo, CtaJob, CtaJobUrl, Product
from db.transactions import in_transaction
from domain import media_sweep, provenance, tasks
from domain.cta.rules import assign_images_round_robin
from domain.cta.statuses import RUNNING, CtaInfoStatus, CtaUrlStatus, job_topic
from domain.ports import ports
from domain.products import ScrapeFailed, product_for_url, ranked_image_urls
from domain.tasks import Claim, Deferred, Lane, RetrySchedule, TaskFailed, TaskKind, TransientFailure
from domain.tasks.retry import backoff_from_settings
from integrations.ai.base import ProductBrief, ProviderError
from integrations.ai.recipes import background_recipe
from integrations.fetcher import FetchError

log = logging.getLogger(__name__)
SCRAPE = "cta.scrape_url"
GENERATE = "cta.generate"
MEDIA_FOLDER = "cta"


MEDIA_KEYS = media_sweep.keys_in(CtaInfo, "background_key")  # swept once actors.setup registers it


# --- phase 1: one scrape per distinct URL --------------------------------------------------------------


def _retry_schedule() -> RetrySchedule:
    """A page's or the provider's timeouts, 429 and 5xx: four more tries, at most a minute apart."""
    return backoff_from_settings(retries=4, cap=timedelta(minutes=1))


async def _scrape_url(claim: Claim[CtaJobUrl]) -> None:
    row = claim.row
    job = await CtaJob.get(id=row.job_id)
    await claim.publish(url=str(row.id), status=CtaUrlStatus.SCRAPING)
    try:
        product = await product_for_url(job.workspace_id, row.url, row.normalized_url)
    except ScrapeFailed as exc:
        raise (TransientFailure if exc.transient else TaskFailed)(str(exc)) from exc
    # Off the critical path: the images the variants will use download while the result is written and their
    # messages travel (variant i uses ranked image i mod n; they find them in this process's cache). The step
    # awaits them before it ends, so no download outlives the task that started it.
    images = ranked_image_urls(product)
    downloads: list[asyncio.Future[bytes]] = []
    if images:
        variants = await CtaInfo.filter(job_url_id=row.id).count()
        downloads = _prefetch(assign_images_round_robin(images, i) for i in range(variants))
    try:
        # The fan-out rides the outbox: the variants' messages are sent only if the URL's result is written.
        async with in_transaction() as tx:
            if not await claim.finish(status=CtaUrlStatus.SCRAPED, product_id=product.id, error=None):
                return
            await CtaInfo.filter(job_url_id=row.id).using_db(tx).update(product_id=product.id)
            await _record_product_images(row.id, images, tx)
            waiting = (
                await CtaInfo.filter(job_url_id=row.id, status=CtaInfoStatus.PENDING)
                .using_db(tx)
                .values_list("id", flat=True)
            )
            await tasks.enqueue(GENERATE_TASK, waiting, using_db=tx)
        await claim.publish(url=str(row.id), status=CtaUrlStatus.SCRAPED)
    finally:
        # A failed download is left to the variant that needs the image (it fetches it itself and reports why).
        await asyncio.gather(*downloads, return_exceptions=True)


async def _fail_url(claim: Claim[CtaJobUrl], message: str) -> None:
    """The URL and its waiting variants fail together, in one transaction: a crash between the two writes would
    leave variants pending for a URL that is failed, re-sent by the reaper for ever."""
    row = claim.row
    async with in_transaction() as tx:
        if not await claim.finish(status=CtaUrlStatus.FAILED, error=message):
            return
        await (
            CtaInfo.filter(job_url_id=row.id, status=CtaInfoStatus.PENDING)
            .using_db(tx)
            .update(
                status=CtaInfoStatus.FAILED, error_message=message, lease_expires_at=None, updated_at=datetime.now(UTC)
            )
        )
    await claim.publish(url=str(row.id), status=CtaUrlStatus.FAILED)


SCRAPE_TASK = TaskKind(
    name=SCRAPE,
    model=CtaJobUrl,
    waiting=CtaUrlStatus.PENDING,
    running=(CtaUrlStatus.SCRAPING,),
    work=_scrape_url,
    fail=_fail_url,
    topic=lambda row: job_topic(row.job_id),
    retry=_retry_schedule,
    error_field="error",
    lane=Lane.INTERACTIVE,  # one per URL, and every variant of the URL waits on it
)


# --- phase 2: one creative per variant -----------------------------------------------------------------


async def _record_product_images(job_url_id: Any, images: list[str], tx: BaseDBAsyncClient) -> None:
    """Each variant's product image (ranked image i mod n), known once the page is read: a variant shows the image
    it works from while it waits, retries or fails, not only once it is done. A variant that already has copy (a
    retry of a read page) keeps its own."""
    if not images:
        return
    for info in await CtaInfo.filter(job_url_id=job_url_id, suggestion__isnull=True).using_db(tx):
        chosen = {"productBackgroundUrl": assign_images_round_robin(images, info.variant_index)}
        await CtaInfo.filter(id=info.id, suggestion__isnull=True).using_db(tx).update(suggestion=chosen)


async def _generate(claim: Claim[CtaInfo]) -> None:
    info = claim.row
    # The URL's scrape sets the product of its variants in the transaction that marks it scraped.
    product = await Product.get_or_none(id=info.product_id) if info.product_id is not None else None
    if product is None:
        # Variants never start before their URL's product exists; the URL's fan-out sends this one again.
        raise Deferred("the product page is not read yet", delay=None)
    await claim.publish(info=str(info.id), status=CtaInfoStatus.ANALYZING)
    image_url = assign_images_round_robin(ranked_image_urls(product), info.variant_index)
    brief = product_brief(product)
    painter = ports().creative
    try:
        image = await _product_image(image_url)
        await _step(claim, CtaInfoStatus.GENERATING_IMAGE)
        with provenance.timed() as watch:
            png = await painter.generate_background(brief, image, info.variant_index)
        key = await claim.save_media(png, folder=f"{MEDIA_FOLDER}/{info.job_id}", extension="png")
        await _step(claim, CtaInfoStatus.GENERATING_SUGGESTION)
        copy = await ports().creative.generate_copy(brief, info.variant_index)
    except (ProviderError, FetchError) as exc:
        raise (TransientFailure if exc.transient else TaskFailed)(_failure_message(exc, image_url)) from exc
    made = provenance.record(
        background_recipe(painter, brief, info.variant_index),
        [provenance.InputImage(role="product", source="url", url=image_url)],
        {"variantIndex": info.variant_index},
        watch.seconds,
    )
    suggestion = {**copy.to_json(), "productBackgroundUrl": image_url, "provenance": made}
    if await claim.finish(status=CtaInfoStatus.DONE, suggestion=suggestion, background_key=key, error_message=None):
        await claim.publish(info=str(info.id), status=CtaInfoStatus.DONE)


async def _fail_variant(claim: Claim[CtaInfo], message: str) -> None:
    if await claim.finish(status=CtaInfoStatus.FAILED, error_message=message):
        await claim.publish(info=str(claim.row.id), status=CtaInfoStatus.FAILED)


GENERATE_TASK = TaskKind(
    name=GENERATE,
    model=CtaInfo,
    waiting=CtaInfoStatus.PENDING,
    running=RUNNING,
    work=_generate,
    fail=_fail_variant,
    topic=lambda row: job_topic(row.job_id),
    retry=_retry_schedule,
    error_field="error_message",
)


def _failure_message(exc: ProviderError | FetchError, image_url: str) -> str:
    if isinstance(exc, FetchError):
        return f"Could not download the product image {image_url}: {exc.message}"
    return f"The AI provider failed: {exc.message}"


async def _step(claim: Claim[CtaInfo], status: CtaInfoStatus) -> None:
    await claim.advance(status=status)
    await claim.publish(info=str(claim.row.id), status=status)


async def _product_image(url: str) -> bytes:
    """Kept in memory for a while: the variants of one URL share a handful of images, fetched once per process
    (concurrent variants wait for the download already under way instead of starting their own)."""
    cached = _image_cache.get(url)
    if cached is not None:
        return cached
    pending = _image_downloads.get(url)
    if pending is None or (pending.done() and (pending.cancelled() or pending.exception() is not None)):
        pending = _start_download(url)
    return await asyncio.shield(pending)


def _prefetch(urls: Iterable[str]) -> list[asyncio.Future[bytes]]:
    """Start downloading images into the cache; the caller awaits what this returns before its step ends."""
    return [
        _start_download(url) for url in dict.fromkeys(urls) if url not in _image_cache and url not in _image_downloads
    ]


def _start_download(url: str) -> asyncio.Future[bytes]:
    download = _image_downloads[url] = asyncio.ensure_future(_download(url))
    download.add_done_callback(functools.partial(_forget_download, url))
    return download


def _forget_download(url: str, done: asyncio.Future[bytes]) -> None:
    if _image_downloads.get(url) is done:
        del _image_downloads[url]
    if not done.cancelled() and done.exception() is not None:
        log.debug("image download failed; the variant that needs it fetches it again", extra={"url": url})


async def _download(url: str) -> bytes:
    async with ports().new_fetcher() as fetcher:
        data = (await fetcher.fetch_image(url)).data
    _image_cache[url] = data
    return data


IMAGE_CACHE_SIZE = 16
# Only the event loop's thread uses it, so cachetools' lack of locking is no concern here.
_image_cache: LRUCache[str, bytes] = LRUCache(maxsize=IMAGE_CACHE_SIZE)
_image_downloads: dict[str, asyncio.Future[bytes]] = {}


def background_provenance(info: CtaInfo) -> dict[str, Any] | None:
    """How the generated background was made (provider, model, prompt, the product image, time), for the API."""
    return provenance.for_api((info.suggestion or {}).get("provenance"), ports().media.signed_url)


def product_brief(product: Product) -> ProductBrief:
    price: Decimal | None
    try:
        price = Decimal(product.price) if product.price else None
    except InvalidOperation:
        price = None
    return ProductBrief(
        title=product.title or "Product",
        description=product.description or None,
        brand=product.brand,
        price=price,
        currency=product.currency,
        url=product.canonical_url or product.source_url,
    )
