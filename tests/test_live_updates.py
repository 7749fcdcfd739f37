"""Live updates shared per object: every subscriber of a job gets every state, with one database read per change
for all of them (nested lists included), and a newcomer's first state still comes from the database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from db.models import CtaInfo, CtaJob, CtaJobUrl
from domain.auth import LOCAL_EMAIL, LOCAL_WORKSPACE, ensure_user
from domain.cta.statuses import job_topic
from domain.live import publish
from integrations.event_bus import get_event_bus
from tests.conftest import make_settings
from tests.support import LiveServer, Subscription, count_statements, serve_app, subscribe

FOLLOW = """subscription($id: ID!) { ctaJobUpdated(id: $id) {
  id successCount failedCount totalCount isCompleted ctaInfos { variantIndex status } urls { status } } }"""
VARIANTS = 4


@pytest.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """No periodic work during the test: only the test's own actions touch the database."""
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


async def pending_job() -> tuple[str, list[str]]:
    """A job of the local user with one URL scraped and every variant pending (nothing works on it)."""
    user = await ensure_user(LOCAL_EMAIL, LOCAL_WORKSPACE)
    job = await CtaJob.create(
        workspace_id=user.workspace_id, user_id=user.id, name="live", input=[], variant_count=VARIANTS
    )
    url = await CtaJobUrl.create(
        job=job, url="https://shop.example/p", normalized_url="https://shop.example/p", status="scraped"
    )
    infos = [
        await CtaInfo.create(job=job, job_url=url, url=url.url, variant_index=i, status="pending")
        for i in range(VARIANTS)
    ]
    return str(job.id), [str(info.id) for info in infos]


@contextlib.asynccontextmanager
async def subscribers(server: LiveServer, job_id: str, count: int) -> AsyncIterator[list[Subscription]]:
    async with contextlib.AsyncExitStack() as stack:
        subs = [await stack.enter_async_context(subscribe(server.ws_url, FOLLOW, {"id": job_id})) for _ in range(count)]
        yield subs


async def next_states(subs: list[Subscription]) -> list[dict[str, Any]]:
    return [payload["data"]["ctaJobUpdated"] for payload in await asyncio.gather(*(s.next() for s in subs))]


async def test_every_subscriber_gets_every_state_with_one_read_per_change(quiet_server: LiveServer) -> None:
    job_id, info_ids = await pending_job()

    async with subscribers(quiet_server, job_id, 1) as alone:
        assert (await next_states(alone))[0]["successCount"] == 0

        async def one_change(subs: list[Subscription], info_id: str) -> tuple[int, list[dict[str, Any]]]:
            await CtaInfo.filter(id=info_id).update(status="done")
            return await count_statements(
                lambda: _published_and_received(subs, job_id, info_id)  # the reads run until all have the state
            )

        reads_for_one, [state] = await one_change(alone, info_ids[0])
        assert state["successCount"] == 1 and reads_for_one > 0

        async with subscribers(quiet_server, job_id, 12) as many:
            assert {s["successCount"] for s in await next_states(many)} == {1}
            everyone = [*alone, *many]
            for done, info_id in enumerate(info_ids[1:3], start=2):
                reads_for_thirteen, states = await one_change(everyone, info_id)
                assert reads_for_thirteen == reads_for_one, f"{reads_for_one} statements for 1, {reads_for_thirteen}"
                assert [s["successCount"] for s in states] == [done] * 13
                assert all([i["status"] for i in s["ctaInfos"]].count("DONE") == done for s in states)
                assert all(s["urls"] == [{"status": "SCRAPED"}] and not s["isCompleted"] for s in states)
            # One event-bus subscription for the job, however many sockets follow it.
            assert get_event_bus().subscriber_count(job_topic(job_id)) == 1  # type: ignore[attr-defined]

        # The twelve left; the first subscriber still follows the job.
        await CtaInfo.filter(id=info_ids[3]).update(status="failed")
        await publish(job_topic(job_id), info=info_ids[3], status="failed")
        final = (await next_states(alone))[0]
        assert final["isCompleted"] and (final["successCount"], final["failedCount"]) == (3, 1)
        assert (await alone[0].message())["type"] == "complete"
    for _ in range(100):  # the last subscriber's channel closes once its socket does
        if get_event_bus().subscriber_count(job_topic(job_id)) == 0:  # type: ignore[attr-defined]
            break
        await asyncio.sleep(0.05)
    assert get_event_bus().subscriber_count(job_topic(job_id)) == 0  # type: ignore[attr-defined]


async def _published_and_received(subs: list[Subscription], job_id: str, info_id: str) -> list[dict[str, Any]]:
    await publish(job_topic(job_id), info=info_id, status="done")
    return await next_states(subs)


async def test_a_newcomer_reads_the_current_state_from_the_database(quiet_server: LiveServer) -> None:
    job_id, info_ids = await pending_job()
    async with subscribers(quiet_server, job_id, 2) as early:
        assert [s["successCount"] for s in await next_states(early)] == [0, 0]
        # A change nobody announced: the early subscribers hear nothing of it, a newcomer sees it.
        await CtaInfo.filter(id=info_ids[0]).update(status="done")
        async with subscribers(quiet_server, job_id, 1) as late:
            assert (await next_states(late))[0]["successCount"] == 1
            # The next announced change reaches all three with the same, current state.
            await CtaInfo.filter(id=info_ids[1]).update(status="done")
            await publish(job_topic(job_id), info=info_ids[1], status="done")
            assert [s["successCount"] for s in await next_states([*early, *late])] == [2, 2, 2]


async def test_changes_faster_than_a_subscriber_end_at_the_newest_state(quiet_server: LiveServer) -> None:
    job_id, info_ids = await pending_job()
    async with subscribers(quiet_server, job_id, 3) as subs:
        await next_states(subs)
        for info_id in info_ids[:3]:  # three changes announced at once: states may be folded, never lost
            await CtaInfo.filter(id=info_id).update(status="done")
            await publish(job_topic(job_id), info=info_id, status="done")
        for sub in subs:
            seen = [(await sub.next())["data"]["ctaJobUpdated"]["successCount"]]
            while seen[-1] < 3:
                seen.append((await sub.next())["data"]["ctaJobUpdated"]["successCount"])
            assert seen == sorted(seen) and seen[-1] == 3  # newest last, never an older state after a newer one


async def test_a_deleted_job_ends_every_subscription_with_not_found(quiet_server: LiveServer) -> None:
    job_id, _ = await pending_job()
    async with subscribers(quiet_server, job_id, 3) as subs:
        await next_states(subs)
        await quiet_server.client().data("mutation($id: ID!) { deleteCtaJob(id: $id) }", {"id": job_id})
        for sub in subs:
            message = await sub.message()
            assert message["type"] == "next" and message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"


# --- the mechanism on its own (domain.live.follow on the in-process bus) ------------------------------------------


async def _follow_states(loads: list[int], share_key: object | None, followers: int) -> list[list[int]]:
    """`followers` follow one topic; two changes are published; returns what each saw."""
    from domain import live
    from integrations.event_bus import LocalEventBus, set_event_bus

    set_event_bus(LocalEventBus())
    version = [0]

    def reader(who: int) -> Any:
        async def load() -> int:
            loads[who] += 1
            return version[0]

        return load

    streams = [live.follow(["thing:1"], reader(i), share_key=share_key) for i in range(followers)]
    seen: list[list[int]] = [[await stream.__anext__()] for stream in streams]
    for _ in range(2):
        version[0] += 1
        await live.publish("thing:1", changed=True)
        for i, stream in enumerate(streams):
            seen[i].append(await asyncio.wait_for(stream.__anext__(), 10))
    for stream in streams:
        await stream.aclose()
    return seen


async def test_followers_with_the_same_load_code_share_each_read() -> None:
    loads = [0] * 5
    seen = await _follow_states(loads, None, 5)
    assert seen == [[0, 1, 2]] * 5
    assert sum(loads) <= 1 + 2 + 4  # at most: one read per change, plus first reads folded as followers join
    assert sum(loads) < 5 * 3


async def test_followers_of_their_own_key_read_for_themselves() -> None:
    from domain.live import PER_SUBSCRIBER

    loads = [0] * 3
    seen = await _follow_states(loads, PER_SUBSCRIBER, 3)
    assert seen == [[0, 1, 2]] * 3
    assert loads == [3, 3, 3]
