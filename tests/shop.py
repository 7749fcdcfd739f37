"""A local test shop on 127.0.0.1: product pages (JSON-LD, gallery), their images, and pages that fail.

It runs in a thread of the test process, so worker subprocesses can fetch from it too, and it counts every
request by path so tests can prove each page was fetched exactly once.
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tests.support import free_port

COLORS = [(200, 40, 40), (40, 160, 60), (40, 70, 200), (220, 180, 30), (140, 60, 160)]


@dataclass
class ProductSpec:
    title: str
    images: int = 3
    price: str = "29.00"
    currency: str = "USD"
    brand: str = "Test Supply Co"


@dataclass
class Shop:
    base_url: str = ""
    products: dict[str, ProductSpec] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    page_delay: float = 0.0
    unavailable_first: int = 0  # answer 503 to this many requests for /p/flaky before serving it
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base_url + path

    def page_hits(self, slug: str) -> int:
        with self.lock:
            return self.hits[f"/p/{slug}"]

    def image_url(self, slug: str, index: int) -> str:
        return self.url(f"/img/{slug}-{index}.png")


def _page(shop: Shop, slug: str, spec: ProductSpec) -> str:
    images = [f"/img/{slug}-{i}.png" for i in range(spec.images)]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": spec.title,
        "image": images,
        "description": f"{spec.title}, made to last.",
        "brand": {"@type": "Brand", "name": spec.brand},
        "offers": {
            "@type": "Offer",
            "price": spec.price,
            "priceCurrency": spec.currency,
            "sku": f"SKU-{slug.upper()}",
            "availability": "https://schema.org/InStock",
        },
    }
    gallery = "".join(
        f'<img src="{src}" alt="{html.escape(spec.title)} view {i + 1}" width="800" height="800">'
        for i, src in enumerate(images)
    )
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(spec.title)}</title>'
        f'<meta property="og:title" content="{html.escape(spec.title)}">'
        f'<script type="application/ld+json">{json.dumps(data)}</script></head><body>'
        f'<header><img src="/img/logo.png" alt="logo"></header><h1>{html.escape(spec.title)}</h1>'
        f'<div class="gallery">{gallery}</div></body></html>'
    )


def _png(index: int) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (400, 400), (245, 245, 245))
    image.paste(COLORS[index % len(COLORS)], (100, 100, 300, 300))
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _app(shop: Shop) -> Starlette:
    async def count(request: Request) -> None:
        with shop.lock:
            shop.hits[request.url.path] += 1

    async def product(request: Request) -> Response:
        await count(request)
        slug = request.path_params["slug"]
        if shop.page_delay:
            await asyncio.sleep(shop.page_delay)
        spec = shop.products.get(slug)
        if slug == "flaky":
            with shop.lock:
                failing = shop.hits[request.url.path] <= shop.unavailable_first
            if failing:
                return HTMLResponse("<h1>Service unavailable</h1>", status_code=503)
            spec = ProductSpec("Flaky Product", images=2)
        if slug == "no-images":
            return HTMLResponse("<html><head><title>Gift card</title></head><body><h1>Gift card</h1></body></html>")
        if slug == "captcha":
            return HTMLResponse(
                "<html><head><title>Just a moment...</title></head><body><div id='challenge-form'>"
                "Checking your browser before accessing. Please complete the captcha.</div></body></html>",
                status_code=403,
            )
        if spec is None:
            return HTMLResponse("<h1>Not found</h1>", status_code=404)
        return HTMLResponse(_page(shop, slug, spec))

    async def image(request: Request) -> Response:
        await count(request)
        name = request.path_params["name"]
        index = int(name.rsplit("-", 1)[-1]) if name[-1].isdigit() else 0
        return Response(_png(index), media_type="image/png")

    return Starlette(routes=[Route("/p/{slug}", product), Route("/img/{name}.png", image)])


@contextmanager
def running_shop(**products: ProductSpec) -> Iterator[Shop]:
    shop = Shop(products=dict(products))
    port = free_port()
    shop.base_url = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(uvicorn.Config(_app(shop), host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "test shop did not start"
        time.sleep(0.02)
    try:
        yield shop
    finally:
        server.should_exit = True
        thread.join(10)
