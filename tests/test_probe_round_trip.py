"""The sample actor (write a row, publish an event) end to end: embedded mode, then the production path with
PostgreSQL, Redis and real `vitrine worker` processes, including a worker SIGKILLed mid-message."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import httpx
import websockets

from tests.support import GraphQLClient, LiveServer, operator, production_stack, subscribe

RUN_PROBE = "mutation($m: String!, $ms: Int!) { runProbe(message: $m, workMs: $ms) { id status } }"
PROBE = "query($id: ID!) { probe(id: $id) { status attempt processedBy result } }"
FOLLOW = "subscription($id: ID!) { probeUpdated(id: $id) { id status result } }"


async def _follow_to_done(ws_url: str, client: GraphQLClient, token: str | None, work_ms: int) -> list[str]:
    probe_id = (await client.data(RUN_PROBE, {"m": "hello", "ms": work_ms}))["runProbe"]["id"]
    seen = []
    async with subscribe(ws_url, FOLLOW, {"id": probe_id}, param_token=token) as sub:
        while True:
            update = (await sub.next())["data"]["probeUpdated"]
            seen.append(update["status"])
            if update["status"] == "DONE":
                assert update["result"] == "echo: hello"
                break
        assert (await sub.message())["type"] == "complete"
    return seen


async def test_embedded_mode_runs_the_actor_in_process_and_pushes_events(server: LiveServer) -> None:
    ops = await operator(server)
    seen = await _follow_to_done(server.ws_url, ops, ops.token, work_ms=300)
    # The current state comes first, then every change until done.
    assert seen[0] in ("PENDING", "PROCESSING") and seen[-1] == "DONE"
    assert "PROCESSING" in seen


async def test_production_path_worker_process_reaches_the_subscriber(pg_url: str, tmp_path: Path) -> None:
    with production_stack(pg_url, tmp_path / "stack", ops=True) as stack:
        try:
            seen = await _follow_to_done(stack.ws_url, stack.client(), stack.token, work_ms=300)
        except Exception:
            print(stack.logs())
            raise
        assert seen[-1] == "DONE" and "PROCESSING" in seen
        async with websockets.connect(stack.ws_url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            # The client offers permessage-deflate; `vitrine serve` declines it: updates go out uncompressed.
            assert ws.request is not None and ws.response is not None
            assert "permessage-deflate" in ws.request.headers["Sec-WebSocket-Extensions"]
            assert "Sec-WebSocket-Extensions" not in ws.response.headers
        probe_id_body = await stack.client().data(RUN_PROBE, {"m": "second", "ms": 0})
        row = await _wait_done(stack.client(), probe_id_body["runProbe"]["id"])
        assert row["processedBy"] and row["attempt"] == 1
        async with httpx.AsyncClient(base_url=stack.base_url) as http:
            ready = await http.get("/readyz")
            metrics = (await http.get("/metrics")).text
        assert ready.status_code == 200 and ready.json() == {"ready": True, "database": "ok", "broker": "ok"}
        # Read from Redis through the broker (a point-in-time gauge, so only its presence is stable).
        for lane in ("interactive", "bulk"):  # one queue per lane (actors/lanes.py)
            assert re.search(rf'^vitrine_queue_depth\{{queue="{lane}"\}} \d+\.\d+$', metrics, re.MULTILINE)
        assert 'graphql_operations_total{name="anonymous",outcome="ok",type="mutation"}' in metrics


async def _wait_done(client: GraphQLClient, probe_id: str, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row: dict[str, object] = (await client.data(PROBE, {"id": probe_id}))["probe"]
        if row["status"] == "DONE":
            return row
        await asyncio.sleep(0.1)
    raise AssertionError(f"probe {probe_id} not done: {row}")


async def test_worker_killed_mid_message_is_completed_once_by_a_new_worker(pg_url: str, tmp_path: Path) -> None:
    with production_stack(pg_url, tmp_path / "stack", threads=1, ops=True) as stack:
        stack.start("scheduler2", "scheduler")  # two reapers racing: still exactly one re-enqueue
        client = stack.client()
        try:
            # Long enough to be killed mid-message: the kill follows the first PROCESSING read.
            probe_id = (await client.data(RUN_PROBE, {"m": "survivor", "ms": 2500}))["runProbe"]["id"]
            deadline = time.monotonic() + 30
            while (await client.data(PROBE, {"id": probe_id}))["probe"]["status"] != "PROCESSING":
                assert time.monotonic() < deadline, "the worker never picked the probe up"
                await asyncio.sleep(0.05)
            stack.kill("worker0")  # SIGKILL, mid-message
            assert (await client.data(PROBE, {"id": probe_id}))["probe"]["status"] == "PROCESSING"
            replacement = stack.start("worker1", "worker", "--processes", "1", "--threads", "1")
            row = await _wait_done(client, probe_id, timeout=90)
        except Exception:
            print(stack.logs())
            raise
        # Claimed twice (the dead worker, then one replacement), completed once, by the replacement.
        assert row["attempt"] == 2
        assert row["result"] == "echo: survivor"
        assert str(row["processedBy"]).endswith(tuple(f":{pid}" for pid in _children(replacement.pid)))


def _children(pid: int) -> set[int]:
    """The Dramatiq master forks the process that runs actors."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(c) for c in text)
    return found or {pid}
