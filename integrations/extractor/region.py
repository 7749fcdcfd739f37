"""The country a page sells in, from what it says of itself: its locale (og:locale, <html lang>, the hreflang of
its own address) and its address's country domain. It decides what a shared currency symbol ("$", "¥", "kr")
stands for."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from integrations.extractor.values import first_text

_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?[-_](?P<region>[A-Za-z]{2})(?:$|[-_])")
# Country domains that are sold as generic names (.co, .io, .tv, .me…) say nothing of where a shop sells.
_GENERIC_CC = frozenset(
    {"co", "io", "tv", "me", "ai", "ly", "fm", "am", "to", "cc", "ws", "gg", "la", "sh", "so", "is"}
)
# A language alone, when the language is only spoken (as a shop's language) in one country with its own currency.
_LANGUAGE_REGIONS = {"ja": "JP", "da": "DK", "sv": "SE", "nb": "NO", "nn": "NO", "no": "NO", "pl": "PL", "cs": "CZ"}


def locale_region(locale: str | None) -> str | None:
    """The country of a locale ("es_AR", "zh-Hant-TW", "en-au" -> AR, TW, AU); a language spoken as a shop's
    language in one country only ("ja", "da", "sv", "pl") stands for it."""
    text = (locale or "").strip()
    if match := _LOCALE.match(text):
        return match.group("region").upper()
    return _LANGUAGE_REGIONS.get(text.lower())


def host_region(url: str | None) -> str | None:
    """The country of an address's country-code domain (demo.com.ar -> AR, shop.co.uk -> GB); None for .com and
    for country domains sold as generic names."""
    host = (urlsplit(url).hostname or "") if url else ""
    label = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(label) != 2 or not label.isalpha() or label in _GENERIC_CC:
        return None
    return "GB" if label == "uk" else label.upper()


def page_region(page: Selector, meta: dict[str, list[str]], page_url: str | None) -> str | None:
    """Where the page sells: og:locale, then the <html lang> region, the hreflang naming this very address, then
    its country domain. A language without a region counts last, and only where one country speaks it."""
    own = (urlsplit(page_url).path.rstrip("/") if page_url else None) or None
    hreflangs = [
        lang
        for link in page.xpath("//link[@hreflang][@href]")
        if (lang := link.attrib.get("hreflang", "")) and own and urlsplit(link.attrib["href"]).path.rstrip("/") == own
    ]
    locales = [first_text(meta.get("og:locale", [])), first_text(page.xpath("/html/@lang").getall()), *hreflangs]
    for locale in locales:
        if locale and _LOCALE.match(locale.strip()):
            return locale_region(locale)
    return host_region(page_url) or next((r for locale in locales if (r := locale_region(locale))), None)


_STATED_CODE = re.compile(r"""["']?(?:priceCurrency|currency(?:Code)?)["']?\s*[:=]\s*["']([A-Z]{3})["']""")


def stated_currencies(page: Selector, meta: dict[str, list[str]]) -> list[str]:
    """Currency codes the page states anywhere (priceCurrency in microdata or any JSON-LD node, og:price:currency,
    a script's currency code), in order, once each."""
    codes = [
        *page.xpath("//*[@itemprop='priceCurrency']/@content | //*[@itemprop='priceCurrency']/text()").getall(),
        *meta.get("product:price:currency", []),
        *meta.get("og:price:currency", []),
    ]
    for script in page.xpath("//script/text()").getall():
        codes += _STATED_CODE.findall(script)
    return list(dict.fromkeys(code.strip().upper() for code in codes if re.fullmatch(r"\s*[A-Za-z]{3}\s*", code)))
