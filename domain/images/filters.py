"""What is not a product photo: logos, icons, sprites, payment badges, tracking pixels, placeholders."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from domain.images.sizes import MIN_SIDE
from domain.images.variants import image_variant
from domain.images.words import WORD, title_match

_JUNK_WORDS = (
    "logo", "logos", "icon", "icons", "sprite", "sprites", "favicon", "badge", "badges", "payment", "payments",
    "visa", "mastercard", "maestro", "amex", "paypal", "klarna", "afterpay", "clearpay", "affirm", "sezzle",
    "applepay", "apple-pay", "googlepay", "google-pay", "gpay", "shoppay", "discover", "jcb", "unionpay",
    "diners", "trustpilot", "trustbadge", "norton", "mcafee", "placeholder", "noimage", "no-image",
    "no_image", "image-not-found", "default-image", "spinner", "loader", "loading", "ajax-loader", "blank",
    "spacer", "transparent", "pixel", "1x1", "avatar", "flag", "flags", "stars", "rating", "arrow", "chevron",
    "hamburger", "close", "search", "cart", "social", "facebook", "instagram", "twitter", "pinterest", "youtube",
    "tiktok", "whatsapp", "secure-checkout", "guarantee", "free-shipping", "ssl", "btn", "button", "zoom-in",
    "zoom-out", "zoomin", "zoomout", "magnify", "magnifier", "play-button", "addtocart", "add-to-cart",
    "buynow", "buy-now",
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
# Video thumbnails and posters (YouTube, Vimeo, Wistia, a shop's own /video/ poster) stand for a video, not a photo.
_VIDEO_THUMBNAIL = re.compile(
    r"(?:^|\.)(?:ytimg\.com|img\.youtube\.com|vimeocdn\.com|vumbnail\.com|fast\.wistia\.(?:com|net)|embed-ssl\.wistia\.com)$"
    r"|/vi(?:_webp)?/[\w-]{11}/(?:hq|mq|sd|maxres)?default\.(?:jpg|webp)$",
    re.IGNORECASE,
)
# Map tiles and static maps (a store locator or pickup block): OpenStreetMap tiles, Google's and Mapbox's images.
_MAP_TILE = re.compile(
    r"(?:^|\.)tile\.openstreetmap\.org$|(?:^|\.)(?:maps\.googleapis\.com|maps\.gstatic\.com|api\.mapbox\.com|"
    r"tiles\.mapbox\.com|basemaps\.cartocdn\.com)$|/maps/(?:api/)?(?:staticmap|vt)\b|/tiles?/\d{1,2}/\d+/\d+(?:@2x)?\.(?:png|jpg)$",
    re.IGNORECASE,
)
# Spacer GIFs named with a letter or two, or for what they are (s.gif, x.gif, clear.gif, dot.gif, trans.gif).
_SPACER = re.compile(r"^(?:[a-z_]{1,2}|clear|dot|trans|transp|space|empty|none|px|t)\.gif$", re.IGNORECASE)


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
    host_and_path = f"{(parts.hostname or '').lower()}{parts.path}"
    if _VIDEO_THUMBNAIL.search(parts.hostname or "") or _VIDEO_THUMBNAIL.search(parts.path):
        return "a video thumbnail"
    if _MAP_TILE.search(parts.hostname or "") or _MAP_TILE.search(host_and_path):
        return "a map tile"
    if _SPACER.fullmatch(path.rsplit("/", 1)[-1]):
        return "a spacer GIF"
    title_words = set(WORD.findall((title or "").lower()))
    # The name as the photo is stored: a resizer's words after a size ("-400x400-resize-transparent") are no part.
    name = unquote(image_variant(url).identity.split("?", 1)[0]).lower().rsplit("/", 1)[-1]
    for word in _JUNK_NAME.findall(name.replace("_", "-")):
        if word not in title_words:
            return f"looks like a {word} image"
    if (folder := _JUNK_FOLDER.search(path)) and not title_words & set(WORD.findall(folder.group(0))):
        return "comes from the site's icon or logo folder"
    said = _JUNK_ALT.search(alt or "")
    # An alt text that names the product is about the product ("<name> - Logo detail": a close-up of it).
    if said and said.group(1).lower() not in title_words and title_match(alt, title) < 0.8:
        return f"its alt text says {said.group(1).lower()}"
    if (width is not None and 0 < width <= MIN_SIDE) or (height is not None and 0 < height <= MIN_SIDE):
        return "too small to be a product photo"
    return None
