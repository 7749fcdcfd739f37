"""Prices and currencies as written on pages, read as a decimal string and an ISO 4217 code."""

from __future__ import annotations

import re
from typing import Any

from integrations.extractor.values import clean_text

_NUMBER = re.compile(r"\d[\d\s.,'\u00a0\u202f]*")
_SYMBOLS = {
    "US$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "₽": "RUB",
    "₪": "ILS",
    "₫": "VND",
    "฿": "THB",
    "₱": "PHP",
    "zł": "PLN",
    "kč": "CZK",
    "chf": "CHF",
    "円": "JPY",
    "元": "CNY",
    "грн": "UAH",
    "₴": "UAH",
    "\u0440\u0443\u0431": "RUB",
}
# Crowns print "kr" (Denmark "kr."): a word of its own, and only a currency once the page's country is known.
_CROWN_RE = re.compile(r"(?<![^\W\d_])kr\.?(?![^\W\d_])", re.IGNORECASE)
_SYMBOL_RE = re.compile(
    "|".join(
        re.escape(s) if not (s.isascii() and s.isalpha()) else rf"(?<![^\W\d_]){re.escape(s)}(?![^\W\d_])"
        for s in sorted(_SYMBOLS, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
# Codes a shop is likely to show; an arbitrary three letters next to a number ("PCS 3") is no currency.
_ISO_CODES = (
    "USD EUR GBP JPY CNY INR KRW CAD AUD NZD CHF SEK NOK DKK PLN CZK HUF RON BGN HRK RUB UAH TRY ILS AED SAR QAR "
    "KWD BHD OMR EGP ZAR NGN KES MAD BRL MXN ARS CLP COP PEN UYU SGD HKD TWD THB VND IDR MYR PHP PKR BDT LKR ISK "
    "RSD GEL KZT"
)
ISO_CURRENCIES = frozenset(_ISO_CODES.split())
# Every active ISO 4217 code (and a few recently retired ones pages still print): what a priceCurrency may say.
# A code outside it ("UAN" for the hryvnia) is a typo, read as no currency, so the page's symbol decides.
_OTHER_CODES = (
    "AFN ALL AMD ANG AOA AWG AZN BAM BBD BIF BMD BND BOB BSD BTN BWP BYN BZD CDF CRC CUP CVE DJF DOP DZD "
    "ERN ETB FJD FKP GHS GIP GMD GNF GTQ GYD HNL HTG IQD IRR JMD JOD KGS KHR KMF KPW KYD LAK LBP LRD LSL "
    "LYD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MZN NAD NIO NPR PAB PGK PYG RWF SBD SCR SDG SHP SLE SLL "
    "SOS SRD SSP STN SVC SYP SZL TJS TMT TND TOP TTD TZS UGX UZS VES VUV WST XAF XCD XOF XPF YER ZMW ZWL "
    "BYR VEF LTL LVL EEK "
)
ALL_ISO_CURRENCIES = ISO_CURRENCIES | frozenset(_OTHER_CODES.split())
_ISO_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(ISO_CURRENCIES)) + r")(?![A-Za-z])")


_MACHINE_NUMBER = re.compile(r"\s*(\d+)(?:\.(\d+))?\s*")


def normalise_price(value: Any, machine: bool = False) -> str | None:
    """A price as a plain decimal string: `"$1,299.00"` -> `"1299.00"`, `"29,90 €"` -> `"29.90"`, `29.0` -> `"29.00"`.

    Digits are kept as written; only grouping separators go and the decimal mark becomes a dot. A single
    fractional digit (a JSON number such as 29.5) is padded to two, as every shop shows it. `machine` says the
    value comes from structured data, where a dot is always the decimal mark ("12.500" is twelve and a half).
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    strict = _MACHINE_NUMBER.fullmatch(text) if machine else None
    if strict:
        fraction = (strict.group(2) or "").rstrip("0").ljust(2, "0") if strict.group(2) else ""
        return f"{strict.group(1).lstrip('0') or '0'}" + (f".{fraction}" if fraction else "")
    match = _NUMBER.search(text)
    if not match:
        return None
    number = re.sub(r"[\s'\u00a0\u202f]", "", match.group(0)).strip(".,")
    if not number:
        return None
    last_dot, last_comma = number.rfind("."), number.rfind(",")
    decimal_at = max(last_dot, last_comma)
    if decimal_at >= 0:
        integer, fraction = number[:decimal_at], number[decimal_at + 1 :]
        mark = number[decimal_at]
        # "1,299" or "1.299" (three digits after a lone mark) is a thousands group, not cents.
        if len(fraction) == 3 and number.count(mark) >= 1 and (last_dot < 0 or last_comma < 0):
            integer, fraction = number, ""
        integer = re.sub(r"[.,]", "", integer)
    else:
        integer, fraction = number, ""
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        return None
    integer = integer.lstrip("0") or "0"
    if len(fraction) == 1:
        fraction += "0"
    return f"{integer}.{fraction}" if fraction else integer


# Symbols several currencies print. Alone, "$" is the dollar of the country the shop sells in (the peso of Argentina,
# Chile, Mexico or Colombia, the New Taiwan dollar…), "¥" the yen or the yuan, "kr" a Scandinavian crown: the page's
# country decides (`page_region`), and the first currency listed is the reading when it names none of them.
SHARED_SYMBOLS: dict[str, tuple[str, ...]] = {
    "$": ("USD", "CAD", "AUD", "NZD", "MXN", "ARS", "CLP", "COP", "UYU", "TWD", "SGD", "HKD", "BRL"),
    "¥": ("JPY", "CNY"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "kr.": ("DKK", "SEK", "NOK", "ISK"),
}
# The currency each country prices in, for the countries whose shops we read and those sharing a symbol above.
REGION_CURRENCIES = {
    "US": "USD", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "MX": "MXN", "AR": "ARS", "CL": "CLP", "CO": "COP",
    "UY": "UYU", "TW": "TWD", "SG": "SGD", "HK": "HKD", "BR": "BRL", "JP": "JPY", "CN": "CNY", "SE": "SEK",
    "NO": "NOK", "DK": "DKK", "IS": "ISK", "GB": "GBP", "UK": "GBP", "CH": "CHF", "LI": "CHF", "PL": "PLN",
    "CZ": "CZK", "HU": "HUF", "RO": "RON", "IN": "INR", "KR": "KRW", "TR": "TRY", "RU": "RUB", "IL": "ILS",
    "ZA": "ZAR", "PE": "PEN", "TH": "THB", "VN": "VND", "PH": "PHP", "ID": "IDR", "MY": "MYR", "AE": "AED",
    "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR", "BE": "EUR", "AT": "EUR", "PT": "EUR",
    "IE": "EUR", "FI": "EUR", "GR": "EUR", "LU": "EUR", "SK": "EUR", "SI": "EUR", "EE": "EUR", "LV": "EUR",
    "LT": "EUR", "HR": "EUR", "MT": "EUR", "CY": "EUR",
}  # fmt: skip


def normalise_currency(value: Any, region: str | None = None) -> str | None:
    """An ISO 4217 code from a code or a symbol; a symbol several currencies share ("$", "¥", "kr") is read as
    the currency of `region` (an ISO 3166 country code: where the shop sells) when that currency prints it."""
    text = clean_text(value)
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper() if text.upper() in ALL_ISO_CURRENCIES else None
    code = _ISO_RE.search(text.upper())
    if code:
        return code.group(1)
    symbol = _SYMBOL_RE.search(text)
    if not symbol:
        crown = _CROWN_RE.search(text)
        return currency_for_symbol(crown.group(0).lower(), region) if crown else None
    key = symbol.group(0) if symbol.group(0) in _SYMBOLS else symbol.group(0).lower()
    return currency_for_symbol(key, region) or _SYMBOLS[key]


def currency_for_symbol(symbol: str, region: str | None) -> str | None:
    """The currency a shared symbol stands for in a country; None when the symbol is not shared or the country's
    currency does not print it."""
    local = REGION_CURRENCIES.get((region or "").upper())
    return local if local in SHARED_SYMBOLS.get(symbol, ()) else None


def price_from_text(text: str, region: str | None = None) -> tuple[str | None, str | None]:
    """The first price shown in a piece of page text, and its currency when the text says it."""
    match = re.search(r"\d", text)
    if not match:
        return None, None
    return normalise_price(text), normalise_currency(text, region)
