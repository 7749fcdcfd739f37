"""Media storage: one interface (`MediaStorage`), two backends chosen by `VITRINE_MEDIA_STORE`.

- unset: `LocalMediaStorage`, files under `VITRINE_MEDIA_DIR` served at /media (the embedded default);
- `s3://bucket/prefix`: `S3MediaStorage`, objects in any S3-compatible bucket, served by presigned URLs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from integrations.media.keys import CONTENT_FOLDER, content_key, sanitise_folder
from integrations.media.local import STAGING_FOLDER, LocalMediaStorage, media_routes
from integrations.media.staging import Staged, StagedBytes, StagedFile
from integrations.media.store import MediaStorage

if TYPE_CHECKING:
    from settings import Settings


def open_media_store(settings: Settings) -> MediaStorage:
    if settings.media_store:
        from integrations.media.s3 import S3MediaStorage  # obstore is loaded only by the processes that use it

        return S3MediaStorage(settings.media_store, settings.media_url_ttl)
    return LocalMediaStorage(settings.media_dir, settings.media_secret, settings.media_url_ttl)


__all__ = [
    "CONTENT_FOLDER",
    "STAGING_FOLDER",
    "LocalMediaStorage",
    "MediaStorage",
    "Staged",
    "StagedBytes",
    "StagedFile",
    "content_key",
    "media_routes",
    "open_media_store",
    "sanitise_folder",
]
