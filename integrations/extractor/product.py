"""Extracting a page's product: every source read, then merged in order of trust."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from parsel import Selector

from integrations.extractor.json_ld import from_json_ld, selected_variant
from integrations.extractor.meta import from_meta, meta_tags
from integrations.extractor.microdata import from_microdata
from integrations.extractor.model import ExtractedProduct, ImageCandidate
from integrations.extractor.page import from_page
from integrations.extractor.prices import REGION_CURRENCIES, SHARED_SYMBOLS
from integrations.extractor.region import page_region, stated_currencies
from integrations.extractor.script_data import currency_from_scripts, selected_variant_offer, state_gallery
from integrations.extractor.titles import TitleSources, choose_title, page_heading, site_names
from integrations.extractor.values import absolute_url, clean_text, first_text, rel_predicate

MAX_DESCRIPTION = 5000


def extract_product(html: str, page_url: str) -> ExtractedProduct:
    """Everything the page says about its product; image URLs absolute, resolved against `<base>` or the page."""
    page = Selector(text=html if html and html.strip() else "<html></html>")
    meta = meta_tags(page)
    canonical_href = first_text(page.xpath(f"//link[{rel_predicate('canonical')}]/@href").getall())
    page_base = page_url if urlsplit(page_url).scheme in ("http", "https") else None
    canonical = absolute_url(canonical_href, page_base) if canonical_href else None
    fallback = page_base or canonical or absolute_url(first_text(meta.get("og:url", [])), None)
    base_href = first_text(page.xpath("//base/@href").getall())
    base = absolute_url(base_href, fallback) if base_href else fallback

    region = page_region(page, meta, page_base)
    sources = [
        from_json_ld(page, page_url),
        from_microdata(page),
        from_meta(meta, page, region),
        from_page(page, meta, region),
    ]
    # A thumbnail that is one of the renditions a gallery <img> lists (its 400w srcset entry, say) is that image.
    renditions = {
        absolute: target
        for rendition, chosen in sources[-1].renditions.items()
        if chosen and (absolute := absolute_url(rendition, base)) and (target := absolute_url(chosen, base))
    }
    result = ExtractedProduct(canonical_url=canonical)
    for found in sources:
        for name in ("title", "description", "brand", "sku", "availability"):
            if not getattr(result, name) and getattr(found, name):
                setattr(result, name, getattr(found, name))
        # Price and currency are one offer's: a currency comes with its price, or from a source that names the
        # same amount (or none), never from another offer (og:price in the shop's other market, say).
        if not result.price and found.price:
            result.price, result.currency = found.price, found.currency or result.currency
        elif not result.currency and found.currency and (not found.price or _same_amount(found.price, result.price)):
            result.currency = found.currency
        if not result.canonical_url and found.url:
            result.canonical_url = absolute_url(found.url, base)
        for image in found.images:
            url = absolute_url(image.url, base)
            larger = renditions.get(url) if url else None
            if larger and larger != url:
                # A thumbnail standing for the gallery image it is a rendition of: its declared size is its own.
                result.images.append(ImageCandidate(larger, image.source, image.position, image.alt))
            elif url:
                result.images.append(
                    ImageCandidate(url, image.source, image.position, image.alt, image.width, image.height)
                )
    variant = selected_variant(page_url)
    if variant and not sources[0].selects_variant:
        price, sku, availability = selected_variant_offer(page, variant)
        if price:
            result.price, result.sku = price, sku or result.sku
            result.availability = availability or result.availability
    structured_brand = sources[0].brand or sources[1].brand
    result.title = choose_title(
        _title_sources(page, meta, page_url, sources[0].title or sources[1].title, structured_brand)
    ) or (result.title)
    if result.title:
        for image in state_gallery(page, result.title):
            if url := absolute_url(image.url, base):
                result.images.append(ImageCandidate(url, image.source, image.position))
    if result.price and not result.currency:
        result.currency = currency_from_scripts(page) or REGION_CURRENCIES.get(region or "")
    result.currency = _stated_instead_of_default(result.currency, stated_currencies(page, meta))
    if result.description and len(result.description) > MAX_DESCRIPTION:
        result.description = result.description[:MAX_DESCRIPTION].rsplit(" ", 1)[0] + "…"
    return result


def _stated_instead_of_default(currency: str | None, stated: list[str]) -> str | None:
    """A bare "$" read as USD (or "¥" as JPY) on a page that states one other currency printing the same symbol
    (priceCurrency ARS in another node, say), and never USD, is that currency."""
    for codes in SHARED_SYMBOLS.values():
        if currency == codes[0] and currency not in stated:
            others = [code for code in stated if code in codes]
            if len(others) == 1:
                return others[0]
    return currency


def _same_amount(one: str | None, other: str | None) -> bool:
    try:
        return one is not None and other is not None and Decimal(one) == Decimal(other)
    except InvalidOperation:
        return False


def _title_sources(
    page: Selector, meta: dict[str, list[str]], page_url: str, structured: str | None, brand: str | None = None
) -> TitleSources:
    heading, parts = page_heading(page.root)
    declared = meta.get("og:site_name", []) + meta.get("application-name", [])
    return TitleSources(
        structured=structured,
        share=clean_text(first_text(meta.get("og:title", []) + meta.get("twitter:title", []))),
        document=clean_text(page.xpath("//title/text()").get()),
        heading=heading,
        heading_parts=parts,
        site_names=site_names(page_url, (clean_text(name) for name in declared)),
        brand=brand,
        language=first_text(page.xpath("/html/@lang").getall() + meta.get("og:locale", [])),
    )
