"""uploadImage over the GraphQL multipart request spec, driven by real `curl -F` against a live server: the type
comes from the bytes, size and pixel caps are read before decoding, refusals leave nothing on disk or in the
database, and a multipart request without a preflight-forcing header is refused (CSRF, CVE-2024-47082)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import time
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from db.models import MediaAsset, Upload
from domain.auth import issue_token
from tests.catalog_support import catalog_rows, errors_of, image_bytes, stored_files
from tests.conftest import make_settings
from tests.support import LiveServer, serve_app

UPLOAD = """mutation($file: Upload!, $kind: UploadKind) {
  uploadImage(file: $file, kind: $kind) { id kind originalName contentType width height size url createdAt }
}"""
UPLOADS = """query($kind: UploadKind, $first: Int, $after: String) {
  uploads(kind: $kind, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id kind originalName contentType url } } } }"""
NOTHING = {"products": 0, "variants": 0, "assets": 0, "uploads": 0, "works": 0}
PREFLIGHT = ("-H", "Apollo-Require-Preflight: true")


async def curl_upload(
    server: LiveServer,
    path: Path,
    *,
    kind: str | None = "ARTWORK",
    part: str = "",
    headers: tuple[str, ...] = PREFLIGHT,
) -> tuple[int, dict[str, Any], float]:
    """POST one file the way the multipart spec's own example does (`curl -F operations -F map -F 0=@file`).
    Returns the HTTP status, the JSON body and the wall time in seconds."""
    operations = json.dumps({"query": UPLOAD, "variables": {"file": None, "kind": kind}})
    command = [
        "curl", "--silent", "--show-error", "--max-time", "120", "--write-out", "\n%{http_code}",
        *headers,
        "--form-string", f"operations={operations}",
        "--form-string", 'map={"0": ["variables.file"]}',
        "-F", f"0=@{path}{part}",
        f"{server.base_url}/graphql",
    ]  # fmt: skip
    started = time.perf_counter()
    # Not subprocess.run: the server runs on this test's event loop and must keep serving meanwhile.
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    elapsed = time.perf_counter() - started
    assert process.returncode == 0, err.decode()
    body, _, status = out.decode().rpartition("\n")
    return int(status), json.loads(body), elapsed


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "photo.png").write_bytes(image_bytes("PNG", (640, 480)))
    (folder / "photo.jpg").write_bytes(image_bytes("JPEG", (800, 600)))
    (folder / "photo.webp").write_bytes(image_bytes("WEBP", (320, 200)))
    frames = [Image.new("P", (120, 90), i) for i in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    (folder / "anim.gif").write_bytes(buffer.getvalue())
    (folder / "notes.png").write_text("These are my notes, not a picture.\n" * 20)
    (folder / "bomb.png").write_bytes(png_header_bomb(20_000, 20_000))
    large = image_bytes("PNG", (100, 100))
    (folder / "large.png").write_bytes(large + os.urandom(25 * 1024 * 1024 - len(large)))
    (folder / "cut.jpg").write_bytes(image_bytes("JPEG", (800, 600))[:1500])
    (folder / "cut.png").write_bytes(noise_png(300, 200)[:5000])
    return folder


def png_header_bomb(width: int, height: int) -> bytes:
    """A valid black 1-bit PNG of width x height: a few KB compressed, gigabytes once decoded to RGBA."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def noise_png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


async def test_png_jpeg_webp_and_gif_are_accepted_with_their_real_sizes(server: LiveServer, files: Path) -> None:
    expected = {
        "photo.png": ("image/png", 640, 480),
        "photo.jpg": ("image/jpeg", 800, 600),
        "photo.webp": ("image/webp", 320, 200),
        "anim.gif": ("image/gif", 120, 90),
    }
    for name, (content_type, width, height) in expected.items():
        # The client's own claims (name, content type) are kept as the name only, never trusted for the type.
        status, body, elapsed = await curl_upload(server, files / name, part=";type=application/octet-stream")
        assert status == 200 and not body.get("errors"), body
        upload = body["data"]["uploadImage"]
        print(f"\naccepted {name}: {elapsed * 1000:.0f} ms")
        assert (upload["contentType"], upload["width"], upload["height"]) == (content_type, width, height)
        assert upload["size"] == (files / name).stat().st_size
        assert upload["kind"] == "ARTWORK" and upload["originalName"] == name
        import httpx

        async with httpx.AsyncClient(base_url=server.base_url) as http:
            served = await http.get(upload["url"])
        assert served.status_code == 200 and served.content == (files / name).read_bytes()

    assert await Upload.all().count() == 4 and len(stored_files(server.settings.media_dir)) == 4


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("notes.png", "not a PNG, JPEG, WebP or GIF"),
        ("bomb.png", "20000x20000"),
        ("large.png", "larger than the 20 MB"),
        ("cut.jpg", "could not be decoded"),
        ("cut.png", "could not be decoded"),
    ],
)
async def test_refusals_leave_nothing_on_disk_or_in_the_database(
    server: LiveServer, files: Path, name: str, words: str
) -> None:
    status, body, elapsed = await curl_upload(server, files / name, part=";type=image/png")
    size = (files / name).stat().st_size
    print(f"\nrefused {name} ({size / 1024:.0f} KiB): {elapsed * 1000:.1f} ms — {body['errors'][0]['message']}")
    assert status == 200
    assert errors_of(body) == [("BAD_USER_INPUT", "file")], body
    assert words in body["errors"][0]["message"]
    assert stored_files(server.settings.media_dir) == []
    assert await catalog_rows() == NOTHING


async def test_a_large_upload_is_streamed_not_held_in_memory(server: LiveServer, tmp_path: Path) -> None:
    picture = noise_png(2400, 2000)  # ~14 MB of incompressible pixels, under every cap
    path = tmp_path / "big.png"
    path.write_bytes(picture)
    tracemalloc.start()
    try:
        status, body, elapsed = await curl_upload(server, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 200 and not body.get("errors"), body
    assert body["data"]["uploadImage"]["size"] == len(picture)
    print(
        f"\n{len(picture) / 2**20:.1f} MiB upload: {elapsed * 1000:.0f} ms, peak Python memory {peak / 2**20:.1f} MiB"
    )
    assert peak < len(picture) / 4, f"the request held {peak} bytes for a {len(picture)}-byte upload"


async def test_caps_come_from_the_settings(tmp_path: Path, files: Path) -> None:
    async with serve_app(make_settings(tmp_path, max_upload_bytes=4000, max_upload_pixels=300_000)) as live:
        _, big, _ = await curl_upload(live, files / "photo.jpg")  # ~8 KB
        assert errors_of(big) == [("BAD_USER_INPUT", "file")]
        assert "larger than the 3.91 KB allowed" in big["errors"][0]["message"]
        _, ok, _ = await curl_upload(live, files / "photo.webp")
        assert not ok.get("errors"), ok
        (tmp_path / "wide.png").write_bytes(image_bytes("PNG", (600, 600)))  # 360,000 pixels, ~2.3 KB
        _, wide, _ = await curl_upload(live, tmp_path / "wide.png")
        assert errors_of(wide) == [("BAD_USER_INPUT", "file")] and "600x600" in wide["errors"][0]["message"]
        assert await Upload.all().count() == 1


async def test_multipart_needs_a_preflight_header_csrf(server: LiveServer, files: Path) -> None:
    # What a cross-site <form enctype="multipart/form-data"> can send: no custom header. Refused before parsing.
    status, body, _ = await curl_upload(server, files / "photo.png", headers=())
    assert status == 400
    assert "Apollo-Require-Preflight" in body["errors"][0]["message"]
    status, body, _ = await curl_upload(server, files / "photo.png", headers=("-H", "Apollo-Require-Preflight:"))
    assert status == 400  # present but empty is not enough
    assert await catalog_rows() == NOTHING and stored_files(server.settings.media_dir) == []

    status, body, _ = await curl_upload(server, files / "photo.png", headers=("-H", "X-Apollo-Operation-Name: up"))
    assert status == 200 and body["data"]["uploadImage"]["width"] == 640


async def test_same_bytes_uploaded_twice_are_two_uploads_of_one_file(server: LiveServer, files: Path) -> None:
    first = (await curl_upload(server, files / "photo.png", kind="PRODUCT"))[1]["data"]["uploadImage"]
    second = (await curl_upload(server, files / "photo.png", kind="ARTWORK"))[1]["data"]["uploadImage"]
    assert first["id"] != second["id"]
    assert len(stored_files(server.settings.media_dir)) == 1 and await MediaAsset.all().count() == 1


async def test_the_same_bytes_uploaded_again_as_the_same_kind_are_the_upload_they_already_are(
    server: LiveServer, files: Path
) -> None:
    """ "newprod.png" five times was five uploads (and five choices in the batch wizard) of one stored image."""
    (files / "newprod.png").write_bytes((files / "photo.png").read_bytes())
    made = [(await curl_upload(server, files / "newprod.png", kind="PRODUCT"))[1] for _ in range(5)]
    assert len({body["data"]["uploadImage"]["id"] for body in made}) == 1, made
    other = (await curl_upload(server, files / "photo.jpg", kind="PRODUCT"))[1]["data"]["uploadImage"]
    listed = (await server.client().data(UPLOADS))["uploads"]
    assert listed["totalCount"] == 2
    assert [e["node"]["id"] for e in listed["edges"]] == [other["id"], made[0]["data"]["uploadImage"]["id"]]
    assert await Upload.all().count() == 2 and len(stored_files(server.settings.media_dir)) == 2


async def test_uploads_are_listed_by_kind_newest_first(server: LiveServer, files: Path) -> None:
    made = []
    for name, kind in (
        ("photo.png", "PRODUCT"),
        ("photo.jpg", "ARTWORK"),
        ("photo.webp", None),
        ("anim.gif", "ARTWORK"),
    ):
        made.append((await curl_upload(server, files / name, kind=kind))[1]["data"]["uploadImage"])
    assert made[2]["kind"] == "OTHER"  # no kind given
    client = server.client()
    everything = (await client.data(UPLOADS))["uploads"]
    assert everything["totalCount"] == 4
    assert [e["node"]["id"] for e in everything["edges"]] == [u["id"] for u in reversed(made)]
    artwork = (await client.data(UPLOADS, {"kind": "ARTWORK"}))["uploads"]
    assert [e["node"]["originalName"] for e in artwork["edges"]] == ["anim.gif", "photo.jpg"]
    assert all(e["node"]["url"].startswith("/media/content/") for e in artwork["edges"])
    page = (await client.data(UPLOADS, {"first": 3}))["uploads"]
    rest = (await client.data(UPLOADS, {"first": 3, "after": page["pageInfo"]["endCursor"]}))["uploads"]
    assert len(page["edges"]) == 3 and len(rest["edges"]) == 1 and not rest["pageInfo"]["hasNextPage"]


async def test_concurrent_uploads_of_the_same_bytes_share_one_asset(
    tmp_path: Path, database_url: str, files: Path
) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        token = await issue_token("owner@shop.example", "shop")
        auth = (*PREFLIGHT, "-H", f"Authorization: Bearer {token}")
        results = await asyncio.gather(*(curl_upload(live, files / "photo.jpg", headers=auth) for _ in range(6)))
        assert all(status == 200 and not body.get("errors") for status, body, _ in results), results
        # One upload: the same bytes as the same kind are the upload they already are, racing or not.
        assert len({body["data"]["uploadImage"]["id"] for _, body, _ in results}) == 1
        assert await Upload.all().count() == 1
        assert await MediaAsset.all().count() == 1  # the (workspace, sha256) constraint decides the race
        assert len(stored_files(live.settings.media_dir)) == 1


async def test_a_stream_of_unknown_size_is_cut_off_at_the_cap(tmp_path: Path) -> None:
    # Clients may not declare a part's size: the cap then holds while copying, chunk by chunk.
    import settings as settings_module
    from domain import ports
    from domain.catalog.assets import COPY_CHUNK, stage_stream
    from domain.errors import BadUserInput

    capped = make_settings(tmp_path, max_upload_bytes=3 * COPY_CHUNK)
    previous = settings_module.get_settings(), ports.ports()
    settings_module.configure(capped)
    ports.install(ports.build_ports(capped))
    try:
        source = io.BytesIO(image_bytes("PNG", (10, 10)) + bytes(5 * COPY_CHUNK))
        with pytest.raises(BadUserInput, match="larger than the 768 KB allowed") as refused:
            await stage_stream(source, declared_size=None, field="file")
        assert refused.value.field == "file"
        assert source.tell() <= 4 * COPY_CHUNK  # stopped reading right after the cap, not at the end
        assert stored_files(capped.media_dir) == []
    finally:
        settings_module.configure(previous[0])
        ports.install(previous[1])
