"""Keyset pagination over (created_at, id), newest first, for every connection of the API: one statement per page
whatever its size, costing what the page holds: `totalCount` counts the list's own table (no join, no per-row
value), and the page reads the fields its row type declares and computes per-row values for its own rows only
(db.pages). A page is always the caller's workspace: `paginate` takes the Principal, never a workspace filter."""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from db.pages import UNREAD, NotRead, PageShape, Unread, read_page
from domain.errors import BadUserInput
from domain.tenancy import Principal

__all__ = ["MAX_PAGE", "UNREAD", "NotRead", "Page", "PageShape", "Unread", "paginate"]

T = TypeVar("T")
DEFAULT_PAGE = 20
MAX_PAGE = 100
MAX_CURSOR_LENGTH = 100  # what encode_cursor writes is 66 characters
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_PAYLOAD = re.compile(r"(-?[0-9]{1,18}):([0-9a-f]{32})")
_URLSAFE = bytes.maketrans(b"+/", b"-_")


class Keyed(Protocol):
    """What every page row has: its place in the page order."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def created_at(self) -> datetime: ...


K = TypeVar("K", bound=Keyed)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool
    total_count: int


def encode_cursor(created_at: datetime, ident: uuid.UUID) -> str:
    """Opaque to clients: the row's position in the (created_at, id) order, as base64url text without padding
    (base64.urlsafe_b64encode, spelled with binascii: a page writes one per row)."""
    micros = (created_at - _EPOCH) // _MICROSECOND
    payload = f"{micros}:{ident.hex}".encode()
    return binascii.b2a_base64(payload, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


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


async def paginate(
    shape: PageShape[K],
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    filters: Mapping[str, Any] | None = None,
    leave_out: frozenset[str] = frozenset(),
) -> Page[K]:
    """One page of the caller's workspace's rows of `shape` that `filters` select (equalities on the table's
    columns, `<column>__icontains`), as rows of the shape's type, without the optional fields of `leave_out`."""
    limit = check_first(first)
    rows, total = await read_page(
        shape,
        principal.workspace_id,
        filters=filters or {},
        after=decode_cursor(after) if after else None,
        limit=limit + 1,
        leave_out=leave_out,
    )
    items = rows[:limit]
    return Page(
        items=items,
        cursors=[encode_cursor(row.created_at, row.id) for row in items],
        has_next_page=len(rows) > limit,
        total_count=total,
    )
