"""Words of alt texts and titles, and how far an alt text names the product."""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    {"the", "a", "an", "and", "or", "of", "for", "with", "in", "on", "by", "to", "view", "image", "photo",
     "picture", "product", "front", "back", "side", "detail", "alt", "img", "jpg", "png"}
)  # fmt: skip


def _words(text: str | None) -> set[str]:
    return {w for w in WORD.findall((text or "").lower()) if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())}


def title_match(alt: str | None, title: str | None) -> float:
    """Share of the title's words the alt text contains (0..1)."""
    title_words = _words(title)
    if not title_words:
        return 0.0
    return len(_words(alt) & title_words) / len(title_words)
