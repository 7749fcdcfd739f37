"""Batches on the production path: PostgreSQL, Redis and two `vitrine worker` processes, with every job's
message delivered three times (the outbox sends each again, twice): each output is still filed exactly once in
each of its two folders. Media in a bucket of moto's S3 server, each process in a media folder of its own."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg

from tests.batch_support import BATCH, catalog_variants, create_batch
from tests.s3_support import Bucket
from tests.shop import ProductSpec, running_shop
from tests.support import GraphQLClient, production_stack

VARIANTS, VARIATIONS = 10, 2


async def _sql(pg_url: str, sql: str, *args: Any) -> list[Any]:
    conn = await asyncpg.connect(pg_url.replace("postgres://", "postgresql://", 1))
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def _wait(client: GraphQLClient, batch_id: str, timeout: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        batch: dict[str, Any] = (await client.data(BATCH, {"id": batch_id}))["batch"]
        if batch["isCompleted"]:
            return batch
        assert time.monotonic() < deadline, f"batch not completed: {batch['doneJobs']}/{batch['totalJobs']}"
        await asyncio.sleep(0.2)


async def _wait_all_delivered(pg_url: str, redis_url: str, timeout: float = 60) -> None:
    """Until the outbox is drained and Redis holds no message that is not acknowledged yet: each was sent (the
    drain deletes a row after sending it) and a worker finished with it (Dramatiq keeps a message in its queue's
    `.msgs` hash until the ack). A dead-lettered message (`.XQ.msgs`) counts as finished, as before."""
    import redis

    store = redis.Redis.from_url(redis_url, decode_responses=True)
    deadline = time.monotonic() + timeout
    while True:
        staged = await _sql(pg_url, "SELECT id FROM outbox_message")
        unacked = [k for k in store.scan_iter("vitrine:*.msgs") if not k.endswith(".XQ.msgs")]
        if not staged and not unacked:
            return
        assert time.monotonic() < deadline, f"{len(staged)} outbox rows, messages not acknowledged in {unacked}"
        await asyncio.sleep(0.1)


async def test_messages_delivered_three_times_to_two_worker_processes_file_each_output_once(
    pg_url: str, tmp_path: Path, s3_bucket: Bucket
) -> None:
    with (
        running_shop(tee=ProductSpec("Heavyweight Tee", images=5)) as shop,
        production_stack(pg_url, tmp_path / "stack", workers=2, media_store=s3_bucket) as stack,
    ):
        client = stack.client()
        try:
            variants = await catalog_variants(client, shop, VARIANTS)
            chosen = [{"variantId": v["id"], "productImageUrls": [v["imageUrl"]]} for v in variants]
            batch = await create_batch(client, chosen, numberOfVariations=VARIATIONS, input={"aspect_ratio": "16:9"})
            messages = json.dumps(
                [{"actor": "batches.generate", "args": [j["id"]], "options": {}} for j in batch["jobs"]]
            )
            for _ in range(2):  # the scheduler's outbox drain sends every job's message again, twice
                await _sql(
                    pg_url,
                    "INSERT INTO outbox_message (id, created_at, messages, send_attempts) VALUES ($1, now(), $2, 0)",
                    uuid.uuid4(),
                    messages,
                )
            done = await _wait(client, batch["id"])
            await _wait_all_delivered(pg_url, stack.env["REDIS_URL"])  # the duplicates too, which find nothing to do
        except Exception:
            print(stack.logs())
            raise
    assert done["doneJobs"] == VARIANTS and done["failedJobs"] == 0
    images = await _sql(pg_url, "SELECT key FROM generated_image")
    per_folder = await _sql(
        pg_url,
        "SELECT f.shared, count(i.id) AS n, count(DISTINCT i.image_id) AS distinct_images FROM folder f "
        "LEFT JOIN folder_item i ON i.folder_id = f.id GROUP BY f.id, f.shared",
    )
    shared = [row for row in per_folder if row["shared"]]
    own = [row for row in per_folder if not row["shared"]]
    print(
        f"\n{VARIANTS} jobs x {VARIATIONS} images, each message delivered 3 times to 2 worker processes: "
        f"{len(images)} images, shared folder {shared[0]['n']} items, variant folders {sorted({r['n'] for r in own})}"
    )
    assert len(images) == VARIANTS * VARIATIONS
    assert [(r["n"], r["distinct_images"]) for r in shared] == [(VARIANTS * VARIATIONS, VARIANTS * VARIATIONS)]
    assert len(own) == VARIANTS and all(r["n"] == r["distinct_images"] == VARIATIONS for r in own)
    stored = {key.removeprefix("media/") for key in s3_bucket.objects("media/batches/")}
    assert stored == {row["key"] for row in images}  # no object of a superseded attempt is left behind
    assert stack.local_media_files() == []  # every process's media folder untouched: all went to the bucket
