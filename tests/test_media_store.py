"""The media store's one interface, held by both backends: a local folder and an S3-compatible bucket (moto's
server on 127.0.0.1). Every feature reads and writes media through it, so what is asserted here holds for all."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.testclient import TestClient

from integrations.media import LocalMediaStorage, MediaStorage, media_routes, open_media_store
from integrations.media.s3 import MAX_URL_TTL, S3MediaStorage
from settings import Settings
from tests.conftest import make_settings
from tests.s3_support import Bucket


def _png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png((200, 30, 30))
UPLOAD = "mutation($file: Upload!, $kind: UploadKind!) { uploadImage(file: $file, kind: $kind) { id url } }"


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStorage:
    if request.param == "local":
        return LocalMediaStorage(tmp_path / "media", b"secret", timedelta(hours=1))
    bucket: Bucket = request.getfixturevalue("s3_bucket")
    return S3MediaStorage(bucket.store_url(), timedelta(hours=1))


def fetch(store: MediaStorage) -> Callable[[str], httpx.Response]:
    """GET a signed URL the way a browser would: /media on the API for local files, the bucket for presigned."""
    if isinstance(store, LocalMediaStorage):
        client = TestClient(Starlette(routes=media_routes(store)))
        return lambda url: client.get(url)  # type: ignore[return-value]
    return lambda url: httpx.get(url, timeout=10)


async def all_keys(store: MediaStorage) -> list[str]:
    return sorted(await store.keys_older_than(datetime.now(UTC) + timedelta(days=1)))


async def test_a_saved_file_reads_back_and_its_signed_url_serves_it(store: MediaStorage) -> None:
    key = await store.save(PNG, folder="../previews 1/./x#2", extension=".PNG")
    assert key.startswith("previews-1/x-2/") and key.endswith(".png")
    assert await store.read(key) == PNG
    response = fetch(store)(store.signed_url(key))
    assert response.status_code == 200
    assert response.content == PNG and response.headers["content-type"] == "image/png"
    assert await all_keys(store) == [key]


async def test_the_same_bytes_are_stored_once_under_their_digest(store: MediaStorage) -> None:
    digest = hashlib.sha256(PNG).hexdigest()
    keys = await asyncio.gather(*(store.save_content(PNG, extension="png") for _ in range(4)))
    assert set(keys) == {f"content/{digest[:2]}/{digest}.png"}
    other = await store.save_content(_png((0, 0, 255)), extension="png")
    assert sorted(await all_keys(store)) == sorted({keys[0], other})


async def test_staged_bytes_are_hashed_as_written_and_leave_nothing_when_discarded(store: MediaStorage) -> None:
    staged = await asyncio.to_thread(store.stage)
    with staged:
        staged.write(PNG[:10])
        staged.write(PNG[10:])
    assert staged.size == len(PNG) and staged.sha256 == hashlib.sha256(PNG).hexdigest()
    source = staged.source
    assert (source.read_bytes() if isinstance(source, Path) else source) == PNG  # what the image check reads
    await store.discard(staged)
    assert await all_keys(store) == []

    kept = await asyncio.to_thread(store.stage)
    kept.write(PNG)
    key = await store.store_staged(kept, extension="png")
    await store.discard(kept)  # after storing: harmless
    assert await all_keys(store) == [key] and await store.read(key) == PNG


async def test_delete_is_idempotent_and_a_missing_key_reads_as_not_found(store: MediaStorage) -> None:
    key = await store.save(PNG, folder="cta", extension="png")
    await store.delete(key)
    await store.delete(key)  # a retried clean-up succeeds
    with pytest.raises(FileNotFoundError):
        await store.read(key)
    assert await all_keys(store) == []


async def test_only_files_written_before_the_moment_are_listed(store: MediaStorage) -> None:
    key = await store.save(PNG, folder="batches/b1", extension="png")
    assert await store.keys_older_than(datetime.now(UTC) - timedelta(minutes=5)) == []
    assert await store.keys_older_than(datetime.now(UTC) + timedelta(minutes=5)) == [key]


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../x.png", "a/../b.png", ".staging/x.part", "a\\b.png"])
async def test_keys_that_could_leave_the_store_are_refused(store: MediaStorage, key: str) -> None:
    with pytest.raises(ValueError):
        store.signed_url(key)
    with pytest.raises(ValueError):
        await store.read(key)


async def test_presigned_urls_expire_after_the_lifetime_and_point_at_the_store(s3_bucket: Bucket) -> None:
    store = S3MediaStorage(s3_bucket.store_url("assets/eu"), timedelta(hours=2))
    key = await store.save(PNG, folder="uploads", extension="png")
    url = urlsplit(store.signed_url(key))
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}" == store.image_origin == s3_bucket.server.endpoint
    assert url.path == f"/{s3_bucket.name}/assets/eu/{key}"
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Expires"] == ["7200"]
    assert parse_qs(urlsplit(store.signed_url(key, timedelta(seconds=90))).query)["X-Amz-Expires"] == ["90"]
    with pytest.raises(ValueError, match="7 days"):
        store.signed_url(key, MAX_URL_TTL + timedelta(seconds=1))
    assert list(s3_bucket.objects()) == [f"assets/eu/{key}"]  # everything under the configured prefix


def test_the_setting_picks_the_backend_and_refuses_what_cannot_work(tmp_path: Path, s3_bucket: Bucket) -> None:
    local = open_media_store(make_settings(tmp_path))
    assert isinstance(local, LocalMediaStorage) and local.image_origin is None
    remote = open_media_store(make_settings(tmp_path, media_store=s3_bucket.store_url()))
    assert isinstance(remote, S3MediaStorage) and remote.image_origin == s3_bucket.server.endpoint
    for wrong in ("https://bucket/prefix", "s3:///prefix", "s3://bucket/../up", "s3://bucket/p?versionId=1"):
        with pytest.raises(ValueError, match=r"VITRINE_MEDIA_STORE|media key"):
            make_settings(tmp_path, media_store=wrong)
    with pytest.raises(ValueError, match="7 days"):
        Settings(media_store=s3_bucket.store_url(), media_url_ttl=timedelta(days=8), secret_key="x" * 16)


async def test_the_embedded_server_on_a_bucket_serves_presigned_urls_and_names_the_store_in_its_csp(
    tmp_path: Path, s3_bucket: Bucket
) -> None:
    from tests.support import serve_app

    settings = make_settings(tmp_path, media_store=s3_bucket.store_url())
    async with serve_app(settings) as live, httpx.AsyncClient(base_url=live.base_url, timeout=30) as http:
        operations = {"query": UPLOAD, "variables": {"file": None, "kind": "ARTWORK"}}
        response = await http.post(
            "/graphql",
            headers={"apollo-require-preflight": "true"},
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("art.png", PNG, "image/png")},
        )
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        url = body["data"]["uploadImage"]["url"]
        digest = hashlib.sha256(PNG).hexdigest()
        assert url.startswith(f"{s3_bucket.server.endpoint}/{s3_bucket.name}/media/content/{digest[:2]}/{digest}.png?")
        assert (await http.get(url)).content == PNG  # from the bucket, not through the API
        assert (await http.get("/media/content/x.png")).status_code == 404  # no /media route on object storage
        policy = (await http.get("/")).headers["content-security-policy"]
        image_sources = next(d for d in policy.split("; ") if d.startswith("img-src ")).split()
        assert s3_bucket.server.endpoint in image_sources
    assert not settings.media_dir.exists()  # nothing staged or written on the local disk
