"""Asking for previews: every input resolved to a variant and a cache key first (all or nothing), then per key the
cached result, the render already running, or exactly one new render — however many identical requests arrive at
once, in however many processes.

Never check-then-insert: a missing key is inserted with ON CONFLICT DO NOTHING (one inserter wins), a stale row (a
failed render, an expired result) is restarted with a compare-and-set on what was read (one restarter wins), and
the winner stages the render's job in the same transaction. Losers read the row again and join the winner's task.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q

from db import claims
from db import previews as preview_rows
from db.models import PreviewTask, Product, Variant, Work
from db.transactions import in_transaction
from domain import tasks
from domain.errors import NotFound
from domain.live import publish
from domain.previews.keys import cache_key
from domain.previews.rendering import PREVIEW_TASK
from domain.previews.rules import Answer, VariantOption, answer_for, check_input_count, match_variant
from domain.previews.statuses import PreviewStatus, task_topic
from domain.tenancy import Principal, owned
from domain.workspace_events import Change, Kind, announce
from observability import PREVIEW_CACHE_HITS, PREVIEW_RENDERS
from settings import get_settings

# Each round either answers a key or moves it on (inserted, restarted, or lost to a writer who did); a key still
# open after this many rounds means rows keep being deleted under the request (a cache clear per round).
MAX_ROUNDS = 6


@dataclass(frozen=True)
class PreviewRequest:
    work_id: str
    product_id: str
    color: str | None
    size: str | None


@dataclass(frozen=True)
class PreviewAnswer:
    task: PreviewTask
    cached: bool  # answered with a finished render: this request started or joined nothing


@dataclass(frozen=True)
class _Target:
    """One resolved input: the variant it names and its cache key."""

    work_id: Any
    product_id: Any
    variant_id: Any
    color: str
    size: str
    key: str


async def request_preview(principal: Principal, request: PreviewRequest) -> PreviewAnswer:
    (answer,) = await _request(principal, [request], ["input"])
    return answer


async def request_previews(principal: Principal, requests: Sequence[PreviewRequest]) -> list[PreviewAnswer]:
    """Answers in input order; an input repeated in the list gets the same task."""
    check_input_count(len(requests), field="inputs")
    return await _request(principal, requests, [f"inputs[{i}]" for i in range(len(requests))])


async def answers_of(principal: Principal, task_ids: Sequence[object]) -> list[PreviewAnswer]:
    """The tasks an earlier request answered (an idempotent repeat), in its order; cached when finished."""
    tasks = await owned(PreviewTask, principal).filter(id__in=list(set(task_ids)))
    by_id = {str(task.id): task for task in tasks}
    missing = [str(ident) for ident in task_ids if str(ident) not in by_id]
    if missing:
        raise NotFound(f"PreviewTask {missing[0]}, answered to this idempotencyKey, no longer exists.")
    return [
        PreviewAnswer(task=by_id[str(ident)], cached=by_id[str(ident)].status == PreviewStatus.COMPLETED)
        for ident in task_ids
    ]


async def _request(principal: Principal, requests: Sequence[PreviewRequest], fields: list[str]) -> list[PreviewAnswer]:
    targets = await _resolve(principal, requests, fields)
    answers = await _answer(principal, {t.key: t for t in targets})
    return [answers[t.key] for t in targets]


# --- resolving inputs: three queries whatever their number -------------------------------------------------


async def _resolve(principal: Principal, requests: Sequence[PreviewRequest], fields: list[str]) -> list[_Target]:
    work_ids = [_uuid(r.work_id) for r in requests]
    product_ids = [_uuid(r.product_id) for r in requests]
    known_works = set(
        await owned(Work, principal).filter(id__in=[i for i in work_ids if i]).values_list("id", flat=True)
    )
    known_products = set(
        await owned(Product, principal)
        .filter(id__in=[i for i in product_ids if i], in_catalog=True)
        .values_list("id", flat=True)
    )
    options: dict[Any, list[VariantOption]] = {product_id: [] for product_id in known_products}
    rows = (
        await Variant.filter(product_id__in=list(known_products))
        .order_by("position")
        .values("id", "product_id", "color", "size", "image_id")
    )
    for row in rows:
        if row["image_id"] is not None:  # a variant without an image has nothing to print on
            options[row["product_id"]].append(VariantOption(row["id"], row["color"], row["size"]))
    targets = []
    for request, work_id, product_id, field in zip(requests, work_ids, product_ids, fields, strict=True):
        if work_id not in known_works:
            raise NotFound(f"Work {request.work_id} does not exist.", field=f"{field}.workId")
        if product_id not in known_products:
            raise NotFound(f"Product {request.product_id} does not exist.", field=f"{field}.productId")
        variant = match_variant(options[product_id], request.color, request.size, field=field)
        color, size = variant.color or "", variant.size or ""  # as the catalog spells them: one key per variant
        targets.append(
            _Target(work_id, product_id, variant.id, color, size, cache_key(work_id, product_id, color, size))
        )
    return targets


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- answering each key: cached, running, or one new render ------------------------------------------------


async def _answer(principal: Principal, targets: dict[str, _Target]) -> dict[str, PreviewAnswer]:
    answers: dict[str, PreviewAnswer] = {}
    started: set[Any] = set()  # tasks this request started: never reported as cached, even if already done
    open_keys = sorted(targets)
    for _ in range(MAX_ROUNDS):
        now = datetime.now(UTC)
        rows = {row.cache_key: row for row in await owned(PreviewTask, principal).filter(cache_key__in=open_keys)}
        missing: list[_Target] = []
        stale: list[PreviewTask] = []
        for key in open_keys:
            row = rows.get(key)
            answer = answer_for(row.status if row else None, row.expires_at if row else None, now)
            if row is not None and (answer is not Answer.RENDER or row.id in started):
                cached = answer is Answer.CACHED and row.id not in started
                answers[key] = PreviewAnswer(row, cached)
                if cached:
                    PREVIEW_CACHE_HITS.inc()
            elif row is None:
                missing.append(targets[key])
            else:
                stale.append(row)
        open_keys = [key for key in open_keys if key not in answers]
        if not open_keys:
            return answers
        started |= await _start_renders(principal, missing, stale, now)
    raise RuntimeError(f"preview requests for {len(open_keys)} keys kept racing with other writers")


async def _start_renders(
    principal: Principal, missing: list[_Target], stale: list[PreviewTask], now: datetime
) -> set[Any]:
    """Insert the missing keys and restart the stale rows that nobody else did first; stage one render per row
    won, in the same transaction. Returns the ids of the rows won."""
    lease_until = now + get_settings().job_lease
    new_rows = [
        PreviewTask(
            id=uuid.uuid4(),
            workspace_id=principal.workspace_id,
            requested_by_id=principal.user_id,
            work_id=t.work_id,
            product_id=t.product_id,
            variant_id=t.variant_id,
            color=t.color,
            size=t.size,
            cache_key=t.key,
            status=PreviewStatus.PENDING,
            progress=0,
            lease_expires_at=lease_until,
            updated_at=now,
        )
        for t in missing
    ]
    async with in_transaction() as tx:
        won = await preview_rows.insert_absent(new_rows, tx)
        for row in stale:
            if await claims.give_back(
                PreviewTask,
                _as_seen(row),
                waiting=PreviewStatus.PENDING,
                lease_until=lease_until,
                now=now,
                using_db=tx,
                **_restart(),
            ):
                won.add(row.id)
        if won:
            await tasks.enqueue(PREVIEW_TASK, sorted(won, key=str), using_db=tx)
    if won:
        PREVIEW_RENDERS.labels("started").inc(len(won))
        for task_id in won:
            await publish(task_topic(task_id), task=str(task_id), status=PreviewStatus.PENDING)
        await announce(principal.workspace_id, Kind.PREVIEW, min(won, key=str), Change.CREATED)  # one per request
    return won


def _as_seen(row: PreviewTask) -> Q:
    """What a restart compares: the status and the claim token. Every attempt bumps the token and only an attempt
    writes a result or a failure, so a row with the same pair still holds the result (and expiry) that was read;
    of several requests that saw the same stale row only one moves it on."""
    return claims.held(row) & Q(status=row.status)


def _restart() -> dict[str, Any]:
    return {"progress": 0, "result_key": None, "error_message": None, "expires_at": None, "retries": 0}
