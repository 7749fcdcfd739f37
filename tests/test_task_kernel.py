"""The task kernel on its own: retry schedules as pure rules, and a kind declared with 5/10/20 s that really
retries at those delays (scaled down by VITRINE_RETRY_DELAY_SCALE) through the embedded broker, then stops; media of
an attempt that never committed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import dramatiq
import pytest
import pytest_asyncio
from hypothesis import given
from hypothesis import strategies as st

from actors import setup
from actors.lanes import queue_of
from actors.runtime import run_task
from db.models import Probe, Workspace
from domain import outbox, tasks
from domain.ports import ports
from domain.tasks import Claim, RetrySchedule, TaskKind, TransientFailure
from domain.tasks.retry import waited
from tests.conftest import make_settings
from tests.support import LiveServer, serve_app

FLAKY = "tests.flaky_probe"
DECLARED = (5, 10, 20)  # seconds, as the kind declares them
# The kernel waits each declared delay times this: 5/10/20 s become 1/2/4 s.
SCALE = 0.2
# Seconds a retry may start late on a loaded machine (never early), counted from the failure before it: the broker's
# poll and the claim. Under the 1 s between two scaled delays, so each wait can only be the delay it is checked
# against.
LATE = 0.9
_calls: dict[str, list[float]] = {}  # when each attempt started
_failed_at: dict[str, list[float]] = {}  # when each failed attempt gave up
_failures_before_success: dict[str, int] = {}


async def _flaky_work(claim: Claim[Probe]) -> None:
    calls = _calls.setdefault(str(claim.row.id), [])
    calls.append(time.monotonic())
    await claim.save_media(b"partial output", folder="tests-kernel", extension="bin")
    if len(calls) <= _failures_before_success[str(claim.row.id)]:
        _failed_at.setdefault(str(claim.row.id), []).append(time.monotonic())
        raise TransientFailure(f"the provider is unavailable (call {len(calls)})")
    await claim.finish(status="done", result="rendered")


async def _flaky_fail(claim: Claim[Probe], message: str) -> None:
    await claim.finish(status="failed", result=message)


FLAKY_KIND = TaskKind(
    name=FLAKY,
    model=Probe,
    waiting="pending",
    running=("processing",),
    work=_flaky_work,
    fail=_flaky_fail,
    topic=lambda row: f"probe:{row.id}",
    retry=lambda: RetrySchedule.fixed(*DECLARED),
)


def flaky_probe(row_id: str) -> None:
    run_task(FLAKY, row_id)


@given(st.lists(st.floats(min_value=0.001, max_value=3600), max_size=8))
def test_a_schedule_gives_one_attempt_more_than_delays_and_then_up(seconds: list[float]) -> None:
    schedule = RetrySchedule.fixed(*seconds)
    assert schedule.attempts == len(seconds) + 1
    for failures in range(1, len(seconds) + 1):
        assert schedule.delay_after(failures) == timedelta(seconds=seconds[failures - 1])
    assert schedule.delay_after(len(seconds) + 1) is None
    starts = schedule.starts()
    assert len(starts) == schedule.attempts and starts == sorted(starts)


@given(st.integers(1, 10_000), st.integers(0, 12), st.integers(1, 100_000))
def test_exponential_schedules_double_up_to_the_cap(first_ms: int, retries: int, cap_ms: int) -> None:
    first, cap = timedelta(milliseconds=first_ms), timedelta(milliseconds=max(cap_ms, first_ms))
    delays = RetrySchedule.exponential(first, retries, cap).delays
    assert len(delays) == retries
    assert all(d <= cap for d in delays)
    assert all(later >= earlier for earlier, later in pairwise(delays))
    if delays:
        assert delays[0] == first


async def _probe_row(failures: int) -> Probe:
    workspace, _ = await Workspace.get_or_create(name="kernel-tests")
    row = await Probe.create(
        workspace=workspace,
        message="flaky",
        status="pending",
        lease_expires_at=datetime.now(UTC) + timedelta(minutes=5),
    )
    _failures_before_success[str(row.id)] = failures
    return row


async def _until_final(row_id: object, timeout: float) -> Probe:
    deadline = time.monotonic() + timeout
    while True:
        row = await Probe.get(id=row_id)
        if row.status in ("done", "failed"):
            return row
        assert time.monotonic() < deadline, f"still {row.status} after {timeout} s"
        await asyncio.sleep(0.05)


def _waits(row_id: object) -> list[float]:
    """From each failure to the start of the next attempt."""
    starts, failures = _calls[str(row_id)], _failed_at[str(row_id)]
    return [round(start - failed, 3) for failed, start in zip(failures, starts[1:], strict=False)]


@pytest_asyncio.fixture
async def scaled_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """The embedded server, its retry waits scaled by SCALE."""
    async with serve_app(make_settings(tmp_path, retry_delay_scale=SCALE)) as live:
        yield live


@pytest.fixture
def flaky_kind(scaled_server: LiveServer) -> Iterator[TaskKind[Probe]]:
    """The test's own kind, wired as `actors.setup.wire` wires a feature's: declared, its actor on the broker."""
    broker = setup.wired().broker
    tasks.declare(FLAKY_KIND)
    # On a queue the server's workers consume: its bulk lane's (the kind's lane), declared before the server started.
    dramatiq.actor(actor_name=FLAKY, queue_name=queue_of(FLAKY_KIND.lane), broker=broker)(flaky_probe)
    try:
        yield FLAKY_KIND
    finally:
        del broker.actors[FLAKY]
        tasks.forget(FLAKY_KIND)


async def test_a_kind_declared_with_5_10_20_s_retries_at_those_delays(flaky_kind: TaskKind[Probe]) -> None:
    # The kind keeps its declared schedule; the kernel waits it times the scale.
    assert FLAKY_KIND.retry().delays == tuple(timedelta(seconds=s) for s in DECLARED)
    assert [waited(d) for d in FLAKY_KIND.retry().delays] == [timedelta(seconds=s * SCALE) for s in DECLARED]
    recovers = await _probe_row(failures=2)  # fails twice, then succeeds
    never = await _probe_row(failures=99)  # always fails
    await outbox.stage([FLAKY_KIND.job(recovers.id), FLAKY_KIND.job(never.id)])
    await outbox.flush()

    recovered, failed = await asyncio.gather(_until_final(recovers.id, 30), _until_final(never.id, 30))

    recover_waits, fail_waits = _waits(recovers.id), _waits(never.id)
    print(f"waits after each failure: recovers {recover_waits}, never {fail_waits}")
    assert recovered.status == "done" and recovered.retries == 2
    assert len(_calls[str(recovers.id)]) == 3 and len(recover_waits) == 2
    assert failed.status == "failed" and failed.retries == 3
    assert failed.result == "the provider is unavailable (call 4)"
    assert len(_calls[str(never.id)]) == 4 and len(fail_waits) == 3  # four attempts, then it stops
    for waits in (recover_waits, fail_waits):  # one by one: 5, 10, then 20 s, each times the scale
        for wait, declared in zip(waits, DECLARED, strict=False):
            assert declared * SCALE - 0.01 <= wait <= declared * SCALE + LATE, (waits, declared)
    # Every failed attempt's file was removed; only the committed attempt's file stays.
    media_root = ports().media.root  # type: ignore[attr-defined]
    assert len(list((media_root / "tests-kernel").iterdir())) == 1


@pytest.mark.parametrize("backend", ["local", "s3"])
async def test_the_sweep_removes_unreferenced_media_in_registered_folders_only(
    db: str, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    from db.models import CtaInfo, CtaJob, CtaJobUrl, User
    from domain import media_sweep
    from domain.ports import Ports, install
    from integrations.media import LocalMediaStorage, MediaStorage
    from integrations.media.s3 import S3MediaStorage

    storage: MediaStorage
    if backend == "local":
        storage = LocalMediaStorage(tmp_path / "media", b"secret", timedelta(hours=1))
    else:  # objects in a bucket of moto's S3 server, listed and deleted through the S3 API
        storage = S3MediaStorage(request.getfixturevalue("s3_bucket").store_url(), timedelta(hours=1))
    previous = ports()
    install(Ports(media=storage, creative=previous.creative, new_fetcher=previous.new_fetcher))
    try:
        kept = await storage.save(b"the variant's background", folder="cta/job", extension="png")
        orphan = await storage.save(b"an attempt that never committed", folder="cta/job", extension="png")
        foreign = await storage.save(b"a file of a feature without a sweep", folder="uploads", extension="png")
        workspace = await Workspace.create(name="sweep")
        user = await User.create(email="sweep@example.com", name="sweep", workspace=workspace)
        job = await CtaJob.create(workspace=workspace, user=user, name="j", input=[])
        url = await CtaJobUrl.create(job=job, url="https://x.example/p", normalized_url="x", status="scraped")
        await CtaInfo.create(
            job=job, job_url=url, url="u", variant_index=0, status="done", suggestion={}, background_key=kept
        )
        # A feature is asked about the sweep's candidates only, and answers from its indexed key column.
        assert await media_sweep.keys_in(CtaInfo, "background_key")([kept, orphan, "cta/none.png"]) == {kept}
        now = datetime.now(UTC)
        assert await media_sweep.sweep(now) == 0  # everything is younger than the grace period
        assert await media_sweep.sweep(now + media_sweep.GRACE * 2) == 1
        remaining = await storage.keys_older_than(now + media_sweep.GRACE * 2)
        assert orphan not in remaining and sorted(remaining) == sorted([kept, foreign])
    finally:
        install(previous)
