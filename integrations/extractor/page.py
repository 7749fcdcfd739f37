"""What the page itself shows: the product's heading, its price and the images in its gallery."""

from __future__ import annotations

from parsel import Selector

from integrations.extractor.elements import tag_of
from integrations.extractor.img_elements import background_image, choose_img_url
from integrations.extractor.meta import TITLE_SEPARATORS, strip_site_name
from integrations.extractor.model import Found, ImageCandidate
from integrations.extractor.page_prices import page_price
from integrations.extractor.page_stock import page_availability, page_sku
from integrations.extractor.places import place_of
from integrations.extractor.script_data import platform_galleries
from integrations.extractor.titles import page_heading
from integrations.extractor.values import clean_text, first_text


def _page_title(page: Selector, meta: dict[str, list[str]]) -> str | None:
    """The product's heading (the one heading picker, titles.page_heading), else the document title without the
    site's name."""
    heading, _ = page_heading(page.root)
    if heading:
        return heading
    site = clean_text(first_text(meta.get("og:site_name", []) + meta.get("application-name", [])))
    title = clean_text(page.xpath("//title/text()").get())
    stripped = strip_site_name(title, site)
    if stripped != title or not title:
        return stripped
    for separator in (*TITLE_SEPARATORS[:3], " :: "):
        if separator in title:
            return title.split(separator, 1)[0].strip() or title
    return title


def from_page(page: Selector, meta: dict[str, list[str]], region: str | None = None) -> Found:
    """`region`: the country the page sells in (integrations.extractor.region), for a shared symbol such as "$"."""
    found = Found(title=_page_title(page, meta), sku=page_sku(page), availability=page_availability(page))
    found.price, found.currency = page_price(page, region)
    found.images.extend(platform_galleries(page))
    positions = {"gallery": 0, "page": 0}
    for element in page.root.iter():
        if tag_of(element) != "img":
            # A gallery slide drawn as a CSS background (style="background-image: url(…)", data-bg, data-bgset).
            url = background_image(element)
            if url and place_of(element) == "gallery":
                found.images.append(ImageCandidate(url, "gallery", positions["gallery"]))
                positions["gallery"] += 1
            continue
        img = element
        chosen = choose_img_url(img)
        for rendition in chosen.renditions:
            # Two images claiming one rendition (a shared placeholder) make it ambiguous: it maps to neither.
            known = found.renditions.setdefault(rendition, chosen.url or "")
            if known != chosen.url:
                found.renditions[rendition] = ""
        place = place_of(img)
        if place is None or not chosen.url:
            continue
        alt = clean_text(img.get("alt")) or clean_text(img.get("title"))
        found.images.append(ImageCandidate(chosen.url, place, positions[place], alt, chosen.width, chosen.height))
        positions[place] += 1
    return found
