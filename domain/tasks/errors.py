"""How a task's work tells the kernel what happened when it did not simply finish."""

from __future__ import annotations

from datetime import timedelta

from domain.errors import DomainError, TransientFailure

__all__ = ["Deferred", "TaskFailed", "TransientFailure"]


class TaskFailed(DomainError):
    """The work failed for good (a 404 page, a refused prompt): no retry, the kind records the failure."""


class Deferred(Exception):
    """The work cannot start yet (another worker is reading the page it needs): run again after `delay`, or,
    with `delay=None`, only when another step sends the row's message again (its reaper lease still applies).

    Not a failure: it does not use up the retry schedule, and the worker thread is free meanwhile.
    """

    def __init__(self, reason: str, delay: timedelta | None = timedelta(seconds=1)) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay
