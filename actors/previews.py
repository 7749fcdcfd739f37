"""Preview tasks' background work: render one preview; the purge of expired cached previews; renders under the
previews media folder."""

from __future__ import annotations

from actors.feature import Feature
from domain import previews
from domain.previews import cache, rendering

FEATURE = Feature(
    "previews",
    (previews.PREVIEW_TASK,),
    periodic=(cache.PURGE_JOB,),
    media=((rendering.MEDIA_FOLDER, rendering.MEDIA_KEYS),),
)
