"""Ranking a page's images by relevance to the product, with the reasons for each score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.images.filters import non_product_reason
from domain.images.merging import MergedImage, merge_size_variants
from domain.images.sizes import MIN_SIDE, ORIGINAL, PHOTO_SIDE, THUMBNAIL_SIDE, UNDECLARED
from domain.images.sources import SHARE_SOURCES, SOURCE_TRUST, STRUCTURED_SOURCES, ImageCandidateLike
from domain.images.words import title_match


@dataclass
class RankedImage:
    url: str
    score: float  # 0..1, higher is more likely the product photo to use
    source: str  # the most trusted source that named it
    reasons: list[str] = field(default_factory=list)
    alt: str | None = None
    width: int | None = None
    height: int | None = None


def rank_images(
    candidates: Sequence[ImageCandidateLike], title: str | None, base: str | None = None
) -> list[RankedImage]:
    """The product's photos, best first, each with a score in 0..1 and the reasons for it.

    Non-product images are dropped, renditions of one image merged. Structured data outranks the gallery,
    the gallery outranks share images, and within a source earlier comes first; alt text that matches the
    title, agreement between sources and a large declared size add to the score.
    """
    # Structured data names its image as the product's own: its caption's wording ("… logo") is not held
    # against it, though its address still is (a shop logo standing in for a missing photo).
    named = [
        c
        for c in candidates
        if non_product_reason(c.url, None if c.source in STRUCTURED_SOURCES else c.alt, title=title) is None
    ]
    images = [image for image in merge_size_variants(named, base) if not _tiny(image)]
    if any((image.long_side or ORIGINAL) >= PHOTO_SIDE for image in images):
        # Beside real photos, a picture known only at thumbnail size is a thumbnail whose big rendition the
        # page does not name in a way we can match; it would only repeat a photo at a worse size.
        images = [
            image for image in images if image.size == UNDECLARED or (image.long_side or ORIGINAL) >= THUMBNAIL_SIDE
        ]
    ranked = [_score(image, title) for image in _product_photos(images, title)]
    ranked.sort(key=lambda pair: (-pair[0].score, pair[1]))
    return [image for image, _ in ranked]


def _tiny(image: MergedImage) -> bool:
    # Judged on the merged image: a 50 px thumbnail of a photo also found at 1000 px is that photo.
    if 0 < image.size <= MIN_SIDE:
        return True
    if MIN_SIDE < image.size < ORIGINAL:
        return False  # the address asks for a size (Magento's /800x/): a tiny <img> showed a smaller rendition
    return any(side is not None and 0 < side <= MIN_SIDE for side in (image.width, image.height))


def _product_photos(images: list[MergedImage], title: str | None) -> list[MergedImage]:
    """Which merged images are photos of this product.

    Structured data and the product gallery name them outright. Share images (og:image, Twitter card,
    image_src) count when the page has no structured data: beside it, one that matches none of its images is
    more often a banner than a product photo. A plain page image must look like the product (its alt text
    names it), and counts only when nothing better names the photos or when it names the product outright.
    """
    structured = any(image.sources.keys() & STRUCTURED_SOURCES for image in images)
    trusted = STRUCTURED_SOURCES | {"gallery"} | (set() if structured else SHARE_SOURCES)
    named = [image for image in images if image.sources.keys() & trusted]
    strict = 0.8 if named else 0.5
    lookalikes = [
        image
        for image in images
        if image not in named and title_match(image.alt, title) >= strict and _big_enough(image)
    ]
    if named or lookalikes:
        return [image for image in images if image in named or image in lookalikes]
    # Nothing names or describes the product: the page's first substantial image is the best guess.
    return [image for image in images if _big_enough(image)][:1]


def _big_enough(image: MergedImage) -> bool:
    return image.long_side is None or image.long_side >= 200


def _score(image: MergedImage, title: str | None) -> tuple[RankedImage, int]:
    source = image.best_source
    position = image.sources[source]
    reasons = [_source_reason(source, position)]
    score = 0.45 * SOURCE_TRUST.get(source, 0.3) + 0.25 / (1 + position)
    others = sorted(set(image.sources) - {source}, key=lambda s: -SOURCE_TRUST.get(s, 0.0))
    if others:
        score += min(0.1, 0.05 * len(others))
        reasons.append("also named by " + ", ".join(others))
    match = title_match(image.alt, title)
    if match:
        score += 0.15 * match
        reasons.append(f"alt text matches {match:.0%} of the title")
    side = image.long_side
    if side is not None and side >= 800:
        score += 0.05
        reasons.append(f"large ({side} px)")
    elif side is not None and side < 300:
        score -= 0.05
        reasons.append(f"small ({side} px)")
    ranked = RankedImage(
        url=image.url,
        score=round(min(1.0, max(0.0, score)), 4),
        source=source,
        reasons=reasons,
        alt=image.alt,
        width=image.width,
        height=image.height,
    )
    return ranked, image.first_seen


def _source_reason(source: str, position: int) -> str:
    place = f"position {position + 1}"
    if source in ("json-ld", "microdata"):
        return f"product structured data ({source}), {place}"
    if source == "gallery":
        return f"product gallery, {place}"
    if source in SHARE_SOURCES:
        return f"page's share image ({source}), {place}"
    return f"page image, {place}"
