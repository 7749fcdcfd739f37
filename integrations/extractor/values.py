"""Reading values as pages write them: plain text, the first non-empty value, absolute addresses, numbers."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def clean_text(value: Any) -> str | None:
    """Plain text: JSON-LD values ({"@value"}, lists), HTML entities and tags resolved, whitespace collapsed."""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, list):
        value = next((clean_text(v) for v in value if clean_text(v)), None)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value)
    if "&" in text:
        # Some platforms escape twice ("&amp;#039;"): unescaping twice reads both.
        text = html_lib.unescape(html_lib.unescape(text))
    if "<" in text:
        text = _TAGS.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return text or None


def rel_predicate(value: str) -> str:
    """XPath predicate: the element's rel attribute lists `value` (case-insensitively, among other tokens)."""
    rel = "translate(normalize-space(@rel), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    return f"contains(concat(' ', {rel}, ' '), ' {value.lower()} ')"


def first_text(values: Iterable[str | None]) -> str | None:
    for value in values:
        if value and value.strip():
            return value.strip()
    return None


def absolute_url(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    url = url.strip().replace("\\/", "/")
    if not url or url.startswith(("data:", "blob:", "javascript:", "about:", "#")):
        return None
    if url.startswith("//") and base is None:
        url = "https:" + url
    try:
        absolute = urljoin(base, url) if base else url
    except ValueError:
        return None
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def int_value(value: Any) -> int | None:
    match = re.match(r"\s*(\d{1,6})(?:\.\d+)?\s*(?:px)?\s*$", str(value)) if value is not None else None
    return int(match.group(1)) if match else None


IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|webp|avif|gif|jfif|heic)(?:$|[?#])", re.IGNORECASE)
