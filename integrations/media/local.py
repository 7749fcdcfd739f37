"""The local media store: files under VITRINE_MEDIA_DIR, served at /media with signed, expiring URLs (the embedded
default, and one machine's or a shared volume's deployments)."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import math
import os
import re
import stat
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from integrations.media.keys import content_key, key_segments, new_key
from integrations.media.staging import Staged, StagedFile

_EXPIRES = re.compile(r"[0-9]{1,12}")
# Unfinished writes live here: the leading dot makes the folder unaddressable by any key.
STAGING_FOLDER = ".staging"


class LocalMediaStorage:
    def __init__(self, root: Path, secret: bytes, default_ttl: timedelta) -> None:
        if not secret:
            raise ValueError("media URLs need a non-empty signing secret")
        if default_ttl <= timedelta(0):
            raise ValueError(f"the media URL lifetime must be positive, got {default_ttl}")
        self.root = Path(root)
        self._secret = secret
        self.default_ttl = default_ttl

    @property
    def image_origin(self) -> None:
        return None  # served by the API itself, at /media

    @property
    def url_path(self) -> str:
        return "/media/"

    async def save(self, data: bytes, *, folder: str, extension: str) -> str:
        """Store `data` under a fresh name in `folder` and return its key, e.g. `previews/<uuid>.png`."""
        key = new_key(folder, uuid.uuid4().hex, extension)
        await asyncio.to_thread(_write_atomically, self.path_for(key), data)
        return key

    async def save_content(self, data: bytes, *, extension: str) -> str:
        """Store `data` content-addressed and return its key; bytes already stored are not written again."""
        staged = await asyncio.to_thread(self.stage)
        try:
            await asyncio.to_thread(_write_staged, staged, data)
            return await self.store_staged(staged, extension=extension)
        finally:
            await self.discard(staged)

    def stage(self) -> StagedFile:
        """A new staged file; `store_staged` moves it to its content address, `discard` drops it. Blocking."""
        folder = self.root / STAGING_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        return StagedFile(folder / f"{uuid.uuid4().hex}.part")

    async def store_staged(self, staged: Staged, *, extension: str) -> str:
        """Move a finished staged file to the key its bytes hash to; if those bytes are stored already, the staged
        copy is dropped instead. Two writers of the same bytes may race: each rename is atomic and the content is
        the same, so readers always see the whole file."""
        key = content_key(staged.sha256, extension)
        await asyncio.to_thread(_move_into_place, _own(staged), self.path_for(key))
        return key

    async def discard(self, staged: Staged) -> None:
        """Drop a staged file that was not stored (a refused upload); harmless after `store_staged`."""
        await asyncio.to_thread(_unlink_staged, _own(staged))

    async def read(self, key: str) -> bytes:
        """The stored bytes; FileNotFoundError when nothing is stored under `key`."""
        return await asyncio.to_thread(self.path_for(key).read_bytes)

    async def delete(self, key: str) -> None:
        """Remove the file; deleting a missing key is not an error, so a retried clean-up succeeds."""
        await asyncio.to_thread(self.path_for(key).unlink, missing_ok=True)

    async def keys_older_than(self, moment: datetime) -> list[str]:
        """Keys of the files last written before `moment` (for the sweep of unreferenced media)."""
        return await asyncio.to_thread(self._keys_older_than, moment.timestamp())

    def _keys_older_than(self, cutoff: float) -> list[str]:
        if not self.root.is_dir():
            return []
        keys = []
        for path in self.root.rglob("*"):
            relative = path.relative_to(self.root).as_posix()
            if any(part.startswith(".") for part in relative.split("/")):
                continue  # unfinished writes
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime < cutoff:
                    keys.append(relative)
        return keys

    def path_for(self, key: str) -> Path:
        """The file behind `key`; ValueError for anything that could leave the media folder."""
        return self.root.joinpath(*key_segments(key))

    def signed_url(self, key: str, ttl: timedelta | None = None, now: float | None = None) -> str:
        """`/media/<key>?expires=<unix>&signature=<hex>`, valid for `ttl` (default: the storage's lifetime)."""
        key_segments(key)  # never sign a key the route would refuse (path_for's check, without building a path)
        ttl = self.default_ttl if ttl is None else ttl
        if ttl <= timedelta(0):
            raise ValueError(f"the media URL lifetime must be positive, got {ttl}")
        issued = time.time() if now is None else now
        expires = math.ceil(issued + ttl.total_seconds())
        return f"/media/{key}?expires={expires}&signature={self._sign(key, expires)}"

    def verify(self, key: str, expires: int, signature: str, now: float | None = None) -> bool:
        """True when `signature` was issued by this storage for `key` and `expires` has not passed."""
        if (time.time() if now is None else now) >= expires:
            return False
        # Bytes, not str: compare_digest refuses non-ASCII strings, and the signature comes from the client.
        return hmac.compare_digest(self._sign(key, expires).encode(), signature.encode("utf-8", "replace"))

    def _sign(self, key: str, expires: int) -> str:
        # NUL cannot occur in a key, so no (key, expires) pair can be shifted into another.
        return hmac.digest(self._secret, f"{key}\0{expires}".encode(), "sha256").hex()  # one C call


def _own(staged: Staged) -> StagedFile:
    if not isinstance(staged, StagedFile):
        raise TypeError(f"the local store stores its own staged files, not {type(staged).__name__}")
    return staged


def _write_atomically(target: Path, data: bytes) -> None:
    # Readers (the /media route, other workers) must never see half a file: write beside it, then rename.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; another process user (a worker container sharing the volume) may need to read it.
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _write_staged(staged: StagedFile, data: bytes) -> None:
    with staged:
        staged.write(data)


def _move_into_place(staged: StagedFile, target: Path) -> None:
    staged.close()
    if target.exists():
        staged.path.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(staged.path, 0o644)  # another process user (a worker container sharing the volume) may read it
    os.replace(staged.path, target)


def _unlink_staged(staged: StagedFile) -> None:
    staged.close()
    staged.path.unlink(missing_ok=True)


def _regular_file_inside(path: Path, root: Path) -> os.stat_result | None:
    """The file's stat when it is a regular file that really lives under `root` (symlinks resolved)."""
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return None
        result = path.stat()
    except OSError:
        return None
    return result if stat.S_ISREG(result.st_mode) else None


def _forbidden() -> Response:
    return PlainTextResponse("Forbidden: invalid or expired media URL", status_code=403)


def media_routes(storage: LocalMediaStorage) -> list[BaseRoute]:
    """`GET /media/{key}`: 403 unless the URL is signed and unexpired, 404 when the file is gone, else the file."""

    async def serve_media(request: Request) -> Response:
        key: str = request.path_params["key"]
        expires_param = request.query_params.get("expires", "")
        signature = request.query_params.get("signature", "")
        if not _EXPIRES.fullmatch(expires_param):
            return _forbidden()
        expires = int(expires_param)
        now = time.time()
        if not storage.verify(key, expires, signature, now=now):
            return _forbidden()
        try:
            path = storage.path_for(key)
        except ValueError:
            return _forbidden()
        file_stat = await asyncio.to_thread(_regular_file_inside, path, storage.root)
        if file_stat is None:
            # Directories answer 404 too: nothing under /media is ever listed.
            return PlainTextResponse("Not found", status_code=404)
        headers = {
            "Cache-Control": f"private, max-age={max(0, math.floor(expires - now))}",
            "X-Content-Type-Options": "nosniff",
            # Uploads are user content: should one be HTML or SVG, it must not run scripts on our origin.
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        }
        return FileResponse(path, headers=headers, stat_result=file_stat)

    return [Route("/media/{key:path}", serve_media, methods=["GET"], name="media")]
