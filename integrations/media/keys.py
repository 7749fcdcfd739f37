"""Media keys: the names files have in every store, what they may contain, and where content-addressed bytes go."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# A key is a relative path of segments that are safe in a URL, on any file system and in any bucket. No segment
# may start with a dot, which rules out "." and ".." and keeps the local store's unfinished writes unaddressable.
_KEY_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
KEY = re.compile(rf"{_KEY_SEGMENT.pattern}(?:/{_KEY_SEGMENT.pattern})*")  # segments joined by "/"
KEY_MAX_LENGTH = 512
_FOLDER_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_FOLDER_SEGMENT_MAX_LENGTH = 100
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
CONTENT_FOLDER = "content"
# What a stored file is served as, by its extension (the stores keep it beside the bytes).
_MEDIA_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
    "json": "application/json",
}


def key_segments(key: str) -> list[str]:
    """The path segments of a media key; ValueError for anything that could leave the media folder."""
    if len(key) <= KEY_MAX_LENGTH and KEY.fullmatch(key):
        return key.split("/")
    # Refused: say why.
    if not key or len(key) > KEY_MAX_LENGTH:
        raise ValueError(f"media key must be 1 to {KEY_MAX_LENGTH} characters long")
    if key.startswith("/") or "\\" in key:
        raise ValueError(f"media key {key!r} must be a relative path with forward slashes")
    raise ValueError(
        f"media key {key!r} must be made of non-empty [A-Za-z0-9._-] segments that do not start with a dot"
    )


def content_key(sha256: str, extension: str) -> str:
    """Where bytes with this digest live: `content/ab/<sha256>.png`. The same bytes always get the same key."""
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"{sha256!r} is not a lower-case hex sha256 digest")
    return f"{CONTENT_FOLDER}/{sha256[:2]}/{sha256}.{clean_extension(extension)}"


def new_key(folder: str, name: str, extension: str) -> str:
    """`folder/name.ext` with the folder sanitised and the extension checked (`name` is ours: a uuid hex)."""
    return f"{sanitise_folder(folder)}/{name}.{clean_extension(extension)}"


def sanitise_folder(folder: str) -> str:
    """`"batch 12/../variant#3"` -> `"batch-12/variant-3"`: unsafe runs become "-", leading dots go."""
    segments = []
    for raw in folder.replace("\\", "/").split("/"):
        segment = _FOLDER_UNSAFE.sub("-", raw).lstrip(".-").rstrip("-")[:_FOLDER_SEGMENT_MAX_LENGTH]
        if segment:
            segments.append(segment)
    if not segments:
        raise ValueError(f"media folder {folder!r} has no usable characters ([A-Za-z0-9._-])")
    return "/".join(segments)


def clean_extension(extension: str) -> str:
    cleaned = extension.removeprefix(".").lower()
    if not _EXTENSION.fullmatch(cleaned):
        raise ValueError(f"media file extension {extension!r} must be 1 to 10 letters or digits")
    return cleaned


def media_type(key: str) -> str:
    """The Content-Type a key is served with: by its extension, `application/octet-stream` when unknown."""
    return _MEDIA_TYPES.get(key.rsplit(".", 1)[-1].lower(), "application/octet-stream")


@dataclass(frozen=True)
class StoreAddress:
    bucket: str
    prefix: str  # "" or "media/assets": no leading or trailing slash


def parse_store_url(url: str) -> StoreAddress:
    """`s3://bucket/prefix` -> its parts; ValueError naming what is wrong."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"VITRINE_MEDIA_STORE must look like s3://bucket/prefix, got {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"VITRINE_MEDIA_STORE {url!r}: no query or fragment, only s3://bucket/prefix")
    prefix = parts.path.strip("/")
    if prefix:
        key_segments(prefix)  # the same rules as a key: safe in URLs, no dot segments
    return StoreAddress(parts.netloc, prefix)
