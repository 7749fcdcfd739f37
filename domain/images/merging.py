"""Merging the renditions of one image found on a page into one entry with its largest address."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from domain.images.sizes import ORIGINAL, UNDECLARED
from domain.images.sources import SOURCE_TRUST, ImageCandidateLike
from domain.images.urls import normalize_image_url
from domain.images.variants import ImageVariant, image_variant


@dataclass
class MergedImage:
    """All renditions of one image found on the page: the largest address, and where each source put it."""

    url: str  # the largest rendition's address
    identity: str
    size: int  # that rendition's long side: asked for in the address, else declared; ORIGINAL, or 0 if unknown
    sources: dict[str, int]  # source -> its earliest position there
    first_seen: int
    alt: str | None = None
    width: int | None = None  # as declared for that rendition (the page says nothing about the others' use)
    height: int | None = None

    @property
    def best_source(self) -> str:
        return max(self.sources, key=lambda s: (SOURCE_TRUST.get(s, 0.0), -self.sources[s]))

    @property
    def long_side(self) -> int | None:
        declared = max(self.width or 0, self.height or 0)
        hinted = self.size if self.size < ORIGINAL else 0
        return max(declared, hinted) or None


def _rendition_size(variant: ImageVariant, candidate: ImageCandidateLike) -> int:
    if variant.size is not None:
        return variant.size
    # A size declared on an <img> is the size it is shown at. A rendition named without one (structured data, a
    # zoom link, a gallery's "full" entry) is the file the shop stores: larger than any display size.
    return max(candidate.width or 0, candidate.height or 0) or UNDECLARED


_WIDTH_SUFFIX = re.compile(r"^(?P<stem>.+)[-_](?P<width>\d{3,4})(?:w|px)?(?P<ext>\.[A-Za-z0-9]{3,4})(?P<rest>\?.*)?$")


# Size words shops append to a file name, with the long side each stands for: "856802lg.jpg" beside "856802.jpg",
# "pic_thm.jpeg" beside "pic_enl.jpeg", "12_S.jpg" beside "12_L.jpg", "photo-z.jpg" (zoom) beside "photo.jpg".
_SIZE_WORDS = {
    **dict.fromkeys(("xs", "tn", "th", "thm", "thumb", "mini", "s", "sm", "small"), 150),
    **dict.fromkeys(("m", "md", "med", "medium"), 600),
    **dict.fromkeys(("l", "lg", "large", "big"), 1200),
    **dict.fromkeys(("xl", "xxl", "enl", "zoom", "z", "full", "orig", "hires"), 2000),
}
_PLAIN = 400  # the name without a size word, beside named sizes: the page's usual display size
_SIZE_WORD = re.compile(
    r"^(?P<stem>.+?)(?:[-_](?P<word>"
    + "|".join(sorted(_SIZE_WORDS, key=len, reverse=True))
    + r")|(?<=\d)(?P<glued>lg|sm|md|th|tn))?"
    r"(?P<ext>\.[A-Za-z0-9]{3,4})(?P<rest>\?.*)?$",
    re.IGNORECASE,
)


def _size_word_family(identity: str) -> tuple[str, int] | None:
    match = _SIZE_WORD.match(identity)
    if match is None:
        return None
    word = (match["word"] or match["glued"] or "").lower()
    return f"{match['stem']}{match['ext'].lower()}{match['rest'] or ''}", _SIZE_WORDS.get(word, _PLAIN)


def _merge_size_words(merged: list[MergedImage]) -> list[MergedImage]:
    """Renditions named by a size word, merged when two or more of one name are on the page (alone, "shirt-l.jpg"
    may be a name like any other): the largest word wins, the plain name counting as a display size."""
    families: dict[str, list[tuple[int, MergedImage]]] = {}
    for image in merged:
        if (family := _size_word_family(image.identity)) is not None:
            families.setdefault(family[0], []).append((family[1], image))
    for members in families.values():
        if len(members) < 2 or len({rank for rank, _ in members}) < 2:
            continue
        rank, keep = max(members, key=lambda member: member[0])
        keep.size = max(keep.size, rank) if keep.size >= UNDECLARED else keep.size
        for _, other in members:
            if other is not keep:
                other.size = min(other.size, rank - 1)
                _absorb(keep, other)
                merged.remove(other)
    return merged


def merge_size_variants(candidates: Iterable[ImageCandidateLike], base: str | None = None) -> list[MergedImage]:
    """One entry per image, in order of first appearance, keeping its largest rendition's address.

    Besides the platforms' own patterns, `photo-800.jpg` is taken as a rendition of `photo.jpg` when both are on
    the page: alone, a number at the end of a name may just as well count photos (`photo-1001.jpg`). Likewise
    for size words (`photo_L.jpg` beside `photo_S.jpg`).
    """
    merged = _merge_size_words(_merge_known_variants(candidates, base))
    by_identity = {image.identity: image for image in merged}
    for image in list(merged):
        match = _WIDTH_SUFFIX.match(image.identity)
        original = by_identity.get(f"{match['stem']}{match['ext']}{match['rest'] or ''}") if match else None
        if match is None or original is None or original is image:
            continue
        image.size = int(match["width"])
        _absorb(original, image)
        merged.remove(image)
    return merged


def _absorb(into: MergedImage, other: MergedImage) -> None:
    """Fold another rendition of the same image in: the larger address wins (with the size declared for it),
    each source keeps its first place."""
    if other.size > into.size:
        into.url, into.size, into.width, into.height = other.url, other.size, other.width, other.height
    elif other.url == into.url:
        into.width = max(into.width or 0, other.width or 0) or None
        into.height = max(into.height or 0, other.height or 0) or None
    for source, position in other.sources.items():
        into.sources[source] = min(position, into.sources.get(source, position))
    into.first_seen = min(into.first_seen, other.first_seen)
    into.alt = into.alt or other.alt


def _merge_known_variants(candidates: Iterable[ImageCandidateLike], base: str | None) -> list[MergedImage]:
    merged: dict[str, MergedImage] = {}
    for order, candidate in enumerate(candidates):
        url = normalize_image_url(candidate.url, base)
        if url is None:
            continue
        variant = image_variant(url)
        seen = MergedImage(
            url,
            variant.identity,
            _rendition_size(variant, candidate),
            {candidate.source: candidate.position},
            order,
            candidate.alt,
            candidate.width,
            candidate.height,
        )
        if variant.identity in merged:
            _absorb(merged[variant.identity], seen)
        else:
            merged[variant.identity] = seen
    return list(merged.values())
