"""Local media storage and the /media route: signed, expiring URLs; tampering, expiry and traversal refused."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.testclient import TestClient

from integrations.media import LocalMediaStorage, media_routes

SECRET = b"test-media-secret"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def storage(tmp_path: Path) -> LocalMediaStorage:
    return LocalMediaStorage(tmp_path / "media", SECRET, timedelta(hours=1))


@pytest.fixture
def client(storage: LocalMediaStorage) -> TestClient:
    return TestClient(Starlette(routes=media_routes(storage)))


def _query(url: str) -> dict[str, str]:
    _, _, query = url.partition("?")
    return dict(part.split("=", 1) for part in query.split("&"))


async def test_saved_file_is_served_with_its_bytes_and_content_type(
    storage: LocalMediaStorage, client: TestClient
) -> None:
    key = await storage.save(PNG, folder="previews", extension="png")
    url = storage.signed_url(key)

    response = client.get(url)

    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    cache_control = re.fullmatch(r"private, max-age=(\d+)", response.headers["cache-control"])
    assert cache_control is not None
    assert 3590 <= int(cache_control.group(1)) <= 3600


async def test_save_names_the_file_in_a_sanitised_folder_and_leaves_no_temp_files(storage: LocalMediaStorage) -> None:
    key = await storage.save(b"data", folder="../batch 12/./variant#3", extension=".WEBP")

    assert re.fullmatch(r"batch-12/variant-3/[0-9a-f]{32}\.webp", key)
    assert await storage.read(key) == b"data"
    files = [p for p in storage.root.rglob("*") if p.is_file()]
    assert files == [storage.path_for(key)]


async def test_delete_removes_the_file_and_tolerates_a_second_delete(storage: LocalMediaStorage) -> None:
    key = await storage.save(b"data", folder="uploads", extension="jpg")

    await storage.delete(key)
    await storage.delete(key)

    with pytest.raises(FileNotFoundError):
        await storage.read(key)


@pytest.mark.parametrize("folder", ["", "..", "/./", "###"])
async def test_save_refuses_a_folder_with_nothing_usable(storage: LocalMediaStorage, folder: str) -> None:
    with pytest.raises(ValueError, match="no usable characters"):
        await storage.save(b"x", folder=folder, extension="png")


@pytest.mark.parametrize("extension", ["", "p/ng", "../png", "toolongextension"])
async def test_save_refuses_a_bad_extension(storage: LocalMediaStorage, extension: str) -> None:
    with pytest.raises(ValueError, match="extension"):
        await storage.save(b"x", folder="ok", extension=extension)


async def test_tampered_signature_key_or_expiry_is_forbidden(storage: LocalMediaStorage, client: TestClient) -> None:
    key = await storage.save(PNG, folder="previews", extension="png")
    other_key = await storage.save(b"other", folder="previews", extension="png")
    params = _query(storage.signed_url(key))
    expires, signature = params["expires"], params["signature"]
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")

    attempts = {
        "signature": f"/media/{key}?expires={expires}&signature={flipped}",
        "key": f"/media/{other_key}?expires={expires}&signature={signature}",
        "expiry": f"/media/{key}?expires={int(expires) + 3600}&signature={signature}",
        "no signature": f"/media/{key}?expires={expires}",
        "no expiry": f"/media/{key}?signature={signature}",
        "non-numeric expiry": f"/media/{key}?expires=soon&signature={signature}",
        "non-ascii signature": f"/media/{key}?expires={expires}&signature=%C3%A9{signature[1:]}",
    }
    for what, url in attempts.items():
        response = client.get(url)
        assert response.status_code == 403, what
        assert response.content != PNG
        assert response.text == "Forbidden: invalid or expired media URL"
    # The untampered URL still works, so the 403s above are about the tampering.
    assert client.get(f"/media/{key}?expires={expires}&signature={signature}").status_code == 200


async def test_expired_url_is_forbidden(storage: LocalMediaStorage, client: TestClient) -> None:
    key = await storage.save(PNG, folder="previews", extension="png")
    url = storage.signed_url(key, ttl=timedelta(seconds=60), now=time.time() - 61)

    assert client.get(url).status_code == 403


def test_verify_accepts_until_the_expiry_second_and_not_after(storage: LocalMediaStorage) -> None:
    params = _query(storage.signed_url("a/b.png", ttl=timedelta(seconds=30), now=1_000_000.0))
    expires, signature = int(params["expires"]), params["signature"]

    assert expires == 1_000_030
    assert storage.verify("a/b.png", expires, signature, now=1_000_029.9)
    assert not storage.verify("a/b.png", expires, signature, now=1_000_030.0)
    assert not storage.verify("a/c.png", expires, signature, now=1_000_000.0)


def test_urls_signed_by_another_secret_are_rejected(tmp_path: Path, storage: LocalMediaStorage) -> None:
    other = LocalMediaStorage(storage.root, b"another-secret", timedelta(hours=1))
    params = _query(other.signed_url("a/b.png", now=1_000_000.0))

    assert not storage.verify("a/b.png", int(params["expires"]), params["signature"], now=1_000_000.0)


@pytest.mark.parametrize(
    "key",
    ["../secret.txt", "a/../../secret.txt", "/etc/passwd", "a\\..\\secret.txt", "", "a//b.png", ".hidden", "a/./b"],
)
def test_traversal_and_malformed_keys_are_refused(storage: LocalMediaStorage, key: str) -> None:
    with pytest.raises(ValueError):
        storage.path_for(key)
    with pytest.raises(ValueError):
        storage.signed_url(key)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.-_/\\é\n ", max_size=12))
def test_a_key_is_signed_exactly_when_each_of_its_segments_is_allowed(key: str) -> None:
    """The whole-key match signed_url uses agrees with the rule, segment by segment."""
    storage = LocalMediaStorage(Path("/nonexistent"), b"secret", timedelta(hours=1))
    segment = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
    allowed = bool(key) and all(segment.fullmatch(part) for part in key.split("/"))
    try:
        storage.signed_url(key)
    except ValueError:
        assert not allowed, key
    else:
        assert allowed, key
        assert storage.path_for(key) == Path("/nonexistent", *key.split("/"))


def test_a_correctly_signed_traversal_key_is_still_refused(
    tmp_path: Path, storage: LocalMediaStorage, client: TestClient
) -> None:
    (tmp_path / "secret.txt").write_text("top secret")
    expires = int(time.time()) + 600
    for key, raw_path in [("../secret.txt", "/media/..%2Fsecret.txt"), ("..\\secret.txt", "/media/..%5Csecret.txt")]:
        signature = hmac.new(SECRET, f"{key}\0{expires}".encode(), hashlib.sha256).hexdigest()
        assert storage.verify(key, expires, signature)  # the signature is genuine: only the key check stops it

        response = client.get(f"{raw_path}?expires={expires}&signature={signature}")

        assert response.status_code == 403
        assert "top secret" not in response.text


def test_a_symlink_out_of_the_media_folder_is_not_followed(
    tmp_path: Path, storage: LocalMediaStorage, client: TestClient
) -> None:
    (tmp_path / "secret.txt").write_text("top secret")
    storage.root.mkdir(parents=True)
    (storage.root / "link.txt").symlink_to(tmp_path / "secret.txt")

    response = client.get(storage.signed_url("link.txt"))

    assert response.status_code == 404
    assert "top secret" not in response.text


def test_missing_file_with_a_valid_signature_is_not_found(storage: LocalMediaStorage, client: TestClient) -> None:
    response = client.get(storage.signed_url("previews/0123456789abcdef.png"))

    assert response.status_code == 404


async def test_a_directory_is_never_listed(storage: LocalMediaStorage, client: TestClient) -> None:
    key = await storage.save(PNG, folder="previews", extension="png")

    response = client.get(storage.signed_url("previews"))

    assert response.status_code == 404
    assert key.split("/")[-1] not in response.text
