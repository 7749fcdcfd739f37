"""Resolvers for previews: authenticate, call domain.previews, nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import asdict

import strawberry

from db.models import PreviewTask
from domain import idempotency, previews
from domain.previews import PreviewAnswer, PreviewRequest
from resolvers.context import caller


async def request_preview(info: strawberry.Info, request: PreviewRequest, key: str | None = None) -> PreviewAnswer:
    principal = await caller(info)
    return await idempotency.once(
        principal.workspace_id,
        "requestPreview",
        key,
        asdict(request),
        lambda: previews.request_preview(principal, request),
        lambda answer: str(answer.task.id),
        lambda ident: _first(previews.answers_of(principal, [ident])),
    )


async def request_previews(
    info: strawberry.Info, requests: Sequence[PreviewRequest], key: str | None = None
) -> list[PreviewAnswer]:
    principal = await caller(info)

    return await idempotency.once(
        principal.workspace_id,
        "requestPreviews",
        key,
        [asdict(request) for request in requests],
        lambda: previews.request_previews(principal, requests),
        lambda answers: [str(answer.task.id) for answer in answers],
        lambda idents: previews.answers_of(principal, idents),
    )


async def _first(answers: Awaitable[list[PreviewAnswer]]) -> PreviewAnswer:
    return (await answers)[0]


async def clear_cache(info: strawberry.Info, work_id: str | None, product_id: str | None) -> int:
    return await previews.clear_cache(await caller(info), work_id, product_id)


async def task(info: strawberry.Info, task_id: str) -> PreviewTask | None:
    return await previews.get_task(await caller(info), task_id)


async def tasks(info: strawberry.Info, task_ids: Sequence[str]) -> list[PreviewTask | None]:
    return await previews.get_tasks(await caller(info), task_ids)


async def task_updates(info: strawberry.Info, task_ids: Sequence[str]) -> AsyncIterator[PreviewTask]:
    return await previews.task_updates(await caller(info), task_ids)
