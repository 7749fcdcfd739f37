"""Lanes: each lane of task kinds (`domain.tasks.Lane`) is a Dramatiq queue of its own, consumed by worker threads
of its own, in the embedded server and in every `vitrine worker` process alike.

Dramatiq's Redis broker has no priorities and a worker fetches a queue in order, so with one queue a preview
waited behind every job of another workspace's batch. Now the interactive lane (a preview, a page's scrape, a
probe) has its own small pool of threads, which bulk work (batch jobs, CTA variants, listing slots) never
occupies, and the bulk lane keeps the thread count all work had before, so a batch alone runs as fast as it did.

The bulk lane is the catch-all: it consumes every declared queue that is not another lane's, among them
`default`, the one queue before lanes. Messages an older version left in Redis under that name (or a delay queue
`default.DQ`, i.e. retries) are still consumed, by the bulk threads. A lane's delay queue (`bulk.DQ`, where
retries wait) is consumed with the lane: Dramatiq's `queues=` filter compares the canonical name.

`interactive_threads=0` is one lane: every queue on one pool of `bulk_threads` (the layout before lanes, kept for
measuring, `bench/fairness.py`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import dramatiq
from dramatiq.common import q_name
from dramatiq.middleware import AsyncIO
from dramatiq.worker import WorkerThread

from domain.tasks import Lane

LEGACY_QUEUE = "default"  # every actor's queue before lanes (Dramatiq's default)


def queue_of(lane: Lane) -> str:
    """The Dramatiq queue of a lane: an actor's `queue_name` is its kind's lane's queue."""
    return lane.value


@dataclass(frozen=True)
class Pool:
    """Worker threads of their own, consuming these queues (and their delay queues)."""

    name: str
    queues: frozenset[str]
    threads: int


def pools(declared_queues: Iterable[str], *, bulk_threads: int, interactive_threads: int) -> list[Pool]:
    declared = {q_name(q) for q in declared_queues}
    if interactive_threads <= 0:
        return [Pool("all", frozenset(declared), bulk_threads)]
    interactive = declared & {queue_of(Lane.INTERACTIVE)}
    made = [
        Pool(Lane.INTERACTIVE.value, frozenset(interactive), interactive_threads),
        Pool(Lane.BULK.value, frozenset(declared - interactive), bulk_threads),
    ]
    # An empty `queues=` means "every queue" to Dramatiq: a lane with nothing declared gets no worker at all.
    return [pool for pool in made if pool.queues]


class LaneWorkers:
    """One `dramatiq.Worker` per pool. Dramatiq runs the boot and shutdown hooks of its middleware once per Worker;
    the hooks that must run once per process (the AsyncIO loop, the worker boot) count (`OncePerProcess`)."""

    def __init__(self, broker: dramatiq.Broker, pools: Sequence[Pool], *, worker_timeout: int = 1000) -> None:
        self.broker = broker
        self.pools = list(pools)
        self.workers = [
            dramatiq.Worker(broker, queues=set(p.queues), worker_threads=p.threads, worker_timeout=worker_timeout)
            for p in self.pools
        ]

    def start(self) -> None:
        quiet = _QuietSecondWorker()
        self.broker.logger.addFilter(quiet)
        try:
            for worker in self.workers:
                worker.start()
        finally:
            self.broker.logger.removeFilter(quiet)

    @property
    def threads(self) -> list[WorkerThread]:
        """Every worker thread of every lane (not the consumers)."""
        return [thread for worker in self.workers for thread in worker.workers]

    def stop(self, timeout: int = 600_000) -> None:
        """Dramatiq's graceful stop of every lane at once (each waits up to a consumer's poll for its consumers):
        running tasks finish, prefetched messages go back to the broker."""
        stoppers = [threading.Thread(target=w.stop, kwargs={"timeout": timeout}) for w in self.workers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()


class _QuietSecondWorker(logging.Filter):
    """Each Worker adds its own consumer-routing middleware to the broker, which Dramatiq warns about from the
    second on ("adding a middleware of the same type twice"); for lane workers that is intended."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "_WorkerMiddleware" not in record.getMessage()


class OncePerProcess(dramatiq.Middleware):
    """Boot hooks run for the first lane worker to boot, shutdown hooks for the last one to stop."""

    def __init__(self) -> None:
        self._workers = 0
        self._count_lock = threading.Lock()

    def _first_boot(self) -> bool:
        with self._count_lock:
            self._workers += 1
            return self._workers == 1

    def _last_stop(self) -> bool:
        with self._count_lock:
            self._workers -= 1
            return self._workers == 0


class SharedAsyncIO(AsyncIO, OncePerProcess):
    """Dramatiq's AsyncIO middleware with one event loop thread for all lane workers of a process (each Worker
    would otherwise start a loop of its own, and the database is initialised on one loop)."""

    def __init__(self) -> None:
        AsyncIO.__init__(self)
        OncePerProcess.__init__(self)

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        if self._first_boot():
            super().before_worker_boot(broker, worker)

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        if self._last_stop():
            super().after_worker_shutdown(broker, worker)
