"""Reading response bodies: capped streaming, the HTML's text encoding (w3lib), the type of image bytes (Pillow)."""

from __future__ import annotations

import codecs
import io

import httpx
from w3lib.encoding import html_to_unicode

from integrations.fetcher.errors import ConnectionFailed, FetchTimeout, ResponseTooLarge
from integrations.fetcher.model import MB

# What a byte order mark says beats any declaration (w3lib reads it first); only these make UTF-16 believable.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_html(body: bytes, content_type: str = "") -> str:
    """Text of an HTML body, by w3lib's reading of it: the BOM, then the Content-Type charset, then a `<meta>`
    charset (labels mapped as browsers map them, latin-1 to windows-1252), then UTF-8 if the bytes are UTF-8,
    else windows-1252."""
    encoding, text = html_to_unicode(content_type or None, body, auto_detect_fun=_utf8_or_windows_1252)
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")) and not body.startswith(_UTF16_BOMS):
        # A page that reached us as ASCII-compatible bytes cannot really be UTF-16, whatever it declares (WHATWG).
        return body.decode("utf-8", errors="replace")
    return text


def _utf8_or_windows_1252(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


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


def sniff_image_type(data: bytes) -> str | None:
    """The image type the bytes really are (servers often say application/octet-stream), or None: Pillow's lazy
    open, which reads the header only and decodes nothing."""
    from PIL import Image, UnidentifiedImageError  # here: a process that never fetches an image skips Pillow

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.get_format_mimetype()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None  # not an image Pillow knows, or one it refuses to open
