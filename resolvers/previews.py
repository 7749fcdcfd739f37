"""Resolvers for previews: authenticate, call domain.previews, nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import strawberry

from db.models import PreviewTask
from domain import previews
from domain.previews import PreviewAnswer, PreviewRequest
from resolvers.context import caller


async def request_preview(info: strawberry.Info, request: PreviewRequest) -> PreviewAnswer:
    return await previews.request_preview(await caller(info), request)


async def request_previews(info: strawberry.Info, requests: Sequence[PreviewRequest]) -> list[PreviewAnswer]:
    return await previews.request_previews(await caller(info), requests)


async def clear_cache(info: strawberry.Info, work_id: str | None, product_id: str | None) -> int:
    return await previews.clear_cache(await caller(info), work_id, product_id)


async def task(info: strawberry.Info, task_id: str) -> PreviewTask | None:
    return await previews.get_task(await caller(info), task_id)


async def tasks(info: strawberry.Info, task_ids: Sequence[str]) -> list[PreviewTask | None]:
    return await previews.get_tasks(await caller(info), task_ids)


async def task_updates(info: strawberry.Info, task_ids: Sequence[str]) -> AsyncIterator[PreviewTask]:
    return await previews.task_updates(await caller(info), task_ids)
