"""A process-wide bound on concurrent work, shared by every event loop and thread of the process.

`asyncio.Semaphore` belongs to one event loop, and this process runs several (the API's, the embedded workers'
runtime loop, tests' loops); a `threading.Semaphore` acquired from a worker thread leaks its slot when the waiting
coroutine is cancelled. `Slots` is an async semaphore that any loop may wait on: waiters are served first come,
first served, a slot released by one loop is handed to a waiter on another, and a cancelled waiter never keeps one.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field


@dataclass(eq=False)
class _Waiter:
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[None]
    granted: bool = field(default=False)


class Slots:
    """At most `limit()` holders at once (read at every acquire and release, so a changed setting applies)."""

    def __init__(self, limit: Callable[[], int]) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._active = 0
        self._waiters: deque[_Waiter] = deque()

    @property
    def active(self) -> int:
        return self._active

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        await self.acquire()
        try:
            yield
        finally:
            self.release()

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            if not self._waiters and self._active < max(1, self._limit()):
                self._active += 1
                return
            waiter = _Waiter(loop, loop.create_future())
            self._waiters.append(waiter)
        try:
            await waiter.future
        except BaseException:
            with self._lock:
                if not waiter.granted:
                    self._waiters.remove(waiter)
                    raise
            self.release()  # granted while being cancelled: pass the slot on
            raise

    def release(self) -> None:
        with self._lock:
            self._active -= 1
            while self._waiters and self._active < max(1, self._limit()):
                waiter = self._waiters.popleft()
                try:
                    waiter.loop.call_soon_threadsafe(_wake, waiter.future)
                except RuntimeError:  # its loop is closed: nobody is waiting there any more
                    continue
                waiter.granted = True
                self._active += 1


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
