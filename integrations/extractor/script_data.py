"""Galleries and currencies that platforms keep as data in scripts until a script renders them."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from parsel import Selector

from integrations.extractor.embedded_json import parse_json_lenient, walk_json
from integrations.extractor.model import ImageCandidate
from integrations.extractor.prices import ISO_CURRENCIES, normalise_price
from integrations.extractor.stock import clean_sku
from integrations.extractor.values import IMAGE_EXTENSION, clean_text, int_value

# Amazon's image block: `'colorImages': { 'initial': [{"hiRes": …, "large": …, "variant": "MAIN"}, …] }` (and
# `imageGalleryData` on older pages), one entry per photo of the selected colour.
_IMAGE_BLOCK = re.compile(r"""['"](?:colorImages|imageGalleryData)['"]\s*:\s*(?:\{\s*['"]initial['"]\s*:\s*)?(?=\[)""")
_BLOCK_KEYS = ("hiRes", "mainUrl", "large", "thumbUrl")


def image_block_gallery(page: Selector) -> list[ImageCandidate]:
    """The photos an image-block script lists for the product, largest rendition of each: `hiRes` when the
    shop has it, else `large` (a smaller file of the same photo, stored under its own name)."""
    images: list[ImageCandidate] = []
    decoder = json.JSONDecoder(strict=False)
    for raw in page.xpath("//script[not(@src)]/text()").getall():
        if "colorImages" not in raw and "imageGalleryData" not in raw:
            continue
        for match in _IMAGE_BLOCK.finditer(raw):
            try:
                entries, _ = decoder.raw_decode(raw, match.end())
            except ValueError:
                continue
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                url = next((entry[k] for k in _BLOCK_KEYS if isinstance(entry.get(k), str) and entry[k]), None)
                if url:
                    images.append(ImageCandidate(url, "gallery", len(images)))
            if images:
                return images
    return images


def platform_galleries(page: Selector) -> list[ImageCandidate]:
    """Gallery images that exist only as data until a script renders them: Magento's `mage/gallery/gallery`
    configuration, the product JSON Shopify themes embed, and Amazon-style image blocks."""
    images: list[ImageCandidate] = image_block_gallery(page)
    for raw in page.xpath("//script[@type='text/x-magento-init']/text()").getall():
        for document in parse_json_lenient(raw):
            for node in walk_json(document):
                gallery = node.get("mage/gallery/gallery")
                if not isinstance(gallery, dict) or not isinstance(gallery.get("data"), list):
                    continue
                entries = [e for e in gallery["data"] if isinstance(e, dict) and e.get("type", "image") == "image"]
                entries.sort(key=lambda e: (not e.get("isMain"), int_value(e.get("position")) or 0))
                for entry in entries:
                    url = entry.get("full") or entry.get("img")
                    if isinstance(url, str):
                        images.append(ImageCandidate(url, "gallery", len(images), clean_text(entry.get("caption"))))
    if not images:
        images.extend(_magento_style_gallery(page))
    product_json = page.xpath(
        "//script[@type='application/json'][contains(translate(@id, 'PRODUCTJSON', 'productjson'), 'productjson')"
        " or @data-product-json or contains(@id, 'product-json')]/text()"
    ).getall()
    for raw in product_json:
        for document in parse_json_lenient(raw):
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
                images.append(
                    ImageCandidate(url, "gallery", position, clean_text(alt), int_value(width), int_value(height))
                )
    # WooCommerce variable products: each variation's photo, in the form's data-product_variations JSON.
    start = len(images)
    for raw in page.xpath("//form[contains(@class, 'variations_form')]/@data-product_variations").getall():
        for document in parse_json_lenient(raw):
            for variation in document if isinstance(document, list) else []:
                image = variation.get("image") if isinstance(variation, dict) else None
                if not isinstance(image, dict):
                    continue
                url = image.get("full_src") or image.get("url") or image.get("src")
                if isinstance(url, str) and url:
                    width, height = int_value(image.get("full_src_w")), int_value(image.get("full_src_h"))
                    alt = clean_text(image.get("alt"))
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
    entries.sort(key=lambda e: (not e.get("isMain"), int_value(e.get("position")) or 0))
    urls = list(dict.fromkeys(str(e["full"]) for e in entries))
    captions = {str(e["full"]): clean_text(e.get("caption")) for e in entries}
    return [ImageCandidate(url, "gallery", position, captions[url]) for position, url in enumerate(urls)]


# Application state that JavaScript storefronts serialise into the page: Next.js, Nuxt, Apollo, Redux.
_STATE_ASSIGNMENT = re.compile(
    r"window\.(?:__NUXT__|__APOLLO_STATE__|__INITIAL_STATE__|__PRELOADED_STATE__|__STATE__)\s*=\s*(?=[\[{])"
)
_IMAGE_LIST_KEYS = re.compile(r"images?|gallery|media|photos?|pictures?|imageurls?|assets|mediagallery", re.I)
_NAME_KEYS = ("name", "title", "productName", "displayName")
_URL_KEYS = ("zoom", "hiRes", "large", "full", "original", "src", "url", "imageUrl", "href")
_IMAGE_URL = re.compile(r"^(?:https?:)?//|^/[^/]", re.I)


def state_gallery(page: Selector, title: str) -> list[ImageCandidate]:
    """The gallery of the product named `title` in a storefront's serialised state (`__NEXT_DATA__`,
    `__NUXT__`, Apollo or Redux state, any JSON script): the image list of the first object whose name is the
    product's. Naming the product is what keeps recommendations and other colours' pictures out."""
    documents: list[Any] = []
    for raw in page.xpath("//script[@type='application/json' or @id='__NEXT_DATA__']/text()").getall():
        documents.extend(parse_json_lenient(raw))
    decoder = json.JSONDecoder(strict=False)
    for raw in page.xpath("//script[not(@src) and not(@type)]/text()").getall():
        for match in _STATE_ASSIGNMENT.finditer(raw):
            with contextlib.suppress(ValueError):
                documents.append(decoder.raw_decode(raw, match.end())[0])
    wanted = title.casefold().strip()
    for document in documents:
        for node in walk_json(document):
            name = next((node[k] for k in _NAME_KEYS if isinstance(node.get(k), str)), None)
            if not name or name.casefold().strip() != wanted:
                continue
            for key, value in node.items():
                if isinstance(key, str) and _IMAGE_LIST_KEYS.fullmatch(key) and isinstance(value, list):
                    urls = [url for url in map(_state_image_url, value) if url]
                    if urls:
                        return [ImageCandidate(url, "gallery", position) for position, url in enumerate(urls)]
    return []


def _state_image_url(value: Any) -> str | None:
    if isinstance(value, str):
        return value if _IMAGE_URL.match(value) and IMAGE_EXTENSION.search(value) else None
    if isinstance(value, dict):
        if value.get("type", "image") not in ("image", "IMAGE", "Image") or value.get("mediaType") == "VIDEO":
            return None
        for key in _URL_KEYS:
            found = _state_image_url(value.get(key))
            if found:
                return found
        for nested in ("image", "node", "file"):
            if isinstance(value.get(nested), dict):
                return _state_image_url(value[nested])
    return None


def selected_variant_offer(page: Selector, variant: str) -> tuple[str | None, str | None, str | None]:
    """(price, sku, availability) of the variant the address selects, from the product JSON Shopify themes embed
    (`ProductJson-…`, `data-product-json`) or the analytics `meta` object: the og:price:amount such a page
    carries is the first variant's. Shopify writes prices there in cents."""
    sources = page.xpath(
        "//script[@type='application/json'][contains(translate(@id, 'PRODUCTJSON', 'productjson'), 'productjson')"
        " or @data-product-json or contains(@id, 'product-json')]/text()"
    ).getall()
    for raw in page.xpath("//script[not(@src)]/text()").getall():
        if "ShopifyAnalytics" in raw and (match := re.search(r"var meta\s*=\s*(\{.*?\});", raw, re.S)):
            sources.append(match.group(1))
    for raw in sources:
        for document in parse_json_lenient(raw):
            for node in walk_json(document):
                variants = node.get("variants")
                for entry in variants if isinstance(variants, list) else []:
                    if isinstance(entry, dict) and str(entry.get("id")) == variant:
                        return _cents(entry.get("price")), clean_sku(entry.get("sku")), _stock(entry)
    return None, None, None


def _cents(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return normalise_price(f"{value // 100}.{value % 100:02d}", machine=True)
    return normalise_price(value, machine=True) if isinstance(value, str) and "." in value else None


def _stock(entry: dict[str, Any]) -> str | None:
    available = entry.get("available")
    return None if not isinstance(available, bool) else ("InStock" if available else "OutOfStock")


_SCRIPT_CURRENCY = re.compile(
    r"""(?:Shopify\.currency\s*=\s*\{\s*["']active["']\s*:\s*["']|["']currency(?:Code)?["']\s*:\s*["']|"""
    r"""currency_code["']?\s*[:=]\s*["'])([A-Z]{3})["']"""
)


def currency_from_scripts(page: Selector) -> str | None:
    for script in page.xpath("//script/text()").getall():
        match = _SCRIPT_CURRENCY.search(script)
        if match and match.group(1) in ISO_CURRENCIES:
            return match.group(1)
    return None
