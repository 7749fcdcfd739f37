"""Media assets: images checked, then stored once per content (the key is the sha256) and recorded per workspace.

Every image the catalog keeps goes through here, whether uploaded or fetched from a URL: staged by the media store
(a file inside the media folder that no key addresses, or memory for object storage), checked (type from the
bytes, size and pixels from the header, then one decode), and only then stored at its content address. A refusal
discards what was staged, so nothing is left behind."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from tortoise.backends.base.client import BaseDBAsyncClient

from db.models import MediaAsset
from domain.catalog.image_files import ImageInfo, ImageRefused, inspect_image
from domain.errors import BadUserInput
from domain.ports import ports
from domain.slots import Slots
from integrations import cpu
from integrations.fetcher import FetchError, check_public_url
from integrations.media import Staged
from settings import Settings, get_settings

COPY_CHUNK = 256 * 1024
PARALLEL_FETCHES = 4


@dataclass
class StagedImage:
    """A checked image waiting in the store's staging: `store` gives it its content address."""

    staged: Staged
    info: ImageInfo
    source_url: str | None = None
    key: str | None = None

    @property
    def sha256(self) -> str:
        return self.staged.sha256

    @property
    def size(self) -> int:
        return self.staged.size


class _TooLarge(Exception):
    pass


def limit_in_words(settings: Settings) -> str:
    size = settings.max_upload_bytes
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


async def stage_stream(source: BinaryIO, *, declared_size: int | None, field: str) -> StagedImage:
    """Copy `source` (a blocking file object, e.g. the spooled upload) into the store's staging in chunks, hashing
    as it goes; refuse past the byte cap without reading further, then check the image."""
    settings = get_settings()
    too_large = BadUserInput(f"the file is larger than the {limit_in_words(settings)} allowed", field=field)
    if declared_size is not None and declared_size > settings.max_upload_bytes:
        raise too_large
    media = ports().media
    staged = await asyncio.to_thread(media.stage)
    try:
        await asyncio.to_thread(_copy, source, staged, settings.max_upload_bytes)
        return await _checked(staged, field=field, source_url=None)
    except _TooLarge:
        await media.discard(staged)
        raise too_large from None
    except BaseException:
        await media.discard(staged)
        raise


def _copy(source: BinaryIO, staged: Staged, limit: int) -> None:
    source.seek(0)
    with staged:
        while chunk := source.read(COPY_CHUNK):
            if staged.size + len(chunk) > limit:
                raise _TooLarge
            staged.write(chunk)


# Decoding holds the whole first frame in memory (up to 4 bytes a pixel: 160 MB at the 40 MP cap) and a core; at
# most VITRINE_MAX_CONCURRENT_DECODES images are checked at once in this process, whichever loop or thread asks.
decode_slots = Slots(lambda: get_settings().max_concurrent_decodes)


async def _checked(staged: Staged, *, field: str, source_url: str | None) -> StagedImage:
    """The staged file's image facts, or BadUserInput naming `field` (the caller discards the file)."""
    settings = get_settings()
    await decode_slots.acquire()
    # The decode is CPU work (up to the pixel cap): in a worker process, off the loop and its GIL.
    decoding = asyncio.ensure_future(cpu.run(inspect_image, staged.source, max_pixels=settings.max_upload_pixels))
    decoding.add_done_callback(_release_decode_slot)  # when the decode ends, even if its caller was cancelled
    try:
        info = await asyncio.shield(decoding)  # a running decode cannot be stopped: its slot is held until it ends
    except ImageRefused as refused:
        subject = f"{source_url}: " if source_url else ""
        raise BadUserInput(subject + refused.message, field=field) from None
    return StagedImage(staged, info, source_url)


def _release_decode_slot(decoding: asyncio.Future[ImageInfo]) -> None:
    decode_slots.release()
    if not decoding.cancelled():
        decoding.exception()  # retrieved here too, so a caller that went away leaves no "never retrieved" log


async def fetch_images(fields: Mapping[str, str]) -> dict[str, StagedImage]:
    """Fetch each URL once (through the safe fetcher), stage and check it. `fields` maps each URL to the input
    field that named it. All or nothing: on the first refusal (in input order) everything staged is discarded
    and BadUserInput names that URL's field."""
    settings = get_settings()
    for url, field in fields.items():  # cheap refusals (scheme, private hosts) before any download
        try:
            await check_public_url(url, allow_private=settings.allow_private_urls)
        except FetchError as exc:
            raise BadUserInput(exc.message, field=field) from exc
    gate = asyncio.Semaphore(PARALLEL_FETCHES)
    async with ports().new_fetcher() as fetcher:

        async def one(url: str, field: str) -> StagedImage:
            async with gate:
                try:
                    image = await fetcher.fetch_image(url)
                except FetchError as exc:
                    raise BadUserInput(exc.message, field=field) from exc
            if len(image.data) > settings.max_upload_bytes:
                raise BadUserInput(f"{url} is larger than the {limit_in_words(settings)} allowed", field=field)
            return await stage_bytes(image.data, field=field, source_url=url)

        outcomes = await asyncio.gather(*(one(url, field) for url, field in fields.items()), return_exceptions=True)
    staged = [outcome for outcome in outcomes if isinstance(outcome, StagedImage)]
    failure = next((outcome for outcome in outcomes if isinstance(outcome, BaseException)), None)
    if failure is not None:
        await discard(staged)
        raise failure
    return {image.source_url or "": image for image in staged}


async def stage_bytes(data: bytes, *, field: str, source_url: str | None = None) -> StagedImage:
    media = ports().media
    staged = await asyncio.to_thread(media.stage)
    try:
        await asyncio.to_thread(_write_all, staged, data)
        return await _checked(staged, field=field, source_url=source_url)
    except BaseException:
        await media.discard(staged)
        raise


def _write_all(staged: Staged, data: bytes) -> None:
    with staged:
        staged.write(data)


async def discard(images: Iterable[StagedImage]) -> None:
    for image in images:
        with contextlib.suppress(OSError):
            await ports().media.discard(image.staged)


async def store(images: Iterable[StagedImage]) -> None:
    """Move checked images to their content addresses (bytes already stored are not written again)."""
    for image in images:
        image.key = await ports().media.store_staged(image.staged, extension=image.info.extension)


async def record(workspace_id: Any, image: StagedImage, using_db: BaseDBAsyncClient | None = None) -> MediaAsset:
    """The workspace's asset row for these bytes: one per (workspace, sha256), whoever stores them first."""
    if image.key is None:
        raise RuntimeError("store() the image before recording it")
    asset, _ = await MediaAsset.get_or_create(
        workspace_id=workspace_id,
        sha256=image.sha256,
        defaults={
            "key": image.key,
            "content_type": image.info.content_type,
            "width": image.info.width,
            "height": image.info.height,
            "size": image.size,
        },
        using_db=using_db,
    )
    return asset


def url_of(key: str) -> str:
    """A signed, expiring /media URL for a stored key."""
    return ports().media.signed_url(key)
