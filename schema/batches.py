"""GraphQL surface of batch generation (operation names and arguments are the frontend's contract): image
candidates, createBatch / retryBatch, batches, folders, the credits estimate, and batchUpdated."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from db import models
from domain import batches as rules
from domain.batches import BatchInput, BatchSettingsInput, BatchStatus, BatchVariantInput, GenerationJobStatus
from domain.batches.generation import GENERATE_TASK
from domain.failure_words import Feature
from domain.tasks.report import report
from resolvers import batches as resolve
from schema.catalog import ImageUpload
from schema.pagination import Connection, to_connection
from schema.task_attempts import TaskAttempts, attempts_of

strawberry.enum(GenerationJobStatus, description="Where one variant's generation stands.")
strawberry.enum(BatchStatus, description="Where a batch stands, read from its jobs.")


@strawberry.type(description="An image a generation made.")
class GeneratedImage:
    id: strawberry.ID
    url: str = strawberry.field(description="A signed media URL.")
    width: int
    height: int
    variant_id: strawberry.ID
    job_id: strawberry.ID | None
    created_at: datetime
    provenance: JSON | None = strawberry.field(
        description="How it was made: inputImages (role, source, id, url), prompt, provider, model, settings, "
        "durationMs, createdAt."
    )

    @classmethod
    def from_row(cls, row: models.GeneratedImage) -> GeneratedImage:
        return cls(
            id=strawberry.ID(str(row.id)),
            url=rules.image_url(row),
            width=row.width,
            height=row.height,
            variant_id=strawberry.ID(str(row.variant_id)),
            job_id=strawberry.ID(str(row.job_id)) if row.job_id else None,
            created_at=row.created_at,
            provenance=rules.image_provenance(row),  # type: ignore[arg-type]
        )


@strawberry.type(description="What one variant can be generated from.")
class VariantCandidates:
    variant_id: strawberry.ID
    product_id: strawberry.ID
    product_title: str
    variant_title: str
    variant_image_url: str | None = strawberry.field(description="The variant's own image, a signed media URL.")
    generated_images: list[GeneratedImage] = strawberry.field(description="Its latest 50 generated images.")

    @classmethod
    def from_domain(cls, value: rules.VariantCandidates) -> VariantCandidates:
        variant = value.variant
        return cls(
            variant_id=strawberry.ID(str(variant.id)),
            product_id=strawberry.ID(str(variant.product_id)),
            product_title=variant.product.title,
            variant_title=variant.title,
            variant_image_url=rules.variant_image_url(variant),
            generated_images=[GeneratedImage.from_row(row) for row in value.generated],
        )


@strawberry.type(description="The images each variant can use: its own ones, and the workspace's uploads.")
class ImageCandidates:
    variants: list[VariantCandidates]
    uploads: list[ImageUpload] = strawberry.field(description="The workspace's latest 200 uploads.")


@strawberry.type(description="One variant of a batch: its chosen images and what it made.")
class GenerationJob(TaskAttempts):
    id: strawberry.ID
    variant_id: strawberry.ID
    status: GenerationJobStatus
    product_image_urls: list[str] = strawberry.field(description="The chosen images, signed media URLs.")
    error: str | None = strawberry.field(
        description="Why it failed (or, while a retry waits, what failed), in the merchant's words."
    )
    retry_count: int
    folder_id: strawberry.ID = strawberry.field(description="The variant's folder in this batch.")
    created_at: datetime
    updated_at: datetime
    _pk: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: models.GenerationJob) -> GenerationJob:
        told = report(
            GENERATE_TASK,
            row,
            feature=Feature.BATCH_JOB,
            detail=row.error,
            failed=row.status == GenerationJobStatus.FAILED,
        )
        return cls(
            id=strawberry.ID(str(row.id)),
            variant_id=strawberry.ID(str(row.variant_id)),
            status=GenerationJobStatus(row.status),
            product_image_urls=rules.product_image_urls(row),
            error=told.error_message,
            **attempts_of(told),
            retry_count=row.retry_count,
            folder_id=strawberry.ID(str(row.folder_id)),
            created_at=row.created_at,
            updated_at=row.updated_at,
            _pk=row.id,
        )

    @strawberry.field
    async def images(self, info: strawberry.Info) -> list[GeneratedImage]:
        return [GeneratedImage.from_row(row) for row in await resolve.images_of(info, self._pk)]


@strawberry.type
class Batch:
    id: strawberry.ID
    name: str
    status: BatchStatus
    created_at: datetime
    credits: int = strawberry.field(description="What the batch was created with: variants x numberOfVariations.")
    schema_key: str
    number_of_variations: int
    total_jobs: int
    pending_jobs: int
    running_jobs: int
    done_jobs: int
    failed_jobs: int
    is_completed: bool = strawberry.field(description="Every job is done or failed.")
    _pk: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: models.Batch | rules.BatchRow) -> Batch:
        counts = rules.counts_of(row)
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            status=counts.status,
            created_at=row.created_at,
            credits=row.credits,
            schema_key=row.settings["schemaKey"],
            number_of_variations=row.settings["numberOfVariations"],
            total_jobs=counts.total,
            pending_jobs=counts.pending,
            running_jobs=counts.generating,
            done_jobs=counts.done,
            failed_jobs=counts.failed,
            is_completed=counts.is_completed,
            _pk=row.id,
        )

    @strawberry.field(description="The batch's shared folder: every output of every job.")
    async def folder_id(self, info: strawberry.Info) -> strawberry.ID | None:
        folder = await resolve.shared_folder_of(info, self._pk)
        return strawberry.ID(str(folder)) if folder else None

    @strawberry.field
    async def jobs(self, info: strawberry.Info) -> list[GenerationJob]:
        return [GenerationJob.from_row(row) for row in await resolve.jobs_of(info, self._pk)]


@strawberry.type
class FolderItem:
    id: strawberry.ID
    image_id: strawberry.ID
    url: str = strawberry.field(description="The image, a signed media URL.")
    created_at: datetime
    image: GeneratedImage

    @classmethod
    def from_row(cls, row: models.FolderItem) -> FolderItem:
        image = GeneratedImage.from_row(row.image)
        return cls(
            id=strawberry.ID(str(row.id)),
            image_id=image.id,
            url=image.url,
            created_at=row.created_at,
            image=image,
        )


@strawberry.type(description="A variant's folder in a batch (variantId and batchId), or a batch's shared folder.")
class Folder:
    id: strawberry.ID
    name: str
    variant_id: strawberry.ID | None
    batch_id: strawberry.ID | None
    shared: bool
    created_at: datetime
    _pk: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: models.Folder) -> Folder:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            variant_id=strawberry.ID(str(row.variant_id)) if row.variant_id else None,
            batch_id=strawberry.ID(str(row.batch_id)) if row.batch_id else None,
            shared=row.shared,
            created_at=row.created_at,
            _pk=row.id,
        )

    @strawberry.field
    async def items(self, info: strawberry.Info) -> list[FolderItem]:
        return [FolderItem.from_row(row) for row in await resolve.items_of(info, self._pk)]


@strawberry.type(description="A field a workflow takes in `settings.input`.")
class WorkflowField:
    name: str
    kind: str = strawberry.field(description="choice, text or image (the URL of one of your uploads).")
    description: str
    choices: list[str]
    max_length: int | None


@strawberry.type(description="A generation workflow (`settings.schemaKey`) and the fields of its input.")
class BatchWorkflow:
    key: str
    title: str
    description: str
    fields: list[WorkflowField]

    @classmethod
    def from_domain(cls, workflow: rules.Workflow) -> BatchWorkflow:
        specs = [rules.FIELDS[name] for name in workflow.fields]
        return cls(
            key=workflow.key,
            title=workflow.title,
            description=workflow.description,
            fields=[
                WorkflowField(
                    name=spec.name,
                    kind=spec.kind.value,
                    description=spec.description,
                    choices=list(spec.choices),
                    max_length=spec.max_length or None,
                )
                for spec in specs
            ],
        )


@strawberry.input(name="BatchVariantInput")
class BatchVariantInputType:
    variant_id: strawberry.ID
    product_image_urls: list[str] = strawberry.field(
        description="1-4 of the variant's candidates (imageCandidates), by the URLs the API gave."
    )


@strawberry.input(name="BatchSettingsInput")
class BatchSettingsInputType:
    schema_key: str = strawberry.field(description="A workflow: studio, lifestyle or ad (see batchWorkflows).")
    number_of_variations: int = strawberry.field(description="Images per variant, 1-4.")
    input: JSON | None = strawberry.field(default=None, description="The workflow's fields (no product_images).")


@strawberry.input
class CreateBatchInput:
    name: str | None = None
    variants: list[BatchVariantInputType]
    settings: BatchSettingsInputType

    def to_domain(self) -> BatchInput:
        return BatchInput(
            name=self.name,
            variants=[BatchVariantInput(str(v.variant_id), list(v.product_image_urls)) for v in self.variants],
            settings=BatchSettingsInput(
                schema_key=self.settings.schema_key,
                number_of_variations=self.settings.number_of_variations,
                input=self.settings.input,
            ),
        )


@strawberry.type
class BatchQuery:
    @strawberry.field(description="What each variant (1-100) can be generated from, and the workspace's uploads.")
    async def image_candidates(self, info: strawberry.Info, variant_ids: list[strawberry.ID]) -> ImageCandidates:
        found = await resolve.image_candidates(info, [str(v) for v in variant_ids])
        return ImageCandidates(
            variants=[VariantCandidates.from_domain(v) for v in found.variants],
            uploads=[ImageUpload.from_row(u) for u in found.uploads],
        )

    @strawberry.field
    async def batches(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Batch]:
        return to_connection(await resolve.batch_list(info, first, after), Batch.from_row)

    @strawberry.field
    async def batch(self, info: strawberry.Info, id: strawberry.ID) -> Batch | None:
        return Batch.from_row(await resolve.batch(info, id))

    @strawberry.field(description="Folders of a variant (one per batch), of a batch (shared first), or both.")
    async def folders(
        self, info: strawberry.Info, variant_id: strawberry.ID | None = None, batch_id: strawberry.ID | None = None
    ) -> list[Folder]:
        return [Folder.from_row(row) for row in await resolve.folders(info, variant_id, batch_id)]

    @strawberry.field(description="Credits a batch would take: variantCount x numberOfVariations.")
    async def estimate_batch_credits(self, info: strawberry.Info, variant_count: int, number_of_variations: int) -> int:
        return await resolve.estimate_credits(info, variant_count, number_of_variations)

    @strawberry.field(description="The generation workflows and the fields each takes.")
    def batch_workflows(self) -> list[BatchWorkflow]:
        return [BatchWorkflow.from_domain(workflow) for workflow in rules.WORKFLOWS.values()]


@strawberry.type
class BatchMutation:
    @strawberry.mutation(description="One generation job per variant; outputs go to its folder and the shared one.")
    async def create_batch(
        self,
        info: strawberry.Info,
        input: CreateBatchInput,
        idempotency_key: Annotated[
            str | None,
            strawberry.argument(
                description="Retry-safe: the same key within 24 h answers the first batch; another input is refused."
            ),
        ] = None,
    ) -> Batch:
        return Batch.from_row(await resolve.create_batch(info, input.to_domain(), idempotency_key))

    @strawberry.mutation(description="Run the failed jobs again with the same images; done jobs are untouched.")
    async def retry_batch(self, info: strawberry.Info, id: strawberry.ID) -> Batch:
        return Batch.from_row(await resolve.retry_batch(info, id))


@strawberry.type
class BatchSubscription:
    @strawberry.subscription(description="The batch now, then after every change, until every job is done or failed.")
    async def batch_updated(self, info: strawberry.Info, id: strawberry.ID) -> AsyncGenerator[Batch, None]:
        async for row in await resolve.batch_updates(info, id):
            yield Batch.from_row(row)
