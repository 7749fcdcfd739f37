"""Works: pieces of artwork to put on products, from an upload or from an image URL (fetched once and kept)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from db.models import MediaAsset, Work
from db.pages import PageShape
from db.transactions import in_transaction
from domain.catalog import assets
from domain.catalog.product_input import check_web_url
from domain.catalog.uploads import get_upload
from domain.errors import BadUserInput, NotFound
from domain.pagination import Page, paginate
from domain.tenancy import Principal, owned, parse_id
from domain.workspace_events import Change, Kind, announce

NAME_MAX = 200


@dataclass(frozen=True)
class WorkInput:
    name: str
    upload_id: str | None = None
    image_url: str | None = None


async def create_work(principal: Principal, data: WorkInput) -> Work:
    name = (data.name or "").strip()
    if not name:
        raise BadUserInput("`name` is empty", field="name")
    if len(name) > NAME_MAX:
        raise BadUserInput(f"`name` is longer than {NAME_MAX} characters", field="name")
    if (data.upload_id is None) == (data.image_url is None):
        raise BadUserInput("give exactly one of `uploadId` and `imageUrl`", field="uploadId")
    if data.upload_id is not None:
        upload = await get_upload(principal, data.upload_id, field="uploadId")  # another workspace's: NOT_FOUND
        work = await Work.create(
            workspace_id=principal.workspace_id, name=name, asset_id=upload.asset_id, source_upload_id=upload.id
        )
        work.asset = upload.asset
        await announce(principal.workspace_id, Kind.WORK, work.id, Change.CREATED)
        return work
    url = check_web_url(data.image_url or "", field="imageUrl")
    image = (await assets.fetch_images({url: "imageUrl"}))[url]
    try:
        await assets.store([image])
    except BaseException:
        await assets.discard([image])
        raise
    async with in_transaction() as tx:
        asset: MediaAsset = await assets.record(principal.workspace_id, image, tx)
        work = await Work.create(
            workspace_id=principal.workspace_id, name=name, asset=asset, source_url=url, using_db=tx
        )
    work.asset = asset
    await announce(principal.workspace_id, Kind.WORK, work.id, Change.CREATED)
    return work


@dataclass(frozen=True)
class WorkImage:
    """A work's image as its list reads it (the media asset joined in)."""

    id: uuid.UUID
    key: str


@dataclass(frozen=True, kw_only=True)
class WorkRow:
    """A work as its list reads it."""

    id: uuid.UUID
    created_at: datetime
    name: str
    asset: WorkImage


_PAGE = PageShape(Work, WorkRow, joined=(("asset", WorkImage),))


async def list_works(principal: Principal, first: int | None, after: str | None) -> Page[WorkRow]:
    """A page of the workspace's works, each with its image's media key."""
    return await paginate(_PAGE, principal, first, after)


def work_image_url(work: Work | WorkRow) -> str:
    return assets.url_of(work.asset.key)


async def get_work(principal: Principal, work_id: object, *, field: str = "id") -> Work:
    """The caller's work with its image; another workspace's is NOT_FOUND naming `field` (previews name works)."""
    work = await owned(Work, principal).filter(id=parse_id(work_id, "Work")).select_related("asset").first()
    if work is None:
        raise NotFound(f"Work {work_id} does not exist.", field=field)
    return work
