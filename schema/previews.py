"""GraphQL surface of previews (operation names and arguments are the frontend's contract)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from db import models
from domain import previews as rules
from domain.failure_words import Feature
from domain.previews import PreviewRequest, PreviewStatus
from domain.previews.rendering import PREVIEW_TASK
from domain.tasks.report import report
from resolvers import previews as resolve
from schema.idempotency import IdempotencyKeyArg
from schema.task_attempts import TaskAttempts, attempts_of

strawberry.enum(PreviewStatus, description="Where a preview task stands.")


@strawberry.type(description="A work printed on a product's variant of one colour and size.")
class PreviewTask(TaskAttempts):
    id: strawberry.ID
    status: PreviewStatus
    progress: int = strawberry.field(description="0-100, moving as the render goes.")
    result_url: str | None = strawberry.field(description="The rendered image (a signed media URL), once COMPLETED.")
    error_message: str | None = strawberry.field(
        description="Why it FAILED (or, while a retry waits, what failed), in the merchant's words."
    )
    retry_count: int = strawberry.field(description="Automatic retries used (at most 3: after 5, 10 and 20 s).")
    cached: bool = strawberry.field(
        description="True when a request was answered with a finished render, starting or joining nothing. "
        "Always false when read with previewTask(s) or the subscription."
    )
    create_time: datetime
    update_time: datetime
    work_id: strawberry.ID
    product_id: strawberry.ID
    color: str = strawberry.field(description="The variant's colour as the catalog spells it (empty: none).")
    size: str = strawberry.field(description="The variant's size as the catalog spells it (empty: none).")
    expires_at: datetime | None = strawberry.field(
        description="When the cached result stops answering requests (VITRINE_PREVIEW_TTL after it finished)."
    )
    provenance: JSON | None = strawberry.field(
        description="How the render was made: input images (signed URLs), provider, model, prompt, settings, time."
    )

    @classmethod
    def from_row(cls, row: models.PreviewTask, *, cached: bool = False) -> PreviewTask:
        told = report(
            PREVIEW_TASK,
            row,
            feature=Feature.PREVIEW,
            detail=row.error_message,
            failed=row.status == PreviewStatus.FAILED,
        )
        return cls(
            id=strawberry.ID(str(row.id)),
            status=PreviewStatus(row.status),
            progress=row.progress,
            result_url=rules.result_url(row),
            error_message=told.error_message,
            **attempts_of(told),
            retry_count=row.retries,
            cached=cached,
            create_time=row.created_at,
            update_time=row.updated_at,
            work_id=strawberry.ID(str(row.work_id)),
            product_id=strawberry.ID(str(row.product_id)),
            color=row.color,
            size=row.size,
            expires_at=row.expires_at,
            provenance=rules.result_provenance(row),  # type: ignore[arg-type]
        )

    @classmethod
    def from_answer(cls, answer: rules.PreviewAnswer) -> PreviewTask:
        return cls.from_row(answer.task, cached=answer.cached)


@strawberry.input(description="A work on a product's variant: the one of this colour and size.")
class PreviewInput:
    work_id: strawberry.ID
    product_id: strawberry.ID
    color: str | None = strawberry.field(default=None, description="Matched ignoring case; none: a variant without.")
    size: str | None = strawberry.field(default=None, description="Matched ignoring case; none: a variant without.")

    def to_request(self) -> PreviewRequest:
        return PreviewRequest(str(self.work_id), str(self.product_id), self.color, self.size)


@strawberry.type
class PreviewQuery:
    @strawberry.field(description="A preview task; null if there is none of that id in your workspace.")
    async def preview_task(self, info: strawberry.Info, id: strawberry.ID) -> PreviewTask | None:
        row = await resolve.task(info, id)
        return PreviewTask.from_row(row) if row is not None else None

    @strawberry.field(description="Preview tasks in the order asked, null in place of unknown ids (one statement).")
    async def preview_tasks(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[PreviewTask | None]:
        return [PreviewTask.from_row(row) if row is not None else None for row in await resolve.tasks(info, ids)]


@strawberry.type
class PreviewMutation:
    @strawberry.mutation(
        description="The cached render of this work on this variant, the render already running, or one new render."
    )
    async def request_preview(
        self, info: strawberry.Info, input: PreviewInput, idempotency_key: IdempotencyKeyArg = None
    ) -> PreviewTask:
        return PreviewTask.from_answer(await resolve.request_preview(info, input.to_request(), idempotency_key))

    @strawberry.mutation(description="1-100 previews at once, answered in input order.")
    async def request_previews(
        self, info: strawberry.Info, inputs: list[PreviewInput], idempotency_key: IdempotencyKeyArg = None
    ) -> list[PreviewTask]:
        answers = await resolve.request_previews(info, [i.to_request() for i in inputs], idempotency_key)
        return [PreviewTask.from_answer(answer) for answer in answers]

    @strawberry.mutation(
        description="Forget finished renders of a work, a product, both together, or (neither given) all of the "
        "workspace's; returns how many were cleared. Running renders are left to finish."
    )
    async def clear_preview_cache(
        self, info: strawberry.Info, work_id: strawberry.ID | None = None, product_id: strawberry.ID | None = None
    ) -> int:
        return await resolve.clear_cache(info, work_id, product_id)


@strawberry.type
class PreviewSubscription:
    @strawberry.subscription(
        description="Each task's current state, then each task again on every change; completes when all are "
        "COMPLETED or FAILED."
    )
    async def preview_task_updated(
        self, info: strawberry.Info, ids: list[strawberry.ID]
    ) -> AsyncGenerator[PreviewTask, None]:
        async for row in await resolve.task_updates(info, ids):
            yield PreviewTask.from_row(row)
