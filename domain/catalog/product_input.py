"""The rules for a product created by hand: the whole input is checked before anything is fetched or written, and
every refusal names its field (`images[1]`, `variants[2].printArea.width`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.catalog.print_areas import DEFAULT_PRINT_AREA, PrintArea, check_print_area
from domain.errors import BadUserInput

TITLE_MAX = 500
DESCRIPTION_MAX = 20_000
MAX_IMAGES = 20
MAX_VARIANTS = 100
VARIANT_TITLE_MAX = 200
COLOR_MAX = 100
SIZE_MAX = 50
URL_MAX = 2048
_PRICE = re.compile(r"\d{1,12}(?:\.\d{1,4})?")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class PrintAreaInput:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class VariantInput:
    title: str | None = None
    color: str | None = None
    size: str | None = None
    image_url: str | None = None
    print_area: PrintAreaInput | None = None


@dataclass(frozen=True)
class ProductInput:
    title: str
    description: str | None = None
    price: str | None = None
    currency: str | None = None
    images: Sequence[str] = ()
    variants: Sequence[VariantInput] = ()


@dataclass(frozen=True)
class VariantDraft:
    title: str
    color: str | None
    size: str | None
    image_url: str | None  # None: the product's primary image
    print_area: PrintArea


@dataclass(frozen=True)
class ProductDraft:
    title: str
    description: str
    price: str | None
    currency: str | None
    images: list[str]
    variants: list[VariantDraft]

    def urls_to_fetch(self) -> dict[str, str]:
        """Each distinct image URL once, with the field that first names it (for errors), in input order."""
        fields: dict[str, str] = {}
        for index, url in enumerate(self.images):
            fields.setdefault(url, f"images[{index}]")
        for index, variant in enumerate(self.variants):
            if variant.image_url is not None:
                fields.setdefault(variant.image_url, f"variants[{index}].imageUrl")
        return fields


def check_product_input(data: ProductInput) -> ProductDraft:
    title = _text(data.title, "title", TITLE_MAX, required=True) or ""
    description = _text(data.description, "description", DESCRIPTION_MAX) or ""
    price = _price(data.price)
    currency = _currency(data.currency)
    if price is not None and currency is None:
        raise BadUserInput("a price needs its currency (an ISO 4217 code such as EUR)", field="currency")
    if not data.images:
        raise BadUserInput("give at least one image URL", field="images")
    if len(data.images) > MAX_IMAGES:
        raise BadUserInput(f"at most {MAX_IMAGES} images per product", field="images")
    images = [check_web_url(url, field=f"images[{i}]") for i, url in enumerate(data.images)]
    if len(data.variants) > MAX_VARIANTS:
        raise BadUserInput(f"at most {MAX_VARIANTS} variants per product", field="variants")
    variants = [_variant(v, f"variants[{i}]") for i, v in enumerate(data.variants)]
    _refuse_repeated_options(variants)
    return ProductDraft(title, description, price, currency, images, variants)


def check_web_url(url: str, *, field: str) -> str:
    """An absolute http(s) URL of sane length. Whether its host is public is the fetcher's check, next."""
    if not isinstance(url, str):
        raise BadUserInput("the URL must be a string", field=field)
    url = url.strip()
    if not url:
        raise BadUserInput("the URL is empty", field=field)
    if len(url) > URL_MAX:
        raise BadUserInput(f"the URL is longer than {URL_MAX} characters", field=field)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise BadUserInput(f"{url} is not a web address", field=field) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadUserInput(f"{url} is not an http(s) web address", field=field)
    return url


def _variant(data: VariantInput, field: str) -> VariantDraft:
    area = data.print_area
    return VariantDraft(
        title=_text(data.title, f"{field}.title", VARIANT_TITLE_MAX) or "",
        color=_text(data.color, f"{field}.color", COLOR_MAX),
        size=_text(data.size, f"{field}.size", SIZE_MAX),
        image_url=check_web_url(data.image_url, field=f"{field}.imageUrl") if data.image_url is not None else None,
        print_area=(
            check_print_area(area.x, area.y, area.width, area.height, field=f"{field}.printArea")
            if area is not None
            else DEFAULT_PRINT_AREA
        ),
    )


def _refuse_repeated_options(variants: list[VariantDraft]) -> None:
    # Previews are asked for by (product, color, size): two variants answering the same pair would be ambiguous.
    seen: dict[tuple[str, str], int] = {}
    for index, variant in enumerate(variants):
        options = ((variant.color or "").casefold(), (variant.size or "").casefold())
        if options in seen:
            raise BadUserInput(
                f"variants[{index}] has the same color and size as variants[{seen[options]}]",
                field=f"variants[{index}]",
            )
        seen[options] = index


def _text(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise BadUserInput(f"`{field}` is empty", field=field)
        return None
    if len(text) > limit:
        raise BadUserInput(f"`{field}` is longer than {limit} characters", field=field)
    if any(ord(c) < 0x20 and c not in "\t\n\r" for c in text):
        raise BadUserInput(f"`{field}` contains control characters", field=field)
    return text


def _price(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not _PRICE.fullmatch(text):
        raise BadUserInput(
            f"{value!r} is not a price: write a decimal number such as 29.90 (no sign, symbol or exponent)",
            field="price",
        )
    return text


def _currency(value: str | None) -> str | None:
    text = (value or "").strip().upper()
    if not text:
        return None
    if not _CURRENCY.fullmatch(text):
        raise BadUserInput(
            f"{value!r} is not a currency code: use three letters (ISO 4217), e.g. EUR", field="currency"
        )
    return text
