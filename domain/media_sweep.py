"""The media sweep: files no row points to are removed (an attempt that never committed, a deleted job).

Each feature registers the media folder it writes to and where its rows keep media keys; files outside every
registered folder are never touched. A file younger than the grace period is never touched either: a step may
have written it a moment ago and not yet committed the row that will point to it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from domain.ports import ports

log = logging.getLogger(__name__)
GRACE = timedelta(hours=1)

KeySource = Callable[[], Awaitable[set[str]]]
_sources: dict[str, KeySource] = {}


def register(folder: str, keys_in_use: KeySource) -> None:
    """Files under `folder/` belong to one feature; `keys_in_use()` returns every key its rows point to."""
    _sources[folder.strip("/") + "/"] = keys_in_use


async def sweep(now: datetime, grace: timedelta = GRACE) -> int:
    """Remove unreferenced files older than `grace`; returns how many were removed."""
    media = ports().media
    removed = 0
    old = await media.keys_older_than(now - grace)
    for folder, keys_in_use in _sources.items():
        candidates = [key for key in old if key.startswith(folder)]
        if not candidates:
            continue
        in_use = await keys_in_use()
        for key in candidates:
            if key not in in_use:
                await media.delete(key)
                removed += 1
    if removed:
        log.info("removed unreferenced media files", extra={"count": removed})
    return removed
