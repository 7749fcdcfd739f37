"""Provenance: how a generated image was made (input images, prompt, provider and model, settings, time taken),
recorded with the image so a merchant can see how any asset came about. Batch outputs, CTA backgrounds and
preview renders all record the same shape, built here.

Stored input images name their media key; the API shows a signed URL in its place (`for_api`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from integrations.ai.capabilities import Recipe

# The parts of one input image a record keeps: its role (product, moodboard, ...), where it came from
# (variant, generation, upload, url) and either a stored key or an outside URL.
INPUT_FIELDS = ("role", "source", "id", "key", "url")


@dataclass(frozen=True)
class InputImage:
    role: str  # product, moodboard, model_image, background_image, artwork, ...
    source: str  # variant, generation, upload, work, url
    id: str | None = None
    key: str | None = None  # a stored media key (shown as a signed URL)
    url: str | None = None  # an outside address (a product page's image)

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in INPUT_FIELDS if getattr(self, name) is not None}


@dataclass
class Stopwatch:
    """Time taken by the generation itself (not the queueing or the storing around it)."""

    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Stopwatch]:
    watch = Stopwatch()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - watch.started


def record(
    recipe: Recipe,
    inputs: Sequence[InputImage],
    settings: Mapping[str, Any],
    seconds: float,
    *,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The JSON stored with an image."""
    return {
        "inputImages": [image.to_json() for image in inputs],
        "prompt": recipe.prompt,
        "provider": recipe.provider,
        "model": recipe.model,
        "settings": dict(settings),
        "durationMs": round(seconds * 1000),
        "createdAt": (at or datetime.now(UTC)).isoformat(),
    }


def for_api(stored: Mapping[str, Any] | None, signed_url: Callable[[str], str]) -> dict[str, Any] | None:
    """The record as the API shows it: each stored input key replaced by a signed URL (`signed_url(key)`)."""
    if not stored:
        return None
    shown = dict(stored)
    images = []
    for image in stored.get("inputImages") or []:
        entry = {k: v for k, v in dict(image).items() if k != "key"}
        if image.get("key"):
            entry["url"] = signed_url(image["key"])
        images.append(entry)
    shown["inputImages"] = images
    return shown
