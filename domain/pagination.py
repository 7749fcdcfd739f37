"""Keyset pagination over (created_at, id), newest first: two queries per page whatever its size."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.errors import BadUserInput

M = TypeVar("M", bound=Model)
DEFAULT_PAGE = 20
MAX_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    cursors: list[str]
    has_next_page: bool
    total_count: int


def encode_cursor(created_at: datetime, ident: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(json.dumps([created_at.isoformat(), str(ident)]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        created, ident = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created), uuid.UUID(ident)
    except (ValueError, TypeError) as exc:
        raise BadUserInput("`after` is not a cursor returned by this list", field="after") from exc


def check_first(first: int | None) -> int:
    first = DEFAULT_PAGE if first is None else first
    if not 0 <= first <= MAX_PAGE:
        raise BadUserInput(f"`first` must be between 0 and {MAX_PAGE}", field="first")
    return first


async def paginate(query: QuerySet[M], first: int | None, after: str | None) -> Page[M]:
    limit = check_first(first)
    total = await query.count()
    page_query = query
    if after:
        created, ident = decode_cursor(after)
        page_query = query.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=ident))
    rows = await page_query.order_by("-created_at", "-id").limit(limit + 1)
    items = rows[:limit]
    return Page(
        items=items,
        cursors=[encode_cursor(r.created_at, r.id) for r in items],  # type: ignore[attr-defined]
        has_next_page=len(rows) > limit,
        total_count=total,
    )
