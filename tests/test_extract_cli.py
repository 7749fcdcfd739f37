"""`vitrine extract URL` as a user runs it: a corpus page printed as JSON, and the reason when a fetch fails."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from tests.http_fixtures import Response, always, html, serve

pytestmark = pytest.mark.slow  # starts processes: left out by `make test-fast`

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"
CHALLENGE = """<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
<script>window._cf_chl_opt={cvId: '3',cType: 'managed',cRay: '8e1f2d3c4b5a6978'};</script></body></html>"""


async def vitrine_extract(url: str, allow_private: bool) -> tuple[int, str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("VITRINE_")}
    env.pop("DATABASE_URL", None)
    if allow_private:
        env["VITRINE_ALLOW_PRIVATE_URLS"] = "true"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cli",
        "extract",
        url,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


async def test_extract_prints_the_product_as_json() -> None:
    entry = next(e for e in json.loads((CORPUS / "truth.json").read_text()) if e["file"].startswith("woocommerce"))
    async with serve() as server:
        server.folders["/"] = CORPUS
        code, out, err = await vitrine_extract(server.url("/" + entry["file"]), allow_private=True)
    assert code == 0, err
    printed = json.loads(out)
    assert (printed["title"], printed["price"], printed["currency"]) == (
        entry["title"],
        entry["price"],
        entry["currency"],
    )
    assert (printed["sku"], printed["availability"]) == ("woo-hoodie-with-logo", "InStock")  # JSON-LD's, normalised
    assert printed["mainImage"] == printed["images"][0]["url"]
    assert all({"url", "score", "source", "reasons"} <= image.keys() for image in printed["images"])
    assert [image["score"] for image in printed["images"]] == sorted(
        (image["score"] for image in printed["images"]), reverse=True
    )


async def test_a_private_address_is_refused_with_the_reason_and_never_reached() -> None:
    async with serve() as server:
        server.routes["/"] = always(html("<h1>internal</h1>"))
        code, out, err = await vitrine_extract(f"http://2130706433:{server.port}/", allow_private=False)
    assert (code, out) == (1, "")
    assert "is a loopback address (127.0.0.1)" in err and "Traceback" not in err
    assert server.connections == 0


async def test_failed_fetches_exit_1_with_a_message_a_merchant_understands() -> None:
    async with serve() as server:
        server.routes["/gone"] = always(html("<h1>Not here</h1>", status=404))
        server.routes["/guarded"] = always(Response(403, {"content-type": "text/html"}, CHALLENGE.encode()))
        gone = await vitrine_extract(server.url("/gone"), allow_private=True)
        guarded = await vitrine_extract(server.url("/guarded"), allow_private=True)
    assert gone[0] == 1 and "answered HTTP 404 (not found)" in gone[2]
    assert guarded[0] == 1 and "blocked by the site" in guarded[2] and "Traceback" not in guarded[2]
