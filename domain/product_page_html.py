"""A product page's HTML read into a ProductPage: pure CPU work (parsel, lxml), with no network and nothing of the
app imported, so it runs in a worker process of integrations/cpu.py; domain/product_pages.py fetches and calls it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.images import RankedImage, rank_images


@dataclass(frozen=True)
class ProductPage:
    url: str  # as asked for
    final_url: str  # after redirects
    title: str | None
    description: str | None
    brand: str | None
    price: str | None
    currency: str | None
    canonical_url: str
    images: list[RankedImage]  # best first
    sku: str | None = None
    availability: str | None = None  # a schema.org availability: "InStock", "OutOfStock", "PreOrder", …

    @property
    def main_image(self) -> str | None:
        return self.images[0].url if self.images else None


def product_page_from_html(html: str, final_url: str, url: str | None = None) -> ProductPage:
    """The product a page's HTML describes, its images ranked (pure: no network)."""
    # The extractor (parsel, lxml: ~0.1 s) is imported by the process that reads a page, usually a CPU pool worker,
    # not by every process that imports the domain (the scheduler declares the scrape task but never runs it).
    from integrations.extractor import extract_product

    extracted = extract_product(html, final_url)
    return ProductPage(
        url=url or final_url,
        final_url=final_url,
        title=extracted.title,
        description=extracted.description,
        brand=extracted.brand,
        price=extracted.price,
        currency=extracted.currency,
        canonical_url=extracted.canonical_url or final_url,
        images=rank_images(extracted.images, extracted.title, base=final_url),
        sku=extracted.sku,
        availability=extracted.availability,
    )
