"""Content-addressed media storage: the key is the sha256 of the bytes, the same bytes are one file, and staged
(unfinished) files are unaddressable and leave nothing behind when discarded."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from integrations.media import LocalMediaStorage, content_key


@pytest.fixture
def storage(tmp_path: Path) -> LocalMediaStorage:
    return LocalMediaStorage(tmp_path / "media", b"secret", timedelta(hours=1))


def files(storage: LocalMediaStorage) -> list[Path]:
    return sorted(p for p in storage.root.rglob("*") if p.is_file())


async def test_the_same_bytes_are_stored_once_under_their_digest(storage: LocalMediaStorage) -> None:
    data = b"\x89PNG\r\n\x1a\n" + b"pixels" * 100
    digest = hashlib.sha256(data).hexdigest()
    keys = await asyncio.gather(*(storage.save_content(data, extension="png") for _ in range(5)))
    assert set(keys) == {f"content/{digest[:2]}/{digest}.png"}
    assert files(storage) == [storage.path_for(keys[0])]
    assert await storage.read(keys[0]) == data
    other = await storage.save_content(b"other bytes", extension="png")
    assert other != keys[0] and len(files(storage)) == 2


async def test_a_staged_file_is_hashed_while_written_and_discarded_without_trace(storage: LocalMediaStorage) -> None:
    staged = storage.stage()
    with staged:
        for chunk in (b"a" * 1000, b"b" * 24):
            staged.write(chunk)
    assert staged.size == 1024 and staged.sha256 == hashlib.sha256(b"a" * 1000 + b"b" * 24).hexdigest()
    assert staged.path.parent.name.startswith(".")  # no key can name it, so /media never serves it
    with pytest.raises(ValueError):
        storage.path_for(f".staging/{staged.path.name}")
    await storage.discard(staged)
    assert files(storage) == []

    kept = storage.stage()
    kept.write(b"kept")
    key = await storage.store_staged(kept, extension="gif")
    assert files(storage) == [storage.path_for(key)] and key.endswith(".gif")
    await storage.discard(kept)  # after storing: harmless
    assert files(storage) == [storage.path_for(key)]


@pytest.mark.parametrize(("digest", "extension"), [("ABC", "png"), ("0" * 63 + "g", "png"), ("0" * 64, "p/ng")])
def test_content_keys_refuse_what_is_not_a_digest(digest: str, extension: str) -> None:
    with pytest.raises(ValueError):
        content_key(digest, extension)
