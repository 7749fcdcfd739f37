"""The object-storage media store: any S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, GCS's S3 API) through
obstore, configured by `VITRINE_MEDIA_STORE=s3://bucket/prefix` and the standard `AWS_ENDPOINT_URL`,
`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_REGION` variables.

Nothing touches the local disk: staged uploads are held in memory (at most the upload cap each) and go to the
bucket in one PUT once checked. A PUT is atomic, so a reader never sees part of an object, and a worker killed
mid-write leaves nothing behind; an object whose row never committed is the media sweep's to remove.

Media URLs are presigned GETs (SigV4, the store checks signature and expiry): the bytes go from the bucket to
the browser, not through the API processes, and a CDN in front of the bucket works unchanged. The objects are
stored with the Content-Type of their checked image type, on the bucket's origin, never the console's.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import obstore
from obstore.store import S3Store

from integrations.media.keys import KEY, content_key, key_segments, media_type, new_key, parse_store_url
from integrations.media.staging import Staged, StagedBytes

if TYPE_CHECKING:
    from obstore.store import ClientConfig, RetryConfig

_SAMPLE_KEY = "url-sample"
# SigV4 presigned URLs live at most 7 days (the S3 API's limit).
MAX_URL_TTL = timedelta(days=7)
# A store that does not answer fails the call (and the task's attempt, which the kernel retries) instead of
# holding a request or a worker thread for obstore's default 3 minutes of retries.
_RETRY: RetryConfig = {"max_retries": 3, "retry_timeout": timedelta(seconds=20)}
_TIMEOUTS: ClientConfig = {"connect_timeout": timedelta(seconds=5), "timeout": timedelta(seconds=60)}


class S3MediaStorage:
    def __init__(self, url: str, default_ttl: timedelta) -> None:
        if not timedelta(0) < default_ttl <= MAX_URL_TTL:
            raise ValueError(
                f"on object storage the media URL lifetime must be above 0 and at most 7 days, got {default_ttl}"
            )
        address = parse_store_url(url)
        endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
        client: ClientConfig = {**_TIMEOUTS, "allow_http": endpoint.startswith("http://")}
        # The AWS_* variables (endpoint, keys, region) are read by obstore from the environment.
        self._store = S3Store(address.bucket, prefix=address.prefix or None, client_options=client, retry_config=_RETRY)
        self.url = url
        self.default_ttl = default_ttl
        # Signing is local (no request): a sample URL tells the origin browsers fetch the images from.
        sample = urlsplit(obstore.sign(self._store, "GET", _SAMPLE_KEY, default_ttl))
        self._origin = f"{sample.scheme}://{sample.netloc}"
        self._url_path = sample.path.removesuffix(_SAMPLE_KEY)  # `/bucket/prefix/` (path style) or `/prefix/`

    @property
    def image_origin(self) -> str:
        return self._origin

    @property
    def url_path(self) -> str:
        return self._url_path

    async def save(self, data: bytes, *, folder: str, extension: str) -> str:
        key = new_key(folder, uuid.uuid4().hex, extension)
        await self._put(key, data)
        return key

    async def save_content(self, data: bytes, *, extension: str) -> str:
        key = content_key(hashlib.sha256(data).hexdigest(), extension)
        if not await self._exists(key):
            await self._put(key, data)
        return key

    def stage(self) -> StagedBytes:
        return StagedBytes()

    async def store_staged(self, staged: Staged, *, extension: str) -> str:
        staged.close()
        key = content_key(staged.sha256, extension)
        if not await self._exists(key):
            # Two writers of the same bytes may race: both PUT the same content, readers see either whole.
            await self._put(key, _own(staged).source)
        return key

    async def discard(self, staged: Staged) -> None:
        _own(staged).drop()

    async def read(self, key: str) -> bytes:
        key_segments(key)
        result = await obstore.get_async(self._store, key)  # FileNotFoundError when missing
        return bytes(await result.bytes_async())

    async def delete(self, key: str) -> None:
        key_segments(key)
        await obstore.delete_async(self._store, key)  # S3 answers a missing key with success too

    async def keys_older_than(self, moment: datetime) -> list[str]:
        keys = []
        async for batch in obstore.list(self._store, chunk_size=1000):
            for meta in batch:
                # Objects someone else put under the prefix with names we would never give are left alone.
                if meta["last_modified"] < moment and KEY.fullmatch(meta["path"]):
                    keys.append(meta["path"])
        return keys

    def signed_url(self, key: str, ttl: timedelta | None = None) -> str:
        key_segments(key)
        ttl = self.default_ttl if ttl is None else ttl
        if not timedelta(0) < ttl <= MAX_URL_TTL:
            raise ValueError(f"a presigned URL lives above 0 and at most 7 days, got {ttl}")
        return obstore.sign(self._store, "GET", key, ttl)

    async def _put(self, key: str, data: bytes) -> None:
        await obstore.put_async(self._store, key, data, attributes={"Content-Type": media_type(key)})

    async def _exists(self, key: str) -> bool:
        try:
            await obstore.head_async(self._store, key)
        except FileNotFoundError:
            return False
        return True


def _own(staged: Staged) -> StagedBytes:
    if not isinstance(staged, StagedBytes):
        raise TypeError(f"object storage stores staged bytes, not {type(staged).__name__}")
    return staged
