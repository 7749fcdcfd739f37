"""Listing copy (title, description, bullet points) from local templates; the OpenAI writer is in
openai_listing.py, so a process on the local provider never imports the OpenAI SDK."""

from __future__ import annotations

import html
import re

from integrations.ai.base import ProductBrief
from integrations.ai.capabilities import ListingCopy
from integrations.ai.local import format_price

TITLE_MAX = 120
BULLETS_MAX = 5
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SHOP_SUFFIX = re.compile(r"\s+[|–—]\s+.*$")  # noqa: RUF001 — en and em dashes are meant


class LocalListingWriter:
    """Deterministic, offline: the product's own facts arranged as a listing."""

    async def write_listing(self, brief: ProductBrief) -> ListingCopy:
        return write_listing(brief)


def write_listing(brief: ProductBrief) -> ListingCopy:
    name = _clean(_SHOP_SUFFIX.sub("", _clean(brief.title))) or "Product"
    brand = _clean(brief.brand) or None
    title = f"{brand} {name}" if brand and brand.lower() not in name.lower() else name
    price = format_price(brief.price, brief.currency)
    sentences = [s for s in _SENTENCE_END.split(_clean(brief.description)) if s]
    description = " ".join(sentences[:2]) or f"The {name}: chosen with care and made to be used every day."
    bullets = [f"By {brand}"] if brand else []
    bullets += [f"Yours for {price}"] if price else []
    bullets += [s.rstrip(".!") for s in sentences[2:] if len(s) <= 160]
    fallbacks = iter(("Carefully checked before it ships", "Made to be used every day", "A thoughtful gift"))
    while len(bullets) < 3:
        bullets.append(next(fallbacks))
    return ListingCopy(
        title=shorten(title, TITLE_MAX), description=description, bullet_points=tuple(bullets[:BULLETS_MAX])
    )


def _clean(text: str | None) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text or "")).split())


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"
