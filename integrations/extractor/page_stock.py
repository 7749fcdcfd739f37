"""The stock message and item number the page itself shows, when no structured data names them."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from integrations.extractor.elements import class_tokens, tag_of
from integrations.extractor.page_prices import CARD
from integrations.extractor.places import elsewhere
from integrations.extractor.stock import SKU_LABEL, clean_sku, normalise_availability
from integrations.extractor.values import clean_text

# Containers of a stock message: WooCommerce "stock in-stock", Magento "stock available", Amazon #availability,
# Shopify themes' "product__inventory", SFCC "availability-msg".
_STOCK_TOKEN = re.compile(
    r"(?:product-*|item-*|cur(?:rent)?-*)?(?:availability|stock|inventory)(?:-*(?:status|msg|message|info|level|label|text|state))?|"
    r"(?:in|out-of|low|no)-*stock|[a-z-]*-(?:in|out-of)-stock"
)
# Containers of the item number: "sku", "product-sku", "product_meta .sku_wrapper .sku", "item-number".
_SKU_TOKEN = re.compile(
    r"(?:product-*|variant-*)?sku(?:-*(?:value|number|code))?|(?:item|article|product)-*(?:number|no)"
)
_SKU_LABEL = re.compile(
    r"^\s*(?:sku|item\s*(?:#|no\.?|number)|article\s*(?:no\.?|number)|art\.?-?nr\.?|product\s*(?:#|code|id|number)|"
    r"ref(?:erence)?\.?|id)\s*[:#.]?\s*",
    re.IGNORECASE,
)


def _in_other_product(element: Any) -> bool:
    ancestors = [a for a in element.iterancestors() if tag_of(a) not in ("html", "body")]
    return any(elsewhere(a, forms=False) or any(CARD.search(t) for t in class_tokens(a)) for a in [element, *ancestors])


def _visible_text(element: Any) -> str:
    parts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
    return clean_text(" ".join(parts)) or ""


# "Availability: In Stock", "Verfügbarkeit: sofort lieferbar", "Disponibilité : en stock", "Dostępność: …".
_STOCK_LABEL = re.compile(
    r"(?:^|[^\w])(?:availability|in stock|stock status|stock|verfügbarkeit|lieferbarkeit|lagerstatus|disponibilit[ée]|"
    r"disponibilidad|disponibilità|beschikbaarheid|voorraad|dostępność|dostupnost|наличие|lagerstatus)\s*[:\uff1a]",
    re.IGNORECASE,
)


def labelled_availability(page: Selector) -> str | None:
    """A stock message printed after its label in a short line of the product's own area."""
    for element in page.root.iter():
        if tag_of(element) in ("script", "style", "option", "textarea", ""):
            continue
        texts = [element.text or "", *(child.tail or "" for child in element)]
        if not any(_STOCK_LABEL.search(text) for text in texts) or _in_other_product(element):
            continue
        line = _visible_text(element)
        match = _STOCK_LABEL.search(line) if len(line) <= 120 else None
        if match and (found := normalise_availability(line[match.end() :][:60])):
            return found
    return None


def page_availability(page: Selector) -> str | None:
    """The stock message of the product's own buying area, as a schema.org value."""
    for element in page.root.iter():
        if tag_of(element) in ("script", "style", "option", "select", "") or not any(
            _STOCK_TOKEN.fullmatch(t) for t in class_tokens(element)
        ):
            continue
        if _in_other_product(element):
            continue
        found = normalise_availability(_visible_text(element)[:200])
        if found:
            return found
    return labelled_availability(page)


def page_sku(page: Selector) -> str | None:
    """The item number the page shows beside the product: a "SKU: …" line, or a platform's item field
    (Amazon's ASIN form field)."""
    for value in page.xpath("//input[@name='ASIN' or @id='ASIN']/@value").getall():
        if sku := clean_sku(value):
            return sku
    for element in page.root.iter():
        if tag_of(element) in ("script", "style", "") or not any(
            _SKU_TOKEN.fullmatch(t) for t in class_tokens(element)
        ):
            continue
        if _in_other_product(element) or tag_of(element) in ("form", "input", "button"):
            continue
        text = _SKU_LABEL.sub("", _visible_text(element))
        if sku := clean_sku(text):
            return sku
    return labelled_sku(page)


_LABEL_IN_TEXT = re.compile(rf"(?:^|[^\w.])(?:{SKU_LABEL})(?![^\W\d_])", re.IGNORECASE)
_LABELLED_CODE = re.compile(
    rf"(?:^|[^\w.])(?:{SKU_LABEL})(?![^\W\d_])\s*[:\uff1a#.]?\s*(?P<code>[A-Za-z0-9][\w./-]*\d[\w./-]*|\d[\w./-]*)(?=\s|$|[,;)|])",
    re.IGNORECASE,
)


def labelled_sku(page: Selector) -> str | None:
    """An item number printed after its label in the product's own area ("Réf. : PL-2231", "In Stock - Item
    #601576", a "MPN: | 724819255917" specification row, "型番 IGA-DN8"): where a text of the page names the label,
    the short line around it (the element, or up to two elements above it) read for the code that follows. The
    code must have a digit in it: "Model: Classic" names no item number."""
    for element in page.root.iter():
        if tag_of(element) in ("script", "style", "option", "textarea", ""):
            continue
        texts = [element.text or "", *(child.tail or "" for child in element)]
        if not any(_LABEL_IN_TEXT.search(text) for text in texts) or _in_other_product(element):
            continue
        holder = element
        for _ in range(3):
            line = _visible_text(holder)
            if len(line) > 160:
                break
            if (match := _LABELLED_CODE.search(line)) and (sku := clean_sku(match.group("code"))):
                return sku
            holder = holder.getparent()
            if holder is None:
                break
    return None
