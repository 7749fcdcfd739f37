"""Stock status and the shop's item number, as pages write them, read as schema.org values."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from integrations.extractor.values import clean_text

# schema.org ItemAvailability values a product page can state, as `vitrine extract` reports them.
AVAILABILITIES = (
    "InStock",
    "OutOfStock",
    "PreOrder",
    "PreSale",
    "BackOrder",
    "Discontinued",
    "LimitedAvailability",
    "SoldOut",
    "InStoreOnly",
    "OnlineOnly",
    "MadeToOrder",
)
_BY_KEY = {value.lower(): value for value in AVAILABILITIES}
# Codes and words platforms and feeds use (Facebook/Google catalog "in stock", WooCommerce "instock",
# Shopify "in_stock", "oos"), in English and the languages of the shops we read.
_KEYS = {
    **_BY_KEY,
    "available": "InStock",
    "availablenow": "InStock",
    "instockonline": "InStock",
    "oos": "OutOfStock",
    "unavailable": "OutOfStock",
    "notavailable": "OutOfStock",
    "notinstock": "OutOfStock",
    "nostock": "OutOfStock",
    "availableforpreorder": "PreOrder",
    "availablefororder": "BackOrder",
    "onbackorder": "BackOrder",
    "backordered": "BackOrder",
    "limitedstock": "LimitedAvailability",
    "madetoorder": "MadeToOrder",
    "disponible": "InStock",
    "nondisponible": "OutOfStock",
    "agotado": "SoldOut",
    "esaurito": "SoldOut",
    "ausverkauft": "SoldOut",
    "epuise": "SoldOut",
    "lieferbar": "InStock",
    "auflager": "InStock",
    "enstock": "InStock",
    "rupturedestock": "OutOfStock",
    "nichtlieferbar": "OutOfStock",
    "disponibile": "InStock",
    "nondisponibile": "OutOfStock",
    "dostepny": "InStock",
    "niedostepny": "OutOfStock",
    "esgotado": "SoldOut",
    "esgotada": "SoldOut",
    "indisponivel": "OutOfStock",
    "uitverkocht": "SoldOut",
    "oplager": "InStock",
    "ilager": "InStock",
    "palager": "InStock",
    "udsolgt": "SoldOut",
    "slutsald": "SoldOut",
    "utsald": "SoldOut",
}
# Phrases in visible stock messages, most specific first: "not in stock" before "in stock", "unavailable" before
# "available". "Only 3 left in stock" is in stock: limited availability is what a page says in those words.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), value)
    for pattern, value in (
        (r"\bpre-?\s?orders?\b|\bprecompra\b|\bvorbestell", "PreOrder"),
        (r"\bback-?\s?order", "BackOrder"),
        (r"\bdiscontinued\b|\bno longer (?:available|made|sold)\b", "Discontinued"),
        (
            r"\bsold\s?out\b|\bausverkauft\b|\bagotado\b|\bépuisé\b|\besaurito\b|\besgotad[oa]\b|\buitverkocht\b|"
            r"\budsolgt\b|\bslutsåld\b|\butsåld\b|売り切れ|品切れ|售完|已售完",
            "SoldOut",
        ),
        (
            r"\bout of stock\b|\bnot (?:in stock|available)\b|\bcurrently unavailable\b|\bunavailable\b|"
            r"\bnon disponible\b|\bnicht (?:lieferbar|verfügbar)\b|\bno disponible\b|\brupture de stock\b|"
            r"\bnon disponibile\b|\bniedostępny\b|\bindisponível\b|\bniet (?:op voorraad|leverbaar)\b|"
            r"\bikke på lager\b|\binte i lager\b|在庫なし|在庫切れ|缺貨|无货|нет в наличии|немає в наявності",
            "OutOfStock",
        ),
        (r"\bin[- ]store only\b|\bonly in stores?\b", "InStoreOnly"),
        (r"\bonline only\b", "OnlineOnly"),
        (r"\blimited (?:stock|availability)\b", "LimitedAvailability"),
        (
            r"\bin stock\b|\bonly \d+ left\b|\ben stock\b|\bauf lager\b|\bsofort lieferbar\b|\ben existencia\b|"
            r"\bdisponible\b|\bavailable (?:now|instantly|to ship|for (?:delivery|shipping))\b|\bready to ship\b|"
            r"\bships (?:today|now)\b|\bdisponibile\b|\bdostępny\b|\bdisponível\b|\bem estoque\b|\bop voorraad\b|"
            r"\bpå lager\b|\bi lager\b|在庫あり|有現貨|有货|現貨|в наличии|в наявності|\bskladom\b|\bna skladě\b|"
            r"\bna stanie\b|\braktáron\b",
            "InStock",
        ),
    )
)


def normalise_availability(value: Any) -> str | None:
    """A schema.org availability ("InStock", "OutOfStock", "PreOrder", …) from what a page says: a schema.org
    URL or name, a feed code ("in stock", "instock", "in_stock", "oos") or a visible stock message
    ("Only 3 left in stock!", "Currently unavailable."). None when it says none of these."""
    text = clean_text(value)
    if not text:
        return None
    name = re.split(r"[/#:]", text.strip().rstrip("/"))[-1]
    key = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", name.lower()))
    if key in _KEYS:
        return _KEYS[key]
    if len(text) > 200:
        return None  # a paragraph, not a stock message
    for pattern, availability in _PHRASES:
        if pattern.search(text):
            return availability
    return None


# Labels shops print before an item number, in the languages of the shops we read: "SKU: X", "Réf. : X",
# "Art.-Nr. X", "Kod produktu: X", "Varenr.: X", "型番 X", "商品編號 X", and a book's "ISBN: 978-…".
SKU_LABEL = (
    r"(?:sku|ugs|upc|isbn(?:[-\s]?1[03])?|item\s*(?:#|no\.?|number|code)|article\s*(?:#|no\.?|number)|art(?:ikel)?\.?\s*-?\s*nr\.?|"
    r"artikel-?nummer|artikelnr\.?|bestell-?(?:nr\.?|nummer)|r[ée]f(?:[ée]rence)?\.?|referencia|refer[êe]ncia|"
    r"c[óo]d(?:igo|\.)?(?:\s*(?:de\s+)?(?:art[ií]culo|produto|producto|articolo|art\.))?|codice(?:\s+articolo)?|"
    r"kod(?:\s+produktu)?|varenr\.?|varenummer|artnr\.?|product\s*(?:#|code|id|number|no\.?)|"
    r"model(?:\s*(?:no\.?|number))?|modell|modelo|modello|mpn|part\s*(?:#|no\.?|number)|"
    r"型番|品番|商品番号|商品編號|商品编号|货号|貨號|編號|编号|код(?:\s+товара)?|артикул|арт\.)"
)
# A label is followed by a separator (a colon, "#", a full stop or a space; none after a label in a script without
# spaces, "型番ABC-1"): "SKU-MUG" is a code that starts with a label's letters, not the label "SKU" and "-MUG".
_LABEL_PREFIX = re.compile(
    rf"^\s*{SKU_LABEL}(?![^\W\d_])(?:\s*[:\uff1a#.]\s*|\s+|(?<=[^\x00-\x7f]))(?=\S)", re.IGNORECASE
)
# A code with a digit in it, and at most a few plain words after it (the product's kind: "CA304103-0000 Montre").
_CODE_THEN_WORDS = re.compile(r"^(?P<code>[^\s]*\d[^\s]*)(?:\s+[^\d\s]+){1,3}$")


def strip_sku_label(text: str) -> str:
    """An item number without the label printed before it, nor the plain words printed after it."""
    value = _LABEL_PREFIX.sub("", text, count=1)
    if match := _CODE_THEN_WORDS.match(value):
        return match.group("code")
    return value


def clean_sku(value: Any) -> str | None:
    """An item number as the shop shows it: one token-ish value, not a sentence and not a URL, without its label."""
    text = clean_text(value)
    if text:
        text = strip_sku_label(text)
    if not text or len(text) > 64 or text.lower() in ("null", "none", "undefined", "n/a", "-"):
        return None
    if text.startswith(("http://", "https://", "/")) or len(text.split()) > 3:
        return None
    return text
