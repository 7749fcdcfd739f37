"""Staged bytes: an upload or fetched image being received and checked before it gets its content address.

Written in chunks, hashed and counted as they come. The local store stages into a file inside its folder (not
addressable, renamed into place when checked); an object store stages in memory (at most the upload cap), so
nothing touches the local disk and the checked bytes go to the store in one PUT.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Self


class Staged:
    """Bytes being received: `write` in chunks, then `close`; `sha256` and `size` describe what was written."""

    def __init__(self) -> None:
        self.size = 0
        self._hash = hashlib.sha256()

    def write(self, chunk: bytes) -> None:
        self._keep(chunk)
        self._hash.update(chunk)
        self.size += len(chunk)

    def close(self) -> None:
        """Finish writing."""

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    @property
    def source(self) -> Path | bytes:
        """What the image check reads: a file's path, or the bytes themselves."""
        raise NotImplementedError

    def _keep(self, chunk: bytes) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StagedFile(Staged):
    """Staged into a file (the local store's staging folder). Blocking file I/O: use it from a worker thread
    (`asyncio.to_thread`) or for small writes only."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._handle = open(path, "xb")  # noqa: SIM115  (closed by close())

    def _keep(self, chunk: bytes) -> None:
        self._handle.write(chunk)

    def close(self) -> None:
        """The bytes are on disk (fsync) before the file can be renamed into place."""
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()

    @property
    def source(self) -> Path:
        return self.path


class StagedBytes(Staged):
    """Staged in memory (an object store's staging: no local file). `drop` frees the bytes."""

    def __init__(self) -> None:
        super().__init__()
        self._buffer = bytearray()

    def _keep(self, chunk: bytes) -> None:
        self._buffer += chunk

    @property
    def source(self) -> bytes:
        return bytes(self._buffer)

    def drop(self) -> None:
        self._buffer = bytearray()
