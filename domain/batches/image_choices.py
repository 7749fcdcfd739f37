"""An image the caller chooses, named by its signed media URL: matched back to the stored file by the media key in
the URL's path. The signature and expiry (the query) are ignored, since a URL handed out an hour ago still names
the same file; and the key is only ever looked up among the caller's own candidates, never fetched. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from domain.errors import BadUserInput

MEDIA_PREFIX = "/media/"
URL_MAX = 4096


@dataclass(frozen=True)
class ImageChoice:
    key: str  # the media key the URL names
    field: str  # where the caller named it, for errors: variants[3].productImageUrls[1]


@dataclass(frozen=True)
class StoredImage:
    """A chosen image resolved to what is stored: its key, and the row it belongs to."""

    key: str
    source: str  # variant (its image), generation (one of its generated images), upload (the workspace's)
    id: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "source": self.source, "id": self.id}

    @classmethod
    def from_json(cls, value: Any) -> StoredImage:
        return cls(key=str(value["key"]), source=str(value["source"]), id=str(value["id"]))


def media_key_of(url: str, media_path: str = MEDIA_PREFIX) -> str | None:
    """`/media/content/ab/<sha>.png?expires=…&signature=…` (or the same behind any origin) -> `content/ab/<sha>.png`;
    None for anything that is not a media URL. `media_path`: where the store's signed URLs put keys (the store's
    `url_path`: `/media/` for local files, `/<bucket>/<prefix>/` for a bucket's presigned URLs)."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    if not path.startswith(media_path):
        return None
    key = unquote(path[len(media_path) :])
    if not key or key.startswith("/") or any(part in ("", ".", "..") for part in key.split("/")):
        return None
    return key


def choose(url: object, *, field: str, what: str, media_path: str = MEDIA_PREFIX) -> ImageChoice:
    """The caller's URL as a choice, or BAD_USER_INPUT naming `field` when it cannot name a stored image."""
    if not isinstance(url, str) or not url.strip():
        raise BadUserInput(f"give the URL of {what}", field=field)
    if len(url) > URL_MAX:
        raise BadUserInput(f"the URL is longer than {URL_MAX} characters", field=field)
    key = media_key_of(url, media_path)
    if key is None:
        raise BadUserInput(
            f"{url[:200]!r} is not an image of this workspace: choose {what} by the URL the API gave for it",
            field=field,
        )
    return ImageChoice(key=key, field=field)
