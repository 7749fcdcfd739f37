"""CTA jobs as the merchant sees them: create (validated whole, written in one transaction), read with
progress from the rows, edit the copy, retry failed variants, delete."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from tortoise.expressions import Q

from db import claims
from db.models import CtaInfo, CtaJob, CtaJobUrl
from db.pages import UNREAD, NotRead, PageShape, Unread
from db.transactions import in_transaction
from domain import idempotency, tasks
from domain.cta.pipeline import GENERATE_TASK, SCRAPE_TASK
from domain.cta.rules import CtaItem, check_job_name, default_job_name, edit_suggestion, merge_items
from domain.cta.statuses import CtaInfoStatus, CtaUrlStatus, job_topic
from domain.errors import BadUserInput, NotFound
from domain.live import publish
from domain.pagination import Page, paginate
from domain.ports import ports
from domain.tenancy import Principal, get_owned, owned, parse_id
from domain.workspace_events import Change, Kind, announce
from integrations.fetcher import FetchError, check_public_url
from settings import get_settings

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
            variant_count=sum(entry.variants for entry in merged),  # exactly the CtaInfo rows written below
            using_db=tx,
        )
        for entry in merged:
            job_url = await CtaJobUrl.create(
                job=job,
                url=entry.url,
                normalized_url=entry.normalized_url,
                status=CtaUrlStatus.PENDING,
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
                        status=CtaInfoStatus.PENDING,
                        lease_expires_at=lease_until,
                    )
                    for index in range(entry.variants)
                ],
                using_db=tx,
            )
            await tasks.enqueue(SCRAPE_TASK, job_url, using_db=tx)
        await idempotency.record(claim, job.id, using_db=tx)
    await announce(principal.workspace_id, Kind.CTA_JOB, job.id, Change.CREATED)
    return job


class JobCounts(NamedTuple):
    total: int
    success: int
    failed: int

    @property
    def is_completed(self) -> bool:
        return is_completed(self.total, self.success, self.failed)


def is_completed(total: int, success: int, failed: int) -> bool:
    """A job is completed when it has variants and every one of them is done or failed."""
    return total > 0 and success + failed == total


# Progress comes from the rows (never from a Dramatiq group callback): the job's variant_count, written with its
# variants, and its done_count and failed_count, which the database keeps from its variants' statuses
# (db/models/cta.py).
COUNTS = frozenset({"variant_count", "done_count", "failed_count"})  # the row fields a job's progress is read from


@dataclass(frozen=True, kw_only=True)
class JobRow:
    """A job as its list reads it. `input` and the counts are read when the query asks for them (leave_out)."""

    id: uuid.UUID
    created_at: datetime
    name: str
    input: Any = UNREAD
    variant_count: int | Unread = UNREAD
    done_count: int | Unread = UNREAD
    failed_count: int | Unread = UNREAD


_PAGE = PageShape(CtaJob, JobRow)
OPTIONAL = _PAGE.optional  # what a page of jobs may leave out


def progress_of(job: CtaJob | JobRow) -> tuple[int, int, int, bool]:
    """(total, success, failed, completed), read with the job; NotRead when the counts were not read (never a count
    of 0 that was not counted). A plain tuple: a page of jobs asks this once per row."""
    total, success, failed = job.variant_count, job.done_count, job.failed_count
    if isinstance(total, Unread) or isinstance(success, Unread) or isinstance(failed, Unread):
        raise NotRead("this job's progress was not read: the query that listed it did not ask for it")
    return total, success, failed, is_completed(total, success, failed)


def counts_of(job: CtaJob | JobRow) -> JobCounts:
    """The counts read with the job (see progress_of)."""
    total, success, failed, _ = progress_of(job)
    return JobCounts(total, success, failed)


async def list_jobs(
    principal: Principal, first: int | None, after: str | None, *, leave_out: frozenset[str] = frozenset()
) -> Page[JobRow]:
    """A page of the workspace's jobs, without the fields of `leave_out` (of OPTIONAL: `input`, the counts), which
    are then neither read nor decoded."""
    return await paginate(_PAGE, principal, first, after, leave_out=leave_out)


async def get_job(principal: Principal, job_id: object) -> CtaJob:
    """The job with its progress counts, in one statement; NOT_FOUND for another workspace's job."""
    job = await owned(CtaJob, principal).filter(id=parse_id(job_id, "CtaJob")).first()
    if job is None:
        raise NotFound.of("CtaJob", job_id)
    return job


async def get_info(principal: Principal, info_id: object) -> CtaInfo:
    return await _owned_info(principal, info_id)


async def _owned_info(principal: Principal, info_id: object) -> CtaInfo:
    info = await CtaInfo.filter(id=parse_id(info_id, "CtaInfo"), job__workspace_id=principal.workspace_id).first()
    if info is None:
        raise NotFound.of("CtaInfo", info_id)
    return info


async def infos_of_jobs(job_ids: Sequence[Any]) -> dict[Any, list[CtaInfo]]:
    """One query for the variants of many jobs (the dataloader's batch), each job's in the order they were created
    (the pages in the order given, each page's variants in order)."""
    grouped: dict[Any, list[CtaInfo]] = {job_id: [] for job_id in job_ids}
    for info in await CtaInfo.filter(job_id__in=list(job_ids)).order_by("created_at", "variant_index", "id"):
        grouped[info.job_id].append(info)
    return grouped


async def urls_of_jobs(job_ids: Sequence[Any]) -> dict[Any, list[CtaJobUrl]]:
    grouped: dict[Any, list[CtaJobUrl]] = {job_id: [] for job_id in job_ids}
    for row in await CtaJobUrl.filter(job_id__in=list(job_ids)).order_by("created_at"):
        grouped[row.job_id].append(row)
    return grouped


def generated_background_url(info: CtaInfo) -> str | None:
    return ports().media.signed_url(info.background_key) if info.background_key else None


def product_background_url(info: CtaInfo) -> str | None:
    value = (info.suggestion or {}).get("productBackgroundUrl")
    return str(value) if value else None


# --- editing, retrying, deleting -----------------------------------------------------------------------


async def delete_job(principal: Principal, job_id: object) -> bool:
    job = await get_owned(CtaJob, principal, job_id, "CtaJob")
    async with in_transaction() as tx:
        # Its variants first, then the job (its URLs cascade): a variant reaching done or failed locks its own row and
        # then the job's (the progress triggers, db/models/cta.py), so a deletion takes them in the same order and the
        # two can only wait for each other, never deadlock. In-flight messages then find nothing to claim.
        await CtaInfo.filter(job_id=job.id).using_db(tx).delete()
        await job.delete(using_db=tx)
    await publish(job_topic(job.id), deleted=True)
    await announce(principal.workspace_id, Kind.CTA_JOB, job.id, Change.DELETED)
    return True


async def update_suggestion(principal: Principal, info_id: object, suggestion: object) -> CtaInfo:
    info = await _owned_info(principal, info_id)
    if info.status != CtaInfoStatus.DONE:
        raise BadUserInput("only a finished variant's suggestion can be edited", field="id")
    info.suggestion = edit_suggestion(info.suggestion, suggestion)
    await info.save(update_fields=["suggestion", "updated_at"])
    await publish(job_topic(info.job_id), info=str(info.id))
    return info


async def retry_info(principal: Principal, info_id: object) -> CtaInfo:
    info = await _owned_info(principal, info_id)
    if info.status != CtaInfoStatus.FAILED:
        raise BadUserInput(f"only failed variants can be retried (this one is {info.status})", field="id")
    await _retry([info])
    return await CtaInfo.get(id=info.id)


async def retry_failed(principal: Principal, job_id: object) -> CtaJob:
    job = await get_owned(CtaJob, principal, job_id, "CtaJob")
    await _retry(await CtaInfo.filter(job_id=job.id, status=CtaInfoStatus.FAILED))
    return await get_job(principal, job.id)


async def _retry(infos: Sequence[CtaInfo]) -> None:
    """Failed variants go back to pending; a failed URL is scraped again, the others generate straight away."""
    if not infos:
        return
    settings = get_settings()
    now = datetime.now(UTC)
    url_ids = {info.job_url_id for info in infos}
    urls = {row.id: row for row in await CtaJobUrl.filter(id__in=list(url_ids))}
    lease_until = now + settings.job_lease
    async with in_transaction() as tx:
        for info in infos:
            updated = await claims.give_back(
                CtaInfo,
                Q(id=info.id, status=CtaInfoStatus.FAILED),
                waiting=CtaInfoStatus.PENDING,
                lease_until=lease_until,
                now=now,
                using_db=tx,
                error_message=None,
                retry_count=info.retry_count + 1,
                retries=0,
            )
            if updated and urls[info.job_url_id].status == CtaUrlStatus.SCRAPED:  # type: ignore[index]
                await tasks.enqueue(GENERATE_TASK, info, using_db=tx)
        for row in urls.values():
            if row.status == CtaUrlStatus.FAILED:
                await claims.give_back(
                    CtaJobUrl,
                    Q(id=row.id, status=CtaUrlStatus.FAILED),
                    waiting=CtaUrlStatus.PENDING,
                    lease_until=lease_until,
                    now=now,
                    using_db=tx,
                    error=None,
                    retries=0,
                )
                await tasks.enqueue(SCRAPE_TASK, row, using_db=tx)
    await publish(job_topic(infos[0].job_id), retried=len(infos))
