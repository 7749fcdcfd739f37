"""Reading a product page is a task of the kernel (`products.scrape`): a task that needs the page runs it inline
through the kernel (or is deferred while another worker reads it), a request enqueues it and waits for its completion
signal on the product's topic; a page is read once, whoever asks."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from db.models import Product, Workspace
from domain import outbox
from domain.products import ScrapeFailed, product_for_url, requested_product
from domain.tasks import Deferred
from domain.tasks.runner import run_task
from tests.shop import ProductSpec, Shop, running_shop


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tote=ProductSpec("Everyday Canvas Tote", images=2)) as shop:
        yield shop


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A worker in this process: every message handed to the broker runs its task on this loop, in a context of its
    own as a worker thread's would be (the sender is called inside the outbox's transaction)."""
    sent: list[dict[str, Any]] = []
    running: set[asyncio.Task[bool]] = set()

    def send(messages: list[dict[str, Any]]) -> None:
        for message in messages:
            sent.append(message)
            work = run_task(message["actor"], message["args"][0])
            task = asyncio.get_running_loop().create_task(work, context=contextvars.Context())
            running.add(task)
            task.add_done_callback(running.discard)

    monkeypatch.setattr(outbox, "_sender", send)
    return sent


async def test_a_request_enqueues_the_read_and_waits_for_the_kernel(
    installed: str, shop: Shop, worker: list[dict[str, Any]]
) -> None:
    workspace = await Workspace.create(name="import")
    url = shop.url("/p/tote")
    product = await requested_product(workspace.id, url, url)
    assert product.title == "Everyday Canvas Tote" and product.scrape_status == "ready"
    assert [m["actor"] for m in worker] == ["products.scrape"] and shop.page_hits("tote") == 1

    again = await requested_product(workspace.id, url, url)  # fresh: reused, nothing enqueued
    assert again.id == product.id and len(worker) == 1 and shop.page_hits("tote") == 1


async def test_a_page_being_read_defers_a_task_and_a_request_waits_for_that_read(
    installed: str, shop: Shop, worker: list[dict[str, Any]]
) -> None:
    workspace = await Workspace.create(name="shared")
    url = shop.url("/p/tote")
    shop.gates["tote"] = gate = threading.Event()
    first = asyncio.ensure_future(product_for_url(workspace.id, url, url))  # a CTA URL's task reading inline
    while shop.page_hits("tote") == 0:
        await asyncio.sleep(0.02)

    with pytest.raises(Deferred):
        await product_for_url(workspace.id, url, url)  # another task: its thread is free until the read is done
    waiting = asyncio.ensure_future(requested_product(workspace.id, url, url))
    await asyncio.sleep(0.2)
    assert not waiting.done() and worker == []  # being read already: nothing enqueued, the request waits

    gate.set()
    read, waited = await asyncio.gather(first, waiting)
    assert read.id == waited.id and waited.scrape_status == "ready"
    assert shop.page_hits("tote") == 1


async def test_an_unreadable_page_fails_with_its_cause_and_whether_it_may_pass(
    installed: str, shop: Shop, worker: list[dict[str, Any]]
) -> None:
    workspace = await Workspace.create(name="failures")
    missing = shop.url("/p/missing")
    with pytest.raises(ScrapeFailed) as refused:
        await requested_product(workspace.id, missing, missing)
    assert "404" in str(refused.value) and not refused.value.transient
    assert (await Product.get(normalized_url=missing)).scrape_status == "failed"

    shop.unavailable_first = 1
    flaky = shop.url("/p/flaky")
    with pytest.raises(ScrapeFailed) as passing:
        await product_for_url(workspace.id, flaky, flaky)
    assert passing.value.transient
    assert (await Product.get(normalized_url=flaky)).scrape_status == "unreachable"
    # Asked again (the CTA URL's retry), the page is read again and this time it answers.
    assert (await product_for_url(workspace.id, flaky, flaky)).title == "Flaky Product"
