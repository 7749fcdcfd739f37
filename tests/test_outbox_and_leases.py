"""The crash-safety mechanism on its own: outbox (send after commit, never before), claims, reaper, tick locks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from db import claims
from db.models import OutboxMessage, Probe, Workspace
from db.ticks import try_lock
from db.transactions import in_transaction
from domain import outbox, tasks
from domain.diagnostics import PROBE_TASK, PROCESS_PROBE
from domain.outbox import Job
from domain.tasks import reaper

LEASE = timedelta(seconds=30)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[list[dict[str, Any]]]:
    box: list[list[dict[str, Any]]] = []
    monkeypatch.setattr(outbox, "_sender", box.append)
    return box


async def _probe(status: str = "pending", lease: datetime | None = None) -> Probe:
    workspace, _ = await Workspace.get_or_create(name="w")
    return await Probe.create(
        workspace=workspace, message="m", status=status, lease_expires_at=lease or datetime.now(UTC) + LEASE
    )


async def test_jobs_staged_in_a_rolled_back_transaction_are_never_sent(db: str, sent: list[Any]) -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction() as tx:
            await outbox.stage(Job("x.y", (1,)), using_db=tx)
            raise RuntimeError("validation failed after staging")
    assert await outbox.flush() == 0 and sent == []

    async with in_transaction() as tx:
        await outbox.stage([Job("a.scrape", ("u",)), Job("a.generate", ("v",))], using_db=tx)
    assert await outbox.flush() == 1
    assert sent == [
        [
            {"actor": "a.scrape", "args": ["u"], "options": {}},
            {"actor": "a.generate", "args": ["v"], "options": {}},
        ]
    ]
    assert await OutboxMessage.all().count() == 0


async def test_concurrent_flushes_send_each_entry_once(db: str, sent: list[Any]) -> None:
    for i in range(30):
        await outbox.stage(Job("x.y", (i,)))
    counts = await asyncio.gather(*(outbox.flush() for _ in range(5)))
    assert sum(counts) == 30
    assert sorted(m[0]["args"][0] for m in sent) == list(range(30))


async def test_enqueue_sends_its_own_entries_after_commit_and_leaves_the_backlog_to_the_drain(
    db: str, sent: list[Any]
) -> None:
    backlog = await outbox.stage(Job("left.behind", ("old",)))  # a crash between commit and send left this
    probes = [await _probe(), await _probe()]

    async with in_transaction() as tx:
        assert await tasks.enqueue(PROBE_TASK, probes, using_db=tx) == 2
        await tasks.enqueue(PROBE_TASK, probes[0].id, using_db=tx)
        assert sent == []  # nothing leaves before the commit
    assert sent == [
        [{"actor": PROCESS_PROBE, "args": [str(p.id)], "options": {}} for p in probes],
        [{"actor": PROCESS_PROBE, "args": [str(probes[0].id)], "options": {}}],
    ]
    assert [row.id for row in await OutboxMessage.all()] == [backlog]  # another's entry: the drain's job

    sent.clear()
    with pytest.raises(RuntimeError):
        async with in_transaction() as tx:
            await tasks.enqueue(PROBE_TASK, probes[1], using_db=tx)
            raise RuntimeError("refused after enqueueing")
    assert sent == [] and [row.id for row in await OutboxMessage.all()] == [backlog]

    # Outside a transaction the entry is committed at once, so it is sent at once; the drain sends the rest.
    await tasks.enqueue(PROBE_TASK, probes[1], delay=timedelta(seconds=2))
    assert sent == [[{"actor": PROCESS_PROBE, "args": [str(probes[1].id)], "options": {"delay": 2000}}]]
    assert await outbox.flush() == 1 and sent[-1] == [{"actor": "left.behind", "args": ["old"], "options": {}}]


async def test_claim_is_exclusive_and_a_stale_claim_cannot_write(db: str) -> None:
    probe = await _probe()
    now = datetime.now(UTC)
    first = await claims.claim(Probe, probe.id, waiting=["pending"], running="processing", lease=LEASE, now=now)
    second = await claims.claim(Probe, probe.id, waiting=["pending"], running="processing", lease=LEASE, now=now)
    assert first is not None and first.attempt == 1 and second is None

    # The lease runs out (the worker died): a new claim takes over and the old one's writes are refused.
    later = now + LEASE + timedelta(seconds=1)
    third = await claims.claim(Probe, probe.id, waiting=["pending"], running="processing", lease=LEASE, now=later)
    assert third is not None and third.attempt == 2
    assert not await claims.finish(Probe, first, status="done", result="stale")
    assert await claims.finish(Probe, third, status="done", result="fresh")
    assert (await Probe.get(id=probe.id)).result == "fresh"


async def test_reaper_re_enqueues_expired_work_once(db: str, sent: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # The broker holds nothing: a waiting row's message is lost.
    monkeypatch.setattr(reaper, "_probes", reaper.Probes(backlog=lambda: 0))
    now = datetime.now(UTC)
    abandoned = await _probe("processing", lease=now - timedelta(seconds=1))
    lost = await _probe("pending", lease=now - timedelta(seconds=1))
    healthy = await _probe("processing", lease=now + LEASE)
    finished = await _probe("done", lease=now - timedelta(seconds=1))

    counts = await asyncio.gather(reaper.reap(now, LEASE), reaper.reap(now, LEASE))
    assert sum(counts) == 2
    assert sorted(m[0]["args"][0] for m in sent) == sorted([str(abandoned.id), str(lost.id)])
    assert all(m[0]["actor"] == PROCESS_PROBE for m in sent)
    assert (await Probe.get(id=abandoned.id)).status == "pending"
    assert (await Probe.get(id=healthy.id)).status == "processing"
    assert (await Probe.get(id=finished.id)).status == "done"

    # Embedded start-up: the in-memory queue is empty, so unfinished work is re-enqueued whatever its lease.
    sent.clear()
    assert await reaper.reap(now, LEASE, everything=True) == 3  # the two reaped above and `healthy`
    assert str(healthy.id) in {m[0]["args"][0] for m in sent}


async def test_reaper_does_not_resend_a_queued_backlog(
    db: str, sent: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long backlog: waiting rows outlive their lease while their messages are merely queued. They are not
    re-sent (a storm of duplicates) but get a long lease; a dead worker's running row is re-sent all the same."""
    monkeypatch.setattr(reaper, "_probes", reaper.Probes(backlog=lambda: 1000))
    now = datetime.now(UTC)
    queued = [await _probe("pending", lease=now - timedelta(seconds=1)) for _ in range(5)]
    abandoned = await _probe("processing", lease=now - timedelta(seconds=1))

    assert await reaper.reap(now, LEASE) == 1
    assert [m[0]["args"][0] for m in sent] == [str(abandoned.id)]
    for row in queued:
        fresh = await Probe.get(id=row.id)
        assert fresh.lease_expires_at is not None
        assert fresh.lease_expires_at >= now + LEASE * reaper.STARVED_LEASES - timedelta(seconds=1)

    # Still not re-sent at the next ticks; re-sent once only when the long lease runs out too.
    assert await reaper.reap(now + LEASE * 2, LEASE) == 0
    sent.clear()
    assert await reaper.reap(now + LEASE * (reaper.STARVED_LEASES + 1), LEASE) == 5
    assert sorted(m[0]["args"][0] for m in sent) == sorted(str(r.id) for r in queued)


async def test_reaper_resends_at_once_the_waiting_rows_the_broker_holds_no_message_for(
    db: str, sent: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redis came back empty and new messages arrived since: the broker is not empty, but it holds no message for
    some waiting rows. Those are re-sent at the next tick; the ones still queued get the long lease as before."""
    now = datetime.now(UTC)
    rows = [await _probe("pending", lease=now - timedelta(seconds=1)) for _ in range(5)]
    queued, lost = rows[:3], rows[3:]
    asked: list[str] = []

    def held(kind_name: str) -> set[str]:
        asked.append(kind_name)
        return {str(row.id) for row in queued} if kind_name == PROCESS_PROBE else set()

    monkeypatch.setattr(reaper, "_probes", reaper.Probes(backlog=lambda: 40, held_rows=held))

    assert await reaper.reap(now, LEASE) == 2
    assert sorted(m[0]["args"][0] for m in sent) == sorted(str(row.id) for row in lost)
    assert asked.count(PROCESS_PROBE) == 1  # read once for the kind, not once per row
    for row in queued:
        fresh = await Probe.get(id=row.id)
        assert fresh.lease_expires_at is not None
        assert fresh.lease_expires_at >= now + LEASE * reaper.STARVED_LEASES - timedelta(seconds=1)


async def test_tick_lock_admits_one_runner_per_period(db: str) -> None:
    now = datetime.now(UTC)
    period = timedelta(seconds=60)
    results = await asyncio.gather(*(try_lock("job", period, f"p{i}", now) for i in range(6)))
    assert results.count(True) == 1
    assert not await try_lock("job", period, "late", now + timedelta(seconds=59))
    assert await try_lock("job", period, "next", now + period)
