"""Reading a product page: fetch, extract, rank images (optionally re-ranked by an AI), as one use case."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from domain.images import RankedImage, rank_images
from integrations.extractor import extract_product
from integrations.fetcher import SafeFetcher

log = logging.getLogger(__name__)
RERANK_TOP = 6


class ImageReranker(Protocol):
    async def rerank(self, title: str, image_urls: list[str]) -> list[str]: ...


@dataclass(frozen=True)
class ProductPage:
    url: str
    final_url: str
    title: str | None
    description: str | None
    brand: str | None
    price: str | None
    currency: str | None
    canonical_url: str | None
    images: list[RankedImage]

    @property
    def main_image(self) -> str | None:
        return self.images[0].url if self.images else None


async def read_product_page(url: str, fetcher: SafeFetcher, reranker: ImageReranker | None = None) -> ProductPage:
    page = await fetcher.fetch_page(url)
    extracted = extract_product(page.text, page.final_url)
    images = rank_images(extracted.images, extracted.title, base=page.final_url)
    if reranker is not None and len(images) > 1:
        images = await _rerank(reranker, extracted.title or "", images)
    return ProductPage(
        url=url,
        final_url=page.final_url,
        title=extracted.title,
        description=extracted.description,
        brand=extracted.brand,
        price=extracted.price,
        currency=extracted.currency,
        canonical_url=extracted.canonical_url or page.final_url,
        images=images,
    )


async def _rerank(reranker: ImageReranker, title: str, images: list[RankedImage]) -> list[RankedImage]:
    top, rest = images[:RERANK_TOP], images[RERANK_TOP:]
    by_url = {image.url: image for image in top}
    try:
        order = await reranker.rerank(title, list(by_url))
    except Exception as exc:  # the AI is an optional refinement: any failure keeps the local ranking
        log.warning("image re-ranking failed, keeping the local ranking: %s", exc)
        return images
    chosen = [by_url[u] for u in dict.fromkeys(order) if u in by_url]
    chosen += [image for image in top if image not in chosen]
    for image in chosen:
        image.reasons.append("re-ranked by the AI ranker")
    return chosen + rest


def product_page_json(page: ProductPage) -> dict[str, Any]:
    """The shape `vitrine extract` prints."""
    return {
        "title": page.title,
        "description": page.description,
        "brand": page.brand,
        "price": page.price,
        "currency": page.currency,
        "canonicalUrl": page.canonical_url,
        "mainImage": page.main_image,
        "images": [{"url": i.url, "score": i.score, "source": i.source, "reasons": i.reasons} for i in page.images],
    }


async def extract_url_json(url: str, allow_private: bool) -> dict[str, Any]:
    async with SafeFetcher(allow_private=allow_private) as fetcher:
        return product_page_json(await read_product_page(url, fetcher))
