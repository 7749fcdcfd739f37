"""Keyset pagination over (created_at, id), newest first, for every connection of the API: one statement per page
whatever its size, costing what the page holds: `totalCount` counts the list's own table (no join, no per-row
value), and the page reads the columns it needs and computes per-row values for its own rows only (db.pages)."""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from db.pages import PageShape, read_page
from domain.errors import BadUserInput

T = TypeVar("T")
DEFAULT_PAGE = 20
MAX_PAGE = 100
MAX_CURSOR_LENGTH = 100  # what encode_cursor writes is 66 characters
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_PAYLOAD = re.compile(r"(-?[0-9]{1,18}):([0-9a-f]{32})")
_URLSAFE = bytes.maketrans(b"+/", b"-_")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool
    total_count: int


def encode_cursor(created_at: datetime, ident: str) -> str:
    """Opaque to clients: the row's position in the (created_at, id) order, as base64url text without padding
    (base64.urlsafe_b64encode, spelled with binascii: a page writes one per row). `ident` is the id's text, as a
    page row holds it."""
    micros = (created_at - _EPOCH) // _MICROSECOND
    encoded = binascii.b2a_base64(f"{micros}:{ident.replace('-', '')}".encode(), newline=False).translate(_URLSAFE)
    return encoded.decode().rstrip("=")


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


class Row:
    """A row of a page read as values (`paginate_rows`): its columns and per-row values as attributes, and
    nothing else; lighter to build than a model instance (the dict read from the database becomes its attributes,
    uncopied). Its UUID columns, `id` included, hold their text (db.pages)."""

    id: str
    created_at: datetime

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values

    def __repr__(self) -> str:
        return f"Row({self.__dict__!r})"

    if TYPE_CHECKING:  # the columns a list selected: any name, to the type checker

        def __getattr__(self, name: str) -> Any: ...


async def paginate_rows(
    shape: PageShape, filters: Mapping[str, Any], first: int | None, after: str | None
) -> Page[Row]:
    """One page of the rows of `shape`'s table that `filters` select (db.pages: equalities, e.g. the workspace, and
    `<column>__icontains`), as `Row`s of the shape's columns, per-row values and joined rows, through a statement
    written once per shape."""
    limit = check_first(first)
    rows, total = await read_page(shape, filters, decode_cursor(after) if after else None, limit + 1)
    for relation, _ in shape.joined:  # the referenced rows, as Rows too
        for values in rows:
            if values[relation] is not None:
                values[relation] = Row(values[relation])
    return _page([Row(values) for values in rows], limit, total)


def _page(rows: list[Row], limit: int, total: int) -> Page[Row]:
    items = rows[:limit]
    return Page(
        items=items,
        cursors=[encode_cursor(r.created_at, r.id) for r in items],
        has_next_page=len(rows) > limit,
        total_count=total,
    )
