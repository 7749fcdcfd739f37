"""Image addresses normalised: absolute http(s), lower-case scheme and host, no fragment or default port."""

from __future__ import annotations

from domain.urls import web_url


def normalize_image_url(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) address to fetch (domain.urls.web_url: escaped as a browser sends it, the query in its
    own order); None for what cannot be fetched as an image (`data:`, `blob:`, `javascript:`, no host)."""
    return web_url(url, base)
