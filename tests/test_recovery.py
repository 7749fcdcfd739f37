"""Recovery on the production path: a worker SIGKILLed mid-job, Redis restarted empty mid-job, SIGTERM to a
worker's whole process group.

The mechanisms: a dead worker's claimed work is taken again and everything finishes exactly once; the same after
Redis comes back empty; a signalled worker exits within 10 s (its default stop timeout is 7 s) and hands its claimed
work back. They run on the stack's short leases (6 s lease, 3 s broker heartbeat, 1 s scheduler tick: recovery
waits a lease, so its length only sets how long); `bench/recovery.py` measures the promise at the default settings
(a dead worker's work resumes within a 30 s lease).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from domain.tasks.reaper import STARVED_LEASES
from tests.s3_support import Bucket
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import (
    PROBE,
    RUN_PROBE,
    GraphQLClient,
    Stack,
    free_port,
    pg_rows,
    production_stack,
    require_redis,
    wait_probe,
)

CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id totalCount } }"
JOB = "query($id: ID!) { ctaJob(id: $id) { isCompleted successCount failedCount totalCount } }"
PAGES = 4
VARIANTS = 6
PROMISE_SECONDS = 60
# Redis back empty while the broker soon holds new messages again (sent by tasks that were running): the reaper then
# cannot tell a lost message from a queued one, and re-sends a waiting row only once STARVED_LEASES leases have
# passed (domain/tasks/reaper.py). On a quiet machine the broker is still empty at the next tick (all done ~6 s
# after Redis is back); on a loaded one (the whole suite in parallel) the bound is this, on the stack's 6 s lease.
STARVED_SECONDS = (1 + STARVED_LEASES) * 6 + 10  # its own lease, then the long one, then a tick or two


async def _wait_rows(pg_url: str, sql: str, timeout: float) -> list[Any]:
    deadline = time.monotonic() + timeout
    while not (rows := await pg_rows(pg_url, sql)):
        assert time.monotonic() < deadline, f"no rows for {sql!r} after {timeout} s"
        await asyncio.sleep(0.05)
    return rows


async def _start_two_jobs(client: GraphQLClient, shop: Shop) -> list[str]:
    items = [{"url": shop.url(f"/p/page{i}"), "variants": VARIANTS} for i in range(PAGES)]
    created = await asyncio.gather(*(client.data(CREATE, {"input": {"items": items}}) for _ in range(2)))
    return [c["createCtaJob"]["id"] for c in created]


async def _wait_done(client: GraphQLClient, job_ids: list[str], deadline: float, what: str) -> list[dict[str, Any]]:
    seconds = round(deadline - time.monotonic())
    while True:
        jobs = [(await client.data(JOB, {"id": j}))["ctaJob"] for j in job_ids]
        if all(j["isCompleted"] for j in jobs):
            return jobs
        done = sum(j["successCount"] for j in jobs)
        assert time.monotonic() < deadline, f"{done} of {2 * PAGES * VARIANTS} variants done {seconds} s {what}"
        await asyncio.sleep(0.25)


async def _check_exactly_once(pg_url: str, shop: Shop, jobs: list[dict[str, Any]]) -> None:
    assert all(j["successCount"] == PAGES * VARIANTS and j["failedCount"] == 0 for j in jobs)
    assert len(await pg_rows(pg_url, "SELECT id FROM product")) == PAGES  # one product per URL, both jobs
    per_variant = await pg_rows(pg_url, "SELECT job_url_id, variant_index, count(*) AS n FROM cta_info GROUP BY 1, 2")
    assert len(per_variant) == 2 * PAGES * VARIANTS and all(r["n"] == 1 for r in per_variant)
    keys = await pg_rows(pg_url, "SELECT background_key AS k FROM cta_info")
    assert len({r["k"] for r in keys}) == 2 * PAGES * VARIANTS  # no variant generated (and kept) twice
    # Each page fetched once, except a fetch that a kill interrupted (its product's fetch was claimed again).
    scrape_attempts = {
        r["normalized_url"].rsplit("/", 1)[-1]: r["scrape_attempt"]
        for r in await pg_rows(pg_url, "SELECT normalized_url, scrape_attempt FROM product")
    }
    for i in range(PAGES):
        hits = shop.page_hits(f"page{i}")
        assert hits == 1 or (hits == 2 and scrape_attempts[f"page{i}"] >= 2), (f"page{i}", hits, scrape_attempts)


def _shop() -> contextlib.AbstractContextManager[Shop]:
    return running_shop(**{f"page{i}": ProductSpec(f"Slow Product {i}", images=3) for i in range(PAGES)})


async def _fetching(shop: Shop, timeout: float) -> None:
    """Until a page fetch is in flight (the shop counts a request when it arrives, then takes page_delay)."""
    deadline = time.monotonic() + timeout
    while not any(shop.page_hits(f"page{i}") for i in range(PAGES)):
        assert time.monotonic() < deadline, f"no page fetched after {timeout} s"
        await asyncio.sleep(0.05)


async def test_a_worker_killed_mid_job_resumes_its_claimed_work(pg_url: str, tmp_path: Path, s3_bucket: Bucket) -> None:
    """On object storage, each process in a media folder of its own: the killed worker's objects are never seen
    half-written (a PUT is atomic), and every variant's background is in the bucket."""
    with _shop() as shop, production_stack(pg_url, tmp_path / "stack", workers=1, media_store=s3_bucket) as stack:
        shop.page_delay = 2.0
        client = stack.client()
        try:
            job_ids = await _start_two_jobs(client, shop)
            # worker0 (the only worker yet; booting may take a while on a loaded machine) claims page fetches.
            claimed = await _wait_rows(pg_url, "SELECT id FROM cta_job_url WHERE status = 'scraping'", 60)
            stack.start("worker1", "worker", "--processes", "1", "--threads", "4")
            await _fetching(shop, 30)
            stack.kill("worker0")  # SIGKILL of the whole process group, its page fetches in flight
            killed_at = time.monotonic()
            jobs = await _wait_done(client, job_ids, killed_at + PROMISE_SECONDS, "after the kill")
            print(f"all done {time.monotonic() - killed_at:.1f} s after the kill")
        except Exception:
            print(stack.logs())
            raise
    assert claimed, "the kill must interrupt claimed work"
    retaken = await pg_rows(pg_url, "SELECT id FROM cta_job_url WHERE attempt >= 2")
    assert retaken, "some claimed row was taken over after the kill"
    await _check_exactly_once(pg_url, shop, jobs)
    objects = {key.removeprefix("media/"): data for key, data in s3_bucket.objects("media/").items()}
    keys = await pg_rows(pg_url, "SELECT background_key AS k FROM cta_info")
    assert {r["k"] for r in keys} <= set(objects)
    for data in objects.values():  # whole: an attempt cut short left no partial object
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    assert stack.local_media_files() == []


@contextlib.contextmanager
def _own_redis(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A Redis server of this test's own, so restarting it disturbs nobody else; yields (url, restart)."""
    require_redis()  # the shared one answering means redis-server is installed and usable here
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--dir", str(tmp_path)]
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        procs.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop() -> None:
        proc = procs[-1]
        proc.terminate()
        proc.wait(10)

    start()
    try:
        yield f"redis://127.0.0.1:{port}/0", (stop, start)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)


@pytest.mark.timeout(STARVED_SECONDS + 90)
async def test_redis_restarted_empty_mid_job(pg_url: str, tmp_path: Path) -> None:
    with (
        _own_redis(tmp_path) as (redis_url, (stop_redis, start_redis)),
        _shop() as shop,
        production_stack(pg_url, tmp_path / "stack", workers=2, redis_url=redis_url) as stack,
    ):
        shop.page_delay = 2.0
        client = stack.client()
        try:
            job_ids = await _start_two_jobs(client, shop)
            await _wait_rows(pg_url, "SELECT id FROM cta_job_url WHERE status = 'scraping'", 60)  # mid-job
            await _fetching(shop, 30)
            stop_redis()  # queued and prefetched messages are gone with it
            await asyncio.sleep(2.0)  # the outage itself (a page fetch of 2 s spans it), not a wait for something
            start_redis()
            back_at = time.monotonic()
            jobs = await _wait_done(client, job_ids, back_at + STARVED_SECONDS, "after Redis came back")
            print(f"all done {time.monotonic() - back_at:.1f} s after Redis came back")
            await _check_exactly_once(pg_url, shop, jobs)
            # Connections made before the restart are not left broken: the next jobs run at once.
            next_jobs = await _start_two_jobs(client, shop)
            await _wait_done(client, next_jobs, time.monotonic() + PROMISE_SECONDS, "for the next jobs")
        except Exception:
            print(stack.logs())
            raise


def _stop_group(stack: Stack, name: str, sig: int) -> float:
    """Signal every process of the worker's group (systemd's default KillMode); returns seconds to exit."""
    proc = stack.processes.pop(name)
    started = time.monotonic()
    os.killpg(proc.pid, sig)
    try:
        proc.wait(10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    assert proc.returncode == 0, proc.returncode
    return time.monotonic() - started


async def test_sigterm_to_the_worker_group_hands_back_claimed_work(pg_url: str, tmp_path: Path) -> None:
    with production_stack(pg_url, tmp_path / "stack", workers=0, ops=True) as stack:
        client = stack.client()
        try:
            # A worker that has done some work, then holds a long task when the whole group gets SIGTERM.
            stack.start("worker0", "worker", "--processes", "2", "--threads", "2")
            warmup = (await client.data(RUN_PROBE, {"m": "warm-up", "ms": 0}))["runProbe"]["id"]
            await wait_probe(client, warmup, "DONE", 30)
            probe_id = (await client.data(RUN_PROBE, {"m": "long", "ms": 60_000}))["runProbe"]["id"]
            first = await wait_probe(client, probe_id, "PROCESSING", 30)
            took = _stop_group(stack, "worker0", signal.SIGTERM)
            print(f"worker group stopped {took:.1f} s after SIGTERM")
            handed_back = (await client.data(PROBE, {"id": probe_id}))["probe"]
            stack.start("worker1", "worker", "--processes", "1", "--threads", "2")
            # Handed back and re-sent: the new worker takes it at once, not after a lease.
            retaken = await wait_probe(client, probe_id, "PROCESSING", 20)
        except Exception:
            print(stack.logs())
            raise
    assert took < 10
    assert first["attempt"] == 1
    assert handed_back["status"] == "PENDING", handed_back
    assert retaken["attempt"] == 2
