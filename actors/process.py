"""`vitrine worker`: worker processes that stop gracefully however they are signalled.

One process (`--processes 1`) runs one Dramatiq `Worker` per lane (actors/lanes.py: `--threads` for bulk work,
`--interactive-threads` for previews, scrapes and probes) with our own signal handling: SIGTERM, SIGINT or SIGHUP,
once or many times (systemd's default KillMode signals every process of the group, and a supervisor may forward
the same signal again), start one orderly stop: take no new messages, let running tasks finish for
VITRINE_WORKER_STOP_TIMEOUT, cancel the rest (the task kernel hands their rows back and re-sends them), give
prefetched messages back to Redis, close the database, exit 0.

Several processes: this process supervises children (each `vitrine worker --processes 1`), forwards a stop to
them, and starts a replacement for one that dies unexpectedly instead of taking the others down with it.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType

from settings import get_settings

log = logging.getLogger("vitrine.worker")
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
HAND_BACK_SECONDS = 2.0


def run_worker(processes: int, threads: int, interactive_threads: int) -> int:
    if processes == 1:
        return run_one(threads, interactive_threads)
    return supervise(processes, threads, interactive_threads)


def _on_stop_signals(stop: threading.Event) -> None:
    def handle(signum: int, frame: FrameType | None) -> None:
        if not stop.is_set():
            log.info("stopping", extra={"signal": signal.Signals(signum).name})
            stop.set()

    for sig in STOP_SIGNALS:
        signal.signal(sig, handle)


def run_one(threads: int, interactive_threads: int) -> int:
    stop = threading.Event()
    _on_stop_signals(stop)
    from actors import lanes, runtime, setup
    from actors.worker_boot import WorkerBoot

    broker = setup.wire(get_settings()).broker  # every actor on the process's broker, the sender, the probes
    broker.add_middleware(WorkerBoot())
    broker.emit_after("process_boot")
    pools = lanes.pools(broker.get_declared_queues(), bulk_threads=threads, interactive_threads=interactive_threads)
    workers = lanes.LaneWorkers(broker, pools)
    workers.start()
    log.info("worker process ready", extra={"lanes": {p.name: p.threads for p in pools}})
    while not stop.wait(0.5):
        pass

    # 1. Take no new messages, in any lane; running ones go on.
    for thread in workers.threads:
        thread.stop()
    deadline = time.monotonic() + get_settings().worker_stop_timeout.total_seconds()
    _join(workers.threads, deadline)
    # 2. Whatever still runs is cancelled: the kernel gives each claimed row back and re-sends it.
    if cancelled := runtime.cancel_in_flight():
        log.warning("handing back unfinished tasks", extra={"count": cancelled})
        _join(workers.threads, time.monotonic() + HAND_BACK_SECONDS)
    # 3. Prefetched messages go back to Redis, consumers close; after the last lane the database and event bus.
    workers.stop(timeout=1000)
    broker.close()
    log.info("worker process stopped")
    return 0


def _join(threads: Sequence[threading.Thread], deadline: float) -> None:
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))


def supervise(processes: int, threads: int, interactive_threads: int) -> int:
    stop = threading.Event()
    _on_stop_signals(stop)
    command = [sys.executable, "-m", "cli", "worker", "--processes", "1", "--threads", str(threads)]
    command += ["--interactive-threads", str(interactive_threads)]
    # The children write their metrics to this process's folder (PROMETHEUS_MULTIPROC_DIR); this process serves them.
    env = {name: value for name, value in os.environ.items() if name != "VITRINE_METRICS_PORT"}
    children = [subprocess.Popen(command, env=env) for _ in range(processes)]
    while not stop.wait(0.5):
        for index, child in enumerate(children):
            if child.poll() is not None and not stop.is_set():
                log.error("worker process died; starting another", extra={"pid": child.pid, "code": child.returncode})
                children[index] = subprocess.Popen(command, env=env)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)  # a child signalled by the group as well stops once all the same
    deadline = time.monotonic() + get_settings().worker_stop_timeout.total_seconds() + HAND_BACK_SECONDS + 2
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.error("worker process did not stop in time; killing it", extra={"pid": child.pid})
            child.kill()
    return 0
