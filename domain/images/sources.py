"""Where a page names an image, and how far each of those places can be trusted to name a product photo."""

from __future__ import annotations

from typing import Protocol

# How far each source (`ImageCandidate.source` in integrations.extractor) can be trusted to name a product photo.
SOURCE_TRUST = {
    "json-ld": 1.0,
    "microdata": 0.95,
    "og": 0.8,  # the image the shop chose to represent the page, though not always a product photo
    "gallery": 0.75,
    "twitter": 0.55,
    "link": 0.55,
    "page": 0.3,
}
STRUCTURED_SOURCES = frozenset({"json-ld", "microdata"})
SHARE_SOURCES = frozenset({"og", "twitter", "link"})


class ImageCandidateLike(Protocol):
    """What the ranking needs from an extracted image (integrations.extractor.ImageCandidate has it)."""

    @property
    def url(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def position(self) -> int: ...
    @property
    def alt(self) -> str | None: ...
    @property
    def width(self) -> int | None: ...
    @property
    def height(self) -> int | None: ...
