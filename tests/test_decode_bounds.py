"""At most VITRINE_MAX_CONCURRENT_DECODES images are checked (decoded) at once in a process: six uploads sent together
wait their turn. The decode is observed through a counting wrapper of the domain's `inspect_image` dependency."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.catalog import assets
from domain.catalog.image_files import ImageInfo
from domain.slots import Slots
from tests.catalog_support import image_bytes
from tests.conftest import make_settings
from tests.support import LiveServer, serve_app

UPLOAD = "mutation($file: Upload!) { uploadImage(file: $file) { id width } }"


class Concurrency:
    """How many callers are inside at once, and the most there ever were."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside = self.peak = self.calls = 0

    def __enter__(self) -> None:
        with self.lock:
            self.inside += 1
            self.calls += 1
            self.peak = max(self.peak, self.inside)

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.inside -= 1


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Concurrency]:
    """Counts decodes in this process: the servers using it run CPU work in a thread (VITRINE_CPU_PROCESSES=0),
    since a wrapper made here cannot cross to a pool worker."""
    observed = Concurrency()
    real = assets.inspect_image

    def counting(path: Path, *, max_pixels: int) -> ImageInfo:
        with observed:
            time.sleep(0.2)  # a decode that takes a while, so uploads sent together would overlap in it
            return real(path, max_pixels=max_pixels)

    monkeypatch.setattr(assets, "inspect_image", counting)
    yield observed


async def upload(server: LiveServer, index: int) -> dict[str, Any]:
    data = image_bytes("PNG", (64 + index, 48), color=(index * 40, 20, 20))
    operations = json.dumps({"query": UPLOAD, "variables": {"file": None}})
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as client:
        response = await client.post(
            "/graphql",
            data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
            files={"0": (f"{index}.png", data, "image/png")},
            headers={"apollo-require-preflight": "true"},
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body
    return body


@pytest.mark.parametrize("limit", [1, 2])
async def test_six_concurrent_uploads_never_decode_more_than_the_limit(
    tmp_path: Path, decodes: Concurrency, limit: int
) -> None:
    async with serve_app(make_settings(tmp_path, max_concurrent_decodes=limit, cpu_processes=0)) as live:
        bodies = await asyncio.gather(*(upload(live, i) for i in range(6)))
    assert sorted(b["data"]["uploadImage"]["width"] for b in bodies) == [64, 65, 66, 67, 68, 69]
    assert decodes.calls == 6
    assert decodes.peak == limit, f"{decodes.peak} decodes at once with the limit at {limit}"
    assert assets.decode_slots.active == 0


async def test_without_the_bound_the_same_uploads_overlap(tmp_path: Path, decodes: Concurrency) -> None:
    # The control: what the limit prevents does happen when the limit allows it.
    async with serve_app(make_settings(tmp_path, max_concurrent_decodes=6, cpu_processes=0)) as live:
        await asyncio.gather(*(upload(live, i) for i in range(6)))
    assert decodes.peak > 2


def test_the_default_is_two() -> None:
    assert make_settings(Path("/nonexistent")).max_concurrent_decodes == 2


async def test_slots_are_shared_by_loops_in_threads_and_freed_by_cancelled_waiters() -> None:
    slots = Slots(lambda: 2)
    observed = Concurrency()

    async def work(n: int) -> None:
        for _ in range(n):
            async with slots.hold():
                with observed:
                    await asyncio.sleep(0.005)

    threads = [threading.Thread(target=asyncio.run, args=(work(10),)) for _ in range(4)]
    for thread in threads:
        thread.start()
    await work(10)
    for thread in threads:
        thread.join()
    assert observed.calls == 50 and observed.peak == 2 and slots.active == 0

    # A waiter cancelled while queued, and one cancelled just as it was handed a slot, keep nothing.
    await slots.acquire()
    await slots.acquire()
    queued = [asyncio.ensure_future(slots.acquire()) for _ in range(3)]
    await asyncio.sleep(0)
    queued[0].cancel()
    slots.release()  # hands a slot to queued[1] (queued[0] left the queue)
    queued[1].cancel()  # ... which is cancelled before it runs: the slot passes on to queued[2]
    await asyncio.gather(*queued, return_exceptions=True)
    assert queued[2].done() and not queued[2].cancelled()
    assert slots.active == 2
    slots.release()
    slots.release()
    assert slots.active == 0
