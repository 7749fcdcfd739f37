"""Catalog products through the GraphQL API: createProduct (images fetched once, stored content-addressed),
importProduct (the CTA's product row), and the products connection (search, pages, constant statements)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from db.models import MediaAsset, Product, Variant
from domain.auth import issue_token
from tests.catalog_support import (
    CREATE_PRODUCT,
    IMPORT_PRODUCT,
    PRODUCTS,
    catalog_rows,
    errors_of,
    image_bytes,
    stored_files,
)
from tests.conftest import make_settings
from tests.http_fixtures import Response, TestServer, serve
from tests.shop import ProductSpec, Shop, _png, running_shop
from tests.support import LiveServer, count_statements, serve_app
from tests.test_cta import wait_completed


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(
        tote=ProductSpec("Everyday Canvas Tote Bag", images=2),
        mug=ProductSpec("Speckled Ceramic Mug", images=3, price="18.50", currency="EUR"),
    ) as shop:
        yield shop


def product_input(shop: Shop, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Organic Cotton Tote",
        "description": "Heavy canvas, long handles.",
        "price": "24.90",
        "currency": "eur",
        "images": [shop.image_url("tote", 0), shop.image_url("tote", 1)],
        "variants": [
            {
                "title": "Natural / M",
                "color": "Natural",
                "size": "M",
                "imageUrl": shop.image_url("tote", 1),
                "printArea": {"x": 0.2, "y": 0.3, "width": 0.6, "height": 0.5},
            },
            {"title": "Black / M", "color": "Black", "size": "M"},
        ],
    }
    values.update(overrides)
    return values


async def fetch(base_url: str, url: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base_url) as http:
        return await http.get(url)


async def test_create_product_stores_its_images_and_serves_them_signed(server: LiveServer, shop: Shop) -> None:
    created = (await server.client().data(CREATE_PRODUCT, {"input": product_input(shop)}))["createProduct"]

    assert created["title"] == "Organic Cotton Tote" and created["price"] == "24.90" and created["currency"] == "EUR"
    assert [i["score"] for i in created["images"]] == [1.0, 1.0]
    natural, black = created["variants"]
    assert natural["printArea"] == {"x": 0.2, "y": 0.3, "width": 0.6, "height": 0.5}
    assert black["printArea"] == {"x": 0.25, "y": 0.25, "width": 0.5, "height": 0.5}  # the default: middle half
    # Every image URL is a signed /media URL of the stored bytes, not the shop's URL.
    for url in [created["primaryImageUrl"], natural["imageUrl"], black["imageUrl"]]:
        assert url.startswith("/media/content/") and "signature=" in url
        assert (await fetch(server.base_url, url)).status_code == 200
    assert (await fetch(server.base_url, natural["imageUrl"])).content == image_bytes_of(shop, "tote", 1)
    assert black["imageUrl"].split("?")[0] == created["primaryImageUrl"].split("?")[0]  # no imageUrl: first image
    # Each distinct URL was fetched once, even the one named by the product and a variant.
    assert shop.hits["/img/tote-0.png"] == 1 and shop.hits["/img/tote-1.png"] == 1
    assert len(stored_files(server.settings.media_dir)) == 2


def image_bytes_of(shop: Shop, slug: str, index: int) -> bytes:
    return _png(index)  # what the shop serves at shop.image_url(slug, index), without counting a hit


async def test_four_urls_with_the_same_bytes_store_one_file(server: LiveServer, shop: Shop) -> None:
    # The test shop draws image N of every product alike: four product names, one picture.
    urls = [shop.image_url(slug, 0) for slug in ("a", "b", "c", "d")]
    created = (await server.client().data(CREATE_PRODUCT, {"input": {"title": "Four views", "images": urls}}))[
        "createProduct"
    ]

    files = stored_files(server.settings.media_dir)
    assert len(files) == 1, files
    digest = hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert files[0].name == f"{digest}.png"  # content-addressed
    assert await MediaAsset.all().count() == 1
    assert len(created["images"]) == 1  # one picture, however many addresses it had
    assert len(created["variants"]) == 1 and created["variants"][0]["title"] == "Default"
    assert all(shop.hits[f"/img/{slug}-0.png"] == 1 for slug in "abcd")

    # The same bytes again, in another product: still one file, still one asset row.
    await server.client().data(CREATE_PRODUCT, {"input": {"title": "Again", "images": [shop.image_url("e", 0)]}})
    assert len(stored_files(server.settings.media_dir)) == 1 and await MediaAsset.all().count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"price": "12,50"}, "price"),
        ({"price": "-3"}, "price"),
        ({"price": "1e3"}, "price"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "€"}, "currency"),
        ({"currency": None}, "currency"),
        ({"images": []}, "images"),
        ({"images": [f"https://shop.example/{i}.png" for i in range(21)]}, "images"),
        ({"images": ["https://shop.example/a.png", "ftp://shop.example/b.png"]}, "images[1]"),
        ({"images": ["https://shop.example/a.png", "not a url"]}, "images[1]"),
        ({"variants": [{"title": "v"}] * 101}, "variants"),
        ({"variants": [{"color": "Red", "size": "S"}, {"color": "red", "size": "s"}]}, "variants[1]"),
        ({"variants": [{}, {}, {"imageUrl": "javascript:alert(1)"}]}, "variants[2].imageUrl"),
        ({"variants": [{}, {"color": "c" * 101}]}, "variants[1].color"),
        (
            {"variants": [{"size": "S"}, {"size": "M"}, {"printArea": {"x": 0, "y": 0, "width": 1.5, "height": 1}}]},
            "variants[2].printArea.width",
        ),
        ({"variants": [{"printArea": {"x": 0.5, "y": 0, "width": 0.6, "height": 1}}]}, "variants[0].printArea.width"),
        ({"variants": [{"printArea": {"x": 0, "y": 0.9, "width": 1, "height": 0.2}}]}, "variants[0].printArea.height"),
        ({"variants": [{"printArea": {"x": -0.1, "y": 0, "width": 0.5, "height": 0.5}}]}, "variants[0].printArea.x"),
        ({"variants": [{"printArea": {"x": 0, "y": 0, "width": 0, "height": 0.5}}]}, "variants[0].printArea.width"),
    ],
)
async def test_bad_input_is_refused_naming_its_field_before_any_fetch(
    server: LiveServer, shop: Shop, change: dict[str, Any], field: str
) -> None:
    body = await server.client().execute(CREATE_PRODUCT, {"input": product_input(shop, **change)})
    assert body["data"] is None
    assert errors_of(body) == [("BAD_USER_INPUT", field)], body
    assert sum(shop.hits.values()) == 0  # validated first: nothing was fetched
    assert await catalog_rows() == {"products": 0, "variants": 0, "assets": 0, "uploads": 0, "works": 0}


async def test_an_image_that_cannot_be_used_is_named_and_nothing_is_kept(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    truncated = image_bytes("JPEG", (400, 300))[:600]
    async with serve(TestServer(routes={"/cut.jpg": _serving(truncated, "image/jpeg")})) as images:
        cases = [
            ([shop.image_url("tote", 0), shop.url("/p/nothing")], "images[1]", "404"),  # fetched first, then 404
            ([shop.image_url("tote", 0), shop.url("/p/tote")], "images[1]", "not an image"),  # an HTML page
            ([shop.image_url("tote", 0), images.url("/cut.jpg")], "images[1]", "could not be decoded"),
        ]
        for urls, field, words in cases:
            variants = [{"imageUrl": shop.image_url("tote", 1)}]
            body = await client.execute(CREATE_PRODUCT, {"input": {"title": "T", "images": urls, "variants": variants}})
            assert errors_of(body) == [("BAD_USER_INPUT", field)], body
            assert words in body["errors"][0]["message"] and urls[1] in body["errors"][0]["message"]
            # The images fetched before the failure were staged, never stored: no file, no row.
            assert stored_files(server.settings.media_dir) == []
            assert await catalog_rows() == {"products": 0, "variants": 0, "assets": 0, "uploads": 0, "works": 0}


def _serving(data: bytes, content_type: str) -> Any:
    async def handler(request: Any) -> Response:
        return Response(200, {"content-type": content_type}, data)

    return handler


async def test_a_private_image_address_is_refused_when_private_urls_are_not_allowed(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, allow_private_urls=False)) as live:
        body = await live.client().execute(
            CREATE_PRODUCT, {"input": {"title": "T", "images": ["https://93.184.215.14/a.png", "http://127.0.0.1/x"]}}
        )
        assert errors_of(body) == [("BAD_USER_INPUT", "images[1]")]
        assert await catalog_rows() == {"products": 0, "variants": 0, "assets": 0, "uploads": 0, "works": 0}


async def test_import_product_shares_the_cta_row_and_adds_one_default_variant(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    imported = (await client.data(IMPORT_PRODUCT, {"url": shop.url("/p/mug?utm_source=mail")}))["importProduct"]
    assert imported["title"] == "Speckled Ceramic Mug" and imported["price"] == "18.50"
    assert imported["currency"] == "EUR"
    assert imported["sku"] == "SKU-MUG" and imported["availability"] == "InStock"
    assert [i["url"] for i in imported["images"]] == [shop.image_url("mug", k) for k in range(3)]
    (variant,) = imported["variants"]
    assert variant["title"] == "Default" and variant["imageUrl"].startswith("/media/content/")
    assert (await fetch(server.base_url, variant["imageUrl"])).content == image_bytes_of(shop, "mug", 0)

    # Importing again (another spelling of the same page) reuses the row: no second scrape, no second variant.
    again = (await client.data(IMPORT_PRODUCT, {"url": shop.url("/p/mug#reviews")}))["importProduct"]
    assert again["id"] == imported["id"] and len(again["variants"]) == 1
    assert shop.page_hits("mug") == 1
    assert await Product.all().count() == 1 and await Variant.all().count() == 1

    # A CTA job on the page uses the very same product row.
    job = await client.data(
        "mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id } }",
        {"i": {"items": [{"url": shop.url("/p/mug"), "variants": 1}]}},
    )
    assert (await wait_completed(server, job["createCtaJob"]["id"]))[-1]["successCount"] == 1
    urls = await client.data("query($id: ID!) { ctaJob(id: $id) { urls { productId } } }", job["createCtaJob"])
    assert urls["ctaJob"]["urls"] == [{"productId": imported["id"]}]
    assert shop.page_hits("mug") == 1 and await Product.all().count() == 1


async def test_a_product_scraped_only_for_cta_is_not_in_the_catalog(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job = await client.data(
        "mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id } }",
        {"i": {"items": [{"url": shop.url("/p/tote"), "variants": 1}]}},
    )
    assert (await wait_completed(server, job["createCtaJob"]["id"]))[-1]["successCount"] == 1
    listed = (await client.data(PRODUCTS))["products"]
    assert listed["totalCount"] == 0
    await client.data(IMPORT_PRODUCT, {"url": shop.url("/p/tote")})
    assert (await client.data(PRODUCTS))["products"]["totalCount"] == 1
    assert shop.page_hits("tote") == 1


async def test_import_refuses_unreadable_pages_naming_the_url(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    for url, words in ((shop.url("/p/missing"), "404"), (shop.url("/p/no-images"), "no product images")):
        body = await client.execute(IMPORT_PRODUCT, {"url": url})
        assert errors_of(body) == [("BAD_USER_INPUT", "url")]
        assert words in body["errors"][0]["message"]
    body = await client.execute(IMPORT_PRODUCT, {"url": "ftp://shop.example/p/1"})
    assert errors_of(body) == [("BAD_USER_INPUT", "url")]
    assert await catalog_rows() == {"products": 0, "variants": 0, "assets": 0, "uploads": 0, "works": 0}


async def test_products_are_searchable_by_title_and_paged(tmp_path: Path, database_url: str, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        client = live.client(await issue_token("owner@shop.example", "shop"))
        titles = ["Canvas Tote", "Ceramic Mug", "Wool Beanie", "Tote Bag XL", "50% Off Tote", "Under_score Mug"]
        for title in titles:
            await client.data(CREATE_PRODUCT, {"input": {"title": title, "images": [shop.image_url("x", 0)]}})

        async def search(text: str | None) -> list[str]:
            page = (await client.data(PRODUCTS, {"search": text, "first": 100}))["products"]
            return sorted(edge["node"]["title"] for edge in page["edges"])

        assert await search("tote") == ["50% Off Tote", "Canvas Tote", "Tote Bag XL"]
        assert await search("  MUG ") == ["Ceramic Mug", "Under_score Mug"]
        assert await search("50%") == ["50% Off Tote"]  # LIKE wildcards are matched literally
        assert await search("r_s") == ["Under_score Mug"]
        assert await search("o_e") == []  # as a wildcard it would match every "Tote"
        assert await search(None) == sorted(titles)
        body = await client.execute(PRODUCTS, {"search": "x" * 201})
        assert errors_of(body) == [("BAD_USER_INPUT", "search")]

        seen, after = [], None
        while True:
            page = (await client.data(PRODUCTS, {"first": 4, "after": after}))["products"]
            assert page["totalCount"] == len(titles)
            seen += [edge["node"]["title"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == list(reversed(titles))  # newest first, each once


async def test_the_product_list_takes_the_same_statements_for_any_page_size(
    tmp_path: Path, database_url: str, shop: Shop
) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        client = live.client(await issue_token("owner@shop.example", "shop"))
        for i in range(12):
            variants = [{"color": c, "size": s} for c in ("Red", "Blue") for s in ("S", "M")][: 1 + i % 4]
            await client.data(
                CREATE_PRODUCT, {"input": {"title": f"P{i}", "images": [shop.image_url("p", i)], "variants": variants}}
            )
        await client.data(PRODUCTS, {"first": 1})  # the token's last-used stamp is written once, not counted

        one, small = await count_statements(lambda: client.data(PRODUCTS, {"first": 1}))
        hundred, large = await count_statements(lambda: client.data(PRODUCTS, {"first": 100}))
        print(f"\nproducts(first: 1): {one} statements; products(first: 100): {hundred} statements")
        assert len(small["products"]["edges"]) == 1 and len(large["products"]["edges"]) == 12
        assert sum(len(e["node"]["variants"]) for e in large["products"]["edges"]) == 3 * (1 + 2 + 3 + 4)
        assert one == hundred, f"{one} statements for one product, {hundred} for twelve"
