"""OpenGraph, Twitter card and other meta tags: title, price, share images."""

from __future__ import annotations

from parsel import Selector

from integrations.extractor.model import Found, ImageCandidate
from integrations.extractor.prices import normalise_currency, normalise_price, price_from_text
from integrations.extractor.stock import clean_sku, normalise_availability
from integrations.extractor.values import clean_text, first_text, int_value, rel_predicate


def meta_tags(page: Selector) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in page.xpath("//meta[@content]"):
        key = meta.attrib.get("property") or meta.attrib.get("name") or meta.attrib.get("itemprop")
        if key:
            tags.setdefault(key.strip().lower(), []).append(meta.attrib["content"].strip())
    return tags


def from_meta(meta: dict[str, list[str]], page: Selector, region: str | None = None) -> Found:
    site = clean_text(first_text(meta.get("og:site_name", []) + meta.get("application-name", [])))
    found = Found(
        title=strip_site_name(clean_text(first_text(meta.get("og:title", []) + meta.get("twitter:title", []))), site),
        description=clean_text(
            first_text(
                meta.get("og:description", []) + meta.get("description", []) + meta.get("twitter:description", [])
            )
        ),
        brand=clean_text(first_text(meta.get("product:brand", []) + meta.get("og:brand", []))),
        price=normalise_price(
            first_text(meta.get("product:price:amount", []) + meta.get("og:price:amount", []) + meta.get("price", [])),
            machine=True,
        ),
        currency=normalise_currency(
            first_text(meta.get("product:price:currency", []) + meta.get("og:price:currency", []))
            or first_text(meta.get("pricecurrency", []))
        ),
        sku=clean_sku(
            first_text(meta.get("product:retailer_item_id", []) + meta.get("product:sku", []) + meta.get("og:sku", []))
        ),
        availability=normalise_availability(
            first_text(meta.get("product:availability", []) + meta.get("og:availability", []))
        ),
        url=first_text(meta.get("og:url", [])),
    )
    if found.price is None:
        # Older Shopify themes put the price in a Twitter card: twitter:label1 "Price", twitter:data1 "$29.00".
        for index in ("1", "2"):
            if "price" in " ".join(meta.get(f"twitter:label{index}", [])).lower():
                found.price, found.currency = price_from_text(
                    first_text(meta.get(f"twitter:data{index}", [])) or "", region
                )
    found.images.extend(_og_images(page))
    for position, url in enumerate(meta.get("twitter:image", []) + meta.get("twitter:image:src", [])):
        found.images.append(ImageCandidate(url, "twitter", position))
    links = page.xpath(f"//link[{rel_predicate('image_src')}]/@href").getall()
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
                clean_text(value) if key == "og:image:alt" else last.alt,
                int_value(value) if key == "og:image:width" else last.width,
                int_value(value) if key == "og:image:height" else last.height,
            )
    return images


TITLE_SEPARATORS = (" | ", " \u2013 ", " \u2014 ", " - ", " :: ", " \u00b7 ", " \u00bb ")


def strip_site_name(title: str | None, site: str | None) -> str | None:
    """`Hoodie | My Shop` -> `Hoodie` when the suffix is the shop's name (Yoast and many themes append it)."""
    if not title:
        return title
    for separator in TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head and site and tail.strip().lower() == site.lower():
            return head.strip()
    return title
