"""Keyset pagination over (created_at, id), newest first: two queries per page whatever its size."""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.errors import BadUserInput

M = TypeVar("M", bound=Model)
DEFAULT_PAGE = 20
MAX_PAGE = 100
MAX_CURSOR_LENGTH = 100  # what encode_cursor writes is 66 characters
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_PAYLOAD = re.compile(r"(-?[0-9]{1,18}):([0-9a-f]{32})")


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    cursors: list[str]
    has_next_page: bool
    total_count: int


def encode_cursor(created_at: datetime, ident: uuid.UUID) -> str:
    """Opaque to clients: the row's position in the (created_at, id) order, as base64url text."""
    micros = (created_at - _EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(f"{micros}:{ident.hex}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """Only what `encode_cursor` writes: bounded length, two well-formed parts, a representable instant."""
    refused = BadUserInput("`after` is not a cursor returned by this list", field="after")
    if len(cursor) > MAX_CURSOR_LENGTH or not _BASE64URL.fullmatch(cursor):
        raise refused
    try:
        match = _PAYLOAD.fullmatch(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii"))
        if match is None:
            raise ValueError(cursor)
        return _EPOCH + timedelta(microseconds=int(match[1])), uuid.UUID(hex=match[2])
    except (ValueError, OverflowError):  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise refused from None


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
