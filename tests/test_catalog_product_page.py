"""What the console's product page reads: any product of yours by id (the one a CTA variant names, read from its
page, is no longer NOT_FOUND), the products read for CTA jobs only (`pageProducts`, importable in one call), and
a product's previews and listing slots -- a constant number of statements for a whole page of products."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.auth import issue_token
from domain.previews import reads
from tests.catalog_support import IMPORT_PRODUCT, PRODUCTS, errors_of
from tests.conftest import make_settings
from tests.listing_support import create_account, deploy, set_rule
from tests.preview_support import REQUEST, make_catalog
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import LiveServer, count_statements, serve_app
from tests.test_cta import wait_completed

PRODUCT = """query($id: ID!) { product(id: $id) {
  id title inCatalog origin sourceUrl variants { id color size }
  previews { id status color size workId productId }
  listingSlots { id status localTime scheduledAt productId account { id name timezone } } } }"""
PAGE_PRODUCTS = """query($first: Int, $after: String) { pageProducts(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id title inCatalog origin sourceUrl } } } }"""
PRODUCT_PAGE_LIST = """query($first: Int) { products(first: $first) { edges { node {
  id title origin inCatalog variants { id } previews { id status }
  listingSlots { id status account { name } } } } } }"""
CREATE_JOB = "mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id } }"
JOB_PRODUCTS = "query($id: ID!) { ctaJob(id: $id) { urls { productId } ctaInfos { productId } } }"


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(
        tote=ProductSpec("Everyday Canvas Tote Bag", images=2),
        mug=ProductSpec("Speckled Ceramic Mug", images=3, price="18.50", currency="EUR"),
    ) as shop:
        yield shop


async def test_the_product_a_cta_variant_names_resolves_and_imports_in_one_call(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job = (await client.data(CREATE_JOB, {"i": {"items": [{"url": shop.url("/p/mug"), "variants": 2}]}}))[
        "createCtaJob"
    ]
    assert (await wait_completed(server, job["id"]))[-1]["successCount"] == 2
    rows = (await client.data(JOB_PRODUCTS, job))["ctaJob"]
    (product_id,) = {row["productId"] for row in rows["urls"] + rows["ctaInfos"]}

    # The id the drawer shows resolves: read from its page, not in the catalog (no variants yet).
    product = (await client.data(PRODUCT, {"id": product_id}))["product"]
    assert product["title"] == "Speckled Ceramic Mug" and product["sourceUrl"] == shop.url("/p/mug")
    assert (product["inCatalog"], product["origin"], product["variants"]) == (False, "PAGE", [])
    assert product["previews"] == [] and product["listingSlots"] == []

    # Listed apart from the catalog, and the catalog's own list does not show it.
    listed = (await client.data(PAGE_PRODUCTS))["pageProducts"]
    assert listed["totalCount"] == 1 and listed["edges"][0]["node"]["id"] == product_id
    assert (await client.data(PRODUCTS))["products"]["totalCount"] == 0

    # One call moves it into the catalog: the same row, one default variant, no second read of the page.
    imported = (await client.data(IMPORT_PRODUCT, {"url": product["sourceUrl"]}))["importProduct"]
    assert imported["id"] == product_id and len(imported["variants"]) == 1
    again = (await client.data(PRODUCT, {"id": product_id}))["product"]
    assert (again["inCatalog"], again["origin"]) == (True, "PAGE")
    assert (await client.data(PAGE_PRODUCTS))["pageProducts"]["totalCount"] == 0
    assert (await client.data(PRODUCTS))["products"]["totalCount"] == 1
    assert shop.page_hits("mug") == 1

    # A product made in the catalog says so; a malformed or unknown id is NOT_FOUND.
    made = await client.data(
        "mutation($i: CreateProductInput!) { createProduct(input: $i) { id origin inCatalog } }",
        {"i": {"title": "Poster", "images": [shop.image_url("poster", 0)]}},
    )
    assert made["createProduct"]["origin"] == "CATALOG" and made["createProduct"]["inCatalog"] is True
    for unknown in ("nope", "00000000-0000-0000-0000-000000000000"):
        assert errors_of(await client.execute(PRODUCT, {"id": unknown})) == [("NOT_FOUND", None)]


async def test_another_workspaces_product_is_not_found_even_read_from_a_page(
    tmp_path: Path, database_url: str, shop: Shop
) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        owner_token = await issue_token("owner@shop.example", "shop")
        owner = live.client(owner_token)
        stranger = live.client(await issue_token("someone@else.example", "else"))
        job = await owner.data(CREATE_JOB, {"i": {"items": [{"url": shop.url("/p/tote"), "variants": 1}]}})
        assert (await wait_completed(live, job["createCtaJob"]["id"], owner_token))[-1]["successCount"] == 1
        (product_id,) = {
            u["productId"] for u in (await owner.data(JOB_PRODUCTS, job["createCtaJob"]))["ctaJob"]["urls"]
        }
        assert (await owner.data(PRODUCT, {"id": product_id}))["product"]["inCatalog"] is False
        assert errors_of(await stranger.execute(PRODUCT, {"id": product_id})) == [("NOT_FOUND", None)]
        assert (await stranger.data(PAGE_PRODUCTS))["pageProducts"]["totalCount"] == 0


async def _seed_products(client: Any, shop: Shop, count: int) -> list[str]:
    """`count` catalog products, each with a preview of one work and a slot on one account's belt."""
    catalogs = [await make_catalog(client, shop, title=f"Tote {i}") for i in range(count)]
    account = await create_account(client, name="Main store")
    await set_rule(client, account["id"], 2 * count)
    for catalog in catalogs:
        await client.data(REQUEST, {"input": catalog.input("Navy", "Large")})
        await deploy(client, account["id"], catalog.product_id)
    return [catalog.product_id for catalog in catalogs]


async def test_a_product_names_its_previews_and_listing_slots(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = server.client()
    (product_id,) = await _seed_products(client, shop, 1)
    product = (await client.data(PRODUCT, {"id": product_id}))["product"]
    assert sorted(v["color"] for v in product["variants"]) == ["Natural", "Natural", "Navy"]
    (preview,) = product["previews"]
    assert (preview["productId"], preview["color"], preview["size"]) == (product_id, "Navy", "Large")
    (slot,) = product["listingSlots"]
    assert slot["status"] == "SCHEDULED" and slot["productId"] == product_id
    assert slot["account"]["name"] == "Main store" and slot["account"]["timezone"] == "UTC"

    # A product shows its newest previews only (50; here 1), whatever the number of products asked.
    another = {"workId": preview["workId"], "productId": product_id, "color": "Natural", "size": "Small"}
    newer = (await client.data(REQUEST, {"input": another}))["requestPreview"]
    monkeypatch.setattr(reads, "PREVIEWS_PER_PRODUCT", 1)
    (only,) = (await client.data(PRODUCT, {"id": product_id}))["product"]["previews"]
    assert only["id"] == newer["id"]


async def test_a_page_of_products_reads_previews_and_slots_in_the_same_statements_for_any_size(
    tmp_path: Path, database_url: str, shop: Shop
) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        client = live.client(await issue_token("owner@shop.example", "shop"))
        await _seed_products(client, shop, 4)
        await client.data(PRODUCT_PAGE_LIST, {"first": 1})  # the token's last-used stamp is written once

        one, small = await count_statements(lambda: client.data(PRODUCT_PAGE_LIST, {"first": 1}))
        many, large = await count_statements(lambda: client.data(PRODUCT_PAGE_LIST, {"first": 100}))
        print(f"\nproducts with previews and slots: {one} statements for 1, {many} for 4")
        nodes = [edge["node"] for edge in large["products"]["edges"]]
        assert len(small["products"]["edges"]) == 1 and len(nodes) == 4
        assert all(len(n["previews"]) == 1 and len(n["listingSlots"]) == 1 for n in nodes), nodes
        assert one == many, f"{one} statements for one product, {many} for four"
