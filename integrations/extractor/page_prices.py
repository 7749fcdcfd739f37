"""The price shown on the page itself, when no structured data names it."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from integrations.extractor.elements import class_tokens, tag_of, token_parts
from integrations.extractor.places import elsewhere
from integrations.extractor.prices import ISO_CURRENCIES, normalise_currency, normalise_price

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
_PRICE_NOISE = token_parts(
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
CARD = token_parts(
    r"cards?[a-z-]*",
    r"[a-z-]*-card[a-z-]*",
    r"product-*(?:item|tile|miniature|loop|small)[a-z-]*",
    r"product-*thumb(?!nail)[a-z-]*",
)
# An amount with its currency: digits grouped by threes (one separator between groups), cents after a mark, and a
# symbol or an ISO code right beside it, as a shop prints a price ("EAN13" or "11.784   €149" are not one).
_AMOUNT = r"\d{1,3}(?:[.,'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CODE = r"(?<![A-Za-z])(?:" + "|".join(sorted(ISO_CURRENCIES)) + r")(?![A-Za-z])"
_MONEY = re.compile(
    rf"(?:(?:{_CODE}|US\$|[$€£¥₹₩₺₽₪฿]|(?<![A-Za-z])kr\.?|zł)[\s\u00a0]?(?:{_AMOUNT})(?!\d)|"
    rf"(?<![\d.,])(?:{_AMOUNT})[\s\u00a0]?(?:[$€£¥₹₩₺₽₪฿円元₴]|kr\b|zł|Kč|\u0433\u0440\u043d|\u0440\u0443\u0431|{_CODE}))"
)


# A range of prices ("$54.97 - $138.28", "12,90 € - 19,90 €" or with an en dash, "from 5 to 9 €"): the price of a
# product whose size or colour is still to choose, no single price to pay.
_RANGE = re.compile(
    rf"(?:{_MONEY.pattern}|(?<![\d.,])(?:{_AMOUNT}))(?:\s*[-\u2013\u2014~]\s*|\s+(?:to|bis|à|a)\s+)(?:{_MONEY.pattern})",
    re.IGNORECASE,
)

_LINE_THROUGH = re.compile(r"text-decoration[^;]*line-through", re.IGNORECASE)


def _struck(node: Any) -> bool:
    """Struck-through text is a former price: <del>, <s>, <strike> or an inline line-through."""
    return tag_of(node) in ("del", "s", "strike") or bool(_LINE_THROUGH.search(node.get("style") or ""))


def _price_text(element: Any) -> str:
    """Visible price text: struck-through, compare-at and screen-reader parts left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if tag_of(node) in ("script", "style", "") or _struck(node):
            return
        if any(_PRICE_NOISE.fullmatch(t) for t in class_tokens(node)):
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join(parts)


def page_price(page: Selector, region: str | None = None) -> tuple[str | None, str | None]:
    for selector in _PRICE_SELECTORS:
        for element in page.css(selector):
            node = element.root
            ancestors = [a for a in node.iterancestors() if tag_of(a) not in ("html", "body")]
            if any(elsewhere(a, forms=False) or any(CARD.search(t) for t in class_tokens(a)) for a in ancestors):
                continue
            if any(_struck(a) or any(_PRICE_NOISE.fullmatch(t) for t in class_tokens(a)) for a in ancestors):
                continue  # inside a former price (Magento's old-price box, a struck-through or compare-at price)
            amount = node.get("content") or node.get("data-price-amount")
            text = _price_text(node)
            if not amount and _RANGE.search(text):
                return None, normalise_currency(text, region)  # a range until a size or colour is chosen
            price = normalise_price(amount, machine=True) if amount else None
            if price is None and re.search(r"\d", text):
                price = normalise_price(text)
            if price is not None and price not in ("0", "0.00"):
                return price, normalise_currency(text, region) if re.search(r"\D", text or "") else None
    return _price_in_text(page, region)


def _price_in_text(page: Selector, region: str | None = None) -> tuple[str | None, str | None]:
    """Last resort on pages that mark nothing up: the first amount with a currency beside it in the content."""
    body = page.root.find(".//body")
    if body is None:
        return None, None
    parts: list[str] = []

    def walk(node: Any) -> None:
        if tag_of(node) in ("script", "style", "noscript", "") or _struck(node) or elsewhere(node, forms=False):
            return
        if any(CARD.search(t) for t in class_tokens(node)):  # another product's card
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    for child in body:
        walk(child)
        parts.append(child.tail or "")
    match = _MONEY.search(" ".join(parts))
    return (normalise_price(match.group(0)), normalise_currency(match.group(0), region)) if match else (None, None)
