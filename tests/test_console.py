"""The console over HTTP: the shell at every contract address, its files local, and GraphiQL served offline."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import httpx
import pytest

from tests.console_support import require_graphiql_files
from tests.support import LiveServer
from web import graphiql

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
CONTRACT_ADDRESSES = [
    "/",
    "/cta/0b9e2c7e-3d4f-4c4e-9a51-0d6f4f1c2a10",
    "/cta/0b9e2c7e-3d4f-4c4e-9a51-0d6f4f1c2a10?cta_id=5f1b2c3d-0000-4000-8000-000000000001",
    "/previews",
    "/batches",
    "/batches/new",
    "/batches/7d3c1f5e-1111-4222-8333-444455556666",
    "/listing",
    "/listing/9a8b7c6d-1111-4222-8333-444455556666",
    "/catalog",
    "/catalog/1c2d3e4f-1111-4222-8333-444455556666",
]


async def test_every_console_address_serves_the_shell(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        for address in CONTRACT_ADDRESSES:
            response = await http.get(address, headers={"accept": "text/html"})
            assert response.status_code == 200, address
            assert response.headers["content-type"].startswith("text/html")
            assert '<script type="module" src="/assets/js/main.js">' in response.text
            assert "script-src 'self'" in response.headers["content-security-policy"]
        # Any other address is still a 404, answered with the console's shell: its router draws its own "not
        # found" page (navigation, title, language) instead of a bare text page.
        for unknown in ("/no-such-screen", "/cta/a/b", "/no/such/screen"):
            missing = await http.get(unknown, headers={"accept": "text/html"})
            assert missing.status_code == 404, unknown
            assert '<html lang="en">' in missing.text and "<title>" in missing.text
            assert "script-src 'self'" in missing.headers["content-security-policy"]
        assert (await http.post("/no-such-screen")).status_code == 404
        slash = await http.get("/batches/?x=1")
        assert slash.status_code == 307 and slash.headers["location"].endswith("/batches?x=1")
        assert (await http.get("/assets/no-such-file.js")).status_code == 404
        assert (await http.get("/healthz")).status_code == 200


async def test_console_files_are_served_from_the_app(server: LiveServer) -> None:
    """Every module the shell can load is on this origin, with a MIME type a browser runs as a module."""
    modules = sorted(STATIC.rglob("*.js"))
    assert len(modules) >= 8
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        for module in modules:
            address = "/assets/" + module.relative_to(STATIC).as_posix()
            response = await http.get(address)
            assert response.status_code == 200, address
            assert response.headers["content-type"].split(";")[0] in {"text/javascript", "application/javascript"}
            assert response.headers["cache-control"] == "no-cache"
            for specifier in re.findall(r"""(?:from|import)\s*\(?\s*["']([^"']+)["']""", response.text):
                assert specifier.startswith("./") or specifier.startswith("../"), (address, specifier)
        css = await http.get("/assets/console.css")
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert "http" not in re.sub(r"/\*.*?\*/", "", css.text, flags=re.S)  # no fonts or images from elsewhere
    shell = (STATIC / "index.html").read_text()
    for reference in re.findall(r'(?:src|href)="([^"]+)"', shell):
        assert reference.startswith("/") or reference.startswith("#"), reference


async def test_graphiql_page_loads_every_file_from_this_server(server: LiveServer) -> None:
    """A browser asking for /graphql gets GraphiQL, whose files are ours and byte-identical to what its
    integrity hashes name; a client still gets the API at the same address."""
    require_graphiql_files()
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        page = await http.get("/graphql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "unpkg.com" not in page.text and "GraphiQL" in page.text
        assets = re.findall(r'(?:src|href)="(/assets/graphiql/[^"]+)"\s+integrity="(sha384-[^"]+)"', page.text)
        assert len(assets) == 7, assets  # react, react-dom, js-cookie, graphiql js+css, explorer js+css
        for address, integrity in assets:
            response = await http.get(address)
            assert response.status_code == 200, address
            digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
            assert f"sha384-{digest}" == integrity, address
            assert "immutable" in response.headers["cache-control"]

        api = await http.post("/graphql", json={"query": "{ me { email } }"})
        assert api.json() == {"data": {"me": {"email": "local@vitrine.localhost"}}}


async def test_graphiql_assets_answer_only_for_the_installed_version(server: LiveServer) -> None:
    require_graphiql_files()
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        assert (await http.get("/assets/graphiql/react@18.2.0/umd/react.production.min.js")).status_code == 200
        assert (await http.get("/assets/graphiql/react@17.0.0/umd/react.production.min.js")).status_code == 404
        assert (await http.get("/assets/graphiql/react@18.2.0/../react-dom/package.json")).status_code == 404
        assert (await http.get("/assets/graphiql/react@18.2.0/%2e%2e/react-dom/package.json")).status_code == 404
        assert (await http.get("/assets/graphiql/react@18.2.0/umd")).status_code == 404


def test_without_its_files_graphiql_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(graphiql, "MODULES", tmp_path / "node_modules")
    page = graphiql.offline_page('<script src="https://unpkg.com/react@18.2.0/umd/react.production.min.js">')
    assert "unpkg.com" not in page
    assert "make install" in page and "react@18.2.0/umd/react.production.min.js" in page
