"""Reading batches as the merchant sees them: progress from annotated job counts, the jobs with their images, the
folders with their items, and the signed URLs of it all. Lists read in a constant number of statements (the
`*_of_*` functions are the dataloaders' batches)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db import row_values
from db.models import Batch, Folder, FolderItem, GeneratedImage, GenerationJob
from db.pages import PageShape
from domain import provenance
from domain.batches.job_input import JobInput
from domain.batches.statuses import GenerationJobStatus, JobCounts
from domain.catalog.assets import url_of
from domain.errors import NotFound
from domain.pagination import Page, paginate
from domain.ports import ports
from domain.tenancy import Principal, owned, parse_id

# Progress comes from the jobs: a count per status, on the index generation_job(batch_id, status).
_JOB_COUNTS = tuple(
    (f"jobs_{status.value}", row_values.count_of(Batch, GenerationJob, "batch", status=status.value))
    for status in GenerationJobStatus
)


@dataclass(frozen=True, kw_only=True)
class BatchRow:
    """A batch as its list reads it: its columns and its jobs' counts per status."""

    id: uuid.UUID
    created_at: datetime
    name: str
    settings: dict[str, Any]
    credits: int
    jobs_pending: int
    jobs_generating: int
    jobs_done: int
    jobs_failed: int


_PAGE = PageShape(Batch, BatchRow, per_row=_JOB_COUNTS)


def counts_of(batch: Batch | BatchRow) -> JobCounts:
    """The counts read with the batch (a model read without them raises AttributeError, never counts 0)."""

    def count(status: GenerationJobStatus) -> int:
        return int(getattr(batch, f"jobs_{status.value}"))

    return JobCounts(
        pending=count(GenerationJobStatus.PENDING),
        generating=count(GenerationJobStatus.GENERATING),
        done=count(GenerationJobStatus.DONE),
        failed=count(GenerationJobStatus.FAILED),
    )


async def get_batch(principal: Principal, batch_id: object) -> Batch:
    """The caller's batch with its counts; another workspace's is NOT_FOUND."""
    batch = (
        await owned(Batch, principal)
        .filter(id=parse_id(batch_id, "Batch"))
        .annotate(**row_values.as_annotations(_JOB_COUNTS))
        .first()
    )
    if batch is None:
        raise NotFound.of("Batch", batch_id)
    return batch


async def list_batches(principal: Principal, first: int | None, after: str | None) -> Page[BatchRow]:
    return await paginate(_PAGE, principal, first, after)


async def jobs_of_batches(batch_ids: Sequence[Any]) -> dict[Any, list[GenerationJob]]:
    grouped: dict[Any, list[GenerationJob]] = {batch_id: [] for batch_id in batch_ids}
    for job in await GenerationJob.filter(batch_id__in=list(batch_ids)).order_by("position"):
        grouped[job.batch_id].append(job)
    return grouped


async def images_of_jobs(job_ids: Sequence[Any]) -> dict[Any, list[GeneratedImage]]:
    grouped: dict[Any, list[GeneratedImage]] = {job_id: [] for job_id in job_ids}
    for image in await GeneratedImage.filter(job_id__in=list(job_ids)).order_by("created_at", "id"):
        grouped[image.job_id].append(image)
    return grouped


async def shared_folders_of_batches(batch_ids: Sequence[Any]) -> dict[Any, Any]:
    """Each batch's shared folder id (one statement for many batches)."""
    rows = await Folder.filter(batch_id__in=list(batch_ids), shared=True).values("id", "batch_id")
    found = {row["batch_id"]: row["id"] for row in rows}
    return {batch_id: found.get(batch_id) for batch_id in batch_ids}


async def list_folders(principal: Principal, variant_id: object | None, batch_id: object | None) -> list[Folder]:
    """The caller's folders, narrowed to a variant (its folder in every batch), a batch (its shared folder, then
    one per variant) or both; neither: every folder. Shared folders first, then newest first."""
    query = owned(Folder, principal)
    if variant_id is not None:
        query = query.filter(variant_id=_id_or_nothing(variant_id))
    if batch_id is not None:
        query = query.filter(batch_id=_id_or_nothing(batch_id))
    return list(await query.order_by("-shared", "-created_at", "id"))


async def items_of_folders(folder_ids: Sequence[Any]) -> dict[Any, list[FolderItem]]:
    grouped: dict[Any, list[FolderItem]] = {folder_id: [] for folder_id in folder_ids}
    items = await FolderItem.filter(folder_id__in=list(folder_ids)).select_related("image").order_by("created_at", "id")
    for item in items:
        grouped[item.folder_id].append(item)
    return grouped


def image_url(image: GeneratedImage) -> str:
    return url_of(image.key)


def image_provenance(image: GeneratedImage) -> dict[str, Any] | None:
    return provenance.for_api(image.provenance, ports().media.signed_url)


def product_image_urls(job: GenerationJob) -> list[str]:
    """The job's chosen images as signed URLs (fresh on every read: they expire, the keys do not)."""
    return [url_of(image.key) for image in JobInput.from_json(job.input).product_images]


def _id_or_nothing(value: object) -> uuid.UUID:
    """A malformed id matches nothing (a filter, not a lookup: an empty list, not NOT_FOUND)."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)
