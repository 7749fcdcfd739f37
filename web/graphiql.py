"""GraphiQL without a CDN: Strawberry's page with its unpkg URLs pointed at the same npm files, served by the app.

The files come from `npm ci` of web/graphiql/package-lock.json (run by `make install`). They are byte-for-byte
the files unpkg serves, so the page's subresource-integrity hashes still hold and prove it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

CDN = "https://unpkg.com/"
PREFIX = "/assets/graphiql/"
MODULES = Path(__file__).resolve().parent / "graphiql" / "node_modules"
# `react@18.2.0/umd/react.production.min.js`, `@graphiql/plugin-explorer@1.0.2/dist/style.css`
_SPEC = re.compile(r"(?P<package>(?:@[a-z0-9._-]+/)?[a-z0-9._-]+)@(?P<version>[0-9A-Za-z.+-]+)/(?P<file>.+)")

MISSING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not installed</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>GraphiQL's files are not installed</h1>
<p>This server serves GraphiQL from its own files, never from a CDN. They are installed by
<code>make install</code> (which runs <code>npm ci</code> in <code>web/graphiql</code>; it needs npm).</p>
<p>Missing: <code>{missing}</code></p>
<p>The API itself works: POST GraphQL requests to this address, or use the console at <a href="/">/</a>.</p>
</body></html>
"""


def installed_version(package: str) -> str | None:
    try:
        manifest = json.loads((MODULES / package / "package.json").read_text())
    except (OSError, ValueError):
        return None
    version = manifest.get("version")
    return version if isinstance(version, str) else None


def local_file(spec: str) -> Path | None:
    """The installed file for `package@version/path`, only if that exact version is installed."""
    match = _SPEC.fullmatch(spec)
    if match is None or installed_version(match["package"]) != match["version"]:
        return None
    root = (MODULES / match["package"]).resolve()
    path = (root / match["file"]).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def cdn_specs(page: str) -> list[str]:
    """Every `package@version/path` the page loads from the CDN."""
    return re.findall(re.escape(CDN) + r'([^"\s]+)', page)


def offline_page(page: str) -> str:
    """Strawberry's GraphiQL page loading every file from this server, or a page saying what to install."""
    missing = [spec for spec in cdn_specs(page) if local_file(spec) is None]
    if missing:
        return MISSING_PAGE.format(missing=html.escape(", ".join(missing)))
    return page.replace(CDN, PREFIX)


async def serve_asset(request: Request) -> Response:
    path = local_file(request.path_params["spec"])
    if path is None:
        return PlainTextResponse("Not found", status_code=404)
    # The version is in the address, so the file never changes under it.
    return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})


def graphiql_routes() -> list[Route]:
    return [Route(PREFIX + "{spec:path}", serve_asset, methods=["GET", "HEAD"])]
