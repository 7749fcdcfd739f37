"""Batch generation through the GraphQL API, as the four-step wizard drives it: candidates, a new upload over
multipart, createBatch, batchUpdated to the end, then the folders of a variant and of the batch."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from db.models import Batch, Folder, GenerationJob, OutboxMessage
from domain import rate_limits
from domain.auth import issue_token
from domain.batches.image_choices import media_key_of
from tests.batch_support import (
    BATCH,
    BATCH_FIELDS,
    CANDIDATES,
    CREATE_BATCH,
    RETRY_BATCH,
    catalog_variants,
    create_batch,
    folders,
    follow_batch,
    upload,
)
from tests.catalog_support import errors_of
from tests.conftest import make_settings
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import LiveServer, count_statements, serve_app, subscribe
from tests.test_catalog_uploads import curl_upload


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tee=ProductSpec("Heavyweight Tee", images=5)) as shop:
        yield shop


@pytest.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """No periodic work after start-up: only the requests (and the jobs they start) touch the database."""
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


async def fetch_image(server: LiveServer, url: str) -> Image.Image:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.get(url)
    assert response.status_code == 200, url
    return Image.open(io.BytesIO(response.content))


async def test_the_wizard_flow_from_candidates_to_folders(server: LiveServer, shop: Shop, tmp_path: Path) -> None:
    client = server.client()
    variants = await catalog_variants(client, shop, 3)
    ids = [v["id"] for v in variants]

    # Step 1: the variants' candidates (nothing generated yet, no uploads).
    first = (await client.data(CANDIDATES, {"ids": ids}))["imageCandidates"]
    assert [c["variantId"] for c in first["variants"]] == ids
    assert all(c["variantImageUrl"].startswith("/media/content/") for c in first["variants"])
    assert all(c["generatedImages"] == [] for c in first["variants"]) and first["uploads"] == []
    assert {c["productTitle"] for c in first["variants"]} == {"Heavyweight Tee"}

    # Step 2: a new image over the multipart spec; it is a candidate of every variant from now on.
    path = tmp_path / "flat-lay.png"
    Image.new("RGB", (320, 240), (30, 120, 90)).save(path)
    status, body, _ = await curl_upload(server, path, kind="PRODUCT")
    assert status == 200 and not body.get("errors"), body
    uploaded = body["data"]["uploadImage"]
    second = (await client.data(CANDIDATES, {"ids": ids}))["imageCandidates"]
    assert [u["id"] for u in second["uploads"]] == [uploaded["id"]]
    # The same file again, as the same kind or another: still one choice (one stored image).
    again = (await curl_upload(server, path, kind="PRODUCT"))[1]["data"]["uploadImage"]
    as_artwork = (await curl_upload(server, path, kind="ARTWORK"))[1]["data"]["uploadImage"]
    assert again["id"] == uploaded["id"] and as_artwork["id"] != uploaded["id"]
    second = (await client.data(CANDIDATES, {"ids": ids}))["imageCandidates"]
    assert [u["id"] for u in second["uploads"]] == [as_artwork["id"]]  # the newest upload of the image

    # Step 3: settings once, the estimate, then start.
    credits = await client.data("{ estimateBatchCredits(variantCount: 3, numberOfVariations: 2) }")
    assert credits == {"estimateBatchCredits": 6}
    images = {c["variantId"]: c["variantImageUrl"] for c in second["variants"]}
    upload_url = second["uploads"][0]["url"]
    chosen = [[images[ids[0]], upload_url], [images[ids[1]]], [upload_url]]
    batch = await create_batch(
        client,
        [{"variantId": i, "productImageUrls": urls} for i, urls in zip(ids, chosen, strict=True)],
        schemaKey="lifestyle",
        input={"aspect_ratio": "4:5", "custom_instructions": "Morning light, a linen tablecloth."},
    )
    assert batch["credits"] == 6 and batch["totalJobs"] == 3 and batch["schemaKey"] == "lifestyle"
    assert batch["folderId"] and batch["name"] == "Spring drop"
    for job, urls in zip(batch["jobs"], chosen, strict=True):
        assert [media_key_of(u) for u in job["productImageUrls"]] == [media_key_of(u) for u in urls]

    # Step 4: follow it to the end; progress only grows and the subscription completes.
    seen = await follow_batch(server, batch["id"])
    assert [s["doneJobs"] for s in seen] == sorted(s["doneJobs"] for s in seen)
    assert seen[-1]["doneJobs"] == 3 and seen[-1]["failedJobs"] == 0 and seen[-1]["status"] == "COMPLETED"

    # The batch's folders: the shared one first with every output, then one per variant with its own.
    by_batch = await folders(client, batchId=batch["id"])
    shared, per_variant = by_batch[0], by_batch[1:]
    assert shared["shared"] and shared["id"] == batch["folderId"] and shared["variantId"] is None
    assert len(shared["items"]) == 6
    assert sorted(f["variantId"] for f in per_variant) == sorted(ids)
    assert all(len(f["items"]) == 2 for f in per_variant)
    assert {i["imageId"] for f in per_variant for i in f["items"]} == {i["imageId"] for i in shared["items"]}
    picture = await fetch_image(server, shared["items"][0]["url"])
    assert picture.size == (800, 1000)  # 4:5

    # A variant's folders: its folder of this batch, with that variant's two images.
    mine = await folders(client, variantId=ids[0])
    assert len(mine) == 1 and mine[0]["batchId"] == batch["id"] and len(mine[0]["items"]) == 2

    # New outputs are candidates, each telling how it was made.
    third = (await client.data(CANDIDATES, {"ids": ids}))["imageCandidates"]
    generated = third["variants"][0]["generatedImages"]
    assert len(generated) == 2 and all(g["variantId"] == ids[0] for g in generated)
    made = generated[0]["provenance"]
    assert made["provider"] == "local" and made["model"] == "pillow-compositor-1"
    assert "lifestyle photo" in made["prompt"] and "linen tablecloth" in made["prompt"]
    assert made["settings"]["schemaKey"] == "lifestyle" and made["settings"]["input"]["aspect_ratio"] == "4:5"
    assert made["settings"]["variation"] in (1, 2) and made["durationMs"] >= 0 and made["createdAt"]
    sources = [(i["role"], i["source"]) for i in made["inputImages"]]
    assert sources == [("product", "variant"), ("product", "upload")]
    assert all(i["url"].startswith("/media/") and "key" not in i for i in made["inputImages"])

    # A generated image is a candidate of its own variant for the next batch (and only of its own).
    again = await create_batch(client, [{"variantId": ids[0], "productImageUrls": [generated[0]["url"]]}])
    assert (await follow_batch(server, again["id"]))[-1]["doneJobs"] == 1
    assert len(await folders(client, variantId=ids[0])) == 2
    foreign = await client.execute(
        CREATE_BATCH,
        {
            "input": {
                "variants": [{"variantId": ids[1], "productImageUrls": [generated[0]["url"]]}],
                "settings": {"schemaKey": "studio", "numberOfVariations": 1},
            }
        },
    )
    assert errors_of(foreign) == [("BAD_USER_INPUT", "variants[0].productImageUrls[0]")]
    listed = await client.data("{ batches(first: 10) { totalCount edges { node { id doneJobs isCompleted } } } }")
    assert listed["batches"]["totalCount"] == 2


def _input(variants: list[dict[str, Any]], **settings: Any) -> dict[str, Any]:
    values = {"schemaKey": "studio", "numberOfVariations": 1, **settings}
    return {"input": {"name": "Refused", "variants": variants, "settings": values}}


async def test_a_bad_batch_is_refused_whole_naming_the_field(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thirty refusals in a row spend a createBatch budget (every attempt counts, tests/test_rate_limits.py).
    monkeypatch.setitem(rate_limits.limiter().items, "createBatch", None)
    client = server.client()
    variants = await catalog_variants(client, shop, 45)
    candidates = (await client.data(CANDIDATES, {"ids": [v["id"] for v in variants[:2]]}))["imageCandidates"]
    own = [c["variantImageUrl"] for c in candidates["variants"]]
    an_upload = (await upload((10, 20, 30)))["url"]

    def one(urls: list[str], variant: int = 0) -> list[dict[str, Any]]:
        return [{"variantId": variants[variant]["id"], "productImageUrls": urls}]

    # The issue's own example: the third image of the 42nd variant, refused before (a made-up URL) and after
    # (another variant's image) the database is asked.
    many = [{"variantId": v["id"], "productImageUrls": [an_upload]} for v in variants]
    many[41]["productImageUrls"] = [an_upload, variants[41]["imageUrl"], "https://shop.example/made-up.png"]
    many_later = [dict(v) for v in many]
    many_later[41] = {**many[41], "productImageUrls": [an_upload, variants[41]["imageUrl"], own[1]]}
    cases: list[tuple[dict[str, Any], str, str]] = [
        (_input([]), "BAD_USER_INPUT", "variants"),
        (
            _input([{"variantId": str(uuid.uuid4()), "productImageUrls": [an_upload]}] * 101),
            "BAD_USER_INPUT",
            "variants",
        ),
        (_input(one([own[0]]) + one([own[0]])), "BAD_USER_INPUT", "variants[1].variantId"),
        (
            _input([{"variantId": str(uuid.uuid4()), "productImageUrls": [an_upload]}]),
            "NOT_FOUND",
            "variants[0].variantId",
        ),
        (_input([{"variantId": "not-an-id", "productImageUrls": [an_upload]}]), "NOT_FOUND", "variants[0].variantId"),
        (_input(one([])), "BAD_USER_INPUT", "variants[0].productImageUrls"),
        (
            _input(one([own[0], an_upload, an_upload, an_upload, an_upload])),
            "BAD_USER_INPUT",
            "variants[0].productImageUrls",
        ),
        (_input(one(["https://shop.example/made-up.png"])), "BAD_USER_INPUT", "variants[0].productImageUrls[0]"),
        (
            _input(one(["/media/content/00/unknown.png?expires=1&signature=x"])),
            "BAD_USER_INPUT",
            "variants[0].productImageUrls[0]",
        ),
        (_input(one([own[1]])), "BAD_USER_INPUT", "variants[0].productImageUrls[0]"),  # another variant's image
        (_input(one([own[0], an_upload, own[0]])), "BAD_USER_INPUT", "variants[0].productImageUrls[2]"),
        (_input(many), "BAD_USER_INPUT", "variants[41].productImageUrls[2]"),
        (_input(many_later), "BAD_USER_INPUT", "variants[41].productImageUrls[2]"),
        (_input(one([own[0]]), numberOfVariations=0), "BAD_USER_INPUT", "settings.numberOfVariations"),
        (_input(one([own[0]]), numberOfVariations=5), "BAD_USER_INPUT", "settings.numberOfVariations"),
        (_input(one([own[0]]), schemaKey="poster"), "BAD_USER_INPUT", "settings.schemaKey"),
        (_input(one([own[0]]), input={"product_images": [own[0]]}), "BAD_USER_INPUT", "settings.input.product_images"),
        (_input(one([own[0]]), input={"colour": "red"}), "BAD_USER_INPUT", "settings.input.colour"),
        (_input(one([own[0]]), input={"purpose": "a banner"}), "BAD_USER_INPUT", "settings.input.purpose"),
        (_input(one([own[0]]), input={"aspect_ratio": "2:1"}), "BAD_USER_INPUT", "settings.input.aspect_ratio"),
        (_input(one([own[0]]), input="square please"), "BAD_USER_INPUT", "settings.input"),
        (
            _input(one([own[0]]), input={"custom_instructions": "x" * 1001}),
            "BAD_USER_INPUT",
            "settings.input.custom_instructions",
        ),
        (
            _input(one([own[0]]), schemaKey="lifestyle", input={"moodboard": own[0]}),  # a variant image, not an upload
            "BAD_USER_INPUT",
            "settings.input.moodboard",
        ),
        ({"input": {**_input(one([own[0]]))["input"], "name": "n" * 201}}, "BAD_USER_INPUT", "name"),
    ]
    for variables, code, field in cases:
        body = await client.execute(CREATE_BATCH, variables)
        assert errors_of(body) == [(code, field)], (field, body)
    assert body["errors"][0]["message"]
    for model in (Batch, Folder, GenerationJob, OutboxMessage):
        assert await model.all().count() == 0, model


async def test_a_signed_url_matches_whatever_its_signature_and_origin(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    variant = (await catalog_variants(client, shop, 1))[0]
    own = variant["imageUrl"]
    # An hour-old URL, or one behind the frontend's origin, still names the same stored file.
    stale = own.split("?")[0] + "?expires=1&signature=0000"
    absolute = "https://app.shop.example" + own
    for url in (stale, absolute):
        batch = await create_batch(client, [{"variantId": variant["id"], "productImageUrls": [url]}])
        [chosen] = batch["jobs"][0]["productImageUrls"]
        assert media_key_of(chosen) == media_key_of(own) and chosen != url  # signed afresh
    twice = await client.execute(CREATE_BATCH, _input([{"variantId": variant["id"], "productImageUrls": [stale, own]}]))
    assert errors_of(twice) == [("BAD_USER_INPUT", "variants[0].productImageUrls[1]")]


async def test_credits_estimate_is_variants_times_variations(server: LiveServer) -> None:
    client = server.client()
    for count, variations in ((1, 1), (7, 3), (100, 4)):
        data = await client.data(
            "query($c: Int!, $n: Int!) { estimateBatchCredits(variantCount: $c, numberOfVariations: $n) }",
            {"c": count, "n": variations},
        )
        assert data["estimateBatchCredits"] == count * variations
    for count, variations, field in ((0, 1, "variantCount"), (101, 1, "variantCount"), (1, 5, "numberOfVariations")):
        body = await client.execute(
            "query($c: Int!, $n: Int!) { estimateBatchCredits(variantCount: $c, numberOfVariations: $n) }",
            {"c": count, "n": variations},
        )
        assert errors_of(body) == [("BAD_USER_INPUT", field)]


async def test_another_workspace_sees_nothing_and_can_use_nothing(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    variant = (await catalog_variants(client, shop, 1))[0]
    batch = await create_batch(client, [{"variantId": variant["id"], "productImageUrls": [variant["imageUrl"]]}])
    await follow_batch(server, batch["id"])

    other = server.client(await issue_token("rival@other.example", "other"))
    for query, variables in ((BATCH, {"id": batch["id"]}), (RETRY_BATCH, {"id": batch["id"]})):
        assert errors_of(await other.execute(query, variables))[0][0] == "NOT_FOUND"
    assert await folders(other, batchId=batch["id"]) == [] and await folders(other, variantId=variant["id"]) == []
    assert errors_of(await other.execute(CANDIDATES, {"ids": [variant["id"]]})) == [("NOT_FOUND", "variantIds[0]")]
    refused = await other.execute(
        CREATE_BATCH, _input([{"variantId": variant["id"], "productImageUrls": [variant["imageUrl"]]}])
    )
    assert errors_of(refused) == [("NOT_FOUND", "variants[0].variantId")]
    listed = await other.data("{ batches { totalCount } }")
    assert listed["batches"]["totalCount"] == 0
    token = await issue_token("rival@other.example", "other")
    follow = "subscription($id: ID!) { batchUpdated(id: $id) { id } }"
    async with subscribe(server.ws_url, follow, {"id": batch["id"]}, param_token=token) as sub:
        refusal = await sub.message()
    errors = refusal["payload"] if refusal["type"] == "error" else refusal["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND", refusal


async def test_the_batches_list_and_folders_take_a_constant_number_of_statements(
    quiet_server: LiveServer, shop: Shop
) -> None:
    server = quiet_server
    client = server.client()
    variants = await catalog_variants(client, shop, 6)
    query = f"{{ batches(first: 50) {{ totalCount edges {{ node {{ {BATCH_FIELDS} }} }} }} }}"

    async def run(size: int) -> None:
        batch = await create_batch(
            client, [{"variantId": v["id"], "productImageUrls": [v["imageUrl"]]} for v in variants[:size]]
        )
        await follow_batch(server, batch["id"])

    await run(1)
    few, small = await count_statements(lambda: client.data(query))
    few_folders, _ = await count_statements(lambda: folders(client))
    for size in (6, 3, 6):
        await run(size)
    many, large = await count_statements(lambda: client.data(query))
    many_folders, every = await count_statements(lambda: folders(client))
    assert small["batches"]["totalCount"] == 1 and large["batches"]["totalCount"] == 4
    assert sum(len(e["node"]["jobs"]) for e in large["batches"]["edges"]) == 16
    assert len(every) == 4 + 16 and sum(len(f["items"]) for f in every) == 2 * 2 * 16
    print(f"\nbatches: {few} statements for 1 batch, {many} for 4; folders: {few_folders} for 2, {many_folders} for 20")
    assert many == few and many_folders == few_folders


async def test_a_retried_create_with_its_idempotency_key_starts_one_batch(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    variant = (await catalog_variants(client, shop, 1))[0]
    keyed = (
        "mutation($input: CreateBatchInput!, $key: String) { createBatch(input: $input, idempotencyKey: $key) { id } }"
    )
    variables = {**_input([{"variantId": variant["id"], "productImageUrls": [variant["imageUrl"]]}]), "key": "drop-1"}
    answers = await asyncio.gather(*(client.data(keyed, variables) for _ in range(3)))  # a client retrying, racing
    assert len({a["createBatch"]["id"] for a in answers}) == 1
    assert (await client.data(keyed, variables))["createBatch"] == answers[0]["createBatch"]
    other = {**variables, "input": {**variables["input"], "name": "Another name"}}
    assert errors_of(await client.execute(keyed, other)) == [("BAD_USER_INPUT", "idempotencyKey")]
    assert await Batch.all().count() == 1 and await GenerationJob.all().count() == 1
