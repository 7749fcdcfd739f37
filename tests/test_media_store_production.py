"""The production recipe with media in object storage: PostgreSQL, Redis, an API, two `vitrine worker`s and a
`vitrine scheduler`, each process in a folder of its own (VITRINE_MEDIA_DIR apart, as on separate machines), all
sharing one bucket of a real S3-protocol server (moto's, on 127.0.0.1).

Every feature's files go through the store: an upload the API checks, CTA backgrounds, a work's and a product's
images fetched by the API, a preview rendered by a worker from them, a batch's outputs. Every image URL the API
gives is presigned and serves image bytes; not one file is written under any process's media folder.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.batch_support import BATCH, catalog_variants, create_batch, png
from tests.preview_support import REQUEST, make_catalog, wait_final
from tests.s3_support import Bucket
from tests.shop import ProductSpec, running_shop
from tests.support import GraphQLClient, free_port, production_stack

pytestmark = pytest.mark.slow

CREATE_CTA = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id } }"
CTA_JOB = """query($id: ID!) { ctaJob(id: $id) { isCompleted successCount failedCount
  ctaInfos { status productBackgroundUrl generatedBackgroundUrl } } }"""
UPLOAD = "mutation($file: Upload!, $kind: UploadKind!) { uploadImage(file: $file, kind: $kind) { id url } }"


async def _until(what: str, check: Any, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := await check()):
        assert time.monotonic() < deadline, f"{what} not done after {timeout} s"
        await asyncio.sleep(0.2)
    return result


async def _upload(client: GraphQLClient, data: bytes) -> dict[str, str]:
    operations = {"query": UPLOAD, "variables": {"file": None, "kind": "PRODUCT"}}
    async with httpx.AsyncClient(base_url=client.base_url, timeout=30) as http:
        response = await http.post(
            "/graphql",
            headers={"authorization": f"Bearer {client.token}", "apollo-require-preflight": "true"},
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("flat-lay.png", data, "image/png")},
        )
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    uploaded: dict[str, str] = body["data"]["uploadImage"]
    return uploaded


def _decoded_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()  # the whole image, not just its header
        return image.size


async def test_the_recipe_on_separate_machines_keeps_every_file_in_the_bucket(
    pg_url: str, tmp_path: Path, s3_bucket: Bucket
) -> None:
    metrics_ports = [free_port(), free_port()]
    shop_pages = {f"page{i}": ProductSpec(f"Linen Shirt {i}", images=3) for i in range(2)}
    with (
        running_shop(tee=ProductSpec("Heavyweight Tee", images=5), **shop_pages) as shop,
        production_stack(pg_url, tmp_path / "stack", workers=0, media_store=s3_bucket) as stack,
    ):
        for i, port in enumerate(metrics_ports):  # either worker may take every task: both serve their metrics
            env = {"VITRINE_METRICS_PORT": str(port)}
            stack.start(f"worker{i}", "worker", "--processes", "1", "--threads", "4", env=env)
        client = stack.client()
        try:
            # A CTA job of 2 pages x 2 variants: each page fetched once by a worker, its images stored, backgrounds.
            items = [{"url": shop.url(f"/p/page{i}"), "variants": 2} for i in range(2)]
            cta_id = (await client.data(CREATE_CTA, {"input": {"items": items}}))["createCtaJob"]["id"]
            # An upload, checked by the API and stored content-addressed.
            uploaded = await _upload(client, png((30, 120, 90), (320, 240)))
            # A work and a product (images fetched and stored by the API), then a preview rendered by a worker.
            catalog = await make_catalog(client, shop)
            preview = (await client.data(REQUEST, {"input": catalog.input()}))["requestPreview"]
            # A 2-variant batch, one image each.
            variants = await catalog_variants(client, shop, 2)
            chosen = [{"variantId": v["id"], "productImageUrls": [v["imageUrl"]]} for v in variants]
            batch_id = (await create_batch(client, chosen, numberOfVariations=1))["id"]

            async def cta_done() -> dict[str, Any] | None:
                job: dict[str, Any] = (await client.data(CTA_JOB, {"id": cta_id}))["ctaJob"]
                return job if job["isCompleted"] else None

            async def batch_done() -> dict[str, Any] | None:
                batch: dict[str, Any] = (await client.data(BATCH, {"id": batch_id}))["batch"]
                return batch if batch["isCompleted"] else None

            cta = await _until("the CTA job", cta_done)
            rendered = await wait_final(client, preview["id"])
            batch = await _until("the batch", batch_done)
            async with httpx.AsyncClient(timeout=10) as http:
                scrapes = [(await http.get(f"http://127.0.0.1:{port}/metrics")).text for port in metrics_ports]
        except Exception:
            print(stack.logs())
            raise
        local_files = stack.local_media_files()
    assert cta["successCount"] == 4 and cta["failedCount"] == 0
    assert rendered["status"] == "COMPLETED", rendered
    assert batch["doneJobs"] == 2 and batch["failedJobs"] == 0

    urls = [uploaded["url"], rendered["resultUrl"]]
    urls += [info["generatedBackgroundUrl"] for info in cta["ctaInfos"]]  # (productBackgroundUrl is the shop's)
    urls += [image["url"] for job in batch["jobs"] for image in job["images"]]
    assert len(urls) == 2 + 4 + 2 and all(urls)
    async with httpx.AsyncClient(timeout=10) as http:
        for url in urls:
            assert url.startswith(f"{s3_bucket.server.endpoint}/{s3_bucket.name}/media/"), url
            assert "X-Amz-Signature=" in url and "X-Amz-Expires=86400" in url  # presigned, the default 24 h
            response = await http.get(url)
            assert response.status_code == 200 and response.headers["content-type"].startswith("image/"), url
            width, height = _decoded_size(response.content)
            assert width > 0 and height > 0

    assert local_files == [], f"files written to a local media folder: {local_files}"
    objects = s3_bucket.objects("media/")
    print(f"\n{len(objects)} objects under media/ in the bucket; {len(urls)} image URLs served from it")
    assert len(objects) >= 8
    assert all(_decoded_size(data) for data in objects.values())  # every object whole: no half-written one
    done = [
        float(value)
        for scrape in scrapes
        for value in re.findall(r'^vitrine_tasks_total\{[^}]*outcome="done"[^}]*\} ([0-9.e+]+)$', scrape, re.MULTILINE)
    ]
    assert sum(done) > 0, [scrape[:1500] for scrape in scrapes]
