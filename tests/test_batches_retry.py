"""Failing jobs and retryBatch: an input image whose stored file is gone fails its jobs for good, a failing
provider is retried on the kind's schedule, and retryBatch re-runs exactly the failed jobs with the same images,
leaving the done ones as they were."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from db import outbox as outbox_rows
from domain import outbox, ports
from domain.batches.image_choices import media_key_of
from tests.batch_support import (
    BATCH,
    RETRY_BATCH,
    FailingGenerator,
    FastGenerator,
    catalog_variants,
    create_batch,
    folders,
    follow_batch,
    held_messages,
    png,
    upload,
)
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import GraphQLClient, LiveServer


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tee=ProductSpec("Heavyweight Tee", images=5)) as shop:
        yield shop


def counts(batch: dict[str, Any]) -> dict[str, int]:
    names = ("totalJobs", "pendingJobs", "runningJobs", "doneJobs", "failedJobs")
    return {name: batch[name] for name in names}


async def read(client: GraphQLClient, batch_id: str) -> dict[str, Any]:
    batch: dict[str, Any] = (await client.data(BATCH, {"id": batch_id}))["batch"]
    return batch


async def test_retry_runs_exactly_the_failed_jobs_with_the_same_images(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator = FastGenerator()
    monkeypatch.setattr(ports.ports(), "generator", generator)
    client = server.client()
    variants = await catalog_variants(client, shop, 6)
    doomed = await upload((250, 120, 10))
    chosen = [
        {"variantId": v["id"], "productImageUrls": [v["imageUrl"], doomed["url"]] if i < 3 else [v["imageUrl"]]}
        for i, v in enumerate(variants)
    ]
    with held_messages(monkeypatch) as held:
        batch = await create_batch(client, chosen, numberOfVariations=2)
    # The upload's stored file becomes unreadable before the jobs run (a lost disk, a bad restore).
    key = media_key_of(doomed["url"])
    assert key is not None
    await ports.ports().media.delete(key)
    await outbox_rows.stage(held)
    await outbox.flush()

    first = await follow_batch(server, batch["id"])
    before = await read(client, batch["id"])
    print(f"\nbefore retryBatch: {counts(before)} status {before['status']}")
    assert counts(before) == {"totalJobs": 6, "pendingJobs": 0, "runningJobs": 0, "doneJobs": 3, "failedJobs": 3}
    assert first[-1]["status"] == before["status"] == "PARTIALLY_FAILED"
    failed = [job for job in before["jobs"] if job["status"] == "FAILED"]
    done = [job for job in before["jobs"] if job["status"] == "DONE"]
    assert [job["variantId"] for job in failed] == [v["id"] for v in variants[:3]]
    assert all("can no longer be read" in job["errorDetail"] and job["images"] == [] for job in failed)
    assert len(generator.calls) == 3

    # The file is back (restored from a backup: the same bytes, so the same content address).
    assert await ports.ports().media.save_content(png((250, 120, 10)), extension="png") == key
    retried = (await client.data(RETRY_BATCH, {"id": batch["id"]}))["retryBatch"]
    assert retried["failedJobs"] == 0 and retried["doneJobs"] == 3 and not retried["isCompleted"]
    last = await follow_batch(server, batch["id"])
    after = await read(client, batch["id"])
    print(f"after retryBatch: {counts(after)} status {after['status']}; generator calls {len(generator.calls)}")
    assert counts(after) == {"totalJobs": 6, "pendingJobs": 0, "runningJobs": 0, "doneJobs": 6, "failedJobs": 0}
    assert last[-1]["status"] == "COMPLETED"

    # Exactly the three failed jobs ran again, with the images they had; the done ones were not touched.
    assert len(generator.calls) == 6
    assert [len(request.product_images) for request in generator.calls[3:]] == [2, 2, 2]
    jobs = {job["id"]: job for job in after["jobs"]}
    for job in failed:
        now = jobs[job["id"]]
        assert now["status"] == "DONE" and now["retryCount"] == 1 and now["error"] is None and len(now["images"]) == 2
        assert [media_key_of(u) for u in now["productImageUrls"]] == [media_key_of(u) for u in job["productImageUrls"]]
    for job in done:
        now = jobs[job["id"]]
        images = [image["id"] for image in now["images"]]  # (their URLs are signed afresh on every read)
        assert (now["retryCount"], now["updatedAt"], images) == (0, job["updatedAt"], [i["id"] for i in job["images"]])

    # Nothing failed now: a second retry changes nothing.
    again = (await client.data(RETRY_BATCH, {"id": batch["id"]}))["retryBatch"]
    assert counts(again) == counts(after) and len(generator.calls) == 6
    shared = (await folders(client, batchId=batch["id"]))[0]
    assert len(shared["items"]) == 12


async def test_a_provider_failing_for_good_fails_at_once_and_a_retry_recovers(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusing = FailingGenerator(failures=1000, transient=False)
    monkeypatch.setattr(ports.ports(), "generator", refusing)
    client = server.client()
    variants = await catalog_variants(client, shop, 2)
    batch = await create_batch(client, [{"variantId": v["id"], "productImageUrls": [v["imageUrl"]]} for v in variants])
    assert (await follow_batch(server, batch["id"]))[-1]["status"] == "FAILED"
    failed = await read(client, batch["id"])
    assert all(job["errorDetail"] == "The image generator failed: upstream answered 503" for job in failed["jobs"])
    assert all(job["error"].startswith("The images of this variant could not be generated") for job in failed["jobs"])
    assert len(refusing.calls) == 2  # permanent: no retries

    monkeypatch.setattr(ports.ports(), "generator", FastGenerator())
    await client.data(RETRY_BATCH, {"id": batch["id"]})
    assert (await follow_batch(server, batch["id"]))[-1]["doneJobs"] == 2


async def test_a_passing_provider_failure_is_retried_on_the_schedule(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = FailingGenerator(failures=2, transient=True)
    monkeypatch.setattr(ports.ports(), "generator", flaky)
    client = server.client()
    variant = (await catalog_variants(client, shop, 1))[0]
    batch = await create_batch(client, [{"variantId": variant["id"], "productImageUrls": [variant["imageUrl"]]}])
    assert (await follow_batch(server, batch["id"]))[-1]["doneJobs"] == 1
    job = (await read(client, batch["id"]))["jobs"][0]
    assert len(flaky.calls) == 3 and job["error"] is None and job["retryCount"] == 0 and len(job["images"]) == 2
