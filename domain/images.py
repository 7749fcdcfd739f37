"""Image rules: normalise, merge size variants of one image, drop what is not a product photo, rank by relevance."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

# How far each source can be trusted to name a photo of this product (see integrations.extractor.SOURCES).
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
ORIGINAL = 1_000_000  # the size we give an address with no size marker: the upload itself, the largest there is
UNDECLARED = ORIGINAL - 1  # the size we give a rendition whose address and markup say nothing of it
MIN_SIDE = 64  # at most this many pixels on a side is an icon, a badge or a pixel, not a product photo
MIN_RENDITION = 100  # the smallest long side platforms put in a "-WxH" rendition name (WordPress: 100x100)
THUMBNAIL_SIDE = 150  # below this a picture is a thumbnail
PHOTO_SIDE = 300


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


@dataclass
class RankedImage:
    url: str
    score: float  # 0..1, higher is more likely the product photo to use
    source: str  # the most trusted source that named it
    reasons: list[str] = field(default_factory=list)
    alt: str | None = None
    width: int | None = None
    height: int | None = None


# --- normalisation ----------------------------------------------------------------------------------------------


def normalize_image_url(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) address without fragment, scheme and host in lower case, default port dropped;
    None for what cannot be fetched as an image (`data:`, `blob:`, `javascript:`, no host)."""
    # As browsers read an address: tabs and newlines dropped, other spaces and control characters escaped (so no
    # character left at the end, once a fragment is cut, can be stripped by the next pass).
    text = re.sub(r"[\t\n\r]", "", url.strip().replace("\\/", "/"))
    text = re.sub(r"[\x00-\x20\x7f]", lambda m: f"%{ord(m.group()):02X}", text)
    if not text or re.match(r"(?i)(data|blob|javascript|about|mailto):", text):
        return None
    try:
        if base:
            text = urljoin(base, text)
        elif text.startswith("//"):
            text = "https:" + text
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


# --- size variants ----------------------------------------------------------------------------------------------

_EXTENSION = r"(?=\.(?:jpe?g|png|gif|webp|avif|jfif|heic|bmp|tiff?)(?:\.webp|\.avif)?$)"
_SHOPIFY_PATH = re.compile(r"/cdn/shop/|/s/files/|cdn\.shopify\.com", re.IGNORECASE)
_SHOPIFY_NAMED = {
    "pico": 16,
    "icon": 32,
    "thumb": 50,
    "small": 100,
    "compact": 160,
    "medium": 240,
    "large": 480,
    "grande": 600,
    "original": ORIGINAL,
    "master": ORIGINAL,
}
_SHOPIFY_SIZE = re.compile(
    r"_(?:(?P<w>\d{1,4})x(?P<h>\d{0,4})|x(?P<h2>\d{1,4})|(?P<named>pico|icon|thumb|small|compact|medium|large|grande|"
    r"original|master))(?:_crop_[a-z]+)?(?:@(?P<density>[1-4])x)?(?:\.progressive)?" + _EXTENSION,
    re.IGNORECASE,
)
_NUMERIC_SUFFIX = re.compile(r"[-_](?P<w>\d{2,4})x(?P<h>\d{2,4})(?:@[1-4]x)?" + _EXTENSION, re.IGNORECASE)
_SHOPWARE_THUMBNAIL = re.compile(r"/thumbnail/(?=[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{2}/)")
_WORDPRESS_EXTRA = re.compile(r"-(?P<edit>scaled|rotated|e\d{10,13})" + _EXTENSION, re.IGNORECASE)
WORDPRESS_SCALED = 2560  # WordPress's big_image_size_threshold: "-scaled" is the full-size rendition it serves
_MAGENTO_CACHE = re.compile(r"(/catalog/product)/cache/(?:[^/]+/)*?(?=[^/]/[^/]/[^/]+$)", re.IGNORECASE)
_MAGENTO_SIZE = re.compile(r"/catalog/product/cache/(?:\d+/[a-z_]+/)?(\d{2,4})x(\d{0,4})/", re.IGNORECASE)
_BIGCOMMERCE = re.compile(r"/images/stencil/(?P<size>original|(?P<w>\d{2,4})x(?P<h>\d{2,4})|(?P<w2>\d{2,4})w)/")
_WIX = re.compile(r"(/media/[^/]+)/v1/(?:fill|fit|crop)/(?P<ops>[^/]+)/[^/]+$")
_CLOUDINARY = re.compile(r"(/(?:image|video)/(?:upload|fetch|private|authenticated))/((?:[a-z]{1,3}_[^/]+/)+)")
# PrestaShop serves /<image id>-<type>_default/<name>.jpg, one folder per image type.
_PRESTASHOP = re.compile(r"/(?P<id>\d+)-(?P<type>[a-z_]+)_default/")
_PRESTASHOP_SIZES = {"small": 98, "cart": 125, "home": 250, "medium": 452, "large": 800, "thickbox": 1100}
_PATH_SIZE = re.compile(r"/(?:fit-in/)?(?P<w>\d{2,4})x(?P<h>\d{2,4})/")
# Folders named for a size, directly above the file: the same file name in each is one picture at that size.
# (No single letters: Magento files its uploads under their first two letters, /catalog/product/s/m/small.jpg.)
_SIZE_FOLDERS = {
    **dict.fromkeys(("thumb", "thumbs", "thumbnail", "thumbnails", "mini", "tiny", "klein", "xs"), 150),
    **dict.fromkeys(("small", "sm"), 300),
    **dict.fromkeys(("medium", "mittel", "md", "normal", "regular"), 600),
    **dict.fromkeys(("large", "lg", "big", "gross", "xl"), 1200),
    **dict.fromkeys(("full", "fullsize", "zoom", "original", "originals", "orig", "hires", "xxl", "master"), ORIGINAL),
}
_SIZE_FOLDER = re.compile(
    r"/(?P<folder>" + "|".join(sorted(_SIZE_FOLDERS, key=len, reverse=True)) + r")/(?=[^/]+$)", re.IGNORECASE
)
_OPS_WIDTH = re.compile(r"(?:^|,)w_(\d{2,5})")
# Query parameters that only choose a rendition of the same image (Shopify, imgix, Cloudinary fetch, SFCC, Akamai).
RESIZE_PARAMS = frozenset(
    {"width", "height", "w", "h", "wid", "hei", "size", "sz", "resize", "fit", "crop", "quality", "q", "qlt",
     "format", "fm", "auto", "dpr", "sw", "sh", "sm", "sfrm", "scale", "imwidth", "imheight", "odnwidth",
     "odnheight", "odnbg", "rect", "bg", "trim", "pad", "op_sharpen", "resmode", "fmt", "strip", "compress",
     "cs", "fp-x", "fp-y", "fp-z", "ixlib", "tr", "im"}
)  # fmt: skip
# Cache busters: the same rendition, re-uploaded or re-deployed.
VERSION_PARAMS = frozenset({"v", "ver", "version", "_", "t", "ts", "timestamp", "cb", "itok"})
_WIDTH_PARAMS = ("width", "w", "wid", "imwidth", "odnwidth", "sw", "size", "sz", "format")


@dataclass(frozen=True, slots=True)
class ImageVariant:
    """An address seen as one rendition of an image: `identity` is shared by every rendition, `size` is the
    long side the address asks for (ORIGINAL when it asks for none, None when it cannot be told)."""

    identity: str
    size: int | None


def image_variant(url: str) -> ImageVariant:
    """Strip the size markers platforms put in image addresses, remembering the size they asked for.

    Shopify `_600x600`, `_grande`, `@2x`, `?width=`; WordPress `-300x300`, `-scaled`; Magento `/cache/<hash>/`;
    BigCommerce `/stencil/500x659/`; PrestaShop `/41-home_default/`; Wix `/v1/fill/w_500…`; Cloudinary
    `w_500,c_fill/`; Next.js `/_next/image?url=`; CDN resize parameters.
    """
    parts = urlsplit(url)
    path = unquote(parts.path)
    sizes: list[int] = []
    marked = False

    if next_image := _next_image_target(parts.path, parts.query):
        inner = normalize_image_url(next_image, url)
        if inner is not None and inner != url:
            asked = dict(parse_qsl(parts.query)).get("w", "")
            variant = image_variant(inner)
            return ImageVariant(variant.identity, int(asked) if asked.isdigit() else variant.size)

    if _SHOPIFY_PATH.search(url) and (match := _SHOPIFY_SIZE.search(path)):
        marked = True
        if match.group("named"):
            sizes.append(_SHOPIFY_NAMED[match.group("named").lower()])
        else:
            numbers = [int(n) for n in (match.group("w"), match.group("h"), match.group("h2")) if n]
            sizes.append(max(numbers, default=0) * int(match.group("density") or 1))
        path = path[: match.start()] + path[match.end() :]
    elif (
        not _SHOPIFY_PATH.search(url)
        and (match := _NUMERIC_SUFFIX.search(path))
        and max(int(match.group("w")), int(match.group("h"))) >= MIN_RENDITION
    ):
        # Shopify marks sizes with "_600x" only: there "-50x70" is part of the name (a 50 x 70 cm poster). Elsewhere
        # small numbers are likewise the product's own (poster-18x24.jpg); renditions start at 100 px.
        marked = True
        sizes.append(max(int(match.group("w")), int(match.group("h"))))
        path = path[: match.start()] + path[match.end() :]
        # Shopware 6 keeps renditions under /thumbnail/ beside the upload under /media/, same folders below.
        path = _SHOPWARE_THUMBNAIL.sub("/media/", path, count=1)
    if match := _WORDPRESS_EXTRA.search(path):
        # "-rotated" and "-e<timestamp>" are edits of the full image, so they stay unmarked (full size).
        if match.group("edit").lower() == "scaled":
            sizes.append(WORDPRESS_SCALED)
        path = path[: match.start()] + path[match.end() :]
    if match := _MAGENTO_SIZE.search(path):
        sizes.append(max(int(match.group(1)), int(match.group(2) or 0)))
    if _MAGENTO_CACHE.search(path):
        marked = True
        path = _MAGENTO_CACHE.sub(r"\1/", path)
    if match := _BIGCOMMERCE.search(path):
        marked = True
        if match.group("size") == "original":
            sizes.append(ORIGINAL)
        else:
            sizes.append(max(int(n) for n in (match.group("w"), match.group("h"), match.group("w2")) if n))
        path = path[: match.start()] + "/images/stencil/*/" + path[match.end() :]
    if match := _WIX.search(path):
        marked = True
        if ops_width := _OPS_WIDTH.search(match.group("ops")):
            sizes.append(int(ops_width.group(1)))
        path = path[: match.start()] + match.group(1)
    if match := _CLOUDINARY.search(path):
        marked = True
        if ops_width := _OPS_WIDTH.search(match.group(2).replace("/", ",")):
            sizes.append(int(ops_width.group(1)))
        path = path[: match.start()] + match.group(1) + "/" + path[match.end() :]
    if match := _PRESTASHOP.search(path):
        marked = True
        if size := _PRESTASHOP_SIZES.get(match.group("type")):
            sizes.append(size)
        path = path[: match.start()] + f"/{match.group('id')}/" + path[match.end() :]
    if match := _SIZE_FOLDER.search(path):
        # /thumbs/x.jpg beside /large/x.jpg (or klein/gross, small/zoom): one picture stored once per size.
        marked = True
        sizes.append(_SIZE_FOLDERS[match.group("folder").lower()])
        path = path[: match.start()] + "/" + path[match.end() :]
    if match := _PATH_SIZE.search(path):
        marked = True
        sizes.append(max(int(match.group("w")), int(match.group("h"))))
        path = path[: match.start()] + "/" + path[match.end() :]
    path = re.sub(r"(\.(?:jpe?g|png|gif))\.(?:webp|avif)$", r"\1", path, flags=re.IGNORECASE)

    kept: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        name = key.lower()
        if name in VERSION_PARAMS or (name == "c" and "/images/stencil/" in parts.path):
            continue
        if name in RESIZE_PARAMS:
            marked = True
            if name in _WIDTH_PARAMS and (number := re.match(r"(\d{2,5})w?$", value)):
                sizes.append(int(number.group(1)))
            continue
        kept.append((key, value))
    query = "&".join(f"{k}={v}" for k, v in sorted(kept))
    identity = f"{(parts.hostname or '').lower()}{path}" + (f"?{query}" if query else "")
    if sizes:
        return ImageVariant(identity, max(sizes))
    return ImageVariant(identity, None if marked else ORIGINAL)


def image_identity(url: str, base: str | None = None) -> str | None:
    """What every rendition of the image at `url` has in common (None if `url` is no image address): two
    addresses with one identity are the same photo at different sizes."""
    normal = normalize_image_url(url, base)
    return image_variant(normal).identity if normal else None


def _next_image_target(path: str, query: str) -> str | None:
    if not path.endswith("/_next/image") and not path.endswith("/_vercel/image"):
        return None
    target = dict(parse_qsl(query)).get("url")
    return target or None


# --- what is not a product photo --------------------------------------------------------------------------------

_JUNK_WORDS = (
    "logo", "logos", "icon", "icons", "sprite", "sprites", "favicon", "badge", "badges", "payment", "payments",
    "visa", "mastercard", "maestro", "amex", "paypal", "klarna", "afterpay", "clearpay", "affirm", "sezzle",
    "applepay", "apple-pay", "googlepay", "google-pay", "gpay", "shoppay", "discover", "jcb", "unionpay",
    "diners", "trustpilot", "trustbadge", "norton", "mcafee", "placeholder", "noimage", "no-image",
    "no_image", "image-not-found", "default-image", "spinner", "loader", "loading", "ajax-loader", "blank",
    "spacer", "transparent", "pixel", "1x1", "avatar", "flag", "flags", "stars", "rating", "arrow", "chevron",
    "hamburger", "close", "search", "cart", "social", "facebook", "instagram", "twitter", "pinterest", "youtube",
    "tiktok", "whatsapp", "secure-checkout", "guarantee", "free-shipping", "ssl",
)  # fmt: skip
_JUNK_NAME = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(w) for w in _JUNK_WORDS) + r")(?![a-z0-9])")
_JUNK_FOLDER = re.compile(
    r"/(?:icons?|logos?|badges?|payments?|payment-icons|flags?|sprites?|social|svg|favicons?|emoji|"
    r"trust-badges?|ui)/",
    re.IGNORECASE,
)
_JUNK_ALT = re.compile(
    r"(?<![a-z])(logo|payment|visa|mastercard|paypal|klarna|trust ?badge|secure checkout|icon)(?![a-z])", re.I
)
_TRACKER = re.compile(
    r"facebook\.com/tr|google-analytics\.com|googletagmanager\.com|doubleclick\.net|bat\.bing\.com|"
    r"analytics\.|/pixel(?:[/?.]|$)|/beacon|/collect\?|ct\.pinterest\.com|px\.ads\.linkedin\.com|"
    r"t\.co/i/adsct|sc-static\.net|/tr\?id=|quantserve|scorecardresearch",
    re.IGNORECASE,
)
_VECTOR = re.compile(r"\.(?:svgz?|ico|cur)$", re.IGNORECASE)


def non_product_reason(
    url: str, alt: str | None = None, width: int | None = None, height: int | None = None, title: str | None = None
) -> str | None:
    """Why this image is not a product photo (a logo, icon, sprite, payment badge, tracking pixel, vector
    graphic or placeholder), or None. A word in the product's own title never counts against it:
    "Hoodie with Logo" may well be photographed as hoodie-with-logo.jpg."""
    parts = urlsplit(url)
    path = unquote(parts.path).lower()
    if _VECTOR.search(path):
        return "a vector or icon file"
    if _TRACKER.search(url):
        return "a tracking pixel"
    title_words = set(_WORD.findall((title or "").lower()))
    name = path.rsplit("/", 1)[-1]
    for word in _JUNK_NAME.findall(name.replace("_", "-")):
        if word not in title_words:
            return f"looks like a {word} image"
    if (folder := _JUNK_FOLDER.search(path)) and not title_words & set(_WORD.findall(folder.group(0))):
        return "comes from the site's icon or logo folder"
    said = _JUNK_ALT.search(alt or "")
    if said and said.group(1).lower() not in title_words:
        return f"its alt text says {said.group(1).lower()}"
    if (width is not None and 0 < width <= MIN_SIDE) or (height is not None and 0 < height <= MIN_SIDE):
        return "too small to be a product photo"
    return None


# --- merging and ranking ----------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    {"the", "a", "an", "and", "or", "of", "for", "with", "in", "on", "by", "to", "view", "image", "photo",
     "picture", "product", "front", "back", "side", "detail", "alt", "img", "jpg", "png"}
)  # fmt: skip


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())}


def title_match(alt: str | None, title: str | None) -> float:
    """Share of the title's words the alt text contains (0..1)."""
    title_words = _words(title)
    if not title_words:
        return 0.0
    return len(_words(alt) & title_words) / len(title_words)


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


def merge_size_variants(candidates: Iterable[ImageCandidateLike], base: str | None = None) -> list[MergedImage]:
    """One entry per image, in order of first appearance, keeping its largest rendition's address.

    Besides the platforms' own patterns, `photo-800.jpg` is taken as a rendition of `photo.jpg` when both are on
    the page: alone, a number at the end of a name may just as well count photos (`photo-1001.jpg`).
    """
    merged = _merge_known_variants(candidates, base)
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


def rank_images(
    candidates: Sequence[ImageCandidateLike], title: str | None, base: str | None = None
) -> list[RankedImage]:
    """The product's photos, best first, each with a score in 0..1 and the reasons for it.

    Non-product images are dropped, renditions of one image merged. Structured data outranks the gallery,
    the gallery outranks share images, and within a source earlier comes first; alt text that matches the
    title, agreement between sources and a large declared size add to the score.
    """
    named = [c for c in candidates if non_product_reason(c.url, c.alt, title=title) is None]
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
    if image.size == UNDECLARED:
        return False  # the sizes declared belong to smaller renditions shown on the page, not to the file kept
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
