"""The preview cache by hand and over time: clearing finished results, and purging expired ones for good."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from db.models import PreviewTask, Product, Work
from domain import scheduling
from domain.errors import NotFound
from domain.previews.statuses import PreviewStatus
from domain.tenancy import Principal, owned, parse_id
from domain.workspace_events import Change, Kind, announce

PURGE_PERIOD = timedelta(hours=1)


async def clear_cache(principal: Principal, work_id: object | None, product_id: object | None) -> int:
    """Forget the workspace's finished renders of a work, of a product, of both together, or (neither given) all
    of them; returns how many were cleared. The next request for one of them renders again. Renders still
    running are left alone (they will be cached when they finish); failed ones render again on request anyway.
    The rows go, and their files with them at the next media sweep."""
    filters: dict[str, Any] = {}
    if work_id is not None:
        filters["work_id"] = await _owned_id(principal, Work, work_id, "workId")
    if product_id is not None:
        filters["product_id"] = await _owned_id(principal, Product, product_id, "productId")
    cleared = int(await owned(PreviewTask, principal).filter(status=PreviewStatus.COMPLETED, **filters).delete())
    if cleared:
        await announce(principal.workspace_id, Kind.PREVIEW, principal.workspace_id, Change.DELETED)
    return cleared


async def _owned_id(principal: Principal, model: type[Work] | type[Product], ident: object, field: str) -> Any:
    kind = model.__name__
    try:
        key = parse_id(ident, kind)
        if not await owned(model, principal).filter(id=key).exists():
            raise NotFound.of(kind, ident)
    except NotFound as missing:
        raise NotFound(missing.message, field=field) from None
    return key


async def purge_expired(now: datetime) -> int:
    """Expired results are rendered again on the next request anyway; after a grace hour their rows (and then
    their files) go, so the cache does not grow forever."""
    return int(await PreviewTask.filter(status=PreviewStatus.COMPLETED, expires_at__lt=now - PURGE_PERIOD).delete())


PURGE_JOB = scheduling.PeriodicJob("previews.purge_expired", PURGE_PERIOD, purge_expired)  # once registered
