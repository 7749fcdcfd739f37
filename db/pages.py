"""The page statement of a list, written once per shape and dialect: a keyset page of one workspace's rows of one
table, newest first, with per-row values, the rows it refers to, and the list's total count in the same statement.

    SELECT "id", "created_at", <columns>, <per-row values>, <joined columns>,
           (SELECT COUNT(*) FROM <table> WHERE "workspace_id" = $1 AND <filters>) AS <total>
    FROM <table> [LEFT JOIN <referenced table> ON …] WHERE "workspace_id" = $n AND <filters> [AND <after the cursor>]
    ORDER BY "created_at" DESC, "id" DESC LIMIT <n + 1>

Tenancy is not a filter a caller may forget: a shape is only for a table with a `workspace` key, and `read_page`
takes the workspace as an argument of its own, always the first condition of both the page and its count.

A shape is a *row type*: a dataclass whose fields say what a page reads, so mypy checks every use of a row and
adding a column to a list is adding a field to its row type (and the column to the model). Its fields are the
table's columns by their model names (`id` and `created_at` first), per-row values (`per_row`: SQL expressions
written in db/, e.g. `row_values.count_of`), and joined relations (`joined`: a foreign key of the table whose row
is read with each row, as a row type of its own, None when the key is null). A field whose default is `UNREAD` may
be left out of a page (`leave_out`, when the query does not ask for it): it then holds `UNREAD`, which refuses to
be used as a value, never a made-up one. Values come back as the ORM gives them: UUID columns as `uuid.UUID`,
instants in UTC, JSON decoded.

Building this through the ORM costs more than running it (a query builder, filter resolution and a model per row on
every request), so the text is built once per shape and cached, and only the columns that need it are converted.

Filters narrow the workspace's rows: equalities on the table's own columns (a kind, a flag), and
`<column>__icontains` for a search, spelled as the ORM spells it (the same rows on both databases).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from typing import Any, Final, Generic, NoReturn, TypeVar

from tortoise import connections
from tortoise.fields import CharField, DatetimeField, Field, TextField, UUIDField
from tortoise.filters import escape_like
from tortoise.models import Model

from db import sqlite_reads
from db.row_values import RowValue

R = TypeVar("R")
TOTAL = "page_list_total"
WORKSPACE = "workspace_id"


class NotRead(LookupError):
    """A value the page did not read was used: the query that read the page did not ask for it."""


class Unread:
    """What a row holds in place of a value its page left out. Any use as a value (a number, a truth value, text,
    a comparison) raises NotRead, so a value that was not read can never pass for one (a count of 0, say)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<not read by this page>"

    def _refuse(self, *args: object) -> NoReturn:
        raise NotRead("a value this page did not read was used (the query did not ask for it)")

    __bool__ = __int__ = __index__ = __float__ = __str__ = __len__ = __iter__ = _refuse
    __eq__ = __lt__ = __le__ = __gt__ = __ge__ = __add__ = __radd__ = __getitem__ = _refuse
    __hash__ = object.__hash__


UNREAD: Final = Unread()


@dataclass(frozen=True, eq=False)  # a shape is a module's constant: compared and hashed as itself
class PageShape(Generic[R]):
    """What a list reads from `model`'s table: the fields of the row type `row` (a dataclass), each a column of
    the table, a per-row value of `per_row` (name -> SQL expression over the table's row, written in db/) or a
    relation of `joined` (a foreign key of the table -> the row type of the referenced row, whose fields are columns
    of the referenced table, its key first).

    A row is made from the values read as its attributes (its `__dict__`), without running `__init__`: a page of
    100 rows would otherwise spend more time in constructors than in the statement. So a row type is a plain
    dataclass (no `slots`, no `__post_init__`); an optional field left out reads as its class default, UNREAD."""

    model: type[Model]
    row: type[R]
    per_row: tuple[tuple[str, RowValue], ...] = ()
    joined: tuple[tuple[str, type[Any]], ...] = ()

    def __post_init__(self) -> None:
        """What can be checked at import (a joined row type is checked on first use, once relations are known)."""
        meta = self.model._meta
        if "workspace" not in meta.fk_fields:
            raise TypeError(f"{self.model.__name__} has no workspace: a page is always one workspace's rows")
        names = _field_names(self.row)
        for row_type in (self.row, *(referenced for _, referenced in self.joined)):
            if hasattr(row_type, "__slots__") or hasattr(row_type, "__post_init__"):
                raise TypeError(
                    f"{row_type.__name__}: a page row type is a plain dataclass (no slots, no __post_init__)"
                )
        if names[:2] != ("id", "created_at"):
            raise TypeError(f"{self.row.__name__}: a page row starts with `id` and `created_at`, the page order")
        derived = {name for name, _ in self.per_row}
        for relation, referenced in self.joined:
            derived.add(relation)
            if relation not in meta.fk_fields:
                raise TypeError(f"{self.model.__name__}.{relation} is not a foreign key")
            _field_names(referenced)
        for name in names:
            if name not in derived and not _is_column(meta, name):
                raise TypeError(f"{self.row.__name__}.{name} is neither a column of {meta.db_table} nor declared")

    @cached_property
    def optional(self) -> frozenset[str]:
        """The fields a page may leave out (default UNREAD)."""
        return frozenset(f.name for f in dataclasses.fields(self.row) if f.default is UNREAD)  # type: ignore[arg-type]


def _is_column(meta: Any, name: str) -> bool:
    return name in meta.fields_map or (name.endswith("_id") and name.removesuffix("_id") in meta.fk_fields)


def _field_names(row: type[Any]) -> tuple[str, ...]:
    if not dataclasses.is_dataclass(row):
        raise TypeError(f"{row!r} is not a dataclass")
    return tuple(f.name for f in dataclasses.fields(row))


Convert = tuple[tuple[str, Callable[[Any], Any]], ...]  # field -> to its Python value


@dataclass(frozen=True)
class _Joined:
    name: str  # the relation: the field holding the referenced row
    row: type[Any]
    start: int  # where its values start in a record
    names: tuple[str, ...]
    convert: Convert


@dataclass(frozen=True)
class _Statement:
    sql: str
    filters: tuple[Callable[[Any], Any], ...]  # each filter's value -> its placeholder's, in order
    names: tuple[str, ...]  # the row's own selected values, in order (the joined ones follow them, the total last)
    convert: Convert
    joined: tuple[_Joined, ...]


async def read_page(
    shape: PageShape[R],
    workspace_id: uuid.UUID,
    *,
    filters: Mapping[str, Any],
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
    leave_out: frozenset[str] = frozenset(),
) -> tuple[list[R], int]:
    """Up to `limit` of the workspace's rows that `filters` select (newest first, after the cursor's
    (created_at, id) when given), without the optional fields of `leave_out`, and the count of every such row.
    One statement, two when the page is empty."""
    if WORKSPACE in filters:
        raise TypeError("the workspace is read_page's own argument, not a filter")
    model = shape.model
    client = connections.get(model._meta.default_connection or "default")
    dialect = client.capabilities.dialect
    statement = _statement(shape, tuple(filters), after is not None, dialect, leave_out & shape.optional)
    fields_map = model._meta.fields_map
    values = [fields_map[WORKSPACE].to_db_value(workspace_id, model)]
    values += [to_db(filters[name]) for name, to_db in zip(filters, statement.filters, strict=True)]
    params = [*values, *values]  # the count's conditions, then the page's
    if after is not None:
        created = fields_map["created_at"].to_db_value(after[0], model)
        params += [created, created, fields_map["id"].to_db_value(after[1], model)]
    params.append(limit)
    records = await _fetch(client, dialect, statement.sql, params)
    if not records:
        count_sql = _count_statement(shape, tuple(filters), dialect)
        return [], int((await _fetch(client, dialect, count_sql, values))[0][0])
    names, convert, joined, row_type = statement.names, statement.convert, statement.joined, shape.row
    new, attach = object.__new__, object.__setattr__  # _made, inlined: this loop runs once per row
    rows = []
    for record in records:
        found = dict(zip(names, record))  # noqa: B905  # the row's own values come first (no keyword: ~20% faster)
        for name, to_python in convert:
            found[name] = to_python(found[name])
        for relation in joined:
            found[relation.name] = _referenced(relation, record)
        row = new(row_type)
        attach(row, "__dict__", found)
        rows.append(row)
    return rows, int(records[0][-1])


def _made(row_type: type[R], values: dict[str, Any]) -> R:
    """A row of `row_type` holding `values` as its attributes (see PageShape)."""
    row = object.__new__(row_type)
    object.__setattr__(row, "__dict__", values)  # frozen row types too
    return row


def _referenced(joined: _Joined, record: Sequence[Any]) -> Any:
    start = joined.start
    if record[start] is None:  # no referenced row
        return None
    found = dict(zip(joined.names, record[start : start + len(joined.names)], strict=True))
    for name, to_python in joined.convert:
        found[name] = to_python(found[name])
    return _made(joined.row, found)


async def _fetch(client: Any, dialect: str, sql: str, params: list[Any]) -> Sequence[Any]:
    if dialect == "sqlite":
        return await sqlite_reads.fetch(client, sql, params)
    _, records = await client.execute_query(sql, params)
    return records


def _quote(name: str) -> str:
    return f'"{name}"'


@lru_cache(maxsize=256)
def _count_statement(shape: PageShape[Any], filter_names: tuple[str, ...], dialect: str) -> str:
    table = _quote(shape.model._meta.db_table)
    where, _ = _where(shape, filter_names, dialect, start=1)
    return f"SELECT COUNT(*) AS {TOTAL} FROM {table} WHERE {where}"


@lru_cache(maxsize=256)
def _statement(
    shape: PageShape[Any], filter_names: tuple[str, ...], has_after: bool, dialect: str, leave_out: frozenset[str]
) -> _Statement:
    meta = shape.model._meta
    table = _quote(meta.db_table)
    derived = {name for name, _ in shape.per_row} | {name for name, _ in shape.joined}
    wanted = [name for name in _field_names(shape.row) if name not in leave_out]
    fields = [meta.fields_map[name] for name in wanted if name not in derived]
    per_row = [(name, value) for name, value in shape.per_row if name not in leave_out]
    selected = [f"{table}.{_quote(_column(field))} AS {_quote(field.model_field_name)}" for field in fields]
    selected += [f"{value.sql()} AS {_quote(name)}" for name, value in per_row]
    count_where, used = _where(shape, filter_names, dialect, start=1)
    page_where, used = _where(shape, filter_names, dialect, start=used + 1)
    joins, joined = [], []
    for relation, referenced in shape.joined:
        if relation in leave_out:
            continue
        key = meta.fields_map[relation]
        related = key.related_model._meta  # type: ignore[attr-defined]
        alias = _quote(f"joined_{relation}")
        joins.append(
            f"LEFT JOIN {_quote(related.db_table)} AS {alias} "
            f"ON {alias}.{_quote(_column(related.pk))} = {table}.{_quote(_column(key))}"  # the key's own column
        )
        joined_names = _field_names(referenced)
        if joined_names[0] != related.pk.model_field_name or not set(joined_names) <= set(related.fields_map):
            raise TypeError(f"{referenced.__name__}: its key first, then columns of {related.db_table}")
        related_fields = [related.fields_map[name] for name in joined_names]
        names = tuple(field.model_field_name for field in related_fields)
        joined.append(_Joined(relation, referenced, len(selected), names, _converts(related_fields, dialect)))
        selected += [f"{alias}.{_quote(_column(field))}" for field in related_fields]
    selected.append(f"(SELECT COUNT(*) FROM {table} WHERE {count_where}) AS {TOTAL}")
    if has_after:  # (created_at, id) < the cursor's, spelled out: both dialects use the (workspace, created_at) index
        before, same, lower = (_placeholder(dialect, used + n) for n in (1, 2, 3))
        page_where += (
            f' AND ({table}."created_at" < {before} OR ({table}."created_at" = {same} AND {table}."id" < {lower}))'
        )
        used += 3
    sql = (
        f"SELECT {', '.join(selected)} FROM {table} {' '.join(joins)} WHERE {page_where} "
        f'ORDER BY {table}."created_at" DESC, {table}."id" DESC LIMIT {_placeholder(dialect, used + 1)}'
    )
    return _Statement(
        sql=sql,
        filters=tuple(_filter_value(shape.model, name) for name in filter_names),
        names=(*(field.model_field_name for field in fields), *(name for name, _ in per_row)),
        convert=_converts(fields, dialect),
        joined=tuple(joined),
    )


def _converts(fields: list[Field[Any]], dialect: str) -> Convert:
    return tuple(
        (field.model_field_name, converter)
        for field in fields
        if type(field) not in _READY and (converter := _converter(field, dialect)) is not None
    )


_CONTAINS = "__icontains"


def _filter_value(model: type[Model], name: str) -> Callable[[Any], Any]:
    if name.endswith(_CONTAINS):
        return lambda text: f"%{escape_like(text)}%"
    field = model._meta.fields_map[name]
    return lambda value: field.to_db_value(value, model)


def _where(shape: PageShape[Any], filter_names: tuple[str, ...], dialect: str, *, start: int) -> tuple[str, int]:
    """The workspace's rows (always the first condition), narrowed by the filters."""
    meta = shape.model._meta
    table = _quote(meta.db_table)
    parts = [f"{table}.{_quote(_column(meta.fields_map[WORKSPACE]))} = {_placeholder(dialect, start)}"]
    for offset, name in enumerate(filter_names, start=1):
        placeholder = _placeholder(dialect, start + offset)
        column = f"{table}.{_quote(_column(meta.fields_map[name.removesuffix(_CONTAINS)]))}"
        if name.endswith(_CONTAINS):  # as the ORM's icontains: the same rows on both databases
            parts.append(f"UPPER(CAST({column} AS VARCHAR)) LIKE UPPER({placeholder}) ESCAPE '\\'")
        else:
            parts.append(f"{column} = {placeholder}")
    return " AND ".join(parts), start + len(filter_names)


def _column(field: Field[Any]) -> str:
    return field.source_field or field.model_field_name


def _placeholder(dialect: str, position: int) -> str:
    return f"${position}" if dialect == "postgres" else "?"


# Fields whose values both drivers give as the ORM would (text as str): read as they come. Exact types: a
# subclass (an enum field) converts.
_READY = (CharField, TextField)


def _converter(field: Field[Any], dialect: str) -> Callable[[Any], Any] | None:
    """How a column's value becomes the row's, or None when it is read as it comes."""
    if isinstance(field, UUIDField):
        return uuid_of_text if dialect == "sqlite" else None  # asyncpg gives UUIDs, SQLite their text
    if isinstance(field, DatetimeField):
        return _to_datetime
    return field.to_python_value


class TextUUID(uuid.UUID):
    """A UUID read from SQLite, made from the text it was read from and holding it: the text is what a page answers
    (an id, a cursor's `hex`), and its number is worked out only when asked (a comparison, a hash, `int`). Parsing
    every id of a page into a number and printing it back cost a tenth of a 100-row page's own time.

    It is a `uuid.UUID` in every other respect: equal to, hashed and ordered as the UUID of the same number
    (tests/test_scalars.py). typeshed declares UUID's `int` and `is_safe` Final, hence the two ignores."""

    __slots__ = ("text",)
    text: str
    is_safe = uuid.SafeUUID.unknown  # type: ignore[misc]  # as `uuid.UUID(text)` sets it, for every instance

    @property  # type: ignore[misc]  # the number, from the text (UUID keeps it in a slot)
    def int(self) -> int:
        return int(self.text.replace("-", ""), 16)

    @property
    def hex(self) -> str:
        return self.text.replace("-", "")

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[type[uuid.UUID], tuple[str]]:  # pickled and copied as the plain UUID it is
        return uuid.UUID, (self.text,)


_HEX_DIGITS = dict.fromkeys(map(ord, "0123456789abcdef"))  # str.translate: lower-case hex digits dropped


def uuid_of_text(value: Any) -> uuid.UUID | None:
    """SQLite's text of a UUID column as a UUID. Tortoise writes `str(uuid)`: 32 lower-case hex digits with dashes at
    8, 13, 18 and 23. That form, checked here, is kept as it is read (a TextUUID); any other spelling goes through
    the general parser (and its errors)."""
    if value is None:
        return None
    if len(value) != 36 or value[8:24:5] != "----" or value.translate(_HEX_DIGITS) != "----":  # [8], [13], [18], [23]
        return uuid.UUID(value)
    ident = object.__new__(TextUUID)
    object.__setattr__(ident, "text", value)
    return ident


def _to_datetime(value: Any) -> datetime | None:
    """The instant in UTC, as the ORM gives it (use_tz, timezone UTC): SQLite keeps ISO text, PostgreSQL gives an
    aware datetime."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is UTC:  # SQLite's text ends in +00:00; asyncpg gives UTC
        return moment
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
