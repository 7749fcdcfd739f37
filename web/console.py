"""The console's routes: the app shell at every console address (the contract's bookmarks) and its static files.

The shell is one HTML page; the browser routes between screens with the history API and talks to the server only
through the public GraphQL API at /graphql, as a separate front end would.
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

from web.graphiql import graphiql_routes

STATIC = Path(__file__).resolve().parent / "static"
# An operation definition at the start of a JS string literal: `query CtaJobs(...`, "query Me { ... }".
_OPERATION_DEFINITION = re.compile(r"[`\"']\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def operation_names() -> frozenset[str]:
    """The names of the GraphQL operations the console sends, read from its documents (static/js/operations/ and
    the few beside them), so the list a metric counts by name never drifts from what the console sends."""
    return frozenset(
        match.group(1)
        for path in sorted((STATIC / "js").rglob("*.js"))
        for match in _OPERATION_DEFINITION.finditer(path.read_text(encoding="utf-8"))
    )


# Addresses people bookmark and share (DESIGN.md, issue 14), plus the console's own extras.
CONSOLE_PATHS = (
    "/",
    "/cta/{job_id}",
    "/previews",
    "/batches",
    "/batches/new",
    "/batches/{batch_id}",
    "/listing",
    "/listing/{account_id}",
    "/catalog",
    "/catalog/{product_id}",
)


ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def shell_policy(image_origin: str | None = None) -> str:
    """Everything the console loads is on this origin, but images: they come from shops (product pages' own images,
    any http(s) origin) and from the media store (`image_origin`, an object store's presigned URLs), named on its
    own so the policy still admits it once shop images are narrowed."""
    images = " ".join(["'self'", *([image_origin] if image_origin else []), "data: blob: http: https:"])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def _shell(policy: str, status_code: int = 200) -> Callable[[Request], Awaitable[Response]]:
    async def shell(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Not Found", status_code=404, media_type="text/plain")
        path = request.url.path
        if status_code == 404 and len(path) > 1 and path.endswith("/"):  # `/batches/`: the address without it
            return RedirectResponse(request.url.replace(path=path.rstrip("/") or "/"), status_code=307)
        return FileResponse(
            STATIC / "index.html",
            status_code=status_code,
            headers={
                "Cache-Control": "no-cache",
                "Content-Security-Policy": policy,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin",
            },
        )

    return shell


class ConsoleFiles(StaticFiles):
    """Static files revalidated on every load (ETag), so an upgraded console is never mixed with a cached one."""

    def file_response(
        self, full_path: PathLike, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def console_routes(image_origin: str | None = None) -> list[BaseRoute]:
    shell = _shell(shell_policy(image_origin))
    return [
        *(Route(path, shell, methods=["GET", "HEAD"]) for path in CONSOLE_PATHS),
        *graphiql_routes(),  # /assets/graphiql/…, before the /assets mount that would otherwise answer 404
        Mount("/assets", app=ConsoleFiles(directory=STATIC), name="assets"),
        # Last: any other address is the console's own "not found" page (404, with its navigation, title and
        # language), drawn by the client router, instead of a bare "Not Found".
        Route("/{path:path}", _shell(shell_policy(image_origin), status_code=404), methods=ANY_METHOD),
    ]
