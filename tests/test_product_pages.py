"""Reading a product page as one use case: fetch, extract, rank, the optional AI re-ranker, and the CLI's JSON."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import cli
import settings as settings_module
from domain.product_pages import (
    RERANK_TOP,
    ImageReranker,
    ProductPage,
    extract_url_json,
    product_page_json,
    read_product_page,
)
from integrations.fetcher import FetchedPage, UrlRefused
from tests.http_fixtures import TestServer, serve
from tests.shop import ProductSpec, running_shop

CORPUS = Path(__file__).parent / "corpus"
TITLE = "Stoneware Pour-Over Set"
GALLERY = "".join(
    f'<img src="/img/set-{n}.jpg" alt="{TITLE} {n}" width="1000" height="1000">' for n in range(1, 9)
)  # eight photos, so the re-ranker sees only the top six
PAGE_HTML = f"""<html><head><link rel="canonical" href="https://kiln.example/products/set">
<script type="application/ld+json">{{"@type": "Product", "name": "{TITLE}", "brand": "Kiln & Co",
 "description": "Pour-over set.", "image": "/img/set-1.jpg", "offers": {{"price": "64.50", "priceCurrency": "EUR"}}}}
</script></head><body><header><img src="/img/logo.png" alt="Kiln & Co logo"></header>
<div class="product-gallery">{GALLERY}</div></body></html>"""


class FakeFetcher:
    """Stands in for SafeFetcher: answers one page, as if after a redirect."""

    def __init__(self, html: str, final_url: str) -> None:
        self.html, self.final_url = html, final_url
        self.asked: list[str] = []

    async def fetch_page(self, url: str) -> FetchedPage:
        self.asked.append(url)
        return FetchedPage(self.final_url, 200, "text/html; charset=utf-8", self.html, {})


class ReversingReranker:
    def __init__(self) -> None:
        self.seen: list[tuple[str, list[str]]] = []

    async def rerank(self, title: str, image_urls: list[str]) -> list[str]:
        self.seen.append((title, list(image_urls)))
        return list(reversed(image_urls))


async def read(reranker: ImageReranker | None = None) -> ProductPage:
    fetcher = FakeFetcher(PAGE_HTML, "https://kiln.example/products/set?variant=1")
    page = await read_product_page("https://kiln.example/p/set", fetcher, reranker=reranker)
    assert fetcher.asked == ["https://kiln.example/p/set"]
    return page


async def test_fetch_extract_rank() -> None:
    page = await read()
    assert (page.url, page.final_url) == ("https://kiln.example/p/set", "https://kiln.example/products/set?variant=1")
    assert (page.title, page.brand, page.price, page.currency) == (TITLE, "Kiln & Co", "64.50", "EUR")
    assert page.canonical_url == "https://kiln.example/products/set"
    assert [image.url for image in page.images] == [f"https://kiln.example/img/set-{n}.jpg" for n in range(1, 9)]
    assert page.main_image == page.images[0].url and page.images[0].source == "json-ld"


async def test_the_cli_json_has_exactly_the_documented_shape() -> None:
    data = product_page_json(await read())
    assert list(data) == [
        "title",
        "description",
        "brand",
        "price",
        "currency",
        "sku",
        "availability",
        "canonicalUrl",
        "mainImage",
        "images",
    ]
    assert data["price"] == "64.50" and data["mainImage"] == "https://kiln.example/img/set-1.jpg"
    assert all(list(image) == ["url", "score", "source", "reasons"] for image in data["images"])
    assert all(isinstance(image["score"], float) and image["reasons"] for image in data["images"])
    assert json.loads(json.dumps(data)) == data


async def test_the_reranker_reorders_only_the_top_six_and_scores_stay_best_first() -> None:
    reranker = ReversingReranker()
    local = await read()
    page = await read(reranker)
    assert reranker.seen == [(TITLE, [image.url for image in local.images[:RERANK_TOP]])]
    assert [i.url for i in page.images] == [i.url for i in reversed(local.images[:6])] + [
        i.url for i in local.images[6:]
    ]
    assert [i.score for i in page.images] == [i.score for i in local.images]  # the local scores, in the new order
    assert page.main_image == local.images[5].url
    assert "moved from #6 to #1 by the AI re-ranker" in page.images[0].reasons
    assert not any("re-ranker" in reason for reason in page.images[6].reasons)


class FailingReranker:
    async def rerank(self, title: str, image_urls: list[str]) -> list[str]:
        raise TimeoutError("the model took too long")


class SloppyReranker:
    async def rerank(self, title: str, image_urls: list[str]) -> list[str]:
        return ["https://elsewhere.example/x.jpg", image_urls[2], image_urls[2]]  # unknown, repeated, partial


async def test_a_failing_reranker_leaves_the_local_ranking(caplog: pytest.LogCaptureFixture) -> None:
    local = await read()
    with caplog.at_level(logging.WARNING, logger="domain.product_pages"):
        page = await read(FailingReranker())
    assert [i.url for i in page.images] == [i.url for i in local.images]
    assert "keeping the local ranking" in caplog.text and "the model took too long" in caplog.text


async def test_a_sloppy_answer_still_gives_a_permutation_of_the_candidates() -> None:
    local = await read()
    page = await read(SloppyReranker())
    urls = [i.url for i in local.images]
    assert [i.url for i in page.images] == [urls[2], urls[0], urls[1], *urls[3:]]


async def test_extract_url_json_through_the_real_fetcher() -> None:
    async with serve(TestServer(folders={"/": CORPUS})) as server:
        data = await extract_url_json(server.url("/magento-luma-joust-duffle-bag.html"), allow_private=True)
        with pytest.raises(UrlRefused) as refused:
            await extract_url_json(server.url("/magento-luma-joust-duffle-bag.html"), allow_private=False)
    assert data["title"] == "Joust Duffle Bag" and data["currency"] == "USD" and len(data["images"]) == 3
    assert "loopback" in refused.value.message and server.connections == 1


@pytest.fixture
def restore_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    # `vitrine extract` installs the settings it read; put back whatever this process had.
    monkeypatch.setattr(settings_module, "_active", settings_module._active)
    return monkeypatch


def test_vitrine_extract_prints_the_json(restore_settings: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    restore_settings.setenv("VITRINE_ALLOW_PRIVATE_URLS", "1")
    with running_shop(tote=ProductSpec("Everyday Canvas Tote", images=3, price="29.00")) as shop:
        assert cli.main(["extract", shop.url("/p/tote")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["title"], data["price"], data["currency"]) == ("Everyday Canvas Tote", "29.00", "USD")
    assert data["mainImage"] == shop.image_url("tote", 0) and len(data["images"]) == 3


def test_vitrine_extract_refuses_loopback_and_exits_non_zero(
    restore_settings: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    restore_settings.delenv("VITRINE_ALLOW_PRIVATE_URLS", raising=False)
    with running_shop(tote=ProductSpec("Everyday Canvas Tote")) as shop:
        assert cli.main(["extract", shop.url("/p/tote")]) == 1
        assert shop.page_hits("tote") == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "is a loopback address (127.0.0.1)" in captured.err


async def test_a_scraped_product_keeps_its_sku_and_availability(installed: str) -> None:
    from db.models.catalog import Product
    from db.models.tenancy import Workspace
    from domain.products import product_for_url

    workspace = await Workspace.create(name="sku-and-stock")
    async with serve(TestServer(folders={"/": CORPUS})) as server:
        url = server.url("/woocommerce-storefront-linen-throw-blanket.html")
        product = await product_for_url(workspace.id, url, url)
    stored = await Product.get(id=product.id)
    assert (stored.title, stored.sku, stored.availability) == ("Linen Throw Blanket", "LTB-NAT", "InStock")
