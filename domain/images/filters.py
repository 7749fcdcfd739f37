"""What is not a product photo: logos, icons, sprites, payment badges, tracking pixels, placeholders."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from domain.images.sizes import MIN_SIDE
from domain.images.words import WORD

_JUNK_WORDS = (
    "logo", "logos", "icon", "icons", "sprite", "sprites", "favicon", "badge", "badges", "payment", "payments",
    "visa", "mastercard", "maestro", "amex", "paypal", "klarna", "afterpay", "clearpay", "affirm", "sezzle",
    "applepay", "apple-pay", "googlepay", "google-pay", "gpay", "shoppay", "discover", "jcb", "unionpay",
    "diners", "trustpilot", "trustbadge", "norton", "mcafee", "placeholder", "noimage", "no-image",
    "no_image", "image-not-found", "default-image", "spinner", "loader", "loading", "ajax-loader", "blank",
    "spacer", "transparent", "pixel", "1x1", "avatar", "flag", "flags", "stars", "rating", "arrow", "chevron",
    "hamburger", "close", "search", "cart", "social", "facebook", "instagram", "twitter", "pinterest", "youtube",
    "tiktok", "whatsapp", "secure-checkout", "guarantee", "free-shipping", "ssl", "btn", "button", "zoom-in",
    "zoom-out", "zoomin", "zoomout", "magnify", "magnifier", "play-button",
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
    title_words = set(WORD.findall((title or "").lower()))
    name = path.rsplit("/", 1)[-1]
    for word in _JUNK_NAME.findall(name.replace("_", "-")):
        if word not in title_words:
            return f"looks like a {word} image"
    if (folder := _JUNK_FOLDER.search(path)) and not title_words & set(WORD.findall(folder.group(0))):
        return "comes from the site's icon or logo folder"
    said = _JUNK_ALT.search(alt or "")
    if said and said.group(1).lower() not in title_words:
        return f"its alt text says {said.group(1).lower()}"
    if (width is not None and 0 < width <= MIN_SIDE) or (height is not None and 0 < height <= MIN_SIDE):
        return "too small to be a product photo"
    return None
