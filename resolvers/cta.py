"""Resolvers for CTA jobs: thin calls into domain.cta, plus the dataloaders that keep lists at constant queries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import strawberry

from db.models import CtaInfo, CtaJob, CtaJobUrl
from domain import cta
from domain.cta.rules import CtaItem
from domain.live import follow
from domain.pagination import Page
from resolvers.context import Context, caller


async def create_job(
    info: strawberry.Info, name: str | None, items: Sequence[CtaItem], idempotency_key: str | None = None
) -> CtaJob:
    principal = await caller(info)
    job = await cta.create_cta_job(principal, name, items, idempotency_key)
    return await cta.get_job(principal, job.id)


async def jobs(
    info: strawberry.Info, first: int | None, after: str | None, *, leave_out: frozenset[str]
) -> Page[cta.JobRow]:
    return await cta.list_jobs(await caller(info), first, after, leave_out=leave_out)


async def job(info: strawberry.Info, job_id: str) -> CtaJob:
    return await cta.get_job(await caller(info), job_id)


async def info_by_id(info: strawberry.Info, info_id: str) -> CtaInfo:
    return await cta.get_info(await caller(info), info_id)


async def delete_job(info: strawberry.Info, job_id: str) -> bool:
    return await cta.delete_job(await caller(info), job_id)


async def update_suggestion(info: strawberry.Info, info_id: str, suggestion: Any) -> CtaInfo:
    return await cta.update_suggestion(await caller(info), info_id, suggestion)


async def retry_info(info: strawberry.Info, info_id: str) -> CtaInfo:
    return await cta.retry_info(await caller(info), info_id)


async def retry_failed(info: strawberry.Info, job_id: str) -> CtaJob:
    return await cta.retry_failed(await caller(info), job_id)


async def job_updates(info: strawberry.Info, job_id: str) -> AsyncIterator[CtaJob]:
    principal = await caller(info)
    current = await cta.get_job(principal, job_id)  # NOT_FOUND before subscribing
    # Every subscriber of the job in this process shares each read, and the dataloaders of its nested lists.
    return follow(
        [cta.job_topic(current.id)],
        lambda: cta.get_job(principal, current.id),
        is_final=lambda j: cta.counts_of(j).is_completed,
    )


async def infos_of(info: strawberry.Info, job_id: Any) -> list[CtaInfo]:
    context: Context = info.context
    result: list[CtaInfo] = await context.load_grouped("cta_infos", cta.infos_of_jobs, job_id)
    return result


async def urls_of(info: strawberry.Info, job_id: Any) -> list[CtaJobUrl]:
    context: Context = info.context
    result: list[CtaJobUrl] = await context.load_grouped("cta_urls", cta.urls_of_jobs, job_id)
    return result
