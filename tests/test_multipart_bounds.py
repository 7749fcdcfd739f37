"""Malformed GraphQL multipart requests (the spec's `operations`, `map` and file parts, wrong in every way a client
can get them wrong) are answered 400 `BAD_REQUEST` with a message naming the problem; nothing reaches a resolver,
and nothing is logged as an error. Strawberry's own reading answered several of them with a 500 and a traceback."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import httpx
import pytest

from tests.catalog_support import image_bytes
from tests.support import LiveServer

UPLOAD = "mutation($file: Upload!, $kind: UploadKind) { uploadImage(file: $file, kind: $kind) { id originalName } }"
OPERATIONS = json.dumps({"query": UPLOAD, "variables": {"file": None, "kind": "ARTWORK"}})
MAP = json.dumps({"0": ["variables.file"]})
PNG = image_bytes("PNG")

Part = tuple[str, str | bytes, str | None]  # name, content, filename (None: a text field)


def body_of(parts: list[Part]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    chunks: list[bytes] = []
    for name, content, filename in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        kind = "\r\ncontent-type: image/png" if filename else ""
        data = content.encode() if isinstance(content, str) else content
        chunks.append(f"--{boundary}\r\ncontent-disposition: {disposition}{kind}\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def request(operations: str | None = OPERATIONS, files_map: str | None = MAP, *extra: Part) -> list[Part]:
    parts: list[Part] = []
    if operations is not None:
        parts.append(("operations", operations, None))
    if files_map is not None:
        parts.append(("map", files_map, None))
    return [*parts, *extra]


FILE: Part = ("0", PNG, "photo.png")
WITH_LIST = json.dumps({"query": UPLOAD, "variables": {"files": [None]}})  # refused before the query is read

# (case, parts, a phrase the message must contain)
CASES: list[tuple[str, list[Part], str]] = [
    ("map is not JSON", request(OPERATIONS, "{0: [variables.file]}", FILE), "`map` is not JSON"),
    ("map is a list", request(OPERATIONS, '["variables.file"]', FILE), "`map` must be a JSON object"),
    ("map is a string", request(OPERATIONS, '"variables.file"', FILE), "`map` must be a JSON object"),
    ("a map value is not a list", request(OPERATIONS, '{"0": "variables.file"}', FILE), "must be a non-empty list"),
    ("a map value lists numbers", request(OPERATIONS, '{"0": [1]}', FILE), "must be a non-empty list of paths"),
    ("a map value is empty", request(OPERATIONS, '{"0": []}', FILE), "must be a non-empty list of paths"),
    ("a path names no variable", request(OPERATIONS, '{"0": ["variables.nope"]}', FILE), "has no 'nope'"),
    ("a path indexes a null", request(OPERATIONS, '{"0": ["variables.file.0"]}', FILE), "variables.file is null"),
    ("a path indexes past a list", request(WITH_LIST, '{"0": ["variables.files.1"]}', FILE), "a list of 1"),
    ("a path's index is not a number", request(WITH_LIST, '{"0": ["variables.files.x"]}', FILE), "not an index"),
    ("a path leads to a value", request(OPERATIONS, '{"0": ["variables.kind"]}', FILE), "null placeholder"),
    ("a path misses a batch's index", request(f"[{OPERATIONS}]", MAP, FILE), "operations is a list of 1"),
    (
        "a path is named twice",
        request(OPERATIONS, '{"0": ["variables.file", "variables.file"]}', FILE),
        "named more than once",
    ),
    ("map names a file not sent", request(OPERATIONS, '{"1": ["variables.file"]}', FILE), "'1', which was not sent"),
    ("map names a text field", request(OPERATIONS, MAP, ("0", "not a file", None)), "a text field, not a file"),
    ("a file the map does not name", request(OPERATIONS, MAP, FILE, ("1", PNG, "b.png")), "'1' is not named"),
    ("operations is not JSON", request("{query: x}", MAP, FILE), "`operations` is not JSON"),
    ("operations is a string", request('"mutation { x }"', MAP, FILE), "`operations` must be a JSON object"),
    ("operations is missing", request(None, MAP, FILE), "`operations` field is missing"),
    ("map is missing", request(OPERATIONS, None, FILE), "`map` field is missing"),
    (
        "map repeats a key",
        request(OPERATIONS, '{"0": ["variables.x"], "0": ["variables.file"]}', FILE),
        "has the key '0' more than once",
    ),
    ("map is sent twice", request(OPERATIONS, MAP, ("map", MAP, None), FILE), "'map' is sent more than once"),
    ("a file part is sent twice", request(OPERATIONS, MAP, FILE, FILE), "'0' is sent more than once"),
    ("map is a file", request(OPERATIONS, None, ("map", MAP, "map.json"), FILE), "`map` must be a text field"),
]


async def post(server: LiveServer, content: bytes, content_type: str) -> httpx.Response:
    headers = {"content-type": content_type, "apollo-require-preflight": "true"}
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
        return await client.post("/graphql", content=content, headers=headers)


def assert_refused(response: httpx.Response, phrase: str) -> None:
    assert response.status_code == 400, (response.status_code, response.text[:500])
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_REQUEST"], errors
    assert phrase in errors[0]["message"], errors[0]["message"]


def assert_nothing_logged(caplog: pytest.LogCaptureFixture) -> None:
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not loud, [(r.name, r.getMessage()) for r in loud]


@pytest.mark.parametrize(
    ("parts", "phrase"), [(parts, phrase) for _, parts, phrase in CASES], ids=[c[0] for c in CASES]
)
async def test_a_malformed_multipart_request_is_a_coded_400(
    server: LiveServer, caplog: pytest.LogCaptureFixture, parts: list[Part], phrase: str
) -> None:
    with caplog.at_level(logging.INFO):
        response = await post(server, *body_of(parts))
    assert_refused(response, phrase)
    assert_nothing_logged(caplog)


async def test_a_body_that_is_not_multipart_is_a_coded_400(
    server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        no_boundary = await post(server, b"operations=x", "multipart/form-data")
        too_many = await post(server, *body_of([(f"f{i}", "x", None) for i in range(1001)]))
    assert_refused(no_boundary, "Unable to parse the multipart body")
    assert_refused(too_many, "Unable to parse the multipart body")
    assert_nothing_logged(caplog)


async def test_a_well_formed_upload_still_works(server: LiveServer) -> None:
    response = await post(server, *body_of(request(OPERATIONS, MAP, FILE)))
    assert response.status_code == 200, response.text
    assert response.json()["data"]["uploadImage"]["originalName"] == "photo.png"
    # No file at all is a request the spec allows: `map` is `{}` and the variable stays null (a GraphQL error).
    empty = await post(server, *body_of(request(OPERATIONS, "{}")))
    assert empty.status_code == 200 and empty.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
