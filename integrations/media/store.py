"""The media store as the domain sees it: one interface, a local folder or an S3-compatible bucket behind it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from integrations.media.staging import Staged


class MediaStorage(Protocol):
    """Every feature reads and writes media through this; `open_media_store(settings)` picks the backend."""

    @property
    def image_origin(self) -> str | None:
        """The origin signed URLs point at when it is not the API's own (an object store), for the console's CSP."""
        ...

    @property
    def url_path(self) -> str:
        """The path signed URLs give before the key (`/media/`, or a bucket's `/<bucket>/<prefix>/`): a URL the API
        handed out names its key after it, whatever the signature."""
        ...

    async def save(self, data: bytes, *, folder: str, extension: str) -> str:
        """Store `data` under a fresh name in `folder` and return its key, e.g. `previews/<uuid>.png`. Readers
        never see part of it: the file or object appears whole or not at all."""
        ...

    async def save_content(self, data: bytes, *, extension: str) -> str:
        """Store `data` content-addressed and return its key; bytes already stored are not written again."""
        ...

    def stage(self) -> Staged:
        """A new staging place for bytes being received (blocking: call it from a thread)."""
        ...

    async def store_staged(self, staged: Staged, *, extension: str) -> str:
        """Store finished staged bytes at the key they hash to (once per content) and return that key."""
        ...

    async def discard(self, staged: Staged) -> None:
        """Drop staged bytes that were not stored; harmless after `store_staged`."""
        ...

    async def read(self, key: str) -> bytes:
        """The stored bytes; FileNotFoundError when nothing is stored under `key`."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; deleting a missing key is not an error, so a retried clean-up succeeds."""
        ...

    async def keys_older_than(self, moment: datetime) -> list[str]:
        """Keys of the files last written before `moment` (for the sweep of unreferenced media)."""
        ...

    def signed_url(self, key: str, ttl: timedelta | None = None) -> str:
        """A URL that serves the file until `ttl` (default: the store's lifetime) has passed, then refuses."""
        ...
