"""Which address an <img> (or a CSS background) stands for: its largest rendition, and the others it lists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from integrations.extractor.elements import class_tokens, tag_of
from integrations.extractor.values import IMAGE_EXTENSION, int_value

_ZOOM_ATTRS = (
    "data-zoom-image", "data-zoom", "data-zoom-src", "data-large_image", "data-large-image", "data-large",
    "data-full", "data-full-src", "data-fullsrc", "data-big", "data-hires", "data-magnify-src", "data-image-large",
    "data-image-large-src", "data-src-large", "data-original-src", "data-full-size-image-url", "data-full-image",
    "data-photoswipe-src", "data-pswp-src", "data-zoom-url", "data-lightbox-src", "data-flickity-lazyload",
)  # fmt: skip
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "data-lazysrcset", "srcset")
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-lazy", "data-original", "data-echo", "data-url", "data-image")
_PLACEHOLDER = re.compile(r"^data:|blank|spacer|placeholder|transparent|lazy|loading|pixel\.gif|1x1", re.I)
_WIDTH_TEMPLATE = re.compile(r"\{width\}|%7Bwidth%7D", re.IGNORECASE)
# A template a script fills in ("/image/w|vw|/front/…", "{size}", "%7Bsize%7D"): no address to fetch as written.
_TEMPLATE = re.compile(r"\|[a-z]{1,10}\||%7C[a-z]{1,10}%7C|\{[a-z_]{1,12}\}|%7B[a-z_]{1,12}%7D", re.IGNORECASE)


def _srcset(srcset: str) -> list[tuple[str, float, int | None]]:
    """(url, weight, declared width) per candidate; weight orders width (`800w`) and density (`2x`) alike."""
    candidates = []
    # Split on commas followed by whitespace or a URL start, not on commas inside URLs (Cloudinary "w_500,h_500").
    for part in re.split(r",\s+|,(?=\s*(?:https?:)?//)", srcset.strip()):
        bits = part.strip().split()
        if not bits:
            continue
        descriptor = bits[1].lower() if len(bits) > 1 else "1x"
        try:
            number = float(descriptor[:-1])
        except ValueError:
            continue
        width = int(number) if descriptor.endswith("w") else None
        candidates.append((bits[0].rstrip(","), number if width else number * 1000, width))
    return candidates


def declared_size(element: Any) -> tuple[int | None, int | None]:
    return int_value(element.get("width")), int_value(element.get("height"))


def _usable(url: str | None) -> bool:
    if not url or url.startswith(("data:", "{", "[")) or _WIDTH_TEMPLATE.search(url) or _TEMPLATE.search(url):
        return False
    return not _PLACEHOLDER.search(url.rsplit("/", 1)[-1])


@dataclass(frozen=True)
class _ImgChoice:
    url: str | None
    width: int | None
    height: int | None
    renditions: tuple[str, ...]  # every other address the element offers for the same picture


def _expand(url: str, img: Any) -> str:
    """lazysizes' `…_{width}x.jpg` with data-widths: the template filled in with the largest width (a template
    without widths stays a template, which is not usable)."""
    if not _WIDTH_TEMPLATE.search(url):
        return url
    widths = [int(w) for w in re.findall(r"\d+", img.get("data-widths") or "")]
    return _WIDTH_TEMPLATE.sub(str(max(widths)), url) if widths else url


def _single_image_wrappers(img: Any) -> list[Any]:
    """The <a>, <picture> or <figure> around this image alone: their zoom attributes describe it."""
    wrappers: list[Any] = []
    for element in img.iterancestors():
        # A <noscript> copy of the same picture beside it (lazy-loading fallbacks) does not make it two images.
        if len(element.xpath(".//img[not(ancestor::noscript)]")) > 1 or len(wrappers) == 3:
            break
        wrappers.append(element)
    return wrappers


# Themes name their own zoom attributes (data-src-zoom-image, data-image-full, data-hires-src…): any data
# attribute that says zoom, large, full or original and holds an image address is one.
_ZOOM_NAME = re.compile(
    r"data-(?:[a-z0-9]+[-_])*(?:zoom|large|full|fullsize|big|hires|highres|original|magnify)(?:[-_][a-z0-9]+)*"
)


# Keys of the JSON some galleries keep in a data attribute (Salesforce Commerce Cloud's data-lgimg, Amazon's
# data-a-dynamic-image…), largest rendition first.
_JSON_IMAGE_KEYS = ("hires", "hiRes", "zoom", "zoomImage", "large", "full", "original", "url", "src")


def _json_attribute_images(element: Any) -> list[str]:
    """Image addresses in data attributes that hold JSON: the entry's largest, or the widest of a
    {url: [width, height]} map."""
    found: list[str] = []
    for name, value in element.attrib.items():
        text = value.strip() if isinstance(value, str) else ""
        if not (isinstance(name, str) and name.startswith("data-") and text.startswith("{") and "http" in text):
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        keyed = [data[k] for k in _JSON_IMAGE_KEYS if isinstance(data.get(k), str) and IMAGE_EXTENSION.search(data[k])]
        if keyed:
            found.append(keyed[0])
            continue
        sized = [(url, dims) for url, dims in data.items() if IMAGE_EXTENSION.search(url) and isinstance(dims, list)]
        if sized:
            found.append(max(sized, key=lambda pair: max((d for d in pair[1] if isinstance(d, int)), default=0))[0])
    return found


# A theme's own attribute that names a size ("large", "big") holds a rendition; one that names the original, the
# full or zoomed picture holds the file itself (Shopware 5: data-img-large is 1280 px, data-img-original the upload).
_RENDITION_NAME = re.compile(r"(?:^|[-_])(?:large|big)(?:[-_]|$)")


def _zoom_values(element: Any) -> list[str]:
    known = [*_json_attribute_images(element), *(element.get(a) for a in _ZOOM_ATTRS if element.get(a))]
    named = [
        (name.lower(), value)
        for name, value in element.attrib.items()
        if isinstance(name, str) and name not in _ZOOM_ATTRS and _ZOOM_NAME.fullmatch(name.lower())
        and isinstance(value, str) and IMAGE_EXTENSION.search(value.strip())
    ]  # fmt: skip
    named.sort(key=lambda pair: bool(_RENDITION_NAME.search(pair[0])))  # stable: the page's order otherwise
    return [*known, *(value for _, value in named)]


def choose_img_url(img: Any) -> _ImgChoice:
    """The largest address an <img> offers: zoom attributes (on it or a wrapper around it alone), a link to the
    image file, the widest srcset candidate (<picture> sources included), a lazy-loading attribute, then src."""
    offered: list[str] = []
    for element in (img, *_single_image_wrappers(img)):
        offered += [*_zoom_values(element), *(element.get(a) for a in _LAZY_ATTRS if element.get(a))]
    offered.append(img.get("src") or "")
    sets = [img.get(a) for a in _SRCSET_ATTRS if img.get(a)]
    for element in _single_image_wrappers(img):
        if tag_of(element) == "picture":
            sets += [s.get(a) for s in element.iterchildren("source") for a in _SRCSET_ATTRS if s.get(a)]
    listed = [c for srcset in sets for c in _srcset(srcset)]
    offered += [url for url, _, _ in listed]
    offered = [_expand(u.strip(), img) for u in offered if u and u.strip()]

    def choice(url: str, width: int | None = None, height: int | None = None) -> _ImgChoice:
        return _ImgChoice(url, width, height, tuple(u for u in dict.fromkeys(offered) if u != url and _usable(u)))

    for element in (img, *_single_image_wrappers(img)):
        for raw in _zoom_values(element):
            value = _expand(raw.strip(), img)
            if _usable(value):
                width = int_value(element.get("data-large_image_width") or element.get("data-zoom-width"))
                height = int_value(element.get("data-large_image_height") or element.get("data-zoom-height"))
                return choice(value, width, height)
        if tag_of(element) == "a":
            href = (element.get("href") or "").strip()
            if IMAGE_EXTENSION.search(href) or "/images/stencil/" in href:
                return choice(href)
    best = max(((u, w, width) for u, w, width in listed if _usable(u)), key=lambda c: c[1], default=None)
    if best is not None:
        declared_w, declared_h = declared_size(img)
        height = round(declared_h * best[2] / declared_w) if best[2] and declared_w and declared_h else None
        return choice(best[0], best[2], height)
    for attr in (*_LAZY_ATTRS, "src"):
        value = _expand((img.get(attr) or "").strip(), img)
        if _usable(value):
            return choice(value, *declared_size(img))
    return _ImgChoice(None, None, None, ())


_BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)


# Layers drawn over a photo (a magnifier's lens, an overlay, a loading spinner) carry backgrounds of their own.
_UI_LAYER = re.compile(r"(?:magnifier|zoom)?-*lens[a-z-]*|magnifier[a-z-]*|overlay|mask|spinner|loader|loading")


def background_image(element: Any) -> str | None:
    if any(_UI_LAYER.fullmatch(token) for token in class_tokens(element)):
        return None
    for attr in ("data-bg", "data-background-image", "data-bg-src", "data-zoom-image"):
        value = (element.get(attr) or "").strip()
        if _usable(value) and IMAGE_EXTENSION.search(value):
            return value
    bgset = element.get("data-bgset")
    if bgset:
        best = max(_srcset(bgset), key=lambda c: c[1], default=None)
        if best and _usable(best[0]):
            return best[0]
    match = _BACKGROUND_URL.search(element.get("style") or "")
    return match.group(1).strip() if match and _usable(match.group(1).strip()) else None
