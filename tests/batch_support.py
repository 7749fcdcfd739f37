"""Helpers for the batch tests: the operations, a catalog to pick from, uploads, following a batch to its end, and
generators that stand in for the AI (fast, counting, failing, blocking)."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from domain import outbox
from domain.auth import local_principal
from domain.catalog import uploads
from domain.tenancy import Principal
from integrations.ai.base import ProviderError
from integrations.ai.capabilities import GenerationRequest, Progress
from integrations.ai.local_generator import CANVAS_SIZES
from tests.catalog_support import CREATE_PRODUCT
from tests.shop import Shop
from tests.support import GraphQLClient, LiveServer, subscribe

IMAGE_FIELDS = "id url width height variantId jobId createdAt provenance"
CANDIDATES = f"""query($ids: [ID!]!) {{ imageCandidates(variantIds: $ids) {{
  variants {{ variantId productId productTitle variantTitle variantImageUrl generatedImages {{ {IMAGE_FIELDS} }} }}
  uploads {{ id url }} }} }}"""
BATCH_FIELDS = """id name status createdAt credits schemaKey numberOfVariations totalJobs pendingJobs runningJobs
  doneJobs failedJobs isCompleted folderId
  jobs { id variantId status productImageUrls error errorDetail
    attempts maxAttempts nextAttemptAt retryCount folderId updatedAt images { id url } }"""
CREATE_BATCH = f"mutation($input: CreateBatchInput!) {{ createBatch(input: $input) {{ {BATCH_FIELDS} }} }}"
BATCH = f"query($id: ID!) {{ batch(id: $id) {{ {BATCH_FIELDS} }} }}"
RETRY_BATCH = f"mutation($id: ID!) {{ retryBatch(id: $id) {{ {BATCH_FIELDS} }} }}"
FOLLOW_BATCH = """subscription($id: ID!) { batchUpdated(id: $id) {
  id status totalJobs pendingJobs runningJobs doneJobs failedJobs isCompleted } }"""
FOLDERS = f"""query($variantId: ID, $batchId: ID) {{ folders(variantId: $variantId, batchId: $batchId) {{
  id name variantId batchId shared items {{ id imageId url createdAt image {{ {IMAGE_FIELDS} }} }} }} }}"""


async def catalog_variants(client: GraphQLClient, shop: Shop, count: int, slug: str = "tee") -> list[dict[str, Any]]:
    """A catalog product with `count` variants (at most 100), each on one of five shop images, via createProduct."""
    product = {
        "title": f"Heavyweight {slug.title()}",
        "images": [shop.image_url(slug, 0)],
        "variants": [
            {"title": f"Colour {i}", "color": f"Colour {i}", "size": "M", "imageUrl": shop.image_url(slug, i % 5)}
            for i in range(count)
        ],
    }
    created = (await client.data(CREATE_PRODUCT, {"input": product}))["createProduct"]
    variants: list[dict[str, Any]] = created["variants"]
    return variants


def png(colour: tuple[int, int, int], size: tuple[int, int] = (96, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


async def upload(colour: tuple[int, int, int], principal: Principal | None = None) -> dict[str, str]:
    """An upload of the (local) workspace, stored the way uploadImage stores it; its id and signed URL."""
    data = png(colour)
    row = await uploads.upload_image(
        principal or await local_principal(),
        io.BytesIO(data),
        original_name=f"upload-{colour}.png",
        declared_size=len(data),
        kind="PRODUCT",
    )
    return {"id": str(row.id), "url": uploads.upload_url(row)}


async def create_batch(client: GraphQLClient, variants: list[dict[str, Any]], **settings: Any) -> dict[str, Any]:
    """createBatch for `variants` ([{variantId, productImageUrls}]), settings defaulting to studio x 2."""
    values = {"schemaKey": "studio", "numberOfVariations": 2, "input": {"aspect_ratio": "1:1"}, **settings}
    body = await client.data(CREATE_BATCH, {"input": {"name": "Spring drop", "variants": variants, "settings": values}})
    batch: dict[str, Any] = body["createBatch"]
    return batch


async def follow_batch(server: LiveServer, batch_id: str, timeout: float = 120) -> list[dict[str, Any]]:
    """batchUpdated from the first state to the last; asserts the server completes the subscription."""
    seen = []
    async with subscribe(server.ws_url, FOLLOW_BATCH, {"id": batch_id}) as sub:
        while True:
            state = (await sub.next(timeout=timeout))["data"]["batchUpdated"]
            seen.append(state)
            if state["isCompleted"]:
                assert (await sub.message())["type"] == "complete"
                return seen


async def folders(client: GraphQLClient, **where: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await client.data(FOLDERS, where))["folders"]
    return found


@contextlib.contextmanager
def held_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """Messages are staged and drained as usual but handed to this list instead of the broker: no worker runs
    them, so a test can deliver them itself (or count statements without a worker adding its own)."""
    held: list[dict[str, Any]] = []
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "_sender", lambda messages: held.extend(messages))
        yield held


class FastGenerator:
    """Tiny flat images of the asked ratio: the batch machinery at full speed. Counts its calls."""

    name = "test-fast"
    model = "flat-1"

    def __init__(self) -> None:
        self.calls: list[GenerationRequest] = []

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        self.calls.append(request)
        width, height = CANVAS_SIZES[request.aspect_ratio]
        shade = len(self.calls) % 200
        return [png((shade, i * 40, 90), (width // 16, height // 16)) for i in range(request.count)]


class FailingGenerator(FastGenerator):
    """Fails its first `failures` calls (transiently or for good), then makes images."""

    name = "test-failing"

    def __init__(self, failures: int, transient: bool) -> None:
        super().__init__()
        self.failures, self.transient = failures, transient

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        if len(self.calls) < self.failures:
            self.calls.append(request)
            raise ProviderError("upstream answered 503", transient=self.transient)
        return await super().generate_images(request, progress)


class GatedGenerator(FastGenerator):
    """The first call waits for `gate`: a worker paused mid-generation (past its lease)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.waiting = asyncio.Event()

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        first = not self.calls
        images = await super().generate_images(request, progress)
        if first:
            self.waiting.set()
            await self.gate.wait()
        return images
