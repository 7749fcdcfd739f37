"""What the fetcher is configured with and what it hands back: limits, fetched pages and images."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_html_bytes: int = 5 * MB
    max_image_bytes: int = 20 * MB
    max_redirects: int = 5
    connect_timeout: float = 5.0
    total_timeout: float = 20.0


@dataclass(frozen=True, slots=True)
class FetchedPage:
    final_url: str
    status: int
    content_type: str
    text: str
    headers: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class FetchedImage:
    final_url: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PostResponse:
    url: str
    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str]
