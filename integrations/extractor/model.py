"""What the extractor returns, and what each source of product data says before they are merged."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ImageCandidate:
    """One place the page names an image. `source` is json-ld, microdata, og, twitter, link (rel=image_src),
    gallery (the product gallery, or a platform's gallery data) or page (any other content image); `position` is
    its order within that source."""

    url: str
    source: str
    position: int
    alt: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class ExtractedProduct:
    title: str | None = None
    description: str | None = None
    brand: str | None = None
    price: str | None = None  # decimal string with a dot, as written on the page ("29.00")
    currency: str | None = None  # ISO 4217
    sku: str | None = None  # the shop's item number (SKU, else its MPN or product id)
    availability: str | None = None  # a schema.org ItemAvailability name: "InStock", "OutOfStock", …
    canonical_url: str | None = None
    images: list[ImageCandidate] = field(default_factory=list)


@dataclass
class Found:
    """What one source says about the product; merged by trust."""

    title: str | None = None
    description: str | None = None
    brand: str | None = None
    price: str | None = None
    currency: str | None = None
    sku: str | None = None
    availability: str | None = None
    selects_variant: bool = False  # its price is the offer of the variant the address selects
    url: str | None = None
    images: list[ImageCandidate] = field(default_factory=list)
    # Smaller renditions an <img> offers (srcset members, src, lazy attributes) -> the address chosen for it.
    renditions: dict[str, str] = field(default_factory=dict)
