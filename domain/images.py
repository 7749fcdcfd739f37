"""Image rules: normalise, merge size variants of one image, drop what is not a product photo, rank by relevance."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

STRUCTURED = ("json-ld", "microdata", "og", "twitter", "link")
SOURCE_WEIGHT = {
    "json-ld": 0.6,
    "microdata": 0.55,
    "og": 0.45,
    "twitter": 0.4,
    "link": 0.4,
    "gallery": 0.4,
    "page": 0.2,
}
# Query parameters that only choose a rendition of the same image (CDNs, Shopify, imgix, Cloudinary-style).
RESIZE_PARAMS = {
    "width", "height", "w", "h", "size", "resize", "fit", "crop", "quality", "q", "format", "fm", "auto", "dpr",
    "v", "version", "sw", "sh", "sm", "scale", "imwidth", "odnwidth", "odnheight", "wid", "hei", "qlt", "op_sharpen",
}  # fmt: skip
_SHOPIFY_SIZE = re.compile(
    r"_(?:(\d+)x(\d*)|x(\d+)|pico|icon|thumb|small|compact|medium|large|grande|original|master)"
    r"(?:_crop_[a-z]+)?(?:@(\d)x)?(?=\.[A-Za-z0-9]+$)"
)
_WORDPRESS_SIZE = re.compile(r"-(\d{2,4})x(\d{2,4})(?=\.[A-Za-z0-9]+$)")
_MAGENTO_CACHE = re.compile(r"/cache/(?:\d+/[a-z_]+/(?:\d+x\d*/)?)?[0-9a-f]{32}/")
_JUNK_NAME = re.compile(
    r"logo|icon|sprite|favicon|badge|payment|visa|mastercard|maestro|paypal|amex|american-express|klarna|"
    r"afterpay|apple-?pay|google-?pay|trust|secure|placeholder|no[-_]?image|spinner|loading|loader|blank|"
    r"spacer|pixel|1x1|tracking|avatar|flag|rating|stars?[-_.]|emoji|arrow|close|search|cart|social|facebook|"
    r"instagram|twitter|pinterest|youtube",
    re.IGNORECASE,
)
_TRACKERS = re.compile(r"facebook\.com/tr|google-analytics|doubleclick|/pixel|bat\.bing|analytics", re.I)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "and", "of", "for", "with", "in", "on", "by", "view", "image", "photo", "picture", "product"}


class Candidate(Protocol):
    url: str
    source: str
    position: int
    alt: str | None
    width: int | None
    height: int | None


@dataclass
class RankedImage:
    url: str
    score: float
    source: str
    reasons: list[str] = field(default_factory=list)
    alt: str | None = None
    width: int | None = None
    height: int | None = None


def normalise_image_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment; None for what cannot be an image address."""
    url = url.strip()
    if not url or url.startswith(("data:", "blob:", "javascript:")):
        return None
    if url.startswith("//"):
        url = "https:" + url
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def size_variant_key(url: str) -> tuple[str, int]:
    """(the image's identity across renditions, the rendition's size: 0 = unknown, large = original)."""
    parts = urlsplit(url)
    path, size = parts.path, 0
    if match := _SHOPIFY_SIZE.search(path):
        numbers = [int(n) for n in match.groups()[:3] if n]
        size = max(numbers, default=0) * int(match.group(4) or 1) or 1
        path = path[: match.start()] + path[match.end() :]
    elif match := _WORDPRESS_SIZE.search(path):
        size = max(int(match.group(1)), int(match.group(2)))
        path = path[: match.start()] + path[match.end() :]
    if _MAGENTO_CACHE.search(path):
        path, size = _MAGENTO_CACHE.sub("/", path), size or 1
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in RESIZE_PARAMS]
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("width", "w", "wid", "imwidth", "sw") and value.isdigit():
            size = max(size, int(value))
    identity = urlunsplit(("", parts.netloc.lower(), path, urlencode(sorted(query)), ""))
    # An address with no size marker is the original upload: the largest rendition there is.
    return identity, size if size else 10**6 if parts.query == urlencode(query) else 0


def is_junk(url: str, alt: str | None = None, width: int | None = None, height: int | None = None) -> str | None:
    """Why this is not a product photo (logo, icon, badge, pixel, vector…), or None."""
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    if path.endswith((".svg", ".svgz", ".ico")):
        return "vector or icon file"
    if _TRACKERS.search(url):
        return "tracking pixel"
    if _JUNK_NAME.search(name) or (_JUNK_NAME.search(alt or "") and not name):
        return "logo, icon or badge"
    if re.search(r"/(icons?|logos?|badges?|payments?|flags?|sprites?|ui|assets/img/site)/", path):
        return "site asset folder"
    if (width is not None and width <= 64) or (height is not None and height <= 64):
        return "too small to be a product photo"
    return None


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP and len(w) > 1}


def title_overlap(alt: str | None, title: str | None) -> float:
    title_words = _words(title)
    if not title_words:
        return 0.0
    return len(_words(alt) & title_words) / len(title_words)


@dataclass
class _Group:
    url: str
    size: int
    sources: dict[str, int]  # source -> earliest position
    first_seen: int
    alt: str | None = None
    width: int | None = None
    height: int | None = None


def merge_size_variants(candidates: Iterable[Candidate], base: str | None = None) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for order, candidate in enumerate(candidates):
        url = normalise_image_url(candidate.url, base)
        if url is None or is_junk(url, candidate.alt, candidate.width, candidate.height):
            continue
        key, size = size_variant_key(url)
        group = groups.get(key)
        if group is None:
            groups[key] = _Group(url, size, {candidate.source: candidate.position}, order, candidate.alt,
                                 candidate.width, candidate.height)  # fmt: skip
            continue
        if size > group.size:
            group.url, group.size = url, size
        group.sources[candidate.source] = min(
            group.sources.get(candidate.source, candidate.position), candidate.position
        )
        group.alt = group.alt or candidate.alt
        group.width = max(filter(None, (group.width, candidate.width)), default=None)
        group.height = max(filter(None, (group.height, candidate.height)), default=None)
    return list(groups.values())


def rank_images(candidates: Sequence[Candidate], title: str | None, base: str | None = None) -> list[RankedImage]:
    """Product photos, best first, each with a score in [0, 1] and the reasons for it."""
    groups = merge_size_variants(candidates, base)
    product_sourced = [g for g in groups if "json-ld" in g.sources or "microdata" in g.sources]
    gallery = [g for g in groups if "gallery" in g.sources]
    ranked = []
    for group in groups:
        keep, reasons = _include(group, title, has_product_data=bool(product_sourced), has_gallery=bool(gallery))
        if not keep:
            continue
        best = max(group.sources, key=lambda s: SOURCE_WEIGHT.get(s, 0))
        score = SOURCE_WEIGHT.get(best, 0.2)
        position = min(group.sources.values())
        score += 0.2 / (1 + position)
        reasons.append(f"{best} position {position + 1}")
        overlap = title_overlap(group.alt, title)
        if overlap:
            score += 0.15 * overlap
            reasons.append(f"alt text matches {overlap:.0%} of the title")
        agreeing = len(group.sources) - 1
        if agreeing:
            score += min(0.1, 0.05 * agreeing)
            reasons.append(f"found in {len(group.sources)} places")
        declared = max(group.width or 0, group.height or 0)
        if declared >= 600:
            score += 0.05
            reasons.append(f"large ({declared} px)")
        elif 0 < declared < 200:
            score -= 0.1
            reasons.append(f"small ({declared} px)")
        ranked.append((min(1.0, max(0.0, score)), -group.first_seen, group, best, reasons))
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [RankedImage(g.url, round(s, 4), src, reasons, g.alt, g.width, g.height) for s, _, g, src, reasons in ranked]


def _include(group: _Group, title: str | None, *, has_product_data: bool, has_gallery: bool) -> tuple[bool, list[str]]:
    sources = group.sources
    if "json-ld" in sources or "microdata" in sources:
        return True, ["declared in the product's structured data"]
    if "gallery" in sources:
        return True, ["in the product gallery"]
    if set(sources) & {"og", "twitter", "link"}:
        # A social card that is not among the product's own images is a banner, not a product photo.
        return not has_product_data, ["named by the page's share metadata"]
    # A plain page image counts only when the page offers nothing better and it looks like the product.
    looks_like_product = title_overlap(group.alt, title) >= 0.5 or max(group.width or 0, group.height or 0) >= 400
    return (not has_product_data and not has_gallery and looks_like_product), ["page image resembling the product"]
