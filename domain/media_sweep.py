"""The media sweep: files no row points to are removed (an attempt that never committed, a deleted job).

Each feature names the media folder it writes to and how to ask its rows which keys they point to; files
outside every registered folder are never touched. A file younger than the grace period is never touched either: a
step may have written it a moment ago and not yet committed the row that will point to it.

The sweep asks about its candidates only (the folder's files older than the grace period), in batches, and a
feature answers with an indexed lookup of those keys (`keys_in`): no feature reads every row it has.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from tortoise.models import Model

from domain.ports import ports

log = logging.getLogger(__name__)
GRACE = timedelta(hours=1)
BATCH = 500  # candidate keys per question: a bounded IN list

KeySource = Callable[[Sequence[str]], Awaitable[set[str]]]  # of these keys, the ones a row points to
_sources: dict[str, KeySource] = {}


def register(folder: str, referenced: KeySource) -> None:
    """Files under `folder/` belong to one feature; `referenced(keys)` returns those of `keys` its rows point to.
    Registered by `actors.setup.wire`, never at import: until then the sweep touches no folder."""
    _sources[folder.strip("/") + "/"] = referenced


def folders() -> list[str]:
    return list(_sources)


def clear() -> None:
    _sources.clear()


def keys_in(model: type[Model], column: str) -> KeySource:
    """A key source for a feature whose rows keep a media key in `column` (which must be indexed)."""

    async def referenced(keys: Sequence[str]) -> set[str]:
        found = await model.filter(**{f"{column}__in": list(keys)}).values_list(column, flat=True)
        return {str(key) for key in found}

    return referenced


async def sweep(now: datetime, grace: timedelta = GRACE) -> int:
    """Remove unreferenced files older than `grace`; returns how many were removed."""
    media = ports().media
    removed = 0
    old = await media.keys_older_than(now - grace)
    for folder, referenced in _sources.items():
        candidates = [key for key in old if key.startswith(folder)]
        for start in range(0, len(candidates), BATCH):
            batch = candidates[start : start + BATCH]
            in_use = await referenced(batch)
            for key in batch:
                if key not in in_use:
                    await media.delete(key)
                    removed += 1
    if removed:
        log.info("removed unreferenced media files", extra={"count": removed})
    return removed
