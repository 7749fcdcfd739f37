"""Reading preview tasks: one, many in one statement (unknown or another workspace's ids come back as None in
place), and live: the current state of each task, then every change, until all are finished."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from db.models import PreviewTask
from db.previews import latest_per_product
from domain import provenance
from domain.errors import BadUserInput, NotFound
from domain.live import follow
from domain.ports import ports
from domain.previews.rules import MAX_INPUTS
from domain.previews.statuses import FINAL, PreviewStatus, task_topic
from domain.tenancy import Principal, owned

PREVIEWS_PER_PRODUCT = 50  # a product's page shows its newest; every render of a work is on the previews screen


async def get_task(principal: Principal, task_id: object) -> PreviewTask | None:
    (task,) = await get_tasks(principal, [task_id])
    return task


async def get_tasks(principal: Principal, task_ids: Sequence[object]) -> list[PreviewTask | None]:
    """One SQL statement for any number of ids (none when no id is a UUID)."""
    wanted = [_uuid(ident) for ident in task_ids]
    valid = list({ident for ident in wanted if ident is not None})
    rows = {row.id: row for row in await owned(PreviewTask, principal).filter(id__in=valid)} if valid else {}
    return [rows.get(ident) if ident is not None else None for ident in wanted]


async def tasks_of_products(product_ids: Sequence[Any]) -> dict[Any, list[PreviewTask]]:
    """Each product's newest PREVIEWS_PER_PRODUCT preview tasks, newest first: the same statements for any number
    of products (the products were read for their caller, so their tasks are that workspace's)."""
    grouped: dict[Any, list[PreviewTask]] = {product_id: [] for product_id in product_ids}
    for task in await latest_per_product(list(product_ids), PREVIEWS_PER_PRODUCT):
        grouped[task.product_id].append(task)
    return grouped


def result_url(task: PreviewTask) -> str | None:
    """The rendered image as a signed, expiring media URL, once the task completed."""
    if task.status != PreviewStatus.COMPLETED or not task.result_key:
        return None
    return ports().media.signed_url(task.result_key)


def result_provenance(task: PreviewTask) -> dict[str, Any] | None:
    """How the render was made, its input images as signed URLs (domain/provenance.py)."""
    return provenance.for_api(task.provenance, ports().media.signed_url)


async def task_updates(principal: Principal, task_ids: Sequence[object]) -> AsyncIterator[PreviewTask]:
    """Each task's current state, then each task again whenever it changed, until every one is COMPLETED or
    FAILED. An unknown id is NOT_FOUND before anything is sent. One statement per event, whatever the count."""
    if not 1 <= len(task_ids) <= MAX_INPUTS:
        raise BadUserInput(f"follow between 1 and {MAX_INPUTS} preview tasks", field="ids")
    tasks = await get_tasks(principal, task_ids)
    for index, task in enumerate(tasks):
        if task is None:
            raise NotFound(f"PreviewTask {task_ids[index]} does not exist.", field=f"ids[{index}]")
    order = list(dict.fromkeys(task.id for task in tasks if task is not None))
    return _changes(principal, order)


async def _changes(principal: Principal, order: list[Any]) -> AsyncIterator[PreviewTask]:
    async def load() -> list[PreviewTask]:
        rows = {row.id: row for row in await owned(PreviewTask, principal).filter(id__in=order)}
        return [rows[ident] for ident in order if ident in rows]

    def all_final(rows: list[PreviewTask]) -> bool:
        # A task deleted meanwhile (its cached result cleared) has nothing more to say.
        return all(row.status in FINAL for row in rows)

    sent: dict[Any, tuple[Any, ...]] = {}
    async for rows in follow([task_topic(ident) for ident in order], load, all_final):
        for row in rows:
            state = (row.status, row.progress, row.retries, row.error_message, row.result_key, row.updated_at)
            if sent.get(row.id) != state:
                sent[row.id] = state
                yield row


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None
