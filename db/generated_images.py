"""Queries on generated images that need care: the latest few of each of many variants in one statement."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from db.models import GeneratedImage


async def latest_per_variant(variant_ids: Sequence[uuid.UUID], limit: int) -> list[GeneratedImage]:
    """The `limit` newest images of each variant, newest first, in one statement however many variants: a window
    function ranks each variant's images and the outer query keeps the first `limit` of each."""
    if not variant_ids:
        return []
    client = GeneratedImage._meta.db
    postgres = client.capabilities.dialect == "postgres"
    table = GeneratedImage._meta.db_table
    marks = [f"${n}" if postgres else "?" for n in range(1, len(variant_ids) + 2)]
    # Parameters, not literals: SQLite stores UUIDs as text, PostgreSQL as uuid.
    values: list[object] = [variant_id if postgres else str(variant_id) for variant_id in variant_ids]
    sql = (
        f'SELECT "id" FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "variant_id" '
        f'ORDER BY "created_at" DESC, "id" DESC) AS "rank" FROM "{table}" '
        f'WHERE "variant_id" IN ({", ".join(marks[:-1])})) AS "ranked" WHERE "rank" <= {marks[-1]}'
    )
    rows = await client.execute_query_dict(sql, [*values, limit])
    ids = [row["id"] for row in rows]
    return await GeneratedImage.filter(id__in=ids).order_by("-created_at", "-id") if ids else []
