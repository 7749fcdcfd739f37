"""CTA jobs as the merchant sees them: create (validated whole, written in one transaction), read with
progress from the rows, edit the copy, retry failed variants, delete."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from tortoise.expressions import Q, RawSQL

from db import claims
from db.models import CtaInfo, CtaJob, CtaJobUrl
from db.pages import PageShape
from db.transactions import in_transaction
from domain import idempotency, tasks
from domain.cta.pipeline import GENERATE_TASK, SCRAPE_TASK
from domain.cta.rules import CtaItem, check_job_name, default_job_name, edit_suggestion, merge_items
from domain.cta.statuses import CtaInfoStatus, CtaUrlStatus, job_topic
from domain.errors import BadUserInput, NotFound
from domain.live import publish
from domain.pagination import Page, Row, paginate_rows
from domain.ports import ports
from domain.tenancy import Principal, get_owned, owned, parse_id
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
    return job


class JobCounts(NamedTuple):
    total: int
    success: int
    failed: int

    @property
    def is_completed(self) -> bool:
        return self.total > 0 and self.success + self.failed == self.total


def _infos_count(status: CtaInfoStatus | None = None) -> str:
    # A scalar subquery per job row (index cta_info(job_id, status)): evaluated for the rows a query returns only,
    # where an aggregate over a join would group every job of the workspace before the page is cut.
    where = f' AND "cta_info"."status"=\'{status.value}\'' if status else ""
    return f'(SELECT COUNT(*) FROM "cta_info" WHERE "cta_info"."job_id"="cta_job"."id"{where})'


# Progress comes from the rows (never from a Dramatiq group callback).
_COUNTS = (
    ("total_infos", _infos_count()),
    ("success_infos", _infos_count(CtaInfoStatus.DONE)),
    ("failed_infos", _infos_count(CtaInfoStatus.FAILED)),
)


def _counts() -> dict[str, RawSQL]:
    return {name: RawSQL(expression) for name, expression in _COUNTS}


# A page of jobs reads the `input` column and the counts only when the query asks for them.
_PAGES = {
    (with_input, with_counts): PageShape(
        CtaJob, columns=("name", "input") if with_input else ("name",), per_row=_COUNTS if with_counts else ()
    )
    for with_input in (True, False)
    for with_counts in (True, False)
}


def counts_of(job: CtaJob | Row) -> JobCounts:
    """The counts read with the job (0 when they were not read)."""
    return JobCounts(getattr(job, "total_infos", 0), getattr(job, "success_infos", 0), getattr(job, "failed_infos", 0))


async def list_jobs(
    principal: Principal, first: int | None, after: str | None, *, with_input: bool = True, with_counts: bool = True
) -> Page[Row]:
    """A page of the workspace's jobs, as rows of id, name, created_at, input (unless `with_input` is False: then
    it is neither read nor decoded) and the progress counts (unless `with_counts` is False)."""
    return await paginate_rows(_PAGES[with_input, with_counts], {"workspace_id": principal.workspace_id}, first, after)


async def get_job(principal: Principal, job_id: object) -> CtaJob:
    """The job with its progress counts, in one statement; NOT_FOUND for another workspace's job."""
    job = await owned(CtaJob, principal).filter(id=parse_id(job_id, "CtaJob")).annotate(**_counts()).first()
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
