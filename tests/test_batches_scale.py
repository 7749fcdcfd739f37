"""A 100-variant x 4-image batch in one request, and the SQL statements of createBatch and imageCandidates: the
same number for 1 variant as for 100 (rows written in bulk, candidates read by kind, not per variant)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from db import outbox as outbox_rows
from db.models import Folder, FolderItem, GeneratedImage, GenerationJob
from domain import outbox, ports
from tests.batch_support import (
    CANDIDATES,
    CREATE_BATCH,
    FastGenerator,
    catalog_variants,
    folders,
    follow_batch,
    held_messages,
    upload,
)
from tests.conftest import make_settings
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import GraphQLClient, LiveServer, count_statements, serve_app


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tee=ProductSpec("Heavyweight Tee", images=5)) as shop:
        yield shop


@pytest.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """No periodic work after start-up: only the requests touch the database while statements are counted."""
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


async def candidates(client: GraphQLClient, ids: list[str]) -> tuple[int, dict[str, Any]]:
    return await count_statements(lambda: client.data(CANDIDATES, {"ids": ids}))


@pytest.mark.slow  # a load test (hundreds of requests): left out by `make test-fast`
async def test_a_hundred_variants_by_four_images_in_one_request(
    quiet_server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = quiet_server
    generator = FastGenerator()
    monkeypatch.setattr(ports.ports(), "generator", generator)
    client = server.client()
    variants = await catalog_variants(client, shop, 100)
    ids = [v["id"] for v in variants]
    library = [(await upload((10 * i, 90, 200)))["url"] for i in range(3)]

    one_before, small = await candidates(client, ids[:1])
    hundred_before, large = await candidates(client, ids)
    assert len(small["imageCandidates"]["variants"]) == 1 and len(large["imageCandidates"]["variants"]) == 100
    assert len(large["imageCandidates"]["uploads"]) == 3

    def request(chosen: list[dict[str, Any]]) -> dict[str, Any]:
        choice = [{"variantId": v["id"], "productImageUrls": [v["imageUrl"], *library]} for v in chosen]
        settings = {"schemaKey": "ad", "numberOfVariations": 2, "input": {"aspect_ratio": "9:16", "purpose": "Reels"}}
        return {"input": {"name": "Everything", "variants": choice, "settings": settings}}

    with held_messages(monkeypatch) as held:
        create_one, one = await count_statements(lambda: client.data(CREATE_BATCH, request(variants[:1])))
        create_hundred, hundred = await count_statements(lambda: client.data(CREATE_BATCH, request(variants)))
    batch = hundred["createBatch"]
    assert batch["totalJobs"] == 100 and batch["credits"] == 200 and len(held) == 101
    assert all(len(job["productImageUrls"]) == 4 for job in batch["jobs"])
    assert await GenerationJob.all().count() == 101 and await Folder.all().count() == 2 + 101

    await outbox_rows.stage(held)
    await outbox.flush()
    for created in (one["createBatch"], batch):
        assert (await follow_batch(server, created["id"]))[-1]["doneJobs"] == created["totalJobs"]
    assert len(generator.calls) == 101
    assert all(len(call.product_images) == 4 for call in generator.calls)
    assert await GeneratedImage.all().count() == 202 and await FolderItem.all().count() == 404
    shared = (await folders(client, batchId=batch["id"]))[0]
    assert shared["shared"] and len(shared["items"]) == 200

    one_after, _ = await candidates(client, ids[:1])
    hundred_after, after = await candidates(client, ids)
    first = after["imageCandidates"]["variants"][0]["generatedImages"]
    assert len(first) == 4 and all(len(v["generatedImages"]) == 2 for v in after["imageCandidates"]["variants"][1:])
    print(
        f"\ncreateBatch: {create_one} statements for 1 variant x 4 images, {create_hundred} for 100 x 4"
        f"\nimageCandidates: {one_before} statements for 1 variant, {hundred_before} for 100 (nothing generated);"
        f" {one_after} for 1, {hundred_after} for 100 (202 images generated)"
    )
    assert create_one == create_hundred
    assert one_before == hundred_before and one_after == hundred_after


async def test_candidates_keep_the_latest_fifty_generations_of_each_variant(
    quiet_server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ports.ports(), "generator", FastGenerator())
    client = server = quiet_server
    variants = await catalog_variants(server.client(), shop, 2)
    chosen = [{"variantId": v["id"], "productImageUrls": [v["imageUrl"]]} for v in variants]
    settings = {"schemaKey": "studio", "numberOfVariations": 4}
    for _ in range(13):  # 52 images of each variant
        body = await client.client().data(CREATE_BATCH, {"input": {"variants": chosen, "settings": settings}})
        await follow_batch(server, body["createBatch"]["id"])
    found = (await client.client().data(CANDIDATES, {"ids": [v["id"] for v in variants]}))["imageCandidates"]
    for entry in found["variants"]:
        shown = entry["generatedImages"]
        assert len(shown) == 50
        assert [g["createdAt"] for g in shown] == sorted((g["createdAt"] for g in shown), reverse=True)
        newest = await GeneratedImage.filter(variant_id=entry["variantId"]).order_by("-created_at", "-id").limit(50)
        assert [g["id"] for g in shown] == [str(image.id) for image in newest]
    assert (await client.client().execute(CANDIDATES, {"ids": [v["id"] for v in variants] * 51}))["errors"]
