"""Which hosts the server answers for, which pages may open its WebSocket, and that no page may frame it.

DNS rebinding: a page on `rebind.example` whose name is re-pointed at 127.0.0.1 reaches `make run`'s server as its
own origin, with `Host: rebind.example`. With local auth (token-less requests act as the local user) only the
loopback names are served; `VITRINE_ALLOWED_HOSTS` lists the names a proxy forwards in token mode (default: any).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.http.websocket_origin import is_same_origin, normalize_origin

from settings import Settings

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# A Host header (RFC 9110 §7.2): a name or IPv4 address, or an IPv6 literal in brackets, then an optional port.
_HOST_HEADER = re.compile(r"(?P<host>[a-z0-9._~%!$&'()*+,;=-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?", re.IGNORECASE)
FRAME_POLICY = "frame-ancestors 'none'"


def allowed_host_patterns(settings: Settings) -> tuple[str, ...] | None:
    """Lower-case names (`*.shop.example` for any subdomain) the server answers for; None: any host."""
    listed = tuple(h.lower() for h in settings.allowed_hosts)
    if settings.auth == "local":
        return LOOPBACK_HOSTS + tuple(h for h in listed if h != "*")  # never any host with local auth
    if not listed or "*" in listed:
        return None
    return listed


def host_of(header: str | None) -> str | None:
    """The host of a Host header, without its port, brackets kept around an IPv6 literal; None if malformed."""
    match = _HOST_HEADER.fullmatch(header or "")
    return match["host"] if match else None


def host_matches(host: str, patterns: Sequence[str]) -> bool:
    """`host` as `host_of` gives it."""
    host = host.lower()
    return any(host == p or (p.startswith("*.") and host.endswith(p[1:])) for p in patterns)


def served_host(header: str | None, patterns: Sequence[str] | None) -> bool:
    if patterns is None:
        return True
    host = host_of(header)
    return host is not None and host_matches(host, patterns)


class HostGuardMiddleware:
    """421 Misdirected Request, before routing, for HTTP and the WebSocket handshake alike, when the Host header
    (missing or malformed included) names a host the server does not answer for.

    Not Starlette's TrustedHostMiddleware: it answers 400 "Invalid host header" and may redirect to a `www.` name;
    421 says what happened (the name reached the wrong server), and the patterns come from settings shared with the
    WebSocket origin check (`origin_allowed`)."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.patterns = allowed_host_patterns(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not served_host(Headers(scope=scope).get("host"), self.patterns):
            # For a WebSocket, Starlette sends it as a denial response (the handshake gets the 421).
            response = PlainTextResponse(
                "Misdirected Request: this server does not answer for that Host "
                "(loopback names with VITRINE_AUTH=local; see VITRINE_ALLOWED_HOSTS).",
                status_code=421,
                headers={"connection": "close"},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def origin_allowed(settings: Settings, origin: str, host: str | None) -> bool:
    """May a browser page on `origin` open the WebSocket? Listed in VITRINE_ALLOWED_ORIGINS, or same-origin: the
    Origin names the request's own Host (scheme's default port counted) *and* that name is one the server answers
    for. The second half matters with local auth: a rebinding page's Origin matches the Host it forged."""
    normalized = normalize_origin(origin)
    if normalized is None:  # "null" (sandboxed frames, file://) and garbage
        return False
    if "*" in settings.allowed_origins or normalized in {normalize_origin(o) for o in settings.allowed_origins}:
        return True
    patterns = allowed_host_patterns(settings)
    hostname = urlsplit(normalized).hostname or ""
    name = f"[{hostname}]" if ":" in hostname else hostname
    return is_same_origin(normalized, host) and (patterns is None or host_matches(name, patterns))


class FrameGuardMiddleware:
    """Every HTTP response forbids framing (clickjacking): `X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`,
    added to a Content-Security-Policy the route already sends rather than as a second header. Every response, not
    only text/html: error pages, plain-text refusals and media a browser may render are framed just as well."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                headers["x-frame-options"] = "DENY"
                policy = headers.get("content-security-policy")
                if policy is None:
                    headers["content-security-policy"] = FRAME_POLICY
                elif "frame-ancestors" not in policy.lower():
                    headers["content-security-policy"] = f"{policy.rstrip().rstrip(';')}; {FRAME_POLICY}"
                message = {**message, "headers": headers.raw}
            await send(message)

        await self.app(scope, receive, guarded_send)
