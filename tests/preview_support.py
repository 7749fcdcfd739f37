"""Helpers for the preview tests: a catalog to preview (a tote in two colours and sizes, a work), GraphQL
operations, a compositor that counts its renders, a fake OpenAI server that times its calls, and /metrics."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response

from integrations.ai.capabilities import PrintArea, Progress, Recipe
from integrations.ai.local_compositor import LocalCompositor
from tests.fake_openai import FakeOpenAI
from tests.shop import Shop
from tests.support import GraphQLClient

TASK_FIELDS = """id status progress resultUrl errorMessage errorDetail
  attempts maxAttempts nextAttemptAt retryCount cached createTime updateTime
  workId productId color size expiresAt provenance"""
REQUEST = f"mutation($input: PreviewInput!) {{ requestPreview(input: $input) {{ {TASK_FIELDS} }} }}"
REQUEST_MANY = f"mutation($inputs: [PreviewInput!]!) {{ requestPreviews(inputs: $inputs) {{ {TASK_FIELDS} }} }}"
TASK = f"query($id: ID!) {{ previewTask(id: $id) {{ {TASK_FIELDS} }} }}"
TASKS = f"query($ids: [ID!]!) {{ previewTasks(ids: $ids) {{ {TASK_FIELDS} }} }}"
CLEAR = "mutation($workId: ID, $productId: ID) { clearPreviewCache(workId: $workId, productId: $productId) }"
UPDATES = f"subscription($ids: [ID!]!) {{ previewTaskUpdated(ids: $ids) {{ {TASK_FIELDS} }} }}"
CREATE_PRODUCT = "mutation($input: CreateProductInput!) { createProduct(input: $input) { id variants { id } } }"
CREATE_WORK = "mutation($input: CreateWorkInput!) { createWork(input: $input) { id } }"
EDITS = "/v1/images/edits"
TOTE_AREA = {"x": 0.25, "y": 0.3, "width": 0.5, "height": 0.5}


@dataclass(frozen=True)
class Catalog:
    work_id: str
    product_id: str
    other_work_id: str

    def input(self, color: str = "Natural", size: str = "Large", work_id: str | None = None) -> dict[str, Any]:
        return {"workId": work_id or self.work_id, "productId": self.product_id, "color": color, "size": size}


async def make_catalog(client: GraphQLClient, shop: Shop, title: str = "Canvas Tote") -> Catalog:
    """A tote in Natural (Large, Small) and Navy (Large), each with its own image, and two works."""
    variants = [
        {"title": "Natural / L", "color": "Natural", "size": "Large", "imageUrl": shop.image_url("tote", 0)},
        {"title": "Natural / S", "color": "Natural", "size": "Small", "imageUrl": shop.image_url("tote", 1)},
        {"title": "Navy / L", "color": "Navy", "size": "Large", "imageUrl": shop.image_url("tote", 2)},
    ]
    product = await client.data(
        CREATE_PRODUCT,
        {
            "input": {
                "title": title,
                "images": [shop.image_url("tote", 0)],
                "variants": [{**v, "printArea": TOTE_AREA} for v in variants],
            }
        },
    )
    works = [
        (await client.data(CREATE_WORK, {"input": {"name": name, "imageUrl": shop.image_url(name, i + 3)}}))[
            "createWork"
        ]["id"]
        for i, name in enumerate(("sunset", "dots"))
    ]
    return Catalog(works[0], product["createProduct"]["id"], works[1])


class CountingCompositor:
    """The local compositor, counting its renders (and optionally slower, or failing a set number of times)."""

    def __init__(self, delay: float = 0.0, failures: int = 0, error: Exception | None = None) -> None:
        self.calls = 0
        self.delay = delay
        self.failures = failures
        self.error = error
        self._inner = LocalCompositor()
        self.name = "counting-local"

    def recipe(self, area: PrintArea) -> Recipe:
        return self._inner.recipe(area)

    async def composite(
        self, artwork: bytes, product_image: bytes, area: PrintArea, progress: Progress | None = None
    ) -> bytes:
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.calls <= self.failures and self.error is not None:
            raise self.error
        return await self._inner.composite(artwork, product_image, area, progress)


class TimedFakeOpenAI(FakeOpenAI):
    """The fake OpenAI server, remembering when each request arrived (monotonic seconds)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []
        self._times_lock = threading.Lock()

    async def _handle(self, request: Request) -> Response:
        with self._times_lock:
            self.times.append(time.monotonic())
        return await super()._handle(request)


async def metric(base_url: str, name: str, labels: str = "") -> float:
    """One sample of /metrics, e.g. metric(url, "vitrine_preview_renders_total", 'outcome="started"'); 0 if absent."""
    async with httpx.AsyncClient(base_url=base_url) as client:
        text = (await client.get("/metrics")).text
    selector = re.escape(name) + (r"\{" + re.escape(labels) + r"\}" if labels else "")
    match = re.search(rf"^{selector} ([0-9.e+-]+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


async def wait_final(client: GraphQLClient, task_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        task: dict[str, Any] = (await client.data(TASK, {"id": task_id}))["previewTask"]
        if task["status"] in ("COMPLETED", "FAILED"):
            return task
        assert time.monotonic() < deadline, f"preview task still {task['status']} after {timeout} s"
        await asyncio.sleep(0.1)
