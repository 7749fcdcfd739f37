"""The newest few rows of each of many parents, in two statements however many parents: a window function ranks
each parent's rows (newest first, by (created_at, id)), then the kept rows are read through the ORM."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from tortoise.models import Model

M = TypeVar("M", bound=Model)


async def latest_per(model: type[M], key: str, parents: Sequence[Any], limit: int) -> list[M]:
    """Up to `limit` rows of `model` per value of its foreign key `key` among `parents`, newest first."""
    if key not in model._meta.fk_fields:
        raise TypeError(f"{model.__name__}.{key} is not a foreign key")
    if not parents:
        return []
    client = model._meta.db
    postgres = client.capabilities.dialect == "postgres"
    table = model._meta.db_table
    column = model._meta.fields_map[f"{key}_id"].source_field or f"{key}_id"
    marks = [f"${n}" if postgres else "?" for n in range(1, len(parents) + 2)]
    # Parameters, not literals: SQLite stores UUIDs as text, PostgreSQL as uuid.
    values: list[object] = [parent if postgres else str(parent) for parent in parents]
    sql = (
        f'SELECT "id" FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "{column}" '
        f'ORDER BY "created_at" DESC, "id" DESC) AS "rank" FROM "{table}" '
        f'WHERE "{column}" IN ({", ".join(marks[:-1])})) AS "ranked" WHERE "rank" <= {marks[-1]}'
    )
    rows = await client.execute_query_dict(sql, [*values, limit])
    ids = [row["id"] for row in rows]
    return list(await model.filter(id__in=ids).order_by("-created_at", "-id")) if ids else []
