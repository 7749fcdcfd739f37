"""The page statement of a list, written once per shape and dialect: a keyset page of one table, newest first,
with per-row values, the rows it refers to, and the list's total count in the same statement.

    SELECT "id", "created_at", <columns>, <per-row values>,
           (SELECT COUNT(*) FROM <table> WHERE <filters>) AS <total>, <joined columns>
    FROM <table> [LEFT JOIN <referenced table> ON …] WHERE <filters> [AND <after the cursor>]
    ORDER BY "created_at" DESC, "id" DESC LIMIT <n + 1>

Building this through the ORM costs more than running it (a query builder, filter resolution and per-row field
conversion on every request), so the text is built once per shape and cached, rows come back as dicts, and the
columns are converted by their model fields, with a direct path for the two every row has (`id`, `created_at`).
UUID columns (`id`, foreign keys) come back as their text, the form an answer shows and a cursor encodes: SQLite
keeps that text (Tortoise writes `str(uuid)`), so a page never parses an id only to print it again.

Filters are what a list's rows are selected by: equalities on the table's own columns (a workspace, a kind), and
`<column>__icontains` for a search, spelled as the ORM spells it (the same rows on both databases). A *joined*
relation is a foreign key of the table whose row is read with each row (an upload's media asset): its columns
come back as a dict under the relation's name (None when the key is null).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from tortoise import connections
from tortoise.fields import CharField, DatetimeField, Field, TextField, UUIDField
from tortoise.filters import escape_like
from tortoise.models import Model

from db import sqlite_reads

TOTAL = "page_list_total"


@dataclass(frozen=True)
class PageShape:
    """What a list reads: its table (`model`), the columns beside `id` and `created_at`, and per-row SQL values
    (name, expression over the table's row: e.g. a scalar subquery counting the row's children)."""

    model: type[Model]
    columns: tuple[str, ...] = ()
    per_row: tuple[tuple[str, str], ...] = ()
    joined: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (a foreign key of the table, the columns read through it)


Convert = tuple[tuple[str, Callable[[Any], Any]], ...]  # column -> to its Python value


@dataclass(frozen=True)
class _Joined:
    name: str  # the relation: its values come back as a dict under this name
    start: int  # where its values start in a record
    names: tuple[str, ...]  # its key first, then the shape's columns of it
    convert: Convert


@dataclass(frozen=True)
class _Statement:
    sql: str
    filters: tuple[Callable[[Any], Any], ...]  # each filter's value -> its placeholder's, in order
    names: tuple[str, ...]  # the row's own selected values, in order (the joined ones follow them)
    convert: Convert
    joined: tuple[_Joined, ...]


async def read_page(
    shape: PageShape, filters: Mapping[str, Any], after: tuple[datetime, uuid.UUID] | None, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Up to `limit` rows of the page (newest first, after the cursor's (created_at, id) when given) and the
    count of every row the filters select. One statement, two when the page is empty."""
    client = connections.get(shape.model._meta.default_connection or "default")
    dialect = client.capabilities.dialect
    statement = _statement(shape, tuple(filters), after is not None, dialect)
    model = shape.model
    values = [to_db(filters[name]) for name, to_db in zip(filters, statement.filters)]  # noqa: B905 - one per name
    params = [*values, *values]  # the count's filters, then the page's
    if after is not None:
        created_field = model._meta.fields_map["created_at"]
        created = created_field.to_db_value(after[0], model)
        ident = model._meta.fields_map["id"].to_db_value(after[1], model)
        params += [created, created, ident]
    params.append(limit)
    records = await _fetch(client, dialect, statement.sql, params)
    if not records:
        count_sql, _ = _count_statement(shape, tuple(filters), dialect)
        return [], int((await _fetch(client, dialect, count_sql, values))[0][0])
    names, convert = statement.names, statement.convert
    rows = [dict(zip(names, record)) for record in records]  # noqa: B905 - the row's own values come first
    for row in rows:
        for column, to_python in convert:
            row[column] = to_python(row[column])
    for joined in statement.joined:
        start, end = joined.start, joined.start + len(joined.names)
        for row, record in zip(rows, records):  # noqa: B905 - one row per record
            if record[start] is None:  # no referenced row
                row[joined.name] = None
                continue
            referenced = row[joined.name] = dict(zip(joined.names, record[start:end]))  # noqa: B905
            for column, to_python in joined.convert:
                referenced[column] = to_python(referenced[column])
    return rows, int(rows[0][TOTAL])


async def _fetch(client: Any, dialect: str, sql: str, params: list[Any]) -> Sequence[Any]:
    if dialect == "sqlite":
        return await sqlite_reads.fetch(client, sql, params)
    _, records = await client.execute_query(sql, params)
    return records


def _quote(name: str) -> str:
    return f'"{name}"'


@lru_cache(maxsize=256)
def _count_statement(shape: PageShape, filter_names: tuple[str, ...], dialect: str) -> tuple[str, int]:
    table = _quote(shape.model._meta.db_table)
    where, used = _where(shape, filter_names, dialect, start=1)
    return f"SELECT COUNT(*) AS {TOTAL} FROM {table} WHERE {where}", used


@lru_cache(maxsize=256)
def _statement(shape: PageShape, filter_names: tuple[str, ...], has_after: bool, dialect: str) -> _Statement:
    meta = shape.model._meta
    table = _quote(meta.db_table)
    fields = [meta.fields_map[name] for name in ("id", "created_at", *shape.columns)]
    selected = [f"{table}.{_quote(_column(field))} AS {_quote(field.model_field_name)}" for field in fields]
    selected += [f"{expression} AS {_quote(name)}" for name, expression in shape.per_row]
    count_where, used = _where(shape, filter_names, dialect, start=1)
    page_where, used = _where(shape, filter_names, dialect, start=used + 1)
    selected.append(f"(SELECT COUNT(*) FROM {table} WHERE {count_where}) AS {TOTAL}")
    joins, joined = [], []
    for relation, columns in shape.joined:
        key = meta.fields_map[relation]
        related = key.related_model._meta  # type: ignore[attr-defined]
        alias = _quote(f"joined_{relation}")
        joins.append(
            f"LEFT JOIN {_quote(related.db_table)} AS {alias} "
            f"ON {alias}.{_quote(_column(related.pk))} = {table}.{_quote(_column(key))}"  # the key's own column
        )
        related_fields = [related.pk, *(related.fields_map[name] for name in columns)]
        names = tuple(field.model_field_name for field in related_fields)
        joined.append(_Joined(relation, len(selected), names, _converts(related_fields, dialect)))
        selected += [f"{alias}.{_quote(_column(field))}" for field in related_fields]
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
        names=(*(field.model_field_name for field in fields), *(name for name, _ in shape.per_row), TOTAL),
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


def _where(shape: PageShape, filter_names: tuple[str, ...], dialect: str, *, start: int) -> tuple[str, int]:
    meta = shape.model._meta
    table = _quote(meta.db_table)
    parts = []
    for offset, name in enumerate(filter_names):
        placeholder = _placeholder(dialect, start + offset)
        column = f"{table}.{_quote(_column(meta.fields_map[name.removesuffix(_CONTAINS)]))}"
        if name.endswith(_CONTAINS):  # as the ORM's icontains: the same rows on both databases
            parts.append(f"UPPER(CAST({column} AS VARCHAR)) LIKE UPPER({placeholder}) ESCAPE '\\'")
        else:
            parts.append(f"{column} = {placeholder}")
    return " AND ".join(parts) or "1=1", start + len(filter_names) - 1


def _column(field: Field[Any]) -> str:
    return field.source_field or field.model_field_name


def _placeholder(dialect: str, position: int) -> str:
    return f"${position}" if dialect == "postgres" else "?"


# Fields whose values both drivers give as the ORM would (text as str): read as they come. Exact types: a
# subclass (an enum field) converts.
_READY = (CharField, TextField)


def _converter(field: Field[Any], dialect: str) -> Callable[[Any], Any] | None:
    """How a column's value becomes the page's, or None when it is read as it comes."""
    if isinstance(field, UUIDField):
        return None if dialect == "sqlite" else _uuid_text
    if isinstance(field, DatetimeField):
        return _to_datetime
    return field.to_python_value


def _uuid_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _to_datetime(value: Any) -> datetime | None:
    """The instant in UTC, as the ORM gives it (use_tz, timezone UTC): SQLite keeps ISO text, PostgreSQL gives an
    aware datetime."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is UTC:  # SQLite's text ends in +00:00; asyncpg gives UTC
        return moment
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
