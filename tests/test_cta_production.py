"""CTA on the production path: PostgreSQL, Redis, separate `vitrine worker` processes, a slow local shop, media in
a bucket of moto's S3 server (each process in a media folder of its own, as on separate machines).

The system this replaces scraped one URL once per variant, in parallel, and created several products for one
URL. Here two jobs on the same URLs, submitted at the same moment, must fetch each page exactly once.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from tests.s3_support import Bucket
from tests.shop import ProductSpec, running_shop
from tests.support import GraphQLClient, pg_rows, production_stack

CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id totalCount } }"
JOB = """query($id: ID!) { ctaJob(id: $id) { isCompleted successCount failedCount totalCount
  ctaInfos { id url variantIndex status productId productBackgroundUrl errorMessage } } }"""


async def _wait_jobs(client: GraphQLClient, job_ids: list[str], timeout: float = 180) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        jobs = [(await client.data(JOB, {"id": j}))["ctaJob"] for j in job_ids]
        if all(j["isCompleted"] for j in jobs):
            return jobs
        assert time.monotonic() < deadline, (
            f"jobs not completed: {[(j['successCount'], j['totalCount']) for j in jobs]}"
        )
        await asyncio.sleep(0.2)


async def test_two_racing_jobs_fetch_each_page_once_and_share_products(
    pg_url: str, tmp_path: Path, s3_bucket: Bucket
) -> None:
    products = {f"item{i}": ProductSpec(f"Racing Product {i}", images=3) for i in range(3)}
    with (
        running_shop(**products) as shop,
        production_stack(pg_url, tmp_path / "stack", workers=2, media_store=s3_bucket) as stack,
    ):
        shop.page_delay = 1.0  # slow pages widen the window for a race
        client = stack.client()
        urls = [shop.url(f"/p/item{i}") for i in range(3)]
        # The same URL repeated (and once with a tracking parameter), 10 variants per URL...
        first = [
            {"url": urls[0], "variants": 5},
            {"url": urls[0] + "?utm_source=ad", "variants": 5},
            {"url": urls[1], "variants": 10},
            {"url": urls[2], "variants": 5},
            {"url": urls[2] + "#reviews", "variants": 5},
        ]
        # ...and a second job on the same URLs, submitted at the same moment.
        second = [{"url": u, "variants": 10} for u in urls]
        try:
            created = await asyncio.gather(
                client.data(CREATE, {"input": {"items": first}}), client.data(CREATE, {"input": {"items": second}})
            )
            job_ids = [c["createCtaJob"]["id"] for c in created]
            assert [c["createCtaJob"]["totalCount"] for c in created] == [30, 30]
            jobs = await _wait_jobs(client, job_ids)
        except Exception:
            print(stack.logs())
            raise
    assert all(j["successCount"] == 30 and j["failedCount"] == 0 for j in jobs)
    for slug in products:
        assert shop.page_hits(slug) == 1, f"{slug} fetched {shop.page_hits(slug)} times"
    assert len(await pg_rows(pg_url, "SELECT id FROM product")) == 3
    infos = [i for j in jobs for i in j["ctaInfos"]]
    product_of_url: dict[str, set[str]] = {}
    for info in infos:
        key = info["url"].split("?")[0]
        product_of_url.setdefault(key, set()).add(info["productId"])
    assert all(len(ids) == 1 for ids in product_of_url.values())  # every variant of a URL shares its product
    for job in jobs:
        indexes: dict[str, list[int]] = {}
        for info in job["ctaInfos"]:
            indexes.setdefault(info["url"].split("?")[0], []).append(info["variantIndex"])
        assert all(sorted(v) == list(range(10)) for v in indexes.values())


async def test_worker_killed_mid_job_still_completes_without_duplicates(
    pg_url: str, tmp_path: Path, s3_bucket: Bucket
) -> None:
    products = {f"kill{i}": ProductSpec(f"Survivor {i}", images=2) for i in range(2)}
    with (
        running_shop(**products) as shop,
        production_stack(pg_url, tmp_path / "stack", threads=2, media_store=s3_bucket) as stack,
    ):
        client = stack.client()
        items = [{"url": shop.url(f"/p/{slug}"), "variants": 10} for slug in products]
        try:
            job_id = (await client.data(CREATE, {"input": {"items": items}}))["createCtaJob"]["id"]
            deadline = time.monotonic() + 60
            while (await client.data(JOB, {"id": job_id}))["ctaJob"]["successCount"] < 2:
                assert time.monotonic() < deadline, "no progress before the kill"
                await asyncio.sleep(0.05)
            stack.kill("worker0")  # SIGKILL mid-job
            stack.start("worker1", "worker", "--processes", "1", "--threads", "2")
            (job,) = await _wait_jobs(client, [job_id])
        except Exception:
            print(stack.logs())
            raise
    assert job["successCount"] == 20 and job["failedCount"] == 0
    assert all(shop.page_hits(slug) == 1 for slug in products)
    rows = await pg_rows(pg_url, "SELECT job_url_id, variant_index, count(*) AS n FROM cta_info GROUP BY 1, 2")
    assert len(rows) == 20 and all(r["n"] == 1 for r in rows)
    assert len(await pg_rows(pg_url, "SELECT id FROM product")) == 2
    # Each generated image file belongs to exactly one variant: nothing half-written was kept twice.
    keys = await pg_rows(pg_url, "SELECT background_key AS k FROM cta_info")
    assert len({r["k"] for r in keys}) == 20
