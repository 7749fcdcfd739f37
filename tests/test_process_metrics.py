"""`vitrine worker` and `vitrine scheduler` serve Prometheus metrics on VITRINE_METRICS_PORT: a worker's processes
add up in one scrape (prometheus-client's multiprocess mode), with task outcomes and durations per kind, the queue
depth, and the reaper's lease expiries."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from domain.diagnostics import PROCESS_PROBE
from tests.support import PROBE, RUN_PROBE, TLS, Stack, free_port, production_stack, wait_http, wait_probe

PROBES = 6


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a /metrics answer, by name and labels."""
    response = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10, verify=TLS)
    assert response.status_code == 200, response.text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def start_with_metrics(stack: Stack, name: str, port: int, *args: str) -> None:
    base = stack.env
    stack.env = {**base, "VITRINE_METRICS_PORT": str(port)}
    try:
        stack.start(name, *args)
    finally:
        stack.env = base
    wait_http(f"http://127.0.0.1:{port}/metrics", proc=stack.processes[name])


async def test_a_worker_group_and_the_scheduler_serve_their_metrics(pg_url: str, tmp_path: Path) -> None:
    with production_stack(pg_url, tmp_path / "stack", workers=0, scheduler=False, ops=True) as stack:
        client = stack.client()
        worker_port, scheduler_port = free_port(), free_port()
        try:
            start_with_metrics(stack, "worker0", worker_port, "worker", "--processes", "2", "--threads", "2")
            start_with_metrics(stack, "scheduler", scheduler_port, "scheduler")
            ids = [(await client.data(RUN_PROBE, {"m": f"p{i}", "ms": 200}))["runProbe"]["id"] for i in range(PROBES)]
            for probe_id in ids:
                await wait_probe(client, probe_id, "DONE")

            # Both worker processes' runs, in the group's one scrape.
            worker = scrape(worker_port)
            assert value(worker, "vitrine_tasks_total", kind=PROCESS_PROBE, outcome="done") == PROBES
            assert value(worker, "vitrine_task_duration_seconds_count", kind=PROCESS_PROBE) == PROBES
            assert value(worker, "vitrine_task_duration_seconds_sum", kind=PROCESS_PROBE) >= PROBES * 0.2
            assert any(name == "vitrine_queue_depth" for name, _ in worker)

            # A worker killed mid-task: its lease runs out and the scheduler's reaper counts the expiry.
            long_probe = (await client.data(RUN_PROBE, {"m": "long", "ms": 60_000}))["runProbe"]["id"]
            await wait_probe(client, long_probe, "PROCESSING")
            stack.kill("worker0", signal.SIGKILL)
            stack.start("worker1", "worker", "--processes", "1", "--threads", "2")
            retaken = await wait_probe(client, long_probe, "PROCESSING", timeout=5)  # still the dead one's claim
            assert retaken["attempt"] == 1
            deadline = time.monotonic() + 30
            while (await client.data(PROBE, {"id": long_probe}))["probe"]["attempt"] < 2:
                assert time.monotonic() < deadline, "the dead worker's probe was not taken again"
                await asyncio.sleep(0.1)
            scheduler = scrape(scheduler_port)
            assert value(scheduler, "vitrine_lease_expiries_total", kind=PROCESS_PROBE) == 1
            assert value(scheduler, "vitrine_tasks_total", kind=PROCESS_PROBE, outcome="done") == 0  # not its work
        except Exception:
            print(stack.logs())
            raise
