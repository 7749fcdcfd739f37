"""The request use case under concurrency, on SQLite and PostgreSQL: many identical requests at once (no HTTP in
between to spread them out) stage exactly one render — for a new key (insert-or-get on the unique key), for a
failed render and for an expired result (compare-and-set on what was read)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from db.models import MediaAsset, OutboxMessage, PreviewTask, Product, Variant, Work
from domain import outbox
from domain.auth import ensure_user, principal_of
from domain.previews import RENDER, PreviewRequest, PreviewStatus, request_preview, request_previews
from domain.tenancy import Principal

CONCURRENT = 100


async def _catalog() -> tuple[Principal, PreviewRequest]:
    user = await ensure_user("owner@shop.example", "shop")
    principal = principal_of(user)
    asset = await MediaAsset.create(
        workspace_id=principal.workspace_id, sha256="0" * 64, key="content/00/x.png", content_type="image/png",
        width=10, height=10, size=100,
    )  # fmt: skip
    product = await Product.create(workspace_id=principal.workspace_id, title="Tote", in_catalog=True)
    await Variant.create(
        workspace_id=principal.workspace_id, product=product, color="Natural", size="Large", image=asset,
        print_area={"x": 0.25, "y": 0.25, "width": 0.5, "height": 0.5}, position=0,
    )  # fmt: skip
    work = await Work.create(workspace_id=principal.workspace_id, name="Sunset", asset=asset)
    return principal, PreviewRequest(str(work.id), str(product.id), "natural", "large")


@pytest.fixture(autouse=True)
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The messages handed to the broker (another test may have installed a real sender in this process)."""
    messages: list[dict[str, Any]] = []
    monkeypatch.setattr(outbox, "_sender", messages.extend)
    return messages


async def _staged_renders(sent: list[dict[str, Any]]) -> list[Any]:
    """Every render message staged so far: handed to the broker, or still waiting in the outbox."""
    waiting = [m for row in await OutboxMessage.all() for m in row.messages]
    return [m["args"][0] for m in [*sent, *waiting] if m["actor"] == RENDER]


async def _all_at_once(principal: Principal, request: PreviewRequest) -> set[str]:
    answers = await asyncio.gather(*(request_preview(principal, request) for _ in range(CONCURRENT)))
    return {str(answer.task.id) for answer in answers}


async def test_identical_requests_at_once_insert_one_task_and_stage_one_render(
    db: str, sent: list[dict[str, Any]]
) -> None:
    principal, request = await _catalog()
    ids = await _all_at_once(principal, request)
    assert len(ids) == 1
    assert await _staged_renders(sent) == list(ids)
    (row,) = await PreviewTask.all()
    assert row.status == PreviewStatus.PENDING and (row.color, row.size) == ("Natural", "Large")


@pytest.mark.parametrize(
    "stale",
    [
        {"status": PreviewStatus.FAILED, "error_message": "refused", "retries": 3},
        {"status": PreviewStatus.COMPLETED, "result_key": "previews/x.png", "expires_at": "past"},
    ],
    ids=["failed", "expired"],
)
async def test_identical_requests_at_once_restart_a_stale_task_once(
    db: str, stale: dict[str, Any], sent: list[dict[str, Any]]
) -> None:
    principal, request = await _catalog()
    (first,) = await _all_at_once(principal, request)
    await OutboxMessage.all().delete()
    sent.clear()
    if stale.get("expires_at") == "past":
        stale = {**stale, "expires_at": datetime.now(UTC) - timedelta(seconds=1)}
    await PreviewTask.filter(id=first).update(attempt=4, lease_expires_at=None, **stale)

    assert await _all_at_once(principal, request) == {first}
    assert await _staged_renders(sent) == [first]
    row = await PreviewTask.get(id=first)
    assert (row.status, row.retries, row.error_message, row.result_key, row.expires_at) == (
        PreviewStatus.PENDING,
        0,
        None,
        None,
        None,
    )


async def test_a_batch_repeating_keys_races_another_batch_without_duplicates(
    db: str, sent: list[dict[str, Any]]
) -> None:
    principal, request = await _catalog()
    batch = [request, PreviewRequest(request.work_id, request.product_id, "NATURAL", "Large"), request]
    answers = await asyncio.gather(*(request_previews(principal, batch) for _ in range(20)))
    assert len({str(a.task.id) for answer in answers for a in answer}) == 1
    assert len(await _staged_renders(sent)) == 1
