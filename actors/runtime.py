"""The one way actors run their coroutines, whether in a `vitrine worker` process or inside the embedded server.

Worker process: on the AsyncIO middleware's loop, where Tortoise was initialised at boot (actors/worker_boot.py).
Embedded server: on the API's own loop, which owns the database connections (STACK_NOTES §3: running actors on
a second loop against the API's connections fails).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Coroutine
from typing import Any, TypeVar

from dramatiq.asyncio import get_event_loop_thread
from dramatiq.middleware import CurrentMessage

from actors.broker import MAX_RETRIES
from domain.errors import DomainError, TransientFailure

log = logging.getLogger(__name__)
T = TypeVar("T")

_api_loop: asyncio.AbstractEventLoop | None = None


def bind_to_api_loop(loop: asyncio.AbstractEventLoop | None) -> None:
    """Embedded mode: actors run their coroutines on the server's loop."""
    global _api_loop
    _api_loop = loop


def run(coro: Coroutine[Any, Any, T]) -> T:
    if _api_loop is not None:
        return asyncio.run_coroutine_threadsafe(coro, _api_loop).result()
    loop_thread = get_event_loop_thread()
    if loop_thread is None:
        coro.close()
        raise RuntimeError("no event loop for actors: add the AsyncIO middleware or bind the API loop")
    return loop_thread.run_coroutine(coro)


def run_job(coro: Coroutine[Any, Any, T]) -> T | None:
    """Run one domain use case; a permanent domain error is logged and not retried, anything else is retried."""
    try:
        return run(coro)
    except TransientFailure:
        raise
    except DomainError as exc:
        log.warning("job gave up: %s", exc.message, extra={"code": exc.code})
        return None


def is_final_attempt() -> bool:
    """True when a failure now will not be retried by the broker: the domain records it as final."""
    message = CurrentMessage.get_current_message()
    if message is None:
        return True
    max_retries = message.options.get("max_retries", MAX_RETRIES)
    return int(message.options.get("retries", 0)) >= int(max_retries)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"
