"""Resolvers for batch generation: thin calls into domain.batches, plus the dataloaders that keep lists (jobs,
their images, folders' items, shared folders) at a constant number of statements."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import strawberry

from db.models import Batch, Folder, FolderItem, GeneratedImage, GenerationJob
from domain import batches
from domain.batches import BatchInput, ImageCandidates
from domain.live import follow
from domain.pagination import Page
from resolvers.context import Context, caller


async def image_candidates(info: strawberry.Info, variant_ids: Sequence[str]) -> ImageCandidates:
    return await batches.image_candidates(await caller(info), variant_ids)


async def create_batch(info: strawberry.Info, data: BatchInput, idempotency_key: str | None = None) -> Batch:
    principal = await caller(info)
    batch = await batches.create_batch(principal, data, idempotency_key)
    return await batches.get_batch(principal, batch.id)


async def retry_batch(info: strawberry.Info, batch_id: str) -> Batch:
    principal = await caller(info)
    batch = await batches.retry_batch(principal, batch_id)
    return await batches.get_batch(principal, batch.id)


async def batch(info: strawberry.Info, batch_id: str) -> Batch:
    return await batches.get_batch(await caller(info), batch_id)


async def batch_list(info: strawberry.Info, first: int | None, after: str | None) -> Page[batches.BatchRow]:
    return await batches.list_batches(await caller(info), first, after)


async def folders(info: strawberry.Info, variant_id: str | None, batch_id: str | None) -> list[Folder]:
    return await batches.list_folders(await caller(info), variant_id, batch_id)


async def estimate_credits(info: strawberry.Info, variant_count: int, number_of_variations: int) -> int:
    await caller(info)
    return batches.estimate_credits(variant_count, number_of_variations)


async def batch_updates(info: strawberry.Info, batch_id: str) -> AsyncIterator[Batch]:
    principal = await caller(info)
    current = await batches.get_batch(principal, batch_id)  # NOT_FOUND before subscribing
    context: Context = info.context

    async def load() -> Batch:
        context.fresh_loaders()  # a socket's context outlives events: never serve cached jobs
        return await batches.get_batch(principal, current.id)

    return follow([batches.batch_topic(current.id)], load, is_final=lambda b: batches.counts_of(b).is_completed)


async def jobs_of(info: strawberry.Info, batch_id: Any) -> list[GenerationJob]:
    context: Context = info.context
    result: list[GenerationJob] = await context.load_grouped("batch_jobs", batches.jobs_of_batches, batch_id)
    return result


async def images_of(info: strawberry.Info, job_id: Any) -> list[GeneratedImage]:
    context: Context = info.context
    result: list[GeneratedImage] = await context.load_grouped("batch_job_images", batches.images_of_jobs, job_id)
    return result


async def shared_folder_of(info: strawberry.Info, batch_id: Any) -> Any:
    context: Context = info.context
    return await context.load_grouped("batch_folders", batches.shared_folders_of_batches, batch_id)


async def items_of(info: strawberry.Info, folder_id: Any) -> list[FolderItem]:
    context: Context = info.context
    result: list[FolderItem] = await context.load_grouped("folder_items", batches.items_of_folders, folder_id)
    return result
