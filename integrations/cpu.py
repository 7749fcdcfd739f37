"""CPU-bound work off the event loop and off its GIL: `await cpu.run(fn, *args)` runs `fn` in a process pool.

In the embedded default the API's event loop also runs every task's coroutine (actors/runtime.py), so a render
in a thread of the same process still takes the GIL from the loop for its Python-level steps: requests wait
behind it. A process has its own GIL.

One pool per process, created on first use and shared by every app instance in it (the test suite starts many
servers in one process), of `VITRINE_CPU_PROCESSES` workers as the setting was then (0, read on every call: a
thread of this process, as before the pool).
Workers are started with `spawn` (never fork a process that has threads and an event loop) and run at a lower
CPU priority than the process that asks (nice +10), so the loop's short steps go first when both want a core;
measured with bench/loop_latency.py. The pool lives as long as the process: `concurrent.futures` joins it at a
normal exit, and its workers leave by themselves when the process is gone (a signal, SIGKILL). As with any
`spawn`, a worker imports the parent's main module as `__mp_main__`: a script that calls `run` keeps its work
under `if __name__ == "__main__":` (console scripts, `python -m cli` and pytest do).

What may be sent: a module-level function whose module imports no more than it needs (Pillow, the extractor;
never the app: no tortoise, strawberry, openai, settings), taking and returning plain picklable data (bytes,
numbers, small dataclasses). Send whole pipelines (decode, render, encode: PNG bytes back), not Pillow images.
An exception raised in the worker is raised again here as itself (an exception that cannot cross becomes a
RuntimeError naming it). A worker that dies (killed, out of memory) breaks the pool: it is replaced and the call
tried once more on the new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

# Added to a worker's niceness: CPU work yields to the loop that serves requests, and takes what is left.
WORKER_NICENESS = 10

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def processes() -> int:
    """The configured number of worker processes (0: run in a thread)."""
    from settings import get_settings  # here, not at the top: a worker imports this module, never the settings

    return get_settings().cpu_processes


async def run(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` in a worker process (or a thread when `VITRINE_CPU_PROCESSES=0`)."""
    if processes() == 0:
        return await asyncio.to_thread(fn, *args, **kwargs)
    call = functools.partial(_call, fn, args, kwargs)
    pool = _get_pool()
    try:
        return await asyncio.wrap_future(pool.submit(call))
    except BrokenProcessPool:
        # A worker died under this call or another one: a new pool, and this call once more.
        log.warning("a CPU worker process died; starting new ones")
        _discard(pool)
        return await asyncio.wrap_future(_get_pool().submit(call))


def pool_size() -> int:
    """How many worker processes the pool of this process has (0 before first use)."""
    return _pool_size if _pool is not None else 0


def _get_pool() -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None:
            _pool_size = processes()
            _pool = ProcessPoolExecutor(
                max_workers=_pool_size, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
            )
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


# --- in the worker ------------------------------------------------------------------------------------------


def _worker_init() -> None:
    # Ctrl-C in a terminal signals the whole foreground group: the server stops its workers itself, and a
    # KeyboardInterrupt here would only break the pool under the calls still finishing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # not allowed here: run at the same priority
        os.nice(WORKER_NICENESS)
    # A server stopped by a signal ends without running exit hooks (uvicorn re-raises SIGTERM), and a SIGKILLed
    # one never runs them; the pool's queue would keep its workers waiting for ever. They leave with the parent.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="exit-with-parent", daemon=True).start()


def _exit_with(parent_sentinel: int) -> None:
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(0)


def _call(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        # An exception that cannot be rebuilt on the other side would break the whole pool: send its words.
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise RuntimeError(f"{type(exc).__qualname__}: {exc}") from None
        raise
