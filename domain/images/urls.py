"""Image addresses normalised: absolute http(s), lower-case scheme and host, no fragment or default port."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit


def normalize_image_url(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) address without fragment, scheme and host in lower case, default port dropped;
    None for what cannot be fetched as an image (`data:`, `blob:`, `javascript:`, no host)."""
    # As browsers read an address: tabs and newlines dropped, other spaces and control characters escaped (so no
    # character left at the end, once a fragment is cut, can be stripped by the next pass).
    text = re.sub(r"[\t\n\r]", "", url.strip().replace("\\/", "/"))
    text = re.sub(r"[\x00-\x20\x7f]", lambda m: f"%{ord(m.group()):02X}", text)
    if not text or re.match(r"(?i)(data|blob|javascript|about|mailto):", text):
        return None
    try:
        if base:
            text = urljoin(base, text)
        elif text.startswith("//"):
            text = "https:" + text
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
