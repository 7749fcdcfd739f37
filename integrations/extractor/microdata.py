"""The product a page's schema.org microdata describes (the outermost Product item)."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from integrations.extractor.img_elements import choose_img_url, declared_size
from integrations.extractor.model import Found, ImageCandidate
from integrations.extractor.prices import normalise_currency, normalise_price
from integrations.extractor.stock import clean_sku, normalise_availability
from integrations.extractor.values import clean_text, first_text

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
        return choose_img_url(element).url
    if tag in _SRC_TAGS:
        return element.get("src")
    if tag in _URL_PROPERTY_TAGS:
        return element.get(_URL_PROPERTY_TAGS[tag])
    if tag == "time" and element.get("datetime"):
        return element.get("datetime")
    if element.get("content"):
        return element.get("content")
    text = clean_text(element.text_content())
    # An element that is no link but carries its value in href all the same (<i itemprop="availability"
    # href="http://schema.org/InStock">): the value a shop meant.
    return text or element.get("href")


def _orphans(root: Any) -> dict[str, list[Any]]:
    """Properties outside any item (a theme's <meta itemprop="sku"> left apart from its product's scope): on a page
    with one product, its own."""
    props: dict[str, list[Any]] = {}
    for element in root.xpath("//*[@itemprop][not(ancestor::*[@itemscope])][not(@itemscope)]"):
        for name in (element.get("itemprop") or "").split():
            props.setdefault(name.lower(), []).append(element)
    return props


def from_microdata(page: Selector) -> Found:
    found = Found()
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
        return first_text(_md_value(e) for e in within.get(name, []))

    found.title = clean_text(first("name"))
    found.description = clean_text(first("description"))
    found.url = first("url")
    for brand in props.get("brand", []) + props.get("manufacturer", []):
        found.brand = clean_text(first("name", _itemprops(brand))) if brand.get("itemscope") is not None else None
        found.brand = found.brand or clean_text(_md_value(brand))
        if found.brand:
            break
    offers = [_itemprops(o) for o in props.get("offers", []) if o.get("itemscope") is not None]
    for holder in [*offers, props]:
        for key in ("price", "lowprice"):
            price = normalise_price(first(key, holder), machine=True)
            if price is not None:
                found.price = price
                found.currency = normalise_currency(first("pricecurrency", holder) or first("pricecurrency"))
                found.availability = normalise_availability(first("availability", holder))
                break
        if found.price:
            break
    found.availability = found.availability or next(
        (a for holder in [*offers, props] if (a := normalise_availability(first("availability", holder)))), None
    )
    found.sku = next(
        (
            sku
            for holder in [props, *offers, _orphans(root)]
            for key in ("sku", "mpn", "productid")
            if (sku := clean_sku(first(key, holder)))
        ),
        None,
    )
    if found.price and not found.currency:
        found.currency = normalise_currency(first("pricecurrency", _orphans(root)))
    for position, element in enumerate(props.get("image", [])):
        url = _md_value(element)
        if url:
            found.images.append(
                ImageCandidate(url, "microdata", position, clean_text(element.get("alt")), *declared_size(element))
            )
    return found
