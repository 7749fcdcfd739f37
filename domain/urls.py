"""Web addresses in one canonical spelling, on w3lib: the image normaliser and the product-page key both start here.

w3lib does the URL work (`safe_url_string`: escaped as a browser would send it; `canonicalize_url`: also the query
sorted and escapes normalised, for a key rather than a fetch). On top, the rules w3lib leaves to its caller: only
absolute http(s) with a host, host without a trailing dot, no default port, no fragment, no user info.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_FETCHABLE = re.compile(r"(?i)\s*(data|blob|javascript|about|mailto):")


def web_url(url: str, base: str | None = None, *, canonical: bool = False) -> str | None:
    """`url` (resolved against `base`; "//host/..." read as https) as an absolute http(s) address; None for what
    is not one (`data:`, `javascript:`, no host, unparsable). `canonical`: also with the query sorted and escapes
    normalised (a key for equality; an address to fetch keeps its query's order). Normalising twice changes
    nothing."""
    once = _web_url(url, base, canonical)
    return once if once is None or _web_url(once, None, canonical) == once else None


def _web_url(url: str, base: str | None, canonical: bool) -> str | None:
    text = url.strip().replace("\\/", "/")  # JSON-escaped slashes, as pages' scripts carry them
    if not text or _NOT_FETCHABLE.match(text):
        return None
    try:
        if base:
            text = urljoin(base, text)
        elif text.startswith("//"):
            text = "https:" + text
        text = canonicalize_url(text) if canonical else safe_url_string(text)
        parts = urlsplit(text)
        port = parts.port
    except (ValueError, UnicodeError):
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
