"""The hand-written page statement (db.pages through domain.pagination.paginate) reads what the ORM reads: the
same values for every column (UUIDs as UUIDs), every row once across pages (rows created in the same microsecond
included), another workspace's rows never, and the count of the list on every page. A page cannot be asked for
without a workspace, and a value a page did not read can never be used as one."""

from __future__ import annotations

import asyncio
import copy
import pickle
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise import connections

from db import sqlite_reads
from db.lifecycle import apply_migrations, close_db, init_db
from db.models import CtaJob, MediaAsset, Upload, Work
from db.models.cta import CtaInfo, CtaJobUrl
from db.pages import UNREAD, NotRead, PageShape, read_page
from db.row_values import Expression
from db.transactions import in_transaction
from domain.auth import ensure_user, principal_of
from domain.cta.jobs import OPTIONAL, JobCounts, counts_of, delete_job, list_jobs
from domain.pagination import paginate
from domain.tenancy import Principal


@dataclass(frozen=True, kw_only=True)
class JobNames:
    id: uuid.UUID
    created_at: datetime
    name: str
    input: Any
    user_id: uuid.UUID
    twice: int


SHAPE = PageShape(CtaJob, JobNames, per_row=(("twice", Expression('LENGTH("cta_job"."name") * 2')),))


async def _jobs(workspace: str, count: int, moments: list[datetime]) -> tuple[Principal, list[CtaJob]]:
    user = await ensure_user(f"owner@{workspace}.example", workspace)
    jobs = []
    for index in range(count):
        job = await CtaJob.create(
            workspace_id=user.workspace_id,
            user_id=user.id,
            name=f"{workspace} job {index}",
            input=[{"url": f"https://{workspace}.example/{index}", "variants": index % 3 + 1, "note": "ünï"}],
        )
        await CtaJob.filter(id=job.id).update(created_at=moments[index % len(moments)])
        jobs.append(await CtaJob.get(id=job.id))
    return principal_of(user), jobs


async def test_pages_read_what_the_orm_reads_and_every_row_once(db: str) -> None:
    base = datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC)
    # Ties: three rows per instant, and an instant without microseconds (ISO text without a fraction on SQLite).
    moments = [base, base + timedelta(microseconds=1), base.replace(microsecond=0), base + timedelta(days=400)]
    principal, jobs = await _jobs("shop", 11, moments)
    await _jobs("other", 4, moments)
    expected = sorted(jobs, key=lambda j: (j.created_at, j.id), reverse=True)

    seen = []
    after = None
    while True:
        page = await paginate(SHAPE, principal, 4, after)
        assert page.total_count == 11
        seen += page.items
        if not page.has_next_page:
            break
        after = page.cursors[-1]

    assert [row.id for row in seen] == [job.id for job in expected]  # UUID columns as UUIDs, as the ORM reads them
    for row, job in zip(seen, expected, strict=True):
        assert isinstance(row.id, uuid.UUID) and isinstance(row.user_id, uuid.UUID)
        # A UUID in every respect, however the driver gave it (SQLite keeps its text: db.pages.TextUUID).
        ident = job.id
        assert (str(row.id), row.id.hex, row.id.int, hash(row.id)) == (str(ident), ident.hex, ident.int, hash(ident))
        assert pickle.loads(pickle.dumps(row.id)) == copy.deepcopy(row.id) == job.id
        read = (row.created_at, row.name, row.input, row.user_id)
        assert read == (job.created_at, job.name, job.input, job.user_id)  # type: ignore[attr-defined]
        assert row.created_at.tzinfo is not None and row.created_at.utcoffset() == timedelta(0)
        assert row.twice == 2 * len(job.name)

    empty = await paginate(SHAPE, principal, 5, page.cursors[-1])
    assert empty.items == [] and empty.total_count == 11 and not empty.has_next_page


async def test_the_job_list_reads_the_columns_the_query_asks_for(db: str) -> None:
    principal, jobs = await _jobs("shop", 3, [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n) for n in range(3)])
    full = await list_jobs(principal, 2, None)
    assert [row.input for row in full.items] == [jobs[2].input, jobs[1].input]
    assert [counts_of(row) for row in full.items] == [JobCounts(0, 0, 0)] * 2
    bare = await list_jobs(principal, 2, None, leave_out=OPTIONAL)
    assert [row.name for row in bare.items] == [jobs[2].name, jobs[1].name]
    assert bare.items[0].input is UNREAD and bare.items[0].variant_count is UNREAD
    # Not read is not zero: the counts of a row read without them refuse to be read.
    with pytest.raises(NotRead):
        counts_of(bare.items[0])
    for use in (int, bool, str, lambda value: value + 1, lambda value: value == 0, lambda value: f"{value}"):
        with pytest.raises(NotRead):
            use(bare.items[0].variant_count)


@dataclass(frozen=True)
class AssetSize:
    id: uuid.UUID
    key: str
    width: int
    size: int


@dataclass(frozen=True)
class SourceUpload:
    id: uuid.UUID
    original_name: str
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class WorkWithUpload:
    id: uuid.UUID
    created_at: datetime
    name: str
    asset: AssetSize
    source_upload: SourceUpload | None


async def test_joined_rows_and_searches_read_what_the_orm_reads(db: str) -> None:
    """A joined relation comes back as the referenced row's columns (None for a null key), converted as the ORM
    converts them; `__icontains` selects the rows the ORM's icontains selects, wildcards taken literally."""
    user = await ensure_user("owner@shop.example", "shop")
    upload_asset = await MediaAsset.create(
        workspace_id=user.workspace_id, sha256="a" * 64, key="u/a.png", content_type="image/png", width=3, height=2,
        size=10,
    )  # fmt: skip
    upload = await Upload.create(
        workspace_id=user.workspace_id, kind="ARTWORK", original_name="a.png", asset=upload_asset
    )
    names = ["50% Off", "Plain", "under_score", "UNDER score"]
    for index, name in enumerate(names):
        await Work.create(
            workspace_id=user.workspace_id, name=name, asset=upload_asset, source_upload=upload if index % 2 else None
        )
    shape = PageShape(Work, WorkWithUpload, joined=(("asset", AssetSize), ("source_upload", SourceUpload)))
    principal = principal_of(user)
    everything = await paginate(shape, principal, 10, None)
    expected = (
        await Work.filter(workspace_id=user.workspace_id)
        .select_related("asset", "source_upload")
        .order_by("-created_at", "-id")
    )
    assert [row.id for row in everything.items] == [work.id for work in expected]
    for row, work in zip(everything.items, expected, strict=True):
        assert (row.asset.key, row.asset.width, row.asset.size) == ("u/a.png", 3, 10)
        if work.source_upload is None:
            assert row.source_upload is None
        else:
            assert row.source_upload is not None
            assert row.source_upload.original_name == "a.png"
            assert row.source_upload.created_at == work.source_upload.created_at
            assert row.source_upload.id == work.source_upload.id

    async def search(text: str) -> list[str]:
        page = await paginate(shape, principal, 10, None, filters={"name__icontains": text})
        orm = await Work.filter(workspace_id=user.workspace_id, name__icontains=text).order_by("-created_at", "-id")
        assert page.total_count == len(orm)
        assert [row.name for row in page.items] == [work.name for work in orm]
        return sorted(row.name for row in page.items)

    assert await search("under") == ["UNDER score", "under_score"]
    assert await search("r_s") == ["under_score"]  # "_" is not a wildcard
    assert await search("50%") == ["50% Off"]
    assert await search("%") == ["50% Off"]


async def test_sqlite_pages_are_read_beside_tortoise_and_see_every_commit(tmp_path: Path) -> None:
    """On SQLite a page is read on the calling thread through a read-only connection of its own (db.sqlite_reads):
    it sees what Tortoise committed a moment before and writes nothing; inside a transaction the page is read
    through the transaction, its own writes included."""
    url = f"sqlite://{tmp_path}/pages.db"
    await apply_migrations(url)
    await init_db(url)
    try:
        principal, _ = await _jobs("shop", 2, [datetime(2026, 1, 1, tzinfo=UTC)])
        page = await list_jobs(principal, 10, None)
        client = connections.get("default")
        assert page.total_count == 2 and sqlite_reads._connections.get(client)  # read through the module's own
        async with in_transaction():
            await CtaJob.create(workspace_id=principal.workspace_id, user_id=principal.user_id, name="new", input=[])
            assert (await list_jobs(principal, 10, None)).total_count == 3
            assert (await sqlite_reads.fetch(client, 'SELECT COUNT(*) FROM "cta_job"', []))[0][0] == 2  # uncommitted
        assert (await list_jobs(principal, 10, None)).items[0].name == "new"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await sqlite_reads.fetch(client, 'DELETE FROM "cta_job"', [])
        assert await CtaJob.all().count() == 3
    finally:
        await close_db()
    assert not sqlite_reads._connections  # closed with the database


async def test_sqlite_pages_take_tortoises_path_when_switched_off(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/pages.db"
    await apply_migrations(url)
    await init_db(url)
    sqlite_reads.enabled = False
    try:
        principal, _ = await _jobs("shop", 3, [datetime(2026, 1, 1, tzinfo=UTC)])
        page = await list_jobs(principal, 2, None)
        assert page.total_count == 3 and len(page.items) == 2 and page.has_next_page
        assert not sqlite_reads._connections
    finally:
        sqlite_reads.enabled = True
        await close_db()


@dataclass(frozen=True, kw_only=True)
class InfoRow:
    id: uuid.UUID
    created_at: datetime
    url: str


@dataclass(frozen=True, kw_only=True)
class Misspelt:
    id: uuid.UUID
    created_at: datetime
    nmae: str


def test_a_shape_is_of_a_workspaces_table_and_reads_only_what_its_row_type_declares() -> None:
    with pytest.raises(TypeError, match="no workspace"):
        PageShape(CtaInfo, InfoRow)  # its rows belong to a workspace only through their job: no page of them
    with pytest.raises(TypeError, match="nmae"):
        PageShape(CtaJob, Misspelt)
    assert PageShape(CtaJob, JobNames, per_row=(("twice", Expression("1")),)).optional == frozenset()


async def test_the_workspace_is_an_argument_of_its_own_never_a_filter(db: str) -> None:
    principal, _ = await _jobs("shop", 2, [datetime(2026, 1, 1, tzinfo=UTC)])
    other, _ = await _jobs("other", 3, [datetime(2026, 1, 1, tzinfo=UTC)])
    with pytest.raises(TypeError, match="workspace"):
        await read_page(
            SHAPE, other.workspace_id, filters={"workspace_id": principal.workspace_id}, after=None, limit=5
        )
    rows, total = await read_page(SHAPE, principal.workspace_id, filters={}, after=None, limit=5)
    assert total == 2 and {row.name for row in rows} == {"shop job 0", "shop job 1"}


async def test_a_jobs_progress_counts_follow_its_variants_whoever_writes_them(db: str) -> None:
    """done_count and failed_count are kept by the database (migration 18's triggers): after every kind of write to
    a job's variants (created done, a status set one by one or many at once, set again to the same, a retry, a
    deletion, a job's deletion) they equal a count of its variants, for that job and no other."""
    user = await ensure_user("owner@counts.example", "counts")
    jobs = [
        await CtaJob.create(workspace_id=user.workspace_id, user_id=user.id, name=f"j{n}", input=[], variant_count=3)
        for n in range(2)
    ]
    urls = [
        await CtaJobUrl.create(job=job, url="https://x.example", normalized_url="x", status="scraped") for job in jobs
    ]
    infos = [
        await CtaInfo.create(job=job, job_url=url, url="u", variant_index=i, status=status)
        for job, url in zip(jobs, urls, strict=True)
        for i, status in enumerate(("pending", "done", "failed"))
    ]

    async def check() -> None:
        for job in jobs:
            stored = await CtaJob.filter(id=job.id).values_list("done_count", "failed_count")
            done = await CtaInfo.filter(job_id=job.id, status="done").count()
            failed = await CtaInfo.filter(job_id=job.id, status="failed").count()
            assert stored == [(done, failed)] or (stored == [] and done == failed == 0)

    await check()
    for status in ("running", "done", "done", "failed", "pending", "done"):
        await CtaInfo.filter(id=infos[0].id).update(status=status)
        await check()
    await CtaInfo.filter(job_id=jobs[0].id).update(status="failed")  # many rows in one statement
    await check()
    async with in_transaction() as tx:
        await CtaInfo.filter(job_id=jobs[0].id, status="failed").using_db(tx).update(status="pending")  # a retry
    await check()
    assert await CtaJob.filter(id=jobs[1].id).values_list("done_count", "failed_count") == [(1, 1)]  # untouched
    await CtaInfo.filter(id=infos[4].id).delete()
    await check()
    await CtaJob.filter(id=jobs[1].id).delete()  # its variants go with it
    await check()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)  # row locks: SQLite has one writer at a time
async def test_deleting_a_job_while_a_variant_finishes_waits_and_never_deadlocks(db: str) -> None:
    """A variant reaching done locks its row and then its job's (the progress trigger); deleting the job takes the
    variants first, so it waits for the finishing variant instead of holding the job row it needs (a deadlock,
    which PostgreSQL would break by failing one of the two, if it took the job first)."""
    user = await ensure_user("owner@locks.example", "locks")
    job = await CtaJob.create(workspace_id=user.workspace_id, user_id=user.id, name="j", input=[], variant_count=1)
    url = await CtaJobUrl.create(job=job, url="https://x.example", normalized_url="x", status="scraped")
    info = await CtaInfo.create(job=job, job_url=url, url="u", variant_index=0, status="running")
    worker = await asyncpg.connect(db.replace("postgres://", "postgresql://", 1))
    try:
        finishing = worker.transaction()
        await finishing.start()
        await worker.execute("UPDATE cta_info SET error_message = 'x' WHERE id = $1", info.id)  # the variant's lock
        deleting = asyncio.create_task(delete_job(principal_of(user), job.id))
        await asyncio.sleep(0.5)
        assert not deleting.done()  # waiting for the finishing variant's row
        await worker.execute("UPDATE cta_info SET status = 'done' WHERE id = $1", info.id)  # then the job's row
        await finishing.commit()
        assert await asyncio.wait_for(deleting, 10) is True
    finally:
        await worker.close()
    assert not await CtaJob.filter(id=job.id).exists() and not await CtaInfo.filter(id=info.id).exists()
