"""The one way actors run their coroutines, whether in a `vitrine worker` process or inside the embedded server.

Worker process: on the AsyncIO middleware's loop, where Tortoise was initialised at boot (actors/worker_boot.py).
Embedded server: on the API's own loop, which owns the database connections (STACK_NOTES §3: running actors on
a second loop against the API's connections fails).

Every coroutine in flight is tracked, so a stopping worker can cancel what did not finish in time: the task
kernel then hands each claimed row back (domain/tasks/runner.py) instead of leaving it to lease expiry.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import socket
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import dramatiq
from dramatiq.asyncio import get_event_loop_thread

from actors.lanes import queue_of
from domain.tasks import TaskKind, runner

log = logging.getLogger(__name__)
T = TypeVar("T")

_api_loop: asyncio.AbstractEventLoop | None = None
_in_flight: set[_InFlight] = set()
_in_flight_lock = threading.Lock()


def bind_to_api_loop(loop: asyncio.AbstractEventLoop | None) -> None:
    """Embedded mode: actors run their coroutines on the server's loop."""
    global _api_loop
    _api_loop = loop


def _loop() -> asyncio.AbstractEventLoop:
    if _api_loop is not None:
        return _api_loop
    loop_thread = get_event_loop_thread()
    if loop_thread is None:
        raise RuntimeError("no event loop for actors: add the AsyncIO middleware or bind the API loop")
    return loop_thread.loop


class _InFlight:
    """One coroutine running on the loop for a worker thread; cancelling it lets it finish its hand-back."""

    def __init__(self, loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]) -> None:
        self.loop = loop
        self.done: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self.task: asyncio.Task[Any] | None = None
        loop.call_soon_threadsafe(self._start, coro)

    def _start(self, coro: Coroutine[Any, Any, Any]) -> None:
        self.task = self.loop.create_task(coro)
        self.task.add_done_callback(self._settle)

    def _settle(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            self.done.cancel()
        elif (exc := task.exception()) is not None:
            self.done.set_exception(exc)
        else:
            self.done.set_result(task.result())

    def cancel(self) -> None:
        self.loop.call_soon_threadsafe(lambda: self.task.cancel() if self.task else None)


def run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        loop = _loop()
    except RuntimeError:
        coro.close()
        raise
    flight = _InFlight(loop, coro)
    with _in_flight_lock:
        _in_flight.add(flight)
    try:
        while True:
            try:
                # A timeout, so Dramatiq's asynchronous interrupts (time limits, shutdown) reach this thread.
                result: T = flight.done.result(timeout=0.2)
                return result
            except concurrent.futures.TimeoutError:
                if flight.done.done():
                    raise
    except concurrent.futures.CancelledError:
        raise asyncio.CancelledError from None
    except BaseException:
        flight.cancel()
        raise
    finally:
        with _in_flight_lock:
            _in_flight.discard(flight)


def run_task(kind_name: str, row_id: str) -> None:
    """An actor's whole body: the kernel claims the row and runs the kind's work. Retries are the kernel's (on
    the kind's schedule), so nothing escapes to Dramatiq's retry middleware except a hand-back on shutdown."""
    try:
        run(runner.run_task(kind_name, row_id))
    except asyncio.CancelledError:
        log.info("task handed back on shutdown", extra={"task": kind_name, "row": row_id})


def task_actor(kind: TaskKind[Any], broker: dramatiq.Broker) -> dramatiq.Actor[[str], None]:
    """The actor of a task kind, declared on `broker` (actors.setup.wire): named after the kind, on its lane's queue,
    its body `run_task`."""

    def run(row_id: str) -> None:
        run_task(kind.name, row_id)

    run.__name__ = run.__qualname__ = kind.name.rpartition(".")[2]
    declare = dramatiq.actor(actor_name=kind.name, queue_name=queue_of(kind.lane), broker=broker)
    actor: dramatiq.Actor[[str], None] = declare(run)
    return actor


def cancel_in_flight() -> int:
    """Shutdown after the grace period: cancel what still runs (each task hands its row back)."""
    with _in_flight_lock:
        flights = list(_in_flight)
    for flight in flights:
        flight.cancel()
    return len(flights)


def in_flight() -> int:
    with _in_flight_lock:
        return len(_in_flight)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"
