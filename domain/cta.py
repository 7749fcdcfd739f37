"""CTA batch generation: create a job, scrape each distinct URL once (phase 1), generate each variant (phase 2)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from db import claims
from db.models import CtaInfo, CtaJob, CtaJobUrl, Product
from domain import idempotency, leases, outbox
from domain.cta_rules import (
    CtaItem,
    assign_images_round_robin,
    check_job_name,
    default_job_name,
    edit_suggestion,
    merge_items,
)
from domain.errors import BadUserInput, NotFound, RateLimited, TransientFailure
from domain.live import publish
from domain.outbox import Job
from domain.pagination import Page, paginate
from domain.ports import ports
from domain.products import ScrapeFailed, product_for_url, ranked_image_urls
from domain.tenancy import Principal, get_owned, owned, parse_id
from integrations.ai.base import ProductBrief, ProviderError
from integrations.fetcher import FetchError, check_public_url
from settings import get_settings

log = logging.getLogger(__name__)

SCRAPE = "cta.scrape_url"
FAN_OUT = "cta.fan_out"
GENERATE = "cta.generate"

RUNNING = ("analyzing", "generating_image", "generating_suggestion")
FINAL = ("done", "failed")


def job_topic(job_id: object) -> str:
    return f"cta_job:{job_id}"


def _pipeline(url_id: object) -> list[Job]:
    """Phase 1 then phase 2: `fan_out` receives the scrape's result (the URL id once its product exists)."""
    return [Job(SCRAPE, (str(url_id),)), Job(FAN_OUT)]


leases.register(leases.LeasedKind("cta_url", CtaJobUrl, "pending", ("scraping",), lambda row: _pipeline(row.id)))
leases.register(leases.LeasedKind("cta_info", CtaInfo, "pending", RUNNING, lambda row: Job(GENERATE, (str(row.id),))))


# --- creating and reading jobs ------------------------------------------------------------------------


async def create_cta_job(
    principal: Principal, name: str | None, items: Sequence[CtaItem], idempotency_key: str | None = None
) -> CtaJob:
    """The same `idempotency_key` within 24 h answers the first job (domain/idempotency.py)."""
    request = {"name": name, "items": [[item.url, item.variants] for item in items]}
    claim = idempotency.claim(principal.workspace_id, "createCtaJob", idempotency_key, request)
    return await idempotency.run_once(claim, lambda: _create_cta_job(principal, name, items, claim), _created_job)


async def _created_job(job_id: uuid.UUID) -> CtaJob:
    job = await CtaJob.get_or_none(id=job_id)
    if job is None:
        raise NotFound(f"CtaJob {job_id}, created with this idempotencyKey, has been deleted.")
    return job


async def _create_cta_job(
    principal: Principal, name: str | None, items: Sequence[CtaItem], claim: idempotency.Claim | None
) -> CtaJob:
    """Validate everything first, then write the job, its URLs and its variants in one transaction."""
    settings = get_settings()
    merged = merge_items(items, settings.max_urls)
    job_name = check_job_name(name)
    await _check_rate(principal, settings.cta_jobs_per_minute)
    for entry in merged:
        try:
            await check_public_url(entry.url, allow_private=settings.allow_private_urls)
        except FetchError as exc:
            raise BadUserInput(exc.message, field=f"items[{entry.first_index}].url") from exc
    now = datetime.now(UTC)
    lease_until = now + settings.job_lease
    async with in_transaction() as tx:
        job = await CtaJob.create(
            workspace_id=principal.workspace_id,
            user_id=principal.user_id,
            name=job_name or default_job_name(principal.name, now),
            input=[{"url": item.url, "variants": item.variants} for item in items],
            using_db=tx,
        )
        for entry in merged:
            job_url = await CtaJobUrl.create(
                job=job,
                url=entry.url,
                normalized_url=entry.normalized_url,
                status="pending",
                lease_expires_at=lease_until,
                using_db=tx,
            )
            await CtaInfo.bulk_create(
                [
                    CtaInfo(
                        job=job,
                        job_url=job_url,
                        url=entry.url,
                        variant_index=index,
                        status="pending",
                        lease_expires_at=lease_until,
                    )
                    for index in range(entry.variants)
                ],
                using_db=tx,
            )
            await outbox.stage(_pipeline(job_url.id), using_db=tx)
        await idempotency.record(claim, job.id, using_db=tx)
    await outbox.flush()
    return job


async def _check_rate(principal: Principal, per_minute: int) -> None:
    """Each job can start dozens of AI generations: a workspace may create `per_minute` jobs a minute. Counted
    from the rows, so every API process agrees."""
    since = datetime.now(UTC) - timedelta(minutes=1)
    if await owned(CtaJob, principal).filter(created_at__gte=since).count() >= per_minute:
        raise RateLimited(f"at most {per_minute} CTA jobs a minute per workspace; try again shortly")


@dataclass(frozen=True)
class JobCounts:
    total: int
    success: int
    failed: int

    @property
    def is_completed(self) -> bool:
        return self.total > 0 and self.success + self.failed == self.total


def _with_counts(query: QuerySet[CtaJob]) -> QuerySet[CtaJob]:
    """Progress comes from the rows, as annotated counts (never from a Dramatiq group callback)."""
    return query.annotate(
        total_infos=Count("infos", distinct=True),
        success_infos=Count("infos", distinct=True, _filter=Q(infos__status="done")),
        failed_infos=Count("infos", distinct=True, _filter=Q(infos__status="failed")),
    )


def counts_of(job: CtaJob) -> JobCounts:
    return JobCounts(
        int(getattr(job, "total_infos", 0)), int(getattr(job, "success_infos", 0)), int(getattr(job, "failed_infos", 0))
    )


async def list_jobs(principal: Principal, first: int | None, after: str | None) -> Page[CtaJob]:
    return await paginate(_with_counts(owned(CtaJob, principal)), first, after)


async def get_job(principal: Principal, job_id: object) -> CtaJob:
    await get_owned(CtaJob, principal, job_id, "CtaJob")  # NOT_FOUND for another workspace's job
    return await _with_counts(CtaJob.filter(id=job_id)).get()


async def get_info(principal: Principal, info_id: object) -> CtaInfo:
    return await _owned_info(principal, info_id)


async def _owned_info(principal: Principal, info_id: object) -> CtaInfo:
    info = await CtaInfo.filter(id=parse_id(info_id, "CtaInfo"), job__workspace_id=principal.workspace_id).first()
    if info is None:
        raise NotFound.of("CtaInfo", info_id)
    return info


async def infos_of_jobs(job_ids: Sequence[Any]) -> dict[Any, list[CtaInfo]]:
    """One query for the variants of many jobs (the dataloader's batch)."""
    grouped: dict[Any, list[CtaInfo]] = {job_id: [] for job_id in job_ids}
    for info in await CtaInfo.filter(job_id__in=list(job_ids)).order_by("url", "variant_index"):
        grouped[info.job_id].append(info)
    return grouped


async def urls_of_jobs(job_ids: Sequence[Any]) -> dict[Any, list[CtaJobUrl]]:
    grouped: dict[Any, list[CtaJobUrl]] = {job_id: [] for job_id in job_ids}
    for row in await CtaJobUrl.filter(job_id__in=list(job_ids)).order_by("created_at"):
        grouped[row.job_id].append(row)
    return grouped


def generated_background_url(info: CtaInfo) -> str | None:
    key = (info.suggestion or {}).get("generatedBackgroundKey")
    return ports().media.signed_url(key) if key else None


def product_background_url(info: CtaInfo) -> str | None:
    value = (info.suggestion or {}).get("productBackgroundUrl")
    return str(value) if value else None


# --- editing, retrying, deleting -----------------------------------------------------------------------


async def delete_job(principal: Principal, job_id: object) -> bool:
    job = await get_owned(CtaJob, principal, job_id, "CtaJob")
    await job.delete()  # URLs and variants cascade; in-flight messages find nothing to claim
    await publish(job_topic(job.id), deleted=True)
    return True


async def update_suggestion(principal: Principal, info_id: object, suggestion: object) -> CtaInfo:
    info = await _owned_info(principal, info_id)
    if info.status != "done":
        raise BadUserInput("only a finished variant's suggestion can be edited", field="id")
    info.suggestion = edit_suggestion(info.suggestion, suggestion)
    await info.save(update_fields=["suggestion", "updated_at"])
    await publish(job_topic(info.job_id), info=str(info.id))
    return info


async def retry_info(principal: Principal, info_id: object) -> CtaInfo:
    info = await _owned_info(principal, info_id)
    if info.status != "failed":
        raise BadUserInput(f"only failed variants can be retried (this one is {info.status})", field="id")
    await _retry([info])
    return await CtaInfo.get(id=info.id)


async def retry_failed(principal: Principal, job_id: object) -> CtaJob:
    job = await get_owned(CtaJob, principal, job_id, "CtaJob")
    await _retry(await CtaInfo.filter(job_id=job.id, status="failed"))
    return await get_job(principal, job.id)


async def _retry(infos: Sequence[CtaInfo]) -> None:
    """Failed variants go back to pending; a failed URL is scraped again, the others generate straight away."""
    if not infos:
        return
    settings = get_settings()
    now = datetime.now(UTC)
    url_ids = {info.job_url_id for info in infos}
    urls = {row.id: row for row in await CtaJobUrl.filter(id__in=list(url_ids))}
    async with in_transaction() as tx:
        for info in infos:
            updated = (
                await CtaInfo.filter(id=info.id, status="failed")
                .using_db(tx)
                .update(
                    status="pending",
                    error_message=None,
                    retry_count=info.retry_count + 1,
                    lease_expires_at=now + settings.job_lease,
                    updated_at=now,
                )
            )
            if updated and urls[info.job_url_id].status == "scraped":  # type: ignore[index]
                await outbox.stage(Job(GENERATE, (str(info.id),)), using_db=tx)
        for row in urls.values():
            if row.status == "failed":
                await (
                    CtaJobUrl.filter(id=row.id, status="failed")
                    .using_db(tx)
                    .update(status="pending", error=None, lease_expires_at=now + settings.job_lease, updated_at=now)
                )
                await outbox.stage(_pipeline(row.id), using_db=tx)
    await outbox.flush()
    await publish(job_topic(infos[0].job_id), retried=len(infos))


# --- phase 1: one scrape per distinct URL --------------------------------------------------------------


async def scrape_url(url_id: str, final_attempt: bool) -> str | None:
    """Returns the URL id when its variants may start; None when there is nothing (more) to do."""
    settings = get_settings()
    row = await claims.claim(
        CtaJobUrl, url_id, waiting=["pending"], running="scraping", lease=settings.job_lease, now=datetime.now(UTC)
    )
    if row is None:
        return None  # a duplicate or redelivered message: the URL is taken or done
    job = await CtaJob.get(id=row.job_id)
    await publish(job_topic(job.id), url=str(row.id), status="scraping")
    try:
        product = await product_for_url(job.workspace_id, row.url, row.normalized_url)
    except ScrapeFailed as exc:
        if exc.transient and not final_attempt:
            await claims.give_back(
                CtaJobUrl, row, waiting="pending", lease=settings.job_lease, now=datetime.now(UTC), error=str(exc)
            )
            raise TransientFailure(str(exc)) from exc
        await _fail_url(row, str(exc))
        return None
    if not await claims.finish(CtaJobUrl, row, status="scraped", product_id=product.id, error=None):
        return None
    await CtaInfo.filter(job_url_id=row.id).update(product_id=product.id)
    await publish(job_topic(job.id), url=str(row.id), status="scraped")
    return str(row.id)


async def _fail_url(row: CtaJobUrl, message: str) -> None:
    if await claims.finish(CtaJobUrl, row, status="failed", error=message):
        await CtaInfo.filter(job_url_id=row.id, status="pending").update(
            status="failed", error_message=message, lease_expires_at=None, updated_at=datetime.now(UTC)
        )
        await publish(job_topic(row.job_id), url=str(row.id), status="failed")


async def variants_to_generate(url_id: str | None) -> list[str]:
    """The fan-out: the URL's variants still waiting for their creative."""
    if url_id is None:
        return []
    ids = (
        await CtaInfo.filter(job_url_id=url_id, status="pending").order_by("variant_index").values_list("id", flat=True)
    )
    return [str(i) for i in ids]


# --- phase 2: one creative per variant -----------------------------------------------------------------


async def generate(info_id: str, final_attempt: bool) -> None:
    settings = get_settings()
    now = datetime.now(UTC)
    info = await claims.claim(
        CtaInfo,
        info_id,
        waiting=["pending"],
        running="analyzing",
        also_running=RUNNING[1:],
        lease=settings.job_lease,
        now=now,
    )
    if info is None:
        return
    job_url = await CtaJobUrl.get(id=info.job_url_id)
    if job_url.status != "scraped" or job_url.product_id is None:
        # Variants never start before their URL's product exists; the fan-out will send this one again.
        await claims.give_back(CtaInfo, info, waiting="pending", lease=settings.job_lease, now=now)
        return
    topic = job_topic(info.job_id)
    await publish(topic, info=str(info.id), status="analyzing")
    product = await Product.get(id=job_url.product_id)
    image_url = assign_images_round_robin(ranked_image_urls(product), info.variant_index)
    brief = product_brief(product)
    try:
        image = await _product_image(image_url)
        await _advance(info, "generating_image")
        png = await ports().creative.generate_background(brief, image, info.variant_index)
        key = await ports().media.save(png, folder=f"cta/{info.job_id}", extension="png")
        await _advance(info, "generating_suggestion")
        copy = await ports().creative.generate_copy(brief, info.variant_index)
    except (ProviderError, FetchError) as exc:
        cause = f"{exc.message}"
        if exc.transient and not final_attempt:
            await claims.give_back(
                CtaInfo, info, waiting="pending", lease=settings.job_lease, now=datetime.now(UTC), error_message=cause
            )
            await publish(topic, info=str(info.id), status="pending")
            raise TransientFailure(cause) from exc
        await claims.finish(CtaInfo, info, status="failed", error_message=_failure_message(exc, image_url))
        await publish(topic, info=str(info.id), status="failed")
        return
    suggestion = {**copy.to_json(), "productBackgroundUrl": image_url, "generatedBackgroundKey": key}
    if await claims.finish(CtaInfo, info, status="done", suggestion=suggestion, error_message=None):
        await publish(topic, info=str(info.id), status="done")


def _failure_message(exc: ProviderError | FetchError, image_url: str) -> str:
    if isinstance(exc, FetchError):
        return f"Could not download the product image {image_url}: {exc.message}"
    return f"The AI provider failed: {exc.message}"


async def _advance(info: CtaInfo, status: str) -> None:
    if not await claims.advance(CtaInfo, info, lease=get_settings().job_lease, now=datetime.now(UTC), status=status):
        raise TransientFailure("the variant was taken over by another worker")
    await publish(job_topic(info.job_id), info=str(info.id), status=status)


async def _product_image(url: str) -> bytes:
    """Kept in memory for a while: the variants of one URL share a handful of images, fetched once per process
    (concurrent variants wait for the download already under way instead of starting their own)."""
    cached = _image_cache.get(url)
    if cached is not None:
        _image_cache.move_to_end(url)
        return cached
    pending = _image_downloads.get(url)
    if pending is None:
        pending = _image_downloads[url] = asyncio.ensure_future(_download(url))
        pending.add_done_callback(lambda _: _image_downloads.pop(url, None))
    return await asyncio.shield(pending)


async def _download(url: str) -> bytes:
    async with ports().new_fetcher() as fetcher:
        data = (await fetcher.fetch_image(url)).data
    _image_cache[url] = data
    while len(_image_cache) > IMAGE_CACHE_SIZE:
        _image_cache.popitem(last=False)
    return data


IMAGE_CACHE_SIZE = 16
_image_cache: OrderedDict[str, bytes] = OrderedDict()
_image_downloads: dict[str, asyncio.Future[bytes]] = {}


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
