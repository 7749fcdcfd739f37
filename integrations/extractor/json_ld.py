"""The product a page's JSON-LD describes: the best Product node, its offers, brand and images."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector

from integrations.extractor.embedded_json import parse_json_lenient
from integrations.extractor.model import Found, ImageCandidate
from integrations.extractor.prices import normalise_currency, normalise_price
from integrations.extractor.stock import clean_sku, normalise_availability
from integrations.extractor.values import clean_text, int_value

PRODUCT_TYPES = frozenset(
    {"product", "productgroup", "individualproduct", "productmodel", "someproducts", "vehicle", "car", "book"}
)


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
        documents.extend(parse_json_lenient(raw))
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


def from_json_ld(page: Selector, page_url: str | None = None) -> Found:
    documents = _json_ld_documents(page)
    graph = _Graph(documents)
    products = [graph.resolve(n) for n in _top_nodes(documents) if _is_product(graph.resolve(n))]
    found = Found()
    if not products:
        return found
    paths = _page_paths(page)
    product = max(products, key=lambda node: (_product_score(node, paths), -products.index(node)))
    variants = [v for v in graph.items(product.get("hasVariant")) if isinstance(v, dict)]
    found.title = clean_text(product.get("name"))
    found.description = clean_text(product.get("description"))
    found.brand = _brand(graph, product.get("brand")) or _brand(graph, product.get("manufacturer"))
    found.url = product.get("url") if isinstance(product.get("url"), str) else None
    selected = selected_variant(page_url)
    holders = [product, *variants]
    if selected:
        # The variant the address selects (Shopify's ?variant=): its offer, not the first variant's.
        holders.sort(key=lambda holder: not _names_variant(holder, selected))
    offer: dict[str, Any] | None = None
    chosen: dict[str, Any] = product
    for holder in holders:
        found.price, found.currency, offer = _offer_price(graph, holder.get("offers"), selected)
        if found.price:
            found.sku = _sku(holder) if holder is not product else None
            chosen = holder
            break
    if not found.currency:
        found.currency = normalise_currency(product.get("priceCurrency"))
    found.selects_variant = bool(selected) and (
        _names_variant(offer, selected or "") or _names_variant(chosen, selected or "")
    )
    found.sku = found.sku or _sku(offer or {}) or _sku(product)
    # The stock status is the chosen offer's, else any offer's that states one: an offer whose price does not
    # parse ("auf Anfrage", "") or an AggregateOffer's inner offers still say whether it can be bought.
    found.availability = normalise_availability((offer or {}).get("availability")) or next(
        (
            a
            for o in _all_offers(graph, [h.get("offers") for h in holders])
            if (a := normalise_availability(o.get("availability")))
        ),
        None,
    )
    position = 0
    for holder in (product, *variants):
        for url, width, height, caption in _images(graph, holder.get("image")):
            found.images.append(ImageCandidate(url, "json-ld", position, caption, width, height))
            position += 1
    return found


def _all_offers(graph: _Graph, values: list[Any]) -> Iterator[dict[str, Any]]:
    """Every offer under the given `offers` values, AggregateOffers' inner offers after them."""
    for value in values:
        for offer in graph.items(value):
            if isinstance(offer, dict):
                yield offer
                yield from _all_offers(graph, [offer.get("offers")])


def _page_paths(page: Selector) -> set[str]:
    hrefs = page.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content").getall()
    return {urlsplit(h.strip()).path.rstrip("/") for h in hrefs if h.strip()}


def _brand(graph: _Graph, value: Any) -> str | None:
    for item in graph.items(value):
        name = clean_text(item.get("name")) if isinstance(item, dict) else clean_text(item)
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
                caption = clean_text(item.get("caption") or item.get("name"))
                yield url.strip(), int_value(item.get("width")), int_value(item.get("height")), caption


_LIST_PRICE = re.compile(r"strikethrough|listprice|msrp|srp|wasprice|regular", re.IGNORECASE)
_SKU_KEYS = ("sku", "mpn", "productID", "productId")


def _sku(node: dict[str, Any]) -> str | None:
    """The item number a node names: its SKU, else its manufacturer part number or product id."""
    return next((sku for key in _SKU_KEYS if (sku := clean_sku(node.get(key)))), None)


def selected_variant(page_url: str | None) -> str | None:
    """The variant id an address selects (`?variant=123`, Shopify and many others), if any."""
    if not page_url:
        return None
    value = dict(parse_qsl(urlsplit(page_url).query)).get("variant", "")
    return value if value.isdigit() else None


def _names_variant(node: Any, variant: str) -> bool:
    if not isinstance(node, dict):
        return False
    for key in ("url", "@id", "sku", "productID"):
        value = node.get(key)
        if isinstance(value, str) and re.search(rf"(?:variant=|/){variant}(?:\D|$)|^{variant}$", value.strip()):
            return True
    return False


def _offer_price(
    graph: _Graph, offers: Any, variant: str | None = None
) -> tuple[str | None, str | None, dict[str, Any] | None]:
    """The price a buyer pays now: the selected variant's offer, else the first offer's price (or an
    AggregateOffer's lowest), never a list price; with the offer it comes from."""
    listed = [offer for offer in graph.items(offers) if isinstance(offer, dict)]
    if variant:
        listed.sort(key=lambda offer: not _names_variant(offer, variant))
    for offer in listed:
        specs = [s for s in graph.items(offer.get("priceSpecification")) if isinstance(s, dict)]
        specs = [s for s in specs if not _LIST_PRICE.search(str(s.get("priceType", "")))]
        for holder in (offer, *specs):
            for key in ("price", "lowPrice", "minPrice", "highPrice"):
                price = normalise_price(holder.get(key), machine=True)
                if price is not None:
                    currency = normalise_currency(holder.get("priceCurrency") or offer.get("priceCurrency"))
                    return price, currency, offer
        nested = offer.get("offers")
        if nested is not None:
            price, currency, inner = _offer_price(graph, nested, variant)
            if price is not None:
                return price, currency or normalise_currency(offer.get("priceCurrency")), inner
    return None, None, None
