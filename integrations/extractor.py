"""Product-page extractor: JSON-LD, microdata, OpenGraph/Twitter meta, then the page itself, in order of trust."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "zł": "PLN", "kr": "SEK"}
_PRICE = re.compile(r"\d{1,3}(?:[ ,.\u00a0]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?")
_GALLERY_HINT = re.compile(
    r"gallery|product[-_ ]?(image|media|photo|slider|carousel|thumb|main|zoom|single)|carousel|slider|zoom|"
    r"fotorama|swiper|pdp|main-image|primary-image|media-gallery",
    re.IGNORECASE,
)
_NOT_GALLERY = re.compile(r"related|recommend|upsell|cross-sell|also|recently|footer|header|nav|menu|review", re.I)
_IMG_ATTRS = ("data-zoom-image", "data-large_image", "data-large-image", "data-full", "data-original", "data-src")
_SRCSET_ATTRS = ("srcset", "data-srcset")


@dataclass
class ImageCandidate:
    url: str
    source: str  # json-ld | microdata | og | twitter | link | gallery | page
    position: int
    alt: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class ExtractedProduct:
    title: str | None = None
    description: str | None = None
    brand: str | None = None
    price: str | None = None
    currency: str | None = None
    canonical_url: str | None = None
    images: list[ImageCandidate] = field(default_factory=list)


def extract_product(html: str, page_url: str) -> ExtractedProduct:
    page = Selector(text=html or "<html></html>")
    canonical = _first(page.css('link[rel~="canonical"]::attr(href)').getall())
    base = urljoin(page_url, _first(page.css("base::attr(href)").getall()) or page_url)
    result = ExtractedProduct(canonical_url=urljoin(page_url, canonical) if canonical else None)
    for source in (_from_json_ld(page), _from_microdata(page), _from_meta(page), _from_page(page)):
        _merge(result, source)
    for image in result.images:
        image.url = urljoin(base, image.url.strip())
    return result


def _merge(into: ExtractedProduct, source: ExtractedProduct) -> None:
    for name in ("title", "description", "brand", "price", "currency"):
        if not getattr(into, name) and getattr(source, name):
            setattr(into, name, getattr(source, name))
    into.images.extend(source.images)


def _first(values: list[str]) -> str | None:
    for value in values:
        if value and value.strip():
            return value.strip()
    return None


def _clean(text: Any) -> str | None:
    if isinstance(text, list):
        text = next((t for t in text if isinstance(t, str) and t.strip()), None)
    if not isinstance(text, str):
        return None
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def normalise_price(value: Any) -> str | None:
    """`29`, `"29.9"`, `"$1,299.00"`, `"1.299,00 €"` -> `"29.00"`, `"29.90"`, `"1299.00"`, `"1299.00"`."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.2f}"
    if not isinstance(value, str):
        return None
    match = _PRICE.search(value.replace("\u00a0", " "))
    if not match:
        return None
    number = match.group(0).replace(" ", "")
    decimals = re.search(r"[.,](\d{1,2})$", number)
    if decimals:
        number = re.sub(r"[.,]", "", number[: decimals.start()]) + "." + decimals.group(1).ljust(2, "0")
    else:
        number = re.sub(r"[.,]", "", number)
    try:
        return f"{float(number):.2f}"
    except ValueError:
        return None


def normalise_currency(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{3}", value):
        return value.upper()
    return _CURRENCY_SYMBOLS.get(value)


# --- JSON-LD --------------------------------------------------------------------------------------------


def _json_documents(page: Selector) -> Iterator[Any]:
    for raw in page.css('script[type="application/ld+json"]::text').getall():
        text = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            yield json.loads(text, strict=False)
        except ValueError:
            # Common in the wild: trailing commas.
            try:
                yield json.loads(re.sub(r",\s*([}\]])", r"\1", text), strict=False)
            except ValueError:
                continue


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in value:
                yield from _nodes(value[key])


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [u for v in value for u in _image_urls(v)]
    if isinstance(value, dict):
        for key in ("contentUrl", "url", "@id"):
            if isinstance(value.get(key), str):
                return [value[key]]
    return []


def _offers(value: Any) -> Iterator[dict[str, Any]]:
    for offer in value if isinstance(value, list) else [value]:
        if isinstance(offer, dict):
            yield offer
            if "offers" in offer:  # an AggregateOffer holding offers
                yield from _offers(offer["offers"])


def _offer_price(offers: Any) -> tuple[str | None, str | None]:
    for offer in _offers(offers):
        spec = offer.get("priceSpecification")
        specs = spec if isinstance(spec, list) else [spec] if isinstance(spec, dict) else []
        for candidate in (offer, *specs):
            price = normalise_price(candidate.get("price", candidate.get("lowPrice")))
            if price is not None:
                currency = normalise_currency(candidate.get("priceCurrency") or offer.get("priceCurrency"))
                return price, currency
    return None, None


def _from_json_ld(page: Selector) -> ExtractedProduct:
    result = ExtractedProduct()
    products = [n for doc in _json_documents(page) for n in _nodes(doc) if _types(n) & {"Product", "ProductGroup"}]
    position = 0
    for node in products:
        variants = [v for v in _nodes(node.get("hasVariant", [])) if isinstance(v, dict)]
        result.title = result.title or _clean(node.get("name"))
        result.description = result.description or _clean(node.get("description"))
        brand = node.get("brand")
        result.brand = result.brand or _clean(brand.get("name") if isinstance(brand, dict) else brand)
        if result.price is None:
            for holder in (node, *variants):
                result.price, result.currency = _offer_price(holder.get("offers"))
                if result.price:
                    break
        for holder in (node, *variants):
            for url in _image_urls(holder.get("image")):
                result.images.append(ImageCandidate(url, "json-ld", position))
                position += 1
    return result


# --- microdata ------------------------------------------------------------------------------------------


def _prop(scope: Selector, name: str) -> Selector | None:
    found = scope.css(f'[itemprop~="{name}"]')
    return found[0] if found else None


def _prop_value(node: Selector | None) -> str | None:
    if node is None:
        return None
    for attr in ("content", "src", "href", "data-src"):
        value = node.attrib.get(attr)
        if value:
            return value.strip()
    return _clean(" ".join(node.css("::text").getall()))


def _from_microdata(page: Selector) -> ExtractedProduct:
    result = ExtractedProduct()
    scopes = [s for s in page.css("[itemscope][itemtype]") if re.search(r"schema\.org/Product\b", s.attrib["itemtype"])]
    for scope in scopes[:1]:
        result.title = _prop_value(_prop(scope, "name"))
        result.description = _clean(_prop_value(_prop(scope, "description")))
        brand = _prop(scope, "brand")
        if brand is not None:
            result.brand = _prop_value(_prop(brand, "name")) or _prop_value(brand)
        result.price = normalise_price(_prop_value(_prop(scope, "price")) or _prop_value(_prop(scope, "lowPrice")))
        result.currency = normalise_currency(_prop_value(_prop(scope, "priceCurrency")))
        for position, node in enumerate(scope.css('[itemprop~="image"]')):
            url = _prop_value(node)
            if url:
                result.images.append(ImageCandidate(url, "microdata", position, alt=node.attrib.get("alt")))
    return result


# --- meta tags ------------------------------------------------------------------------------------------


def _meta(page: Selector, *names: str) -> list[str]:
    values = []
    for name in names:
        values += page.css(f'meta[property="{name}"]::attr(content), meta[name="{name}"]::attr(content)').getall()
    return [v.strip() for v in values if v and v.strip()]


def _from_meta(page: Selector) -> ExtractedProduct:
    result = ExtractedProduct(
        title=_first(_meta(page, "og:title", "twitter:title")),
        description=_clean(_first(_meta(page, "og:description", "twitter:description", "description"))),
        brand=_first(_meta(page, "product:brand", "og:brand")),
        price=normalise_price(_first(_meta(page, "product:price:amount", "og:price:amount"))),
        currency=normalise_currency(_first(_meta(page, "product:price:currency", "og:price:currency"))),
    )
    for position, url in enumerate(_meta(page, "og:image:secure_url", "og:image", "og:image:url")):
        result.images.append(ImageCandidate(url, "og", position))
    for position, url in enumerate(_meta(page, "twitter:image", "twitter:image:src")):
        result.images.append(ImageCandidate(url, "twitter", position))
    for position, url in enumerate(page.css('link[rel~="image_src"]::attr(href)').getall()):
        result.images.append(ImageCandidate(url, "link", position))
    return result


# --- the page itself ------------------------------------------------------------------------------------


def _largest_from_srcset(srcset: str) -> tuple[str | None, int | None]:
    """The candidate with the largest width (`800w`) or density (`2x`) descriptor; its width when declared."""
    best: tuple[float, str, int | None] | None = None
    for part in srcset.split(","):
        bits = part.strip().split()
        if not bits:
            continue
        descriptor = bits[1] if len(bits) > 1 else "1x"
        try:
            number = float(descriptor[:-1])
        except ValueError:
            continue
        weight = number if descriptor.endswith("w") else number * 1000
        width = int(number) if descriptor.endswith("w") else None
        if best is None or weight > best[0]:
            best = (weight, bits[0], width)
    return (best[1], best[2]) if best else (None, None)


def _image_url(img: Selector) -> tuple[str | None, int | None]:
    for attr in _IMG_ATTRS:
        value = img.attrib.get(attr, "").strip()
        if value and not value.startswith("data:"):
            return value, None
    for attr in _SRCSET_ATTRS:
        value = img.attrib.get(attr, "").strip()
        if value:
            return _largest_from_srcset(value)
    src = img.attrib.get("src", "").strip()
    return (src or None), None


def _int(value: str | None) -> int | None:
    match = re.match(r"\s*(\d+)", value or "")
    return int(match.group(1)) if match else None


def _in_gallery(img: Selector) -> bool:
    for ancestor in img.xpath("ancestor-or-self::*[@class or @id][position() <= 6]"):
        marker = f"{ancestor.attrib.get('class', '')} {ancestor.attrib.get('id', '')}"
        if _NOT_GALLERY.search(marker):
            return False
        if _GALLERY_HINT.search(marker):
            return True
    return False


def _from_page(page: Selector) -> ExtractedProduct:
    result = ExtractedProduct(
        title=_clean(" ".join(page.css("h1 ::text").getall())) or _clean(page.css("title::text").get()),
    )
    position = 0
    for img in page.css("img, picture source"):
        url, srcset_width = _image_url(img)
        if not url:
            continue
        result.images.append(
            ImageCandidate(
                url,
                "gallery" if _in_gallery(img) else "page",
                position,
                alt=(img.attrib.get("alt") or "").strip() or None,
                width=_int(img.attrib.get("width")) or srcset_width,
                height=_int(img.attrib.get("height")),
            )
        )
        position += 1
    return result
