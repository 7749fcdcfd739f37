"""The listing plan's background work: list one slot's product; the belt's periodic turn; listing images under
the listing media folder."""

from __future__ import annotations

from actors.feature import Feature
from domain.listing import processing, tick

FEATURE = Feature(
    "listing",
    (processing.LIST_SLOT_TASK,),
    periodic=(tick.BELT_JOB,),
    media=((processing.MEDIA_FOLDER, processing.MEDIA_KEYS),),
)
