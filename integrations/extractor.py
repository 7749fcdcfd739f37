"""Product-page extractor: JSON-LD, microdata, OpenGraph/Twitter meta, then the page itself, in order of trust."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

PRODUCT_TYPES = frozenset(
    {"product", "productgroup", "individualproduct", "productmodel", "someproducts", "vehicle", "car", "book"}
)
MAX_DESCRIPTION = 5000


@dataclass(frozen=True, slots=True)
class ImageCandidate:
    """One place the page names an image. `source` is json-ld, microdata, og, twitter, link (rel=image_src),
    gallery (the product gallery, or a platform's gallery data) or page (any other content image); `position` is
    its order within that source."""

    url: str
    source: str
    position: int
    alt: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class ExtractedProduct:
    title: str | None = None
    description: str | None = None
    brand: str | None = None
    price: str | None = None  # decimal string with a dot, as written on the page ("29.00")
    currency: str | None = None  # ISO 4217
    canonical_url: str | None = None
    images: list[ImageCandidate] = field(default_factory=list)


@dataclass
class _Found:
    """What one source says about the product; merged by trust."""

    title: str | None = None
    description: str | None = None
    brand: str | None = None
    price: str | None = None
    currency: str | None = None
    url: str | None = None
    images: list[ImageCandidate] = field(default_factory=list)
    # Smaller renditions an <img> offers (srcset members, src, lazy attributes) -> the address chosen for it.
    renditions: dict[str, str] = field(default_factory=dict)


def extract_product(html: str, page_url: str) -> ExtractedProduct:
    """Everything the page says about its product; image URLs absolute, resolved against `<base>` or the page."""
    page = Selector(text=html if html and html.strip() else "<html></html>")
    meta = _meta_tags(page)
    canonical_href = _first(page.xpath(f"//link[{_rel('canonical')}]/@href").getall())
    page_base = page_url if urlsplit(page_url).scheme in ("http", "https") else None
    canonical = _absolute(canonical_href, page_base) if canonical_href else None
    fallback = page_base or canonical or _absolute(_first(meta.get("og:url", [])), None)
    base_href = _first(page.xpath("//base/@href").getall())
    base = _absolute(base_href, fallback) if base_href else fallback

    sources = [_from_json_ld(page), _from_microdata(page), _from_meta(meta, page), _from_page(page, meta)]
    # A thumbnail that is one of the renditions a gallery <img> lists (its 400w srcset entry, say) is that image.
    renditions = {
        absolute: target
        for rendition, chosen in sources[-1].renditions.items()
        if chosen and (absolute := _absolute(rendition, base)) and (target := _absolute(chosen, base))
    }
    result = ExtractedProduct(canonical_url=canonical)
    for found in sources:
        for name in ("title", "description", "brand", "price", "currency"):
            if not getattr(result, name) and getattr(found, name):
                setattr(result, name, getattr(found, name))
        if not result.canonical_url and found.url:
            result.canonical_url = _absolute(found.url, base)
        for image in found.images:
            url = _absolute(image.url, base)
            url = renditions.get(url, url) if url else None
            if url:
                result.images.append(
                    ImageCandidate(url, image.source, image.position, image.alt, image.width, image.height)
                )
    if result.price and not result.currency:
        result.currency = _currency_from_scripts(page)
    if result.description and len(result.description) > MAX_DESCRIPTION:
        result.description = result.description[:MAX_DESCRIPTION].rsplit(" ", 1)[0] + "…"
    return result


# --- small helpers ----------------------------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _clean(value: Any) -> str | None:
    """Plain text: JSON-LD values ({"@value"}, lists), HTML entities and tags resolved, whitespace collapsed."""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, list):
        value = next((_clean(v) for v in value if _clean(v)), None)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value)
    if "&" in text:
        # Some platforms escape twice ("&amp;#039;"): unescaping twice reads both.
        text = html_lib.unescape(html_lib.unescape(text))
    if "<" in text:
        text = _TAGS.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return text or None


def _rel(value: str) -> str:
    """XPath predicate: the element's rel attribute lists `value` (case-insensitively, among other tokens)."""
    rel = "translate(normalize-space(@rel), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    return f"contains(concat(' ', {rel}, ' '), ' {value.lower()} ')"


def _first(values: Iterable[str | None]) -> str | None:
    for value in values:
        if value and value.strip():
            return value.strip()
    return None


def _absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    url = url.strip().replace("\\/", "/")
    if not url or url.startswith(("data:", "blob:", "javascript:", "about:", "#")):
        return None
    if url.startswith("//") and base is None:
        url = "https:" + url
    try:
        absolute = urljoin(base, url) if base else url
    except ValueError:
        return None
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def _int(value: Any) -> int | None:
    match = re.match(r"\s*(\d{1,6})(?:\.\d+)?\s*(?:px)?\s*$", str(value)) if value is not None else None
    return int(match.group(1)) if match else None


# --- prices and currencies --------------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d\s.,'\u00a0\u202f]*")
_SYMBOLS = {
    "US$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "₽": "RUB",
    "₪": "ILS",
    "₫": "VND",
    "฿": "THB",
    "₱": "PHP",
    "zł": "PLN",
    "kč": "CZK",
    "chf": "CHF",
}
_SYMBOL_RE = re.compile("|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True)), re.IGNORECASE)
# Codes a shop is likely to show; an arbitrary three letters next to a number ("PCS 3") is no currency.
_ISO_CODES = (
    "USD EUR GBP JPY CNY INR KRW CAD AUD NZD CHF SEK NOK DKK PLN CZK HUF RON BGN HRK RUB UAH TRY ILS AED SAR QAR "
    "KWD BHD OMR EGP ZAR NGN KES MAD BRL MXN ARS CLP COP PEN UYU SGD HKD TWD THB VND IDR MYR PHP PKR BDT LKR ISK "
    "RSD GEL KZT"
)
ISO_CURRENCIES = frozenset(_ISO_CODES.split())
_ISO_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(ISO_CURRENCIES)) + r")(?![A-Za-z])")


_MACHINE_NUMBER = re.compile(r"\s*(\d+)(?:\.(\d+))?\s*")


def normalise_price(value: Any, machine: bool = False) -> str | None:
    """A price as a plain decimal string: `"$1,299.00"` -> `"1299.00"`, `"29,90 €"` -> `"29.90"`, `29.0` -> `"29.00"`.

    Digits are kept as written; only grouping separators go and the decimal mark becomes a dot. A single
    fractional digit (a JSON number such as 29.5) is padded to two, as every shop shows it. `machine` says the
    value comes from structured data, where a dot is always the decimal mark ("12.500" is twelve and a half).
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    strict = _MACHINE_NUMBER.fullmatch(text) if machine else None
    if strict:
        fraction = (strict.group(2) or "").rstrip("0").ljust(2, "0") if strict.group(2) else ""
        return f"{strict.group(1).lstrip('0') or '0'}" + (f".{fraction}" if fraction else "")
    match = _NUMBER.search(text)
    if not match:
        return None
    number = re.sub(r"[\s'\u00a0\u202f]", "", match.group(0)).strip(".,")
    if not number:
        return None
    last_dot, last_comma = number.rfind("."), number.rfind(",")
    decimal_at = max(last_dot, last_comma)
    if decimal_at >= 0:
        integer, fraction = number[:decimal_at], number[decimal_at + 1 :]
        mark = number[decimal_at]
        # "1,299" or "1.299" (three digits after a lone mark) is a thousands group, not cents.
        if len(fraction) == 3 and number.count(mark) >= 1 and (last_dot < 0 or last_comma < 0):
            integer, fraction = number, ""
        integer = re.sub(r"[.,]", "", integer)
    else:
        integer, fraction = number, ""
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        return None
    integer = integer.lstrip("0") or "0"
    if len(fraction) == 1:
        fraction += "0"
    return f"{integer}.{fraction}" if fraction else integer


def normalise_currency(value: Any) -> str | None:
    """An ISO 4217 code from a code or a symbol."""
    text = _clean(value)
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()
    code = _ISO_RE.search(text.upper())
    if code:
        return code.group(1)
    symbol = _SYMBOL_RE.search(text)
    return _SYMBOLS[symbol.group(0) if symbol.group(0) in _SYMBOLS else symbol.group(0).lower()] if symbol else None


def price_from_text(text: str) -> tuple[str | None, str | None]:
    """The first price shown in a piece of page text, and its currency when the text says it."""
    match = re.search(r"\d", text)
    if not match:
        return None, None
    return normalise_price(text), normalise_currency(text)


# --- JSON-LD ----------------------------------------------------------------------------------------------------


def _json_loads(text: str) -> Any:
    # Numbers stay strings: a price of 29.00 is "29.00", not the float 29.0.
    return json.loads(text, strict=False, parse_float=str)


def _parse_json_lenient(raw: str) -> list[Any]:
    """Every JSON value in a script body, forgiving what shops get wrong: comment and CDATA wrappers,
    trailing commas, several objects in a row."""
    text = raw.strip()
    text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
    text = re.sub(r"(?:-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip().rstrip(";")
    if not text:
        return []
    try:
        return [_json_loads(text)]
    except ValueError:
        pass
    repaired = re.sub(r",\s*([}\]])", r"\1", text)
    decoder = json.JSONDecoder(strict=False, parse_float=str)
    values: list[Any] = []
    index = 0
    while index < len(repaired):
        while index < len(repaired) and repaired[index] in " \t\r\n,;":
            index += 1
        if index >= len(repaired):
            break
        try:
            value, index = decoder.raw_decode(repaired, index)
        except ValueError:
            break
        values.append(value)
    return values


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {re.split(r"[/#:]", str(k))[-1].lower() for k in kinds}


def _is_product(node: Any) -> bool:
    return isinstance(node, dict) and bool(_types(node) & PRODUCT_TYPES)


def _top_nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Nodes that can be the page's own product: top level, @graph members, a page's mainEntity.

    Lists of other products (ItemList, isRelatedTo, offers' itemOffered) are not entered: they are related items.
    """
    if isinstance(value, list):
        for item in value:
            yield from _top_nodes(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "about"):
            if isinstance(value.get(key), dict | list):
                yield from _top_nodes(value[key])


def _index_ids(value: Any, into: dict[str, dict[str, Any]]) -> None:
    if isinstance(value, list):
        for item in value:
            _index_ids(item, into)
    elif isinstance(value, dict):
        node_id = value.get("@id")
        if isinstance(node_id, str) and len(value) > 1:
            into.setdefault(node_id, value)
        for item in value.values():
            _index_ids(item, into)


class _Graph:
    """JSON-LD nodes by @id, so `{"@id": "…#primaryimage"}` references (Yoast, WooCommerce) resolve."""

    def __init__(self, documents: list[Any]) -> None:
        self.ids: dict[str, dict[str, Any]] = {}
        _index_ids(documents, self.ids)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
            return self.ids.get(value["@id"], value)
        return value

    def items(self, value: Any) -> list[Any]:
        values = value if isinstance(value, list) else [value] if value is not None else []
        return [self.resolve(v) for v in values]


def _json_ld_documents(page: Selector) -> list[Any]:
    documents: list[Any] = []
    for raw in page.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]/text()").getall():
        documents.extend(_parse_json_lenient(raw))
    return documents


def _product_score(node: dict[str, Any], page_paths: set[str]) -> int:
    score = 0
    url = node.get("url") or node.get("@id")
    if isinstance(url, str) and urlsplit(url.strip()).path.rstrip("/") in page_paths:
        score += 4
    if "productgroup" in _types(node):
        score += 1
    score += sum(1 for key in ("name", "offers", "image") if node.get(key))
    return score


def _from_json_ld(page: Selector) -> _Found:
    documents = _json_ld_documents(page)
    graph = _Graph(documents)
    products = [graph.resolve(n) for n in _top_nodes(documents) if _is_product(graph.resolve(n))]
    found = _Found()
    if not products:
        return found
    paths = _page_paths(page)
    product = max(products, key=lambda node: (_product_score(node, paths), -products.index(node)))
    variants = [v for v in graph.items(product.get("hasVariant")) if isinstance(v, dict)]
    found.title = _clean(product.get("name"))
    found.description = _clean(product.get("description"))
    found.brand = _brand(graph, product.get("brand")) or _brand(graph, product.get("manufacturer"))
    found.url = product.get("url") if isinstance(product.get("url"), str) else None
    for holder in (product, *variants):
        found.price, found.currency = _offer_price(graph, holder.get("offers"))
        if found.price:
            break
    if not found.currency:
        found.currency = normalise_currency(product.get("priceCurrency"))
    position = 0
    for holder in (product, *variants):
        for url, width, height, caption in _images(graph, holder.get("image")):
            found.images.append(ImageCandidate(url, "json-ld", position, caption, width, height))
            position += 1
    return found


def _page_paths(page: Selector) -> set[str]:
    hrefs = page.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content").getall()
    return {urlsplit(h.strip()).path.rstrip("/") for h in hrefs if h.strip()}


def _brand(graph: _Graph, value: Any) -> str | None:
    for item in graph.items(value):
        name = _clean(item.get("name")) if isinstance(item, dict) else _clean(item)
        if name:
            return name
    return None


def _images(graph: _Graph, value: Any) -> Iterator[tuple[str, int | None, int | None, str | None]]:
    for item in graph.items(value):
        if isinstance(item, str) and item.strip():
            yield item.strip(), None, None, None
        elif isinstance(item, list):
            yield from _images(graph, item)
        elif isinstance(item, dict):
            url = next((item[k] for k in ("contentUrl", "url", "contentURL") if isinstance(item.get(k), str)), None)
            if url is None and isinstance(item.get("@id"), str) and not item["@id"].startswith(("_:", "#")):
                url = item["@id"] if "#" not in item["@id"] else None
            if url:
                caption = _clean(item.get("caption") or item.get("name"))
                yield url.strip(), _int(item.get("width")), _int(item.get("height")), caption


_LIST_PRICE = re.compile(r"strikethrough|listprice|msrp|srp|wasprice|regular", re.IGNORECASE)


def _offer_price(graph: _Graph, offers: Any) -> tuple[str | None, str | None]:
    """The price a buyer pays now: the first offer's price (or an AggregateOffer's lowest), never a list price."""
    for offer in graph.items(offers):
        if not isinstance(offer, dict):
            continue
        specs = [s for s in graph.items(offer.get("priceSpecification")) if isinstance(s, dict)]
        specs = [s for s in specs if not _LIST_PRICE.search(str(s.get("priceType", "")))]
        for holder in (offer, *specs):
            for key in ("price", "lowPrice", "minPrice", "highPrice"):
                price = normalise_price(holder.get(key), machine=True)
                if price is not None:
                    currency = normalise_currency(holder.get("priceCurrency") or offer.get("priceCurrency"))
                    return price, currency
        nested = offer.get("offers")
        if nested is not None:
            price, currency = _offer_price(graph, nested)
            if price is not None:
                return price, currency or normalise_currency(offer.get("priceCurrency"))
    return None, None


# --- microdata --------------------------------------------------------------------------------------------------

_PRODUCT_ITEMTYPE = re.compile(r"schema\.org/(?:Product|ProductGroup|IndividualProduct|ProductModel|SomeProducts)\b")
_URL_PROPERTY_TAGS = {"a": "href", "area": "href", "link": "href", "object": "data", "data": "value", "meter": "value"}
_SRC_TAGS = {"img", "audio", "video", "source", "embed", "iframe", "track"}


def _itemprops(scope: Any) -> dict[str, list[Any]]:
    """The properties that belong to this item: descendants with itemprop whose nearest item is this one."""
    props: dict[str, list[Any]] = {}
    for element in scope.iterdescendants():
        names = element.get("itemprop")
        if not names or not isinstance(element.tag, str):
            continue
        owner = element.getparent()
        while owner is not None and owner.get("itemscope") is None:
            owner = owner.getparent()
        if owner is scope:
            for name in names.split():
                props.setdefault(name.lower(), []).append(element)
    return props


def _md_value(element: Any) -> str | None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "meta":
        return element.get("content")
    if tag == "img":
        return _choose_img_url(element).url
    if tag in _SRC_TAGS:
        return element.get("src")
    if tag in _URL_PROPERTY_TAGS:
        return element.get(_URL_PROPERTY_TAGS[tag])
    if tag == "time" and element.get("datetime"):
        return element.get("datetime")
    if element.get("content"):
        return element.get("content")
    return _clean(element.text_content())


def _from_microdata(page: Selector) -> _Found:
    found = _Found()
    root = page.root
    # The outermost product item: products nested in it (accessories, related items) are not the page's product.
    scopes = [
        element
        for element in root.xpath("//*[@itemscope][@itemtype]")
        if _PRODUCT_ITEMTYPE.search(element.get("itemtype", ""))
        and not any(_PRODUCT_ITEMTYPE.search(a.get("itemtype", "")) for a in element.iterancestors())
    ]
    if not scopes:
        return found
    props = _itemprops(scopes[0])

    def first(name: str, within: dict[str, list[Any]] = props) -> str | None:
        return _first(_md_value(e) for e in within.get(name, []))

    found.title = _clean(first("name"))
    found.description = _clean(first("description"))
    found.url = first("url")
    for brand in props.get("brand", []) + props.get("manufacturer", []):
        found.brand = _clean(first("name", _itemprops(brand))) if brand.get("itemscope") is not None else None
        found.brand = found.brand or _clean(_md_value(brand))
        if found.brand:
            break
    offers = [_itemprops(o) for o in props.get("offers", []) if o.get("itemscope") is not None]
    for holder in [*offers, props]:
        for key in ("price", "lowprice"):
            price = normalise_price(first(key, holder), machine=True)
            if price is not None:
                found.price = price
                found.currency = normalise_currency(first("pricecurrency", holder) or first("pricecurrency"))
                break
        if found.price:
            break
    for position, element in enumerate(props.get("image", [])):
        url = _md_value(element)
        if url:
            found.images.append(
                ImageCandidate(url, "microdata", position, _clean(element.get("alt")), *_declared_size(element))
            )
    return found


# --- meta tags --------------------------------------------------------------------------------------------------


def _meta_tags(page: Selector) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in page.xpath("//meta[@content]"):
        key = meta.attrib.get("property") or meta.attrib.get("name") or meta.attrib.get("itemprop")
        if key:
            tags.setdefault(key.strip().lower(), []).append(meta.attrib["content"].strip())
    return tags


def _from_meta(meta: dict[str, list[str]], page: Selector) -> _Found:
    site = _clean(_first(meta.get("og:site_name", []) + meta.get("application-name", [])))
    found = _Found(
        title=_strip_site_name(_clean(_first(meta.get("og:title", []) + meta.get("twitter:title", []))), site),
        description=_clean(
            _first(meta.get("og:description", []) + meta.get("description", []) + meta.get("twitter:description", []))
        ),
        brand=_clean(_first(meta.get("product:brand", []) + meta.get("og:brand", []))),
        price=normalise_price(
            _first(meta.get("product:price:amount", []) + meta.get("og:price:amount", []) + meta.get("price", [])),
            machine=True,
        ),
        currency=normalise_currency(
            _first(meta.get("product:price:currency", []) + meta.get("og:price:currency", []))
            or _first(meta.get("pricecurrency", []))
        ),
        url=_first(meta.get("og:url", [])),
    )
    if found.price is None:
        # Older Shopify themes put the price in a Twitter card: twitter:label1 "Price", twitter:data1 "$29.00".
        for index in ("1", "2"):
            if "price" in " ".join(meta.get(f"twitter:label{index}", [])).lower():
                found.price, found.currency = price_from_text(_first(meta.get(f"twitter:data{index}", [])) or "")
    found.images.extend(_og_images(page))
    for position, url in enumerate(meta.get("twitter:image", []) + meta.get("twitter:image:src", [])):
        found.images.append(ImageCandidate(url, "twitter", position))
    links = page.xpath(f"//link[{_rel('image_src')}]/@href").getall()
    for position, url in enumerate(links):
        found.images.append(ImageCandidate(url, "link", position))
    return found


def _og_images(page: Selector) -> list[ImageCandidate]:
    """og:image entries in order; og:image:width/height/alt describe the image they follow."""
    images: list[ImageCandidate] = []
    for meta in page.xpath("//meta[starts-with(@property, 'og:image') or starts-with(@name, 'og:image')]"):
        key = (meta.attrib.get("property") or meta.attrib.get("name") or "").lower()
        value = (meta.attrib.get("content") or "").strip()
        if key in ("og:image", "og:image:url", "og:image:secure_url") and value:
            if images and images[-1].url == value:
                continue
            images.append(ImageCandidate(value, "og", len(images)))
        elif images and key in ("og:image:width", "og:image:height", "og:image:alt"):
            last = images[-1]
            images[-1] = ImageCandidate(
                last.url,
                last.source,
                last.position,
                _clean(value) if key == "og:image:alt" else last.alt,
                _int(value) if key == "og:image:width" else last.width,
                _int(value) if key == "og:image:height" else last.height,
            )
    return images


_TITLE_SEPARATORS = (" | ", " \u2013 ", " \u2014 ", " - ", " :: ", " \u00b7 ", " \u00bb ")


def _strip_site_name(title: str | None, site: str | None) -> str | None:
    """`Hoodie | My Shop` -> `Hoodie` when the suffix is the shop's name (Yoast and many themes append it)."""
    if not title:
        return title
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head and site and tail.strip().lower() == site.lower():
            return head.strip()
    return title


# --- the page itself --------------------------------------------------------------------------------------------


def _tokens(*patterns: str) -> re.Pattern[str]:
    """Patterns a whole class token (or id) must match: "slider-nav-small" is no navigation, "site-nav" is."""
    return re.compile("(?:" + "|".join(patterns) + ")")


def _parts(*patterns: str) -> re.Pattern[str]:
    """Patterns found inside a token, at word boundaries."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")


_AROUND = r"(?:-.*)?"
# An image anywhere below one of these belongs to another part of the page, never to the product's photos.
_ELSEWHERE = _tokens(
    r"(?:site|main|page|global|primary|top|mobile|shopify-section)?-*(?:header|footer|nav|navbar|navigation|menu|"
    r"breadcrumbs?|sidebar|search|cart|mini-*cart|cart-*drawer|popup|social|share|blog|reviews?|customer-reviews?)"
    + _AROUND,
    r".*(?:related|recommend|upsell|up-sell|cross-*sell|recently|you-*may|also-*(?:like|bought|viewed|purchased)|"
    r"complementary|frequently-*bought|bought-*together|complete-*the-*look|accessories|newsletter|cookie|"
    r"announcement|instagram|testimonial|payment|trust-*badge|mega-*menu).*",
)
_ELSEWHERE_TAGS = frozenset({"header", "footer", "nav", "aside", "form", "svg", "product-recommendations"})
# The nearest of these or of _GALLERY decides: a product card, a swatch or a description is not the gallery.
_NOT_GALLERY = _parts(
    r"cards?[a-z-]*", r"[a-z-]*-card[a-z-]*", r"product-+(?:item|tile|grid|list|loop|block|miniature)[a-z-]*",
    r"product-*thumb(?!nail)[a-z-]*",
    r"grid-*item", r"collection[a-z-]*", r"swatch[a-z-]*", r"badges?[a-z-]*", r"icons?[a-z-]*",
    r"[a-z-]*logos?[a-z-]*", r"description[a-z-]*", r"tab-*panel[a-z-]*", r"tabs?", r"accordion[a-z-]*",
    r"size-*chart[a-z-]*", r"sizechart", r"size-*guide[a-z-]*", r"avatar[a-z-]*", r"author[a-z-]*",
    r"banner[a-z-]*", r"promo[a-z-]*", r"rte", r"miniature[a-z-]*", r"usp[a-z-]*",
)  # fmt: skip
_GALLERY = _parts(
    r"[a-z-]*gallery[a-z-]*",
    r"product-*(?:media|images?|img|photos?|picture|slides?|slider|carousel|zoom|hero|cover)[a-z-]*",
    r"product-*(?:main|featured)-*image[a-z-]*", r"productview-*(?:image|img|thumbnail)[a-z-]*",
    r"product-*single-*(?:photo|media|thumbnail|image)[a-z-]*", r"fotorama[a-z-]*", r"magiczoom[a-z-]*",
    r"zoom[a-z-]*", r"main-*image[a-z-]*", r"primary-*image[a-z-]*", r"featured-*image[a-z-]*",
    r"pdp-*(?:image|images|media|gallery|carousel|photo|photos|slider|hero|visual|figure)[a-z-]*",
    r"thumbnail-*(?:list|slider)", r"images", r"photos", r"item-*detail-*media",
)  # fmt: skip
_GALLERY_DATA_ATTRS = ("data-gallery-role", "data-image-gallery", "data-media-id", "data-product-single-media-wrapper")
_IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|webp|avif|gif|jfif|heic)(?:$|[?#])", re.IGNORECASE)
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


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _class_tokens(element: Any) -> list[str]:
    """Class names and id, lower case with "_" as "-"; custom elements (<product-card>) count their tag too."""
    words = f"{element.get('class', '')} {element.get('id', '')}".lower().replace("_", "-").split()
    tag = _tag(element)
    return [*words, tag] if "-" in tag else words


def _elsewhere(element: Any) -> bool:
    return _tag(element) in _ELSEWHERE_TAGS or any(_ELSEWHERE.fullmatch(t) for t in _class_tokens(element))


# Lightbox scripts (Fancybox, Lightbox2, PhotoSwipe, lightGallery, Fresco, Featherlight) open a group of full-size
# images from links to the image files: such a link is a gallery entry, whatever the classes around it say.
_LIGHTBOX_ATTRS = (
    "data-fancybox", "data-lightbox", "data-pswp-src", "data-pswp-width", "data-lg-size", "data-fresco-group",
    "data-featherlight-gallery", "data-gallery",
)  # fmt: skip
_LIGHTBOX_REL = re.compile(r"lightbox|prettyphoto|gallery|colorbox|shadowbox", re.IGNORECASE)
# Slides of the carousel libraries shop themes build galleries with. Carousels also show other products, so a
# slide counts only for an image that does not link to another page (a teaser links to its product).
_CAROUSEL_SLIDE = _parts(
    r"swiper-slide", r"slick-slide", r"owl-item", r"splide--slide", r"carousel-item", r"carousel-cell",
    r"flickity-cell", r"glide--slide", r"keen-slider--slide", r"f-carousel--slide", r"embla--slide",
)  # fmt: skip


def _lightbox_link(element: Any) -> bool:
    if _tag(element) != "a" or not _IMAGE_EXTENSION.search((element.get("href") or "").strip()):
        return False
    return any(element.get(a) is not None for a in _LIGHTBOX_ATTRS) or bool(
        _LIGHTBOX_REL.search(element.get("rel") or "")
    )


def _gallery_verdict(element: Any) -> bool | None:
    """True for a gallery container, False for a card/swatch/description, None when the element says nothing.

    Within one element a purely gallery token wins ("product__media-item grid__item"). A token that is both
    ("card-gallery": the gallery of a product card) decides nothing: the elements above it tell whose it is.
    """
    verdicts = [(bool(_GALLERY.search(t)), bool(_NOT_GALLERY.search(t))) for t in _class_tokens(element)]
    if any(gallery and not other for gallery, other in verdicts):
        return True
    if any(element.get(attr) is not None for attr in _GALLERY_DATA_ATTRS) or _lightbox_link(element):
        return True
    return False if any(other and not gallery for gallery, other in verdicts) else None


def _place_of(img: Any) -> str | None:
    """'gallery' for an image in the product gallery, 'page' for a plain content image, None for the rest."""
    chain = [e for e in img.iterancestors() if _tag(e) not in ("html", "body", "")]
    if any(_elsewhere(element) for element in chain):
        return None
    for element in [img, *chain]:
        verdict = _gallery_verdict(element)
        if verdict is not None:
            return "gallery" if verdict else None
    link = next((e for e in chain[:3] if _tag(e) == "a"), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    if href and not href.startswith(("#", "javascript:")) and not _IMAGE_EXTENSION.search(href):
        return None  # an image that links to another page is a teaser for that page
    if any(_CAROUSEL_SLIDE.fullmatch(token) for element in [img, *chain] for token in _class_tokens(element)):
        return "gallery"
    return "page"


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


def _declared_size(element: Any) -> tuple[int | None, int | None]:
    return _int(element.get("width")), _int(element.get("height"))


def _usable(url: str | None) -> bool:
    if not url or url.startswith(("data:", "{", "[")) or _WIDTH_TEMPLATE.search(url):
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
        if len(element.xpath(".//img")) != 1 or len(wrappers) == 3:
            break
        wrappers.append(element)
    return wrappers


# Themes name their own zoom attributes (data-src-zoom-image, data-image-full, data-hires-src…): any data
# attribute that says zoom, large, full or original and holds an image address is one.
_ZOOM_NAME = re.compile(
    r"data-(?:[a-z0-9]+[-_])*(?:zoom|large|full|fullsize|big|hires|highres|original|magnify)(?:[-_][a-z0-9]+)*"
)


def _zoom_values(element: Any) -> list[str]:
    known = [element.get(a) for a in _ZOOM_ATTRS if element.get(a)]
    named = [
        value
        for name, value in element.attrib.items()
        if isinstance(name, str) and name not in _ZOOM_ATTRS and _ZOOM_NAME.fullmatch(name.lower())
        and isinstance(value, str) and _IMAGE_EXTENSION.search(value.strip())
    ]  # fmt: skip
    return [*known, *named]


def _choose_img_url(img: Any) -> _ImgChoice:
    """The largest address an <img> offers: zoom attributes (on it or a wrapper around it alone), a link to the
    image file, the widest srcset candidate (<picture> sources included), a lazy-loading attribute, then src."""
    offered: list[str] = []
    for element in (img, *_single_image_wrappers(img)):
        offered += [*_zoom_values(element), *(element.get(a) for a in _LAZY_ATTRS if element.get(a))]
    offered.append(img.get("src") or "")
    sets = [img.get(a) for a in _SRCSET_ATTRS if img.get(a)]
    for element in _single_image_wrappers(img):
        if _tag(element) == "picture":
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
                width = _int(element.get("data-large_image_width") or element.get("data-zoom-width"))
                height = _int(element.get("data-large_image_height") or element.get("data-zoom-height"))
                return choice(value, width, height)
        if _tag(element) == "a":
            href = (element.get("href") or "").strip()
            if _IMAGE_EXTENSION.search(href) or "/images/stencil/" in href:
                return choice(href)
    best = max(((u, w, width) for u, w, width in listed if _usable(u)), key=lambda c: c[1], default=None)
    if best is not None:
        declared_w, declared_h = _declared_size(img)
        height = round(declared_h * best[2] / declared_w) if best[2] and declared_w and declared_h else None
        return choice(best[0], best[2], height)
    for attr in (*_LAZY_ATTRS, "src"):
        value = _expand((img.get(attr) or "").strip(), img)
        if _usable(value):
            return choice(value, *_declared_size(img))
    return _ImgChoice(None, None, None, ())


_TITLE_H1 = re.compile(r"product[-_ ]*(?:title|name)|title|name", re.IGNORECASE)


def _page_title(page: Selector, meta: dict[str, list[str]]) -> str | None:
    candidates = []
    for h1 in page.root.iter("h1"):
        if any(_elsewhere(a) for a in h1.iterancestors() if _tag(a) not in ("html", "body")):
            continue  # a logo or shop name in the header
        text = _clean(h1.text_content())
        if text:
            candidates.append((0 if any(_TITLE_H1.search(t) for t in _class_tokens(h1)) else 1, text))
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    site = _clean(_first(meta.get("og:site_name", []) + meta.get("application-name", [])))
    title = _clean(page.xpath("//title/text()").get())
    stripped = _strip_site_name(title, site)
    if stripped != title or not title:
        return stripped
    for separator in (*_TITLE_SEPARATORS[:3], " :: "):
        if separator in title:
            return title.split(separator, 1)[0].strip() or title
    return title


_PRICE_SELECTORS = (
    "[itemprop=price]",
    "[data-price-amount]",
    "[data-product-price]",
    ".product-info-main .price",
    ".summary .price",
    ".product__info-container .price",
    ".productView-price .price",
    ".product-single__price",
    ".product__price",
    ".product-price",
    ".price__current",
    ".current-price",
    ".sale-price",
    ".price",
    "[class*=price]",
    "[id*=price]",
)
_PRICE_NOISE = _parts(
    r"[a-z-]*compare[a-z-]*",
    r"was[a-z-]*",
    r"old[a-z-]*",
    r"[a-z-]*strike[a-z-]*",
    r"original[a-z-]*",
    r"visually-hidden[a-z-]*",
    r"sr-only",
    r"screen-reader[a-z-]*",
    r"hidden",
    r"unit-price",
    r"per-unit",
    r"rrp[a-z-]*",
    r"msrp[a-z-]*",
    r"price-*label",
    r"price--rrp",
)
# Containers of other products' prices: cards and list items of product grids.
_CARD = _parts(
    r"cards?[a-z-]*",
    r"[a-z-]*-card[a-z-]*",
    r"product-*(?:item|tile|miniature|loop|small)[a-z-]*",
    r"product-*thumb(?!nail)[a-z-]*",
)
_MONEY = re.compile(
    r"(?:(?:[A-Z]{3}|US\$|[$€£¥₹₩₺₽₪฿]|kr|zł|CHF)\s?\d[\d.,'\u00a0\u202f ]*\d|\d[\d.,'\u00a0\u202f ]*"
    r"(?:\s?(?:[$€£¥₹₩₺₽₪฿]|kr|zł|Kč)|\s(?:[A-Z]{3})(?![A-Za-z])))"
)


_LINE_THROUGH = re.compile(r"text-decoration[^;]*line-through", re.IGNORECASE)


def _struck(node: Any) -> bool:
    """Struck-through text is a former price: <del>, <s>, <strike> or an inline line-through."""
    return _tag(node) in ("del", "s", "strike") or bool(_LINE_THROUGH.search(node.get("style") or ""))


def _price_text(element: Any) -> str:
    """Visible price text: struck-through, compare-at and screen-reader parts left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if _tag(node) in ("script", "style", "") or _struck(node):
            return
        if any(_PRICE_NOISE.fullmatch(t) for t in _class_tokens(node)):
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join(parts)


def _page_price(page: Selector) -> tuple[str | None, str | None]:
    for selector in _PRICE_SELECTORS:
        for element in page.css(selector):
            node = element.root
            ancestors = [a for a in node.iterancestors() if _tag(a) not in ("html", "body")]
            if any(_elsewhere(a) or any(_CARD.search(t) for t in _class_tokens(a)) for a in ancestors):
                continue
            if any(_struck(a) for a in ancestors):
                continue
            amount = node.get("content") or node.get("data-price-amount")
            text = _price_text(node)
            price = normalise_price(amount, machine=True) if amount else None
            if price is None and re.search(r"\d", text):
                price = normalise_price(text)
            if price is not None and price not in ("0", "0.00"):
                return price, normalise_currency(text) if re.search(r"\D", text or "") else None
    return _price_in_text(page)


def _price_in_text(page: Selector) -> tuple[str | None, str | None]:
    """Last resort on pages that mark nothing up: the first amount with a currency beside it in the content."""
    body = page.root.find(".//body")
    if body is None:
        return None, None
    parts: list[str] = []

    def walk(node: Any) -> None:
        if _tag(node) in ("script", "style", "noscript", "") or _struck(node) or _elsewhere(node):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    for child in body:
        walk(child)
        parts.append(child.tail or "")
    match = _MONEY.search(" ".join(parts))
    return (normalise_price(match.group(0)), normalise_currency(match.group(0))) if match else (None, None)


def _from_page(page: Selector, meta: dict[str, list[str]]) -> _Found:
    found = _Found(title=_page_title(page, meta))
    found.price, found.currency = _page_price(page)
    found.images.extend(_platform_galleries(page))
    positions = {"gallery": 0, "page": 0}
    for element in page.root.iter():
        if _tag(element) != "img":
            # A gallery slide drawn as a CSS background (style="background-image: url(…)", data-bg, data-bgset).
            url = _background_image(element)
            if url and _place_of(element) == "gallery":
                found.images.append(ImageCandidate(url, "gallery", positions["gallery"]))
                positions["gallery"] += 1
            continue
        img = element
        chosen = _choose_img_url(img)
        for rendition in chosen.renditions:
            # Two images claiming one rendition (a shared placeholder) make it ambiguous: it maps to neither.
            known = found.renditions.setdefault(rendition, chosen.url or "")
            if known != chosen.url:
                found.renditions[rendition] = ""
        place = _place_of(img)
        if place is None or not chosen.url:
            continue
        alt = _clean(img.get("alt")) or _clean(img.get("title"))
        found.images.append(ImageCandidate(chosen.url, place, positions[place], alt, chosen.width, chosen.height))
        positions[place] += 1
    return found


_BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)


def _background_image(element: Any) -> str | None:
    for attr in ("data-bg", "data-background-image", "data-bg-src", "data-zoom-image"):
        value = (element.get(attr) or "").strip()
        if _usable(value) and _IMAGE_EXTENSION.search(value):
            return value
    bgset = element.get("data-bgset")
    if bgset:
        best = max(_srcset(bgset), key=lambda c: c[1], default=None)
        if best and _usable(best[0]):
            return best[0]
    match = _BACKGROUND_URL.search(element.get("style") or "")
    return match.group(1).strip() if match and _usable(match.group(1).strip()) else None


# --- galleries that platforms render from data ------------------------------------------------------------------


def _walk_json(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_json(item)


def _platform_galleries(page: Selector) -> list[ImageCandidate]:
    """Gallery images that exist only as data until a script renders them: Magento's `mage/gallery/gallery`
    configuration and the product JSON Shopify themes embed."""
    images: list[ImageCandidate] = []
    for raw in page.xpath("//script[@type='text/x-magento-init']/text()").getall():
        for document in _parse_json_lenient(raw):
            for node in _walk_json(document):
                gallery = node.get("mage/gallery/gallery")
                if not isinstance(gallery, dict) or not isinstance(gallery.get("data"), list):
                    continue
                entries = [e for e in gallery["data"] if isinstance(e, dict) and e.get("type", "image") == "image"]
                entries.sort(key=lambda e: (not e.get("isMain"), _int(e.get("position")) or 0))
                for entry in entries:
                    url = entry.get("full") or entry.get("img")
                    if isinstance(url, str):
                        images.append(ImageCandidate(url, "gallery", len(images), _clean(entry.get("caption"))))
    if not images:
        images.extend(_magento_style_gallery(page))
    product_json = page.xpath(
        "//script[@type='application/json'][contains(translate(@id, 'PRODUCTJSON', 'productjson'), 'productjson')"
        " or @data-product-json or contains(@id, 'product-json')]/text()"
    ).getall()
    for raw in product_json:
        for document in _parse_json_lenient(raw):
            product = document.get("product", document) if isinstance(document, dict) else None
            if not isinstance(product, dict):
                continue
            media = [m for m in product.get("media") or [] if isinstance(m, dict)]
            listed: list[tuple[Any, Any, Any, Any]] = [
                (m.get("src"), m.get("alt"), m.get("width"), m.get("height"))
                for m in media
                if m.get("media_type", "image") == "image"
            ] or [(u, None, None, None) for u in product.get("images") or []]
            for position, (url, alt, width, height) in enumerate(e for e in listed if isinstance(e[0], str) and e[0]):
                images.append(ImageCandidate(url, "gallery", position, _clean(alt), _int(width), _int(height)))
    # WooCommerce variable products: each variation's photo, in the form's data-product_variations JSON.
    start = len(images)
    for raw in page.xpath("//form[contains(@class, 'variations_form')]/@data-product_variations").getall():
        for document in _parse_json_lenient(raw):
            for variation in document if isinstance(document, list) else []:
                image = variation.get("image") if isinstance(variation, dict) else None
                if not isinstance(image, dict):
                    continue
                url = image.get("full_src") or image.get("url") or image.get("src")
                if isinstance(url, str) and url:
                    width, height = _int(image.get("full_src_w")), _int(image.get("full_src_h"))
                    alt = _clean(image.get("alt"))
                    images.append(ImageCandidate(url, "gallery", len(images) - start, alt, width, height))
    return images


_GALLERY_ENTRY = re.compile(r"\{[^{}]*\"full\"\s*:\s*\"[^\"]+\"[^{}]*\}")


def _magento_style_gallery(page: Selector) -> list[ImageCandidate]:
    """Magento's gallery entries ({"thumb", "img", "full", "caption", "position", "isMain"}) wherever a theme
    embeds them: Hyva and other Luma-free themes hand them to their own scripts instead of mage/gallery."""
    entries: list[dict[str, Any]] = []
    for raw in page.xpath("//script[not(@src)]/text()").getall():
        if '"thumb"' not in raw or '"full"' not in raw:
            continue
        for match in _GALLERY_ENTRY.finditer(raw):
            try:
                entry = json.loads(match.group(0))
            except ValueError:
                continue
            if isinstance(entry, dict) and {"thumb", "img", "full"} <= entry.keys():
                entries.append(entry)
    entries = [e for e in entries if e.get("type", "image") == "image" and isinstance(e.get("full"), str)]
    entries.sort(key=lambda e: (not e.get("isMain"), _int(e.get("position")) or 0))
    urls = list(dict.fromkeys(str(e["full"]) for e in entries))
    captions = {str(e["full"]): _clean(e.get("caption")) for e in entries}
    return [ImageCandidate(url, "gallery", position, captions[url]) for position, url in enumerate(urls)]


# --- currency from platform scripts -----------------------------------------------------------------------------

_SCRIPT_CURRENCY = re.compile(
    r"""(?:Shopify\.currency\s*=\s*\{\s*["']active["']\s*:\s*["']|["']currency(?:Code)?["']\s*:\s*["']|"""
    r"""currency_code["']?\s*[:=]\s*["'])([A-Z]{3})["']"""
)


def _currency_from_scripts(page: Selector) -> str | None:
    for script in page.xpath("//script/text()").getall():
        match = _SCRIPT_CURRENCY.search(script)
        if match and match.group(1) in ISO_CURRENCIES:
            return match.group(1)
    return None
