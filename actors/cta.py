"""CTA batch generation's background work: scrape a job's URL once (its success sends the variants' messages),
generate one variant; generated backgrounds under the CTA media folder."""

from __future__ import annotations

from actors.feature import Feature
from domain.cta import pipeline

FEATURE = Feature(
    "cta", (pipeline.SCRAPE_TASK, pipeline.GENERATE_TASK), media=((pipeline.MEDIA_FOLDER, pipeline.MEDIA_KEYS),)
)
