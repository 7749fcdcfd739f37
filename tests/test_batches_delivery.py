"""Each output of a generation job is filed exactly once in each of its two folders, however often its message is
delivered and wherever its worker stops: every message sent twice through the broker; two deliveries running at
once (SQLite and PostgreSQL); a worker dying between the two folder writes; a worker paused past its lease."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from actors import setup
from actors.broker import backlog
from db import outbox as outbox_rows
from db.models import Folder, FolderItem, GeneratedImage, GenerationJob, MediaAsset, Product, Variant
from domain import outbox, ports
from domain.auth import ensure_user, principal_of
from domain.batches import GENERATE, BatchInput, BatchSettingsInput, BatchVariantInput, create_batch, generation
from domain.catalog.assets import url_of
from domain.tasks.reaper import reap
from domain.tasks.runner import run_task
from domain.tenancy import Principal
from integrations.ai.local import LocalCreativeProvider
from integrations.media import LocalMediaStorage
from settings import configure, get_settings
from tests.batch_support import (
    FastGenerator,
    GatedGenerator,
    catalog_variants,
    folders,
    follow_batch,
    held_messages,
    png,
)
from tests.batch_support import create_batch as create_batch_over_graphql
from tests.conftest import make_settings
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import LiveServer


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tee=ProductSpec("Heavyweight Tee", images=5)) as shop:
        yield shop


async def filed() -> dict[str, int]:
    """What is filed, in numbers: images, items, and items per folder (shared and per variant)."""
    per_folder = {}
    for folder in await Folder.all():
        per_folder[("shared" if folder.shared else "variant", str(folder.id))] = await FolderItem.filter(
            folder_id=folder.id
        ).count()
    return {
        "images": await GeneratedImage.all().count(),
        "items": await FolderItem.all().count(),
        "shared": sum(n for (kind, _), n in per_folder.items() if kind == "shared"),
        "variant_folders_min": min(n for (kind, _), n in per_folder.items() if kind == "variant"),
        "variant_folders_max": max(n for (kind, _), n in per_folder.items() if kind == "variant"),
    }


async def broker_idle(timeout: float = 60) -> None:
    for _ in range(int(timeout * 10)):
        if backlog(setup.wired().broker) == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the broker still holds messages")


async def test_every_message_delivered_twice_files_each_output_once(
    server: LiveServer, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator = FastGenerator()
    monkeypatch.setattr(ports.ports(), "generator", generator)
    client = server.client()
    variants = await catalog_variants(client, shop, 8)
    chosen = [{"variantId": v["id"], "productImageUrls": [v["imageUrl"]]} for v in variants]
    with held_messages(monkeypatch) as held:
        batch = await create_batch_over_graphql(client, chosen, numberOfVariations=3)
    assert len(held) == 8
    # Each job's message twice, racing each other through the embedded broker's worker threads ...
    await outbox_rows.stage(held)
    await outbox_rows.stage(held)
    await outbox.flush()
    assert (await follow_batch(server, batch["id"]))[-1]["doneJobs"] == 8
    # ... and a third time once everything is done.
    await outbox_rows.stage(held)
    await outbox.flush()
    await broker_idle()

    numbers = await filed()
    print(f"\n8 jobs x 3 images, every message delivered 3 times: {numbers}, generator calls {len(generator.calls)}")
    assert len(generator.calls) == 8
    assert numbers == {"images": 24, "items": 48, "shared": 24, "variant_folders_min": 3, "variant_folders_max": 3}
    shared, *per_variant = await folders(client, batchId=batch["id"])
    assert len(shared["items"]) == len({i["imageId"] for i in shared["items"]}) == 24
    assert sorted(i["imageId"] for f in per_variant for i in f["items"]) == sorted(
        i["imageId"] for i in shared["items"]
    )


# --- the same guarantees against the kernel directly, on SQLite and PostgreSQL -----------------------------


@pytest.fixture
async def installed(db: str, tmp_path: Path) -> AsyncIterator[FastGenerator]:
    """This process's settings and ports for a database without a server: media under tmp_path, a fast generator."""
    previous_settings, previous_ports = get_settings(), ports.ports()
    configure(make_settings(tmp_path, database_url=db))
    generator = FastGenerator()
    storage = LocalMediaStorage(tmp_path / "media", b"secret", timedelta(hours=1))
    ports.install(ports.Ports(media=storage, creative=LocalCreativeProvider(), new_fetcher=previous_ports.new_fetcher))
    ports.ports().generator = generator
    try:
        yield generator
    finally:
        configure(previous_settings)
        ports.install(previous_ports)


async def seeded_batch(count: int, variations: int) -> tuple[Principal, list[GenerationJob]]:
    """A workspace with `count` catalog variants on one stored image, and a batch of them (messages held)."""
    principal = principal_of(await ensure_user("owner@shop.example", "shop"))
    data = png((200, 40, 40))
    key = await ports.ports().media.save_content(data, extension="png")
    asset = await MediaAsset.create(
        workspace_id=principal.workspace_id,
        sha256=hashlib.sha256(data).hexdigest(),
        key=key,
        content_type="image/png",
        width=96,
        height=64,
        size=len(data),
    )
    product = await Product.create(workspace_id=principal.workspace_id, title="Tee", in_catalog=True)
    variants = [
        await Variant.create(
            workspace_id=principal.workspace_id,
            product_id=product.id,
            title=f"Colour {i}",
            image_id=asset.id,
            print_area={"x": 0.25, "y": 0.25, "width": 0.5, "height": 0.5},
            position=i,
        )
        for i in range(count)
    ]
    batch = await create_batch(
        principal,
        BatchInput(
            name="Kernel",
            variants=[BatchVariantInput(str(v.id), [url_of(key)]) for v in variants],
            settings=BatchSettingsInput("studio", variations, {"aspect_ratio": "16:9"}),
        ),
    )
    return principal, list(await GenerationJob.filter(batch_id=batch.id).order_by("position"))


async def test_two_deliveries_at_once_run_the_job_once(
    installed: FastGenerator, monkeypatch: pytest.MonkeyPatch
) -> None:
    with held_messages(monkeypatch):
        _, jobs = await seeded_batch(count=4, variations=2)
        outcomes = await asyncio.gather(*(run_task(GENERATE, str(job.id)) for job in jobs for _ in range(2)))
        late = [await run_task(GENERATE, str(job.id)) for job in jobs]  # delivered again after the end
    assert sorted(outcomes) == [False] * 4 + [True] * 4 and late == [False] * 4
    assert len(installed.calls) == 4
    assert await filed() == {"images": 8, "items": 16, "shared": 8, "variant_folders_min": 2, "variant_folders_max": 2}
    assert {job.status for job in await GenerationJob.all()} == {"done"}


class WorkerDied(BaseException):
    """The process stopped here (SIGKILL, a power cut): nothing after this line ran."""


async def test_a_worker_dying_between_the_two_folder_writes_files_nothing_then_the_rerun_files_once(
    installed: FastGenerator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    writes: list[Any] = []
    file_into = generation.file_into

    async def dies_before_the_second_folder(folder_id: Any, images: list[GeneratedImage], tx: Any) -> None:
        writes.append(folder_id)
        if len(writes) == 2:
            raise WorkerDied
        await file_into(folder_id, images, tx)

    with held_messages(monkeypatch) as held:
        _, [job] = await seeded_batch(count=1, variations=3)
        with monkeypatch.context() as patch:
            patch.setattr(generation, "file_into", dies_before_the_second_folder)
            with pytest.raises(WorkerDied):
                await run_task(GENERATE, str(job.id))
        assert writes == [job.folder_id, writes[1]] and writes[1] != job.folder_id
        # The variant folder's write was not committed either, nor the images; the attempt's files are gone.
        assert (await GeneratedImage.all().count(), await FolderItem.all().count()) == (0, 0)
        assert not list((tmp_path / "media" / "batches").rglob("*.png"))
        row = await GenerationJob.get(id=job.id)
        assert row.status == "generating"
        assert not await run_task(GENERATE, str(job.id))  # its lease still runs: a redelivery finds it taken

        # The lease runs out; the reaper sends the job again, and this time it runs to the end.
        later = datetime.now(UTC) + get_settings().job_lease * 2
        held.clear()
        assert await reap(later, get_settings().job_lease) == 1
        assert [m["args"] for m in held] == [[str(job.id)]]
        assert await run_task(GENERATE, str(job.id))
    assert await filed() == {"images": 3, "items": 6, "shared": 3, "variant_folders_min": 3, "variant_folders_max": 3}
    assert len(installed.calls) == 2


async def test_a_worker_paused_past_its_lease_files_nothing_when_it_wakes(
    installed: FastGenerator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    gated = GatedGenerator()
    ports.ports().generator = gated
    with held_messages(monkeypatch):
        _, [job] = await seeded_batch(count=1, variations=2)
        paused = asyncio.create_task(run_task(GENERATE, str(job.id)))
        await asyncio.wait_for(gated.waiting.wait(), 30)
        # Its lease runs out while it is paused: another worker takes the job over and finishes it.
        await GenerationJob.filter(id=job.id).update(lease_expires_at=datetime.now(UTC) - timedelta(seconds=1))
        assert await run_task(GENERATE, str(job.id))
        gated.gate.set()
        assert await asyncio.wait_for(paused, 30)  # it ran, but its final write was refused
    assert await filed() == {"images": 2, "items": 4, "shared": 2, "variant_folders_min": 2, "variant_folders_max": 2}
    kept = {image.key for image in await GeneratedImage.all()}
    on_disk = {p.relative_to(tmp_path / "media").as_posix() for p in (tmp_path / "media" / "batches").rglob("*.png")}
    assert on_disk == kept  # the paused attempt's two files were removed
    assert (await GenerationJob.get(id=job.id)).attempt == 2
