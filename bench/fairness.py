"""Fairness bench (issue 22): workspace A's one preview while workspace B's batch runs, and what lanes cost B.

Two layouts of the embedded server, side by side in one run, against one stand-in OpenAI server whose every image
call takes `--call` seconds: **lanes** (the defaults: 4 bulk threads, 2 interactive) and **one queue**, the
layout before lanes (every actor on Dramatiq's `default` queue, 4 threads, first in, first out: the bench moves
the actors there and sets `VITRINE_INTERACTIVE_THREADS=0`, one pool for every queue).
For each layout:

1. A alone: one preview's latency from its request to COMPLETED;
2. B alone: a batch of `--jobs` single-image jobs, from createBatch to its last job done;
3. B and A: the same batch, and A's preview requested once B's jobs run: A's latency, and B's batch time;
4. a burst of `--burst` distinct previews from A alone (interactive work only), to its last one done.

It prints the ratios: A's latency under B's batch against A alone (goal: done within 8 s), B alone with lanes
against one queue (goal ≤ 1.2x), and the preview burst with lanes against one queue (the interactive lane has 2
threads where all work had 4: the price of reserving them).

    .venv/bin/python bench/fairness.py [--jobs 100] [--call 1.0] [--burst 20] [--interactive-threads 2]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actors import setup
from actors.lanes import LEGACY_QUEUE
from domain.auth import issue_token
from settings import Settings
from tests.batch_support import catalog_variants, create_batch
from tests.fake_openai import png_bytes
from tests.preview_support import CREATE_PRODUCT, CREATE_WORK, EDITS, REQUEST, REQUEST_MANY, TASKS, TimedFakeOpenAI
from tests.shop import Shop, running_shop
from tests.support import GraphQLClient, serve_app

COUNTS = "query($id: ID!) { batch(id: $id) { totalJobs pendingJobs runningJobs doneJobs failedJobs isCompleted } }"
LAYOUTS: dict[str, dict[str, Any]] = {"lanes": {}, "one queue": {"interactive_worker_threads": 0}}


@contextlib.contextmanager
def layout_queues(name: str) -> Iterator[None]:
    """For "one queue", every actor sends to `default`, as before lanes; put back afterwards."""
    if name != "one queue":
        yield
        return
    broker = setup.wired().broker  # the running server's
    saved = {actor_name: actor.queue_name for actor_name, actor in broker.actors.items()}
    broker.declare_queue(LEGACY_QUEUE)
    for actor in broker.actors.values():
        actor.queue_name = LEGACY_QUEUE
    try:
        yield
    finally:
        for actor_name, queue in saved.items():
            broker.actors[actor_name].queue_name = queue


def _answer() -> dict[str, Any]:
    encoded = base64.b64encode(png_bytes((96, 96), (120, 90, 60))).decode()
    return {"created": 1713833628, "data": [{"b64_json": encoded}]}


async def _previewable(client: GraphQLClient, shop: Shop, colours: int) -> tuple[str, str]:
    """A product of `colours` colour variants (each a distinct preview) and a work: (product id, work id)."""
    variants = [
        {"title": f"Colour {i}", "color": f"Colour {i}", "size": "M", "imageUrl": shop.image_url("tote", i % 3)}
        for i in range(colours)
    ]
    product = await client.data(
        CREATE_PRODUCT, {"input": {"title": "Tote", "images": [shop.image_url("tote", 0)], "variants": variants}}
    )
    work = await client.data(CREATE_WORK, {"input": {"name": "sunset", "imageUrl": shop.image_url("sunset", 3)}})
    return product["createProduct"]["id"], work["createWork"]["id"]


async def _previews_done(client: GraphQLClient, ids: list[str], started: float, timeout: float = 600) -> float:
    while True:
        tasks = (await client.data(TASKS, {"ids": ids}))["previewTasks"]
        if all(t["status"] in ("COMPLETED", "FAILED") for t in tasks):
            if failed := [t for t in tasks if t["status"] == "FAILED"]:
                raise RuntimeError(f"preview failed: {failed[0]['errorMessage']}")
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise TimeoutError("previews not done")
        await asyncio.sleep(0.05)


async def _batch(client: GraphQLClient, variants: list[dict[str, Any]]) -> tuple[str, float]:
    chosen = [{"variantId": v["id"], "productImageUrls": [v["imageUrl"]]} for v in variants]
    started = time.monotonic()
    batch = await create_batch(client, chosen, numberOfVariations=1)
    return batch["id"], started


async def _batch_done(client: GraphQLClient, batch_id: str, started: float) -> float:
    while True:
        counts = (await client.data(COUNTS, {"id": batch_id}))["batch"]
        if counts["isCompleted"]:
            if counts["failedJobs"]:
                raise RuntimeError(f"{counts['failedJobs']} batch jobs failed")
            return time.monotonic() - started
        await asyncio.sleep(0.1)


async def layout(name: str, args: argparse.Namespace, fake: TimedFakeOpenAI, shop: Shop) -> dict[str, float]:
    fake.reset()
    for _ in range(3 * args.jobs + args.burst + 10):  # every image call gets the same slow answer
        fake.reply(EDITS, _answer(), delay=args.call)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite://{tmp}/vitrine.db",
            media_dir=Path(tmp) / "media",
            secret_key="bench-secret-key-0123456789",
            log_level="WARNING",
            log_format="text",
            allow_private_urls=True,
            ai_provider="openai",
            openai_api_key="sk-bench",
            openai_base_url=fake.base_url,
            **(LAYOUTS[name] or {"interactive_worker_threads": args.interactive_threads}),
        )
        async with serve_app(settings) as server:
            a = server.client(await issue_token("owner@a.example", "a"))
            b = server.client(await issue_token("owner@b.example", "b"))
            product_id, work_id = await _previewable(a, shop, args.burst + 2)
            variants = await catalog_variants(b, shop, args.jobs)

            def preview(i: int) -> dict[str, Any]:
                return {"workId": work_id, "productId": product_id, "color": f"Colour {i}", "size": "M"}

            started = time.monotonic()
            task = (await a.data(REQUEST, {"input": preview(0)}))["requestPreview"]
            a_alone = await _previews_done(a, [task["id"]], started)

            batch_id, started = await _batch(b, variants)
            b_alone = await _batch_done(b, batch_id, started)

            batch_id, b_started = await _batch(b, variants)
            while (await b.data(COUNTS, {"id": batch_id}))["batch"]["runningJobs"] == 0:
                await asyncio.sleep(0.05)
            started = time.monotonic()
            task = (await a.data(REQUEST, {"input": preview(1)}))["requestPreview"]
            a_with_b = await _previews_done(a, [task["id"]], started)
            b_with_a = await _batch_done(b, batch_id, b_started)

            started = time.monotonic()
            inputs = [preview(i) for i in range(2, args.burst + 2)]
            tasks = (await a.data(REQUEST_MANY, {"inputs": inputs}))["requestPreviews"]
            burst = await _previews_done(a, [t["id"] for t in tasks], started)
    figures = {"a_alone": a_alone, "b_alone": b_alone, "a_with_b": a_with_b, "b_with_a": b_with_a, "burst": burst}
    print(
        f"{name:>10}: A alone {a_alone:5.1f} s | B alone {b_alone:5.1f} s | B and A: A {a_with_b:5.1f} s, "
        f"B {b_with_a:5.1f} s | {args.burst} previews alone {burst:5.1f} s",
        flush=True,
    )
    return figures


async def run(args: argparse.Namespace) -> None:
    print(f"B: {args.jobs} single-image jobs, {args.call} s per image call; A: one preview (one call)", flush=True)
    fake = TimedFakeOpenAI()
    fake.start()
    try:
        with running_shop() as shop:
            results = {}
            for name in LAYOUTS:
                with layout_queues(name):
                    results[name] = await layout(name, args, fake, shop)
    finally:
        fake.stop()
    lanes, one = results["lanes"], results["one queue"]
    for name, r in results.items():
        print(f"{name:>10}: A's preview under B's batch / A alone = {r['a_with_b'] / r['a_alone']:.1f}x")
    print(f"A's preview under B's batch, lanes / one queue = {lanes['a_with_b'] / one['a_with_b']:.2f}x")
    print(f"B alone, lanes / one queue = {lanes['b_alone'] / one['b_alone']:.2f}x (goal <= 1.2x)")
    print(f"B with A's preview, lanes / one queue = {lanes['b_with_a'] / one['b_with_a']:.2f}x")
    print(f"{args.burst} previews alone, lanes / one queue = {lanes['burst'] / one['burst']:.2f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=100, help="B's batch: single-image jobs (at most 100)")
    parser.add_argument("--call", type=float, default=1.0, help="seconds per image call at the stand-in server")
    parser.add_argument("--burst", type=int, default=20, help="distinct previews A asks for at once, alone")
    parser.add_argument("--interactive-threads", type=int, default=4, help="the lanes layout's interactive threads")
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
