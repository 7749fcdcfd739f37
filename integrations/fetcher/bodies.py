"""Reading response bodies: capped streaming, the HTML's text encoding, the real type of image bytes."""

from __future__ import annotations

import codecs
import re

import httpx

from integrations.fetcher.errors import ConnectionFailed, FetchTimeout, ResponseTooLarge
from integrations.fetcher.model import MB

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)|<meta[^>]+?content\s*=\s*[\"'][^\"']*charset=([\w.:-]+)",
    re.IGNORECASE,
)
# What browsers do with labels that name a subset (WHATWG Encoding): decode with the superset.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso8859-1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "tis-620": "cp874",
    "iso-8859-9": "cp1254",
}


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A page that reached us as ASCII-compatible bytes cannot really be UTF-16, whatever its meta tag claims.
    return "utf-8" if codec.startswith("utf-16") else codec


def decode_html(body: bytes, content_type: str = "") -> str:
    """Text of an HTML body: BOM, then the Content-Type charset, then a `<meta>` charset, then UTF-8, then cp1252."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    header = _HEADER_CHARSET.search(content_type)
    declared = _codec(header.group(1)) if header else None
    if declared is None:
        meta = _META_CHARSET.search(body[:4096])
        declared = _codec((meta.group(1) or meta.group(2)) if meta else None)
    if declared is not None:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


async def read_capped(response: httpx.Response, cap: int, url: str, what: str) -> bytes:
    """The body, read chunk by chunk and abandoned (connection closed) as soon as it passes the cap."""
    too_large = ResponseTooLarge(f"{url} is larger than the {cap / MB:g} MB allowed for a {what}", url=url)
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise too_large
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchTimeout(f"{url} stopped sending data (timed out)", url=url) from None
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise ConnectionFailed(f"{url} broke off while sending the {what} ({type(exc).__name__})", url=url) from None
    return b"".join(chunks)


_IMAGE_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypavif", 4, "image/avif"),
    (b"ftypheic", 4, "image/heic"),
    (b"BM", 0, "image/bmp"),
)


def sniff_image_type(data: bytes) -> str | None:
    """The image type the bytes really are (servers often say application/octet-stream), or None."""
    for magic, offset, media_type in _IMAGE_MAGIC:
        if data[offset : offset + len(magic)] == magic and (media_type != "image/webp" or data[:4] == b"RIFF"):
            return media_type
    return None
