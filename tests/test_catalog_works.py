"""Works (artwork) from an upload or an image URL, and workspace isolation across the whole catalog: another
workspace's product, variant, upload or work is NOT_FOUND, also when named inside another input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db.models import MediaAsset, Variant, Work
from domain.auth import authenticate, issue_token
from domain.catalog.variants import get_variants
from domain.catalog.works import get_work
from domain.errors import NotFound
from tests.catalog_support import CREATE_PRODUCT, PRODUCTS, catalog_rows, errors_of, image_bytes, stored_files
from tests.conftest import make_settings
from tests.shop import Shop, running_shop
from tests.support import LiveServer, serve_app
from tests.test_catalog_uploads import PREFLIGHT, curl_upload

CREATE_WORK = "mutation($input: CreateWorkInput!) { createWork(input: $input) { id name imageUrl createdAt } }"
WORKS = """query($first: Int, $after: String) { works(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id name imageUrl } } } }"""


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop() as shop:
        yield shop


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "art.png"
    path.write_bytes(image_bytes("PNG", (300, 300), (10, 120, 200)))
    return path


def path_of(url: str) -> str:
    return url.split("?", 1)[0]


async def test_a_work_from_an_upload_reuses_its_stored_image(server: LiveServer, picture: Path) -> None:
    upload = (await curl_upload(server, picture))[1]["data"]["uploadImage"]
    work = (await server.client().data(CREATE_WORK, {"input": {"name": " Sunset ", "uploadId": upload["id"]}}))[
        "createWork"
    ]
    assert work["name"] == "Sunset"
    assert path_of(work["imageUrl"]) == path_of(upload["url"])
    assert await MediaAsset.all().count() == 1 and len(stored_files(server.settings.media_dir)) == 1


async def test_a_work_from_a_url_is_fetched_once_and_kept(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    work = (await client.data(CREATE_WORK, {"input": {"name": "Dots", "imageUrl": shop.image_url("art", 2)}}))[
        "createWork"
    ]
    assert work["imageUrl"].startswith("/media/content/") and shop.hits["/img/art-2.png"] == 1
    # The same picture as a product image later: one file, one asset.
    await client.data(CREATE_PRODUCT, {"input": {"title": "Tote", "images": [shop.image_url("tote", 2)]}})
    assert await MediaAsset.all().count() == 1 and len(stored_files(server.settings.media_dir)) == 1


@pytest.mark.parametrize(
    ("work", "field"),
    [
        ({"name": "x"}, "uploadId"),
        (
            {"name": "x", "uploadId": "00000000-0000-0000-0000-000000000000", "imageUrl": "https://a.example/x.png"},
            "uploadId",
        ),
        ({"name": "  ", "imageUrl": "https://a.example/x.png"}, "name"),
        ({"name": "n" * 201, "imageUrl": "https://a.example/x.png"}, "name"),
        ({"name": "x", "imageUrl": "file:///etc/passwd"}, "imageUrl"),
    ],
)
async def test_bad_work_input_is_refused_naming_its_field(server: LiveServer, work: dict[str, Any], field: str) -> None:
    body = await server.client().execute(CREATE_WORK, {"input": work})
    assert errors_of(body) == [("BAD_USER_INPUT", field)], body
    assert await catalog_rows() == {"products": 0, "variants": 0, "assets": 0, "uploads": 0, "works": 0}


async def test_a_url_that_is_no_image_writes_nothing(server: LiveServer, shop: Shop) -> None:
    for url in (shop.url("/p/nothing"), shop.url("/p/captcha")):
        body = await server.client().execute(CREATE_WORK, {"input": {"name": "x", "imageUrl": url}})
        assert errors_of(body) == [("BAD_USER_INPUT", "imageUrl")], body
    assert await catalog_rows() == {"products": 0, "variants": 0, "assets": 0, "uploads": 0, "works": 0}
    assert stored_files(server.settings.media_dir) == []


async def test_works_are_listed_newest_first_in_pages(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    names = [f"work {i}" for i in range(5)]
    for i, name in enumerate(names):
        await client.data(CREATE_WORK, {"input": {"name": name, "imageUrl": shop.image_url("w", i)}})
    first = (await client.data(WORKS, {"first": 3}))["works"]
    rest = (await client.data(WORKS, {"first": 3, "after": first["pageInfo"]["endCursor"]}))["works"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    assert [e["node"]["name"] for e in first["edges"] + rest["edges"]] == list(reversed(names))


async def test_another_workspaces_catalog_rows_are_not_found(
    tmp_path: Path, database_url: str, shop: Shop, picture: Path
) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        owner_token, stranger_token = await issue_token("o@a.example", "a"), await issue_token("s@b.example", "b")
        owner, stranger = live.client(owner_token), live.client(stranger_token)
        product = (
            await owner.data(
                CREATE_PRODUCT,
                {"input": {"title": "Secret Tote", "images": [shop.image_url("t", 0)], "variants": [{"color": "Red"}]}},
            )
        )["createProduct"]
        auth = (*PREFLIGHT, "-H", f"Authorization: Bearer {owner_token}")
        upload = (await curl_upload(live, picture, headers=auth))[1]["data"]["uploadImage"]
        work = (await owner.data(CREATE_WORK, {"input": {"name": "Mine", "uploadId": upload["id"]}}))["createWork"]
        before = await catalog_rows()

        foreign = await stranger.execute("query($id: ID!) { product(id: $id) { id title } }", {"id": product["id"]})
        assert errors_of(foreign) == [("NOT_FOUND", None)] and "Secret" not in str(foreign)
        assert (await stranger.data(PRODUCTS))["products"]["totalCount"] == 0
        assert (await stranger.data("{ uploads { totalCount } works { totalCount } }")) == {
            "uploads": {"totalCount": 0},
            "works": {"totalCount": 0},
        }
        # Named inside another input: the stranger cannot make a work of the owner's upload.
        body = await stranger.execute(CREATE_WORK, {"input": {"name": "Stolen", "uploadId": upload["id"]}})
        assert errors_of(body) == [("NOT_FOUND", "uploadId")]
        assert await catalog_rows() == before and await Work.filter(name="Stolen").count() == 0

        # Variants and works are taken by id by the features built on the catalog (previews, batches).
        them = await authenticate(f"Bearer {stranger_token}")
        me = await authenticate(f"Bearer {owner_token}")
        variant_id = product["variants"][0]["id"]
        assert [v.color for v in await get_variants(me, [variant_id], field="variantIds")] == ["Red"]
        with pytest.raises(NotFound) as missing:
            await get_variants(them, [variant_id], field="variantIds")
        assert missing.value.field == "variantIds[0]"
        assert (await get_work(me, work["id"])).name == "Mine"
        with pytest.raises(NotFound):
            await get_work(them, work["id"], field="workId")
        with pytest.raises(NotFound):
            await get_variants(me, ["not-a-uuid"], field="variantIds")
        assert await Variant.all().count() == 1
