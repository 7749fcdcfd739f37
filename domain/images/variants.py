"""Size variants: the markers platforms put in image addresses, stripped to one identity per photo."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from domain.images.sizes import MIN_RENDITION, ORIGINAL
from domain.images.urls import normalize_image_url

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
# "-300x300", "_600x", "_x600", and a resizer's operation words after the size ("-400x400-resize-transparent").
_NUMERIC_SUFFIX = re.compile(
    r"[-_](?:(?P<w>\d{2,4})x(?P<h>\d{2,4})|(?P<w1>\d{3,4})x|x(?P<h1>\d{3,4}))(?:@[1-4]x)?"
    r"(?:-(?:resize|resized|crop|cropped|fit|fill|pad|trim|transparent|white|contain|cover))*" + _EXTENSION,
    re.IGNORECASE,
)
# What is left of a name is a size alone ("420_420" of "420_420_x100.jpg"): the suffix is then the name, a camera's
# "x100" say, and the size is the prefix's.
_ONLY_A_SIZE = re.compile(r"\d{1,4}(?:[_x-]\d{1,4})?", re.IGNORECASE)
# Size operations written into the file name, comma-separated ("…_ra,w380,h380_pa,w380,h380.jpeg").
_NAME_OPS = re.compile(r"(?:_[a-z]{1,3}(?:,[a-z]{1,3}\d{1,5})+)+" + _EXTENSION, re.IGNORECASE)
_OPS_SIDE = re.compile(r",[wh](\d{2,5})\b", re.IGNORECASE)
# A size before the name ("420_420_name.jpg", "200x200-name.jpg").
# A size before the name ("420_420_name.jpg", "200x200-name.jpg"; "0_0_" asks for no size: the original).
_SIZE_PREFIX = re.compile(r"/(?P<w>\d{2,4}|0)[_x](?P<h>\d{2,4}|0)[_-](?=[^/]+$)", re.IGNORECASE)
# Numbered shards of one image host (images3., images4., s2., s3., img1.): one store behind them.
_SHARD_HOST = re.compile(r"^(?P<name>[a-z]+?)\d{1,2}(?=\.[^.]+\.[^.]+)")
# A folder named for a width alone: /w600/, /w_220/.
_WIDTH_FOLDER = re.compile(r"/w_?(?P<w>\d{2,4})/", re.IGNORECASE)
# A folder whose name ends with the size: /productGfx_500_500/, VTEX's /ids/155501-500-500/.
_SIZED_FOLDER = re.compile(r"/(?P<keep>[^/]*?[A-Za-z0-9])[_-](?P<w>\d{2,4})[_-](?P<h>\d{2,4})/")
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
# /600x600/, /fit-in/600x600/, a resizer's /thumb/455x455xffffff/ (the last part a background colour).
_PATH_SIZE = re.compile(
    r"/(?:(?:thumbs?|resized?|fit-in)/)?(?P<w>\d{2,4})x(?P<h>\d{2,4})(?:x[0-9a-f]{1,6})?/", re.IGNORECASE
)
# Folders named for a size, directly above the file: the same file name in each is one picture at that size.
# (No single letters: Magento files its uploads under their first two letters, /catalog/product/s/m/small.jpg.)
_SIZE_FOLDERS = {
    **dict.fromkeys(("thumb", "thumbs", "thumbnail", "thumbnails", "mini", "tiny", "klein", "xs"), 150),
    **dict.fromkeys(("small", "sm"), 300),
    **dict.fromkeys(("medium", "mittel", "md", "normal", "regular", "display"), 600),
    **dict.fromkeys(("large", "lg", "big", "gross", "xl", "detail", "enlarge", "popup"), 1200),
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

    if next_image := _next_image_target(parts.path, parts.query) or _proxied_image(parts.query):
        inner = normalize_image_url(next_image, url)
        if inner is not None and inner != url:
            params = dict(parse_qsl(parts.query))
            asked = params.get("w") or params.get("width") or ""
            variant = image_variant(inner)
            return ImageVariant(variant.identity, int(asked) if asked.isdigit() else variant.size)

    if _AMAZON_HOST.search(parts.hostname or "") and (match := _AMAZON_RENDITION.match(path)):
        # One identity whichever of Amazon's hosts and deployment folders serves it.
        numbers = [int(n) for n in _AMAZON_SIZE.findall(match.group("ops") or "")]
        size = max(numbers) if numbers else (None if match.group("ops") else ORIGINAL)
        return ImageVariant(f"amazon-images/{match.group('path')}.{match.group('ext').lower()}", size)

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
        and max(int(n) for n in match.group("w", "h", "w1", "h1") if n) >= MIN_RENDITION
        and not _ONLY_A_SIZE.fullmatch(path[: match.start()].rsplit("/", 1)[-1])
    ):
        # Shopify marks sizes with "_600x" only: there "-50x70" is part of the name (a 50 x 70 cm poster). Elsewhere
        # small numbers are likewise the product's own (poster-18x24.jpg); renditions start at 100 px.
        marked = True
        sizes.append(max(int(n) for n in match.group("w", "h", "w1", "h1") if n))
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
    if match := _NAME_OPS.search(path):
        marked = True
        sides = [int(n) for n in _OPS_SIDE.findall(match.group(0))]
        sizes.extend(sides[:1] and [max(sides)])
        path = path[: match.start()] + path[match.end() :]
    if (match := _SIZE_PREFIX.search(path)) and (
        (side := max(int(match.group("w")), int(match.group("h")))) >= MIN_RENDITION // 2 or side == 0
    ):
        marked = True
        sizes.append(side or ORIGINAL)
        path = path[: match.start()] + "/" + path[match.end() :]
    if match := _WIDTH_FOLDER.search(path):
        marked = True
        sizes.append(int(match.group("w")))
        path = path[: match.start()] + "/" + path[match.end() :]
    if (match := _SIZED_FOLDER.search(path)) and max(int(match.group("w")), int(match.group("h"))) >= MIN_RENDITION:
        marked = True
        sizes.append(max(int(match.group("w")), int(match.group("h"))))
        path = path[: match.start()] + f"/{match.group('keep')}/" + path[match.end() :]
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
    host = _SHARD_HOST.sub(r"\g<name>", (parts.hostname or "").lower())
    identity = f"{host}{path}" + (f"?{query}" if query else "")
    if sizes:
        return ImageVariant(identity, max(sizes))
    return ImageVariant(identity, None if marked else ORIGINAL)


def image_identity(url: str, base: str | None = None) -> str | None:
    """What every rendition of the image at `url` has in common (None if `url` is no image address): two
    addresses with one identity are the same photo at different sizes."""
    normal = normalize_image_url(url, base)
    return image_variant(normal).identity if normal else None


# Amazon serves every rendition of /images/I/<id>.jpg as /images/I/<id>.<operations>.jpg (._SL1500_, ._AC_SX679_,
# ._AC_UL320_SR320,320_), from several hosts and at times under a deployment folder (/images/W/MEDIAX_…/images/).
_AMAZON_HOST = re.compile(r"(?:^|\.)(?:media-amazon\.com|ssl-images-amazon\.com|images-amazon\.com)$", re.IGNORECASE)
_AMAZON_RENDITION = re.compile(
    r"^/images/(?:W/[^/]+/images/)?(?P<path>[A-Z]/[^.]+)(?:\.(?P<ops>[^/]*?))?\.(?P<ext>jpe?g|png|gif|webp)$",
    re.IGNORECASE,
)
_AMAZON_SIZE = re.compile(r"(?:SL|SX|SY|UL|UX|UY|US|SS|SR|AA)(\d{2,4})")
# Image proxies (images.weserv.nl, wsrv.nl and the like) name the photo they serve in a query parameter.
_PROXY_PARAMS = ("url", "src", "image", "img")
_ABSOLUTE_IMAGE = re.compile(r"^(?:https?:)?//[^/?#]+/[^?#]*\.(?:jpe?g|png|gif|webp|avif)(?:[?#].*)?$", re.IGNORECASE)


def _proxied_image(query: str) -> str | None:
    values = dict(parse_qsl(query))
    return next((values[key] for key in _PROXY_PARAMS if _ABSOLUTE_IMAGE.match(values.get(key, ""))), None)


def _next_image_target(path: str, query: str) -> str | None:
    if not path.endswith("/_next/image") and not path.endswith("/_vercel/image"):
        return None
    target = dict(parse_qsl(query)).get("url")
    return target or None
