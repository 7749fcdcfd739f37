"""Images the merchant uploads: streamed to the media folder, checked from their bytes, stored once per content,
and recorded once per content and kind (the same file uploaded again is the upload it already is)."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from db.models import MediaAsset, Upload
from db.pages import PageShape
from db.transactions import in_transaction
from domain.catalog import assets
from domain.errors import BadUserInput, NotFound
from domain.pagination import Page, paginate
from domain.tenancy import Principal, owned, parse_id
from domain.workspace_events import Change, Kind, announce

KINDS = ("PRODUCT", "ARTWORK", "OTHER")
NAME_MAX = 255


async def upload_image(
    principal: Principal, source: BinaryIO, *, original_name: str | None, declared_size: int | None, kind: str
) -> Upload:
    """Store an uploaded image. `source` is the request's spooled file, copied in chunks (never read whole). The
    type comes from the bytes, the size and pixel caps are checked before decoding; a refusal leaves nothing."""
    if kind not in KINDS:
        raise BadUserInput(f"`kind` must be one of {', '.join(KINDS)}", field="kind")
    image = await assets.stage_stream(source, declared_size=declared_size, field="file")
    try:
        await assets.store([image])
    except BaseException:
        await assets.discard([image])
        raise
    async with in_transaction() as tx:
        asset = await assets.record(principal.workspace_id, image, tx)
        # The same bytes uploaded again (as the same kind) are the upload they already are: one row per stored
        # image and kind, so lists and the wizard show an image once. Uploads of the same bytes queue on the asset
        # row's lock (SQLite transactions are exclusive), so two at once still make one.
        await MediaAsset.filter(id=asset.id).using_db(tx).select_for_update().first()
        upload = (
            await Upload.filter(workspace_id=principal.workspace_id, asset_id=asset.id, kind=kind)
            .using_db(tx)
            .order_by("created_at", "id")
            .first()
        )
        created = upload is None
        if upload is None:
            upload = await Upload.create(
                workspace_id=principal.workspace_id,
                kind=kind,
                original_name=clean_file_name(original_name),
                asset=asset,
                using_db=tx,
            )
    if created:
        await announce(principal.workspace_id, Kind.UPLOAD, upload.id, Change.CREATED)
    return await Upload.filter(id=upload.id).select_related("asset").get()


def clean_file_name(name: str | None) -> str:
    """The last path segment of the client's file name, without control characters, at most 255 characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    printable = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    return printable.strip()[:NAME_MAX]


@dataclass(frozen=True)
class UploadedImage:
    """An upload's media asset as its list reads it."""

    id: uuid.UUID
    key: str
    content_type: str
    width: int
    height: int
    size: int


@dataclass(frozen=True, kw_only=True)
class UploadRow:
    """An upload as its list reads it, with its media asset."""

    id: uuid.UUID
    created_at: datetime
    kind: str
    original_name: str
    asset: UploadedImage


_PAGE = PageShape(Upload, UploadRow, joined=(("asset", UploadedImage),))


async def list_uploads(principal: Principal, first: int | None, after: str | None, kind: str | None) -> Page[UploadRow]:
    """A page of the workspace's uploads (of one `kind` when given), each with its media asset."""
    filters: dict[str, Any] = {}
    if kind is not None:
        if kind not in KINDS:
            raise BadUserInput(f"`kind` must be one of {', '.join(KINDS)}", field="kind")
        filters["kind"] = kind
    return await paginate(_PAGE, principal, first, after, filters=filters)


async def get_upload(principal: Principal, upload_id: object, *, field: str = "id") -> Upload:
    """The caller's upload; another workspace's is NOT_FOUND naming `field`."""
    upload = await owned(Upload, principal).filter(id=parse_id(upload_id, "Upload")).select_related("asset").first()
    if upload is None:
        raise NotFound(f"Upload {upload_id} does not exist.", field=field)
    return upload


def upload_url(upload: Upload | UploadRow) -> str:
    return assets.url_of(upload.asset.key)
