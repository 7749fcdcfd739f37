"""Batch generation's background work: one generation job per variant; its outputs under the batch media folder."""

from __future__ import annotations

from actors.feature import Feature
from domain import batches
from domain.batches import generation

FEATURE = Feature("batches", (batches.GENERATE_TASK,), media=((generation.MEDIA_FOLDER, generation.MEDIA_KEYS),))
