"""Queries on generated images that need care: the latest few of each of many variants."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from db.latest import latest_per
from db.models import GeneratedImage


async def latest_per_variant(variant_ids: Sequence[uuid.UUID], limit: int) -> list[GeneratedImage]:
    """The `limit` newest images of each variant, newest first (db.latest)."""
    return await latest_per(GeneratedImage, "variant", variant_ids, limit)
