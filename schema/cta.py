"""GraphQL surface of CTA batch generation (operation names and arguments are the frontend's contract)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from db import models
from domain import cta as rules
from domain.cta.pipeline import GENERATE_TASK, SCRAPE_TASK, background_provenance
from domain.cta.rules import SUGGESTION_SYSTEM_FIELDS, CtaItem
from domain.cta.statuses import CtaInfoStatus, CtaUrlStatus
from domain.failure_words import Feature
from domain.pagination import UNREAD, NotRead
from domain.tasks.report import report
from resolvers import cta as resolve
from schema.pagination import Connection, node_of, reads, to_connection, unasked
from schema.task_attempts import TaskAttempts, attempts_of

# The domain's StrEnums are the GraphQL enums (strawberry.enum registers the class itself).
strawberry.enum(CtaInfoStatus, description="Where a variant stands.")
strawberry.enum(CtaUrlStatus, description="Where a job's URL stands.")


@strawberry.type
class CtaInfo(TaskAttempts):
    id: strawberry.ID
    url: str
    variant_index: int
    status: CtaInfoStatus
    suggestion: JSON | None
    product_id: strawberry.ID | None
    product_background_url: str | None
    generated_background_url: str | None
    retry_count: int = strawberry.field(description="How many times the merchant retried this variant.")
    error_message: str | None = strawberry.field(
        description="Why it failed (or, while a retry waits, what failed), in the merchant's words."
    )
    created_at: datetime
    updated_at: datetime
    provenance: JSON | None = strawberry.field(
        description="How the generated background was made: input images, prompt, provider and model, settings, "
        "time taken."
    )

    @classmethod
    def from_row(cls, row: models.CtaInfo) -> CtaInfo:
        hidden = ("generatedBackgroundKey", "provenance")  # the key is internal; provenance has its own field
        shown = {k: v for k, v in (row.suggestion or {}).items() if k not in hidden}
        # Null until there is copy: a variant waiting or failed keeps only its product image (productBackgroundUrl).
        suggestion = shown if set(shown) - set(SUGGESTION_SYSTEM_FIELDS) else None
        told = report(
            GENERATE_TASK,
            row,
            feature=Feature.CTA_VARIANT,
            detail=row.error_message,
            failed=row.status == CtaInfoStatus.FAILED,
        )
        return cls(
            id=strawberry.ID(str(row.id)),
            url=row.url,
            variant_index=row.variant_index,
            status=CtaInfoStatus(row.status),
            suggestion=suggestion,  # type: ignore[arg-type]
            product_id=strawberry.ID(str(row.product_id)) if row.product_id else None,
            product_background_url=rules.product_background_url(row),
            generated_background_url=rules.generated_background_url(row),
            retry_count=row.retry_count,
            error_message=told.error_message,
            **attempts_of(told),
            created_at=row.created_at,
            updated_at=row.updated_at,
            provenance=background_provenance(row),  # type: ignore[arg-type]
        )


@strawberry.type(description="Phase 1 of a job: one distinct product URL, scraped once.")
class CtaJobUrl(TaskAttempts):
    id: strawberry.ID
    url: str
    normalized_url: str
    status: CtaUrlStatus
    error: str | None = strawberry.field(
        description="Why the page could not be read (or, while a retry waits, what failed), in the merchant's words."
    )
    product_id: strawberry.ID | None

    @classmethod
    def from_row(cls, row: models.CtaJobUrl) -> CtaJobUrl:
        told = report(
            SCRAPE_TASK, row, feature=Feature.CTA_PAGE, detail=row.error, failed=row.status == CtaUrlStatus.FAILED
        )
        return cls(
            id=strawberry.ID(str(row.id)),
            url=row.url,
            normalized_url=row.normalized_url,
            status=CtaUrlStatus(row.status),
            error=told.error_message,
            **attempts_of(told),
            product_id=strawberry.ID(str(row.product_id)) if row.product_id else None,
        )


def _job_input(root: CtaJob) -> JSON:
    # Read from the row when asked: a page of jobs leaves the column out unless a query selects it.
    return root._row.input


_PROGRESS = reads(*rules.COUNTS)  # made from the job's counts: a page reads them when one of these is asked


@strawberry.type
class CtaJob:
    id: strawberry.ID
    name: str
    input: JSON = strawberry.field(resolver=_job_input)
    created_at: datetime
    total_count: int = strawberry.field(metadata=_PROGRESS)
    success_count: int = strawberry.field(metadata=_PROGRESS)
    failed_count: int = strawberry.field(metadata=_PROGRESS)
    is_completed: bool = strawberry.field(metadata=_PROGRESS)
    _row: strawberry.Private[models.CtaJob | rules.JobRow]

    @classmethod
    def from_row(cls, row: models.CtaJob | rules.JobRow) -> CtaJob:
        try:
            total, success, failed, completed = rules.progress_of(row)
        except NotRead:  # not asked (schema.pagination.unasked): the fields hold UNREAD, which no answer can show
            total = success = failed = cast(int, UNREAD)
            completed = cast(bool, UNREAD)
        fields = {  # a page makes 100: no strawberry.ID() call, which returns its argument
            "id": str(row.id),
            "name": row.name,
            "created_at": row.created_at,
            "total_count": total,
            "success_count": success,
            "failed_count": failed,
            "is_completed": completed,
            "_row": row,
        }
        return node_of(cls, fields)  # a page makes 100: see node_of

    @strawberry.field
    async def cta_infos(self, info: strawberry.Info) -> list[CtaInfo]:
        return [CtaInfo.from_row(r) for r in await resolve.infos_of(info, self._row.id)]

    @strawberry.field
    async def urls(self, info: strawberry.Info) -> list[CtaJobUrl]:
        return [CtaJobUrl.from_row(r) for r in await resolve.urls_of(info, self._row.id)]


@strawberry.input
class CtaItemInput:
    url: str
    variants: int = 1


@strawberry.input
class CreateCtaJobInput:
    name: str | None = None
    items: list[CtaItemInput]


@strawberry.type
class CtaQuery:
    @strawberry.field
    async def cta_jobs(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[CtaJob]:
        page = await resolve.jobs(info, first, after, leave_out=unasked(info, CtaJob, rules.OPTIONAL))
        return to_connection(page, CtaJob.from_row)

    @strawberry.field
    async def cta_job(self, info: strawberry.Info, id: strawberry.ID) -> CtaJob | None:
        return CtaJob.from_row(await resolve.job(info, id))

    @strawberry.field
    async def cta_info(self, info: strawberry.Info, id: strawberry.ID) -> CtaInfo | None:
        return CtaInfo.from_row(await resolve.info_by_id(info, id))


@strawberry.type
class CtaMutation:
    @strawberry.mutation(description="Scrape each distinct URL once and make one creative per variant.")
    async def create_cta_job(
        self,
        info: strawberry.Info,
        input: CreateCtaJobInput,
        idempotency_key: Annotated[
            str | None,
            strawberry.argument(
                description="Retry-safe: the same key within 24 h answers the first job; another input is refused."
            ),
        ] = None,
    ) -> CtaJob:
        items = [CtaItem(url=i.url, variants=i.variants) for i in input.items]
        return CtaJob.from_row(await resolve.create_job(info, input.name, items, idempotency_key))

    @strawberry.mutation
    async def delete_cta_job(self, info: strawberry.Info, id: strawberry.ID) -> bool:
        return await resolve.delete_job(info, id)

    @strawberry.mutation(
        description="Edit a finished variant's copy (headline, subheadline, callToAction, description)."
    )
    async def update_cta_suggestion(self, info: strawberry.Info, id: strawberry.ID, suggestion: JSON) -> CtaInfo:
        return CtaInfo.from_row(await resolve.update_suggestion(info, id, suggestion))

    @strawberry.mutation
    async def retry_cta_info(self, info: strawberry.Info, id: strawberry.ID) -> CtaInfo:
        return CtaInfo.from_row(await resolve.retry_info(info, id))

    @strawberry.mutation
    async def retry_failed_cta_infos(self, info: strawberry.Info, job_id: strawberry.ID) -> CtaJob:
        return CtaJob.from_row(await resolve.retry_failed(info, job_id))


@strawberry.type
class CtaSubscription:
    @strawberry.subscription(description="The job now, then after every change, until every variant is done or failed.")
    async def cta_job_updated(self, info: strawberry.Info, id: strawberry.ID) -> AsyncGenerator[CtaJob, None]:
        async for row in await resolve.job_updates(info, id):
            yield CtaJob.from_row(row)
