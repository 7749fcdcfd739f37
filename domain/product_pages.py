"""Reading a product page as one use case: fetch, extract, rank images (optionally re-ranked by an AI)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Protocol

from domain.images import RankedImage
from domain.product_page_html import ProductPage, product_page_from_html
from integrations import cpu
from integrations.ai.base import ImageReranker
from integrations.fetcher import FetchedPage, SafeFetcher

__all__ = [
    "RERANK_TOP",
    "ImageReranker",
    "PageFetcher",
    "ProductPage",
    "extract_url_json",
    "product_page_from_html",
    "product_page_json",
    "read_product_page",
]

log = logging.getLogger(__name__)
# Only the head of the local ranking goes to the AI: the round robin rarely reaches further.
RERANK_TOP = 6


class PageFetcher(Protocol):
    async def fetch_page(self, url: str) -> FetchedPage: ...


async def read_product_page(url: str, fetcher: PageFetcher, reranker: ImageReranker | None = None) -> ProductPage:
    """Fetch the page (FetchError on refusal, failure or a bot check), extract the product, rank its images."""
    fetched = await fetcher.fetch_page(url)
    # Parsing and ranking are CPU work: off the event loop (in the embedded mode the API server's) and its GIL.
    page = await cpu.run(product_page_from_html, fetched.text, fetched.final_url, url)
    if reranker is not None and len(page.images) > 1:
        page = replace(page, images=await _rerank(reranker, page.title or "", page.images))
    return page


async def _rerank(reranker: ImageReranker, title: str, images: list[RankedImage]) -> list[RankedImage]:
    """The AI's order for the top candidates; any failure or nonsense answer keeps the local ranking."""
    top, rest = images[:RERANK_TOP], images[RERANK_TOP:]
    by_url = {image.url: image for image in top}
    try:
        answer = await reranker.rerank(title, list(by_url))
    except Exception as exc:  # the AI is an optional refinement: whatever goes wrong, the local ranking stands
        log.warning("image re-ranking failed for %r, keeping the local ranking: %s", title, exc)
        return images
    order = [url for url in dict.fromkeys(answer if isinstance(answer, list) else []) if url in by_url]
    order += [url for url in by_url if url not in order]
    # The scores stay the local ones, handed out in the new order, so "best first" and "highest score" agree.
    scores = sorted((image.score for image in top), reverse=True)
    reordered = []
    for new_place, (url, score) in enumerate(zip(order, scores, strict=True)):
        image = by_url[url]
        old_place = top.index(image)
        reasons = list(image.reasons)
        if old_place != new_place:
            reasons.append(f"moved from #{old_place + 1} to #{new_place + 1} by the AI re-ranker")
        reordered.append(replace(image, score=score, reasons=reasons))
    return reordered + rest


def product_page_json(page: ProductPage) -> dict[str, Any]:
    """The object `vitrine extract URL` prints."""
    return {
        "title": page.title,
        "description": page.description,
        "brand": page.brand,
        "price": page.price,
        "currency": page.currency,
        "sku": page.sku,
        "availability": page.availability,
        "canonicalUrl": page.canonical_url,
        "mainImage": page.main_image,
        "images": [
            {"url": image.url, "score": image.score, "source": image.source, "reasons": list(image.reasons)}
            for image in page.images
        ],
    }


async def extract_url_json(url: str, allow_private: bool) -> dict[str, Any]:
    """Fetch and read one product page for the CLI; FetchError (with a message for the user) when it cannot."""
    async with SafeFetcher(allow_private=allow_private) as fetcher:
        return product_page_json(await read_product_page(url, fetcher))
