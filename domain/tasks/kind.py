"""What a feature declares about one kind of background work, and the registry the kernel reads.

A kind names its model (a `LeasedWork` table, or a row with lease columns of its own named by `cols`), its waiting
and running statuses, the work to do once a row is
claimed, how to record a final failure, its retry schedule, its event topic and its lane. The runner (claims, heartbeat,
retries, hand-back), the reaper (recovery) and the actors read the declaration; a feature writes no claim loop
and no retry logic of its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model

from db.claims import DEFAULT, LeaseColumns
from domain.outbox import Job
from domain.tasks.retry import RetrySchedule, RetryState, retry_state

if TYPE_CHECKING:
    from domain.tasks.claim import Claim

W = TypeVar("W", bound=Model)


class Lane(StrEnum):
    """Which worker threads run a kind. Each lane has threads of its own, so work someone is waiting for (one
    preview, one page's scrape) never queues behind another workspace's batch of hundreds of images."""

    INTERACTIVE = "interactive"  # a person waits on this one task; few, short
    BULK = "bulk"  # one of many: a batch's jobs, a CTA job's variants, listing slots


@dataclass(frozen=True)
class TaskKind(Generic[W]):
    name: str  # also the actor's name: one message kind per task kind
    model: type[W]
    waiting: str
    running: tuple[str, ...]  # a claim moves the row to running[0]; later steps may use the others
    work: Callable[[Claim[W]], Awaitable[None]]
    fail: Callable[[Claim[W], str], Awaitable[None]]  # record a final failure while the claim is still held
    topic: Callable[[W], str]
    retry: Callable[[], RetrySchedule]  # read when needed, so the process's settings apply
    error_field: str | None = None  # where the last transient cause is shown while a retry waits
    lane: Lane = Lane.BULK
    cols: LeaseColumns = DEFAULT  # the lease columns of `model`
    # Rows a claim may take besides waiting (and abandoned running) ones, e.g. a product page never read or stale.
    claimable: Callable[[datetime], Q] | None = None

    def retries_of(self, row: W) -> int:
        return int(getattr(row, self.cols.retries)) if self.cols.retries else 0

    def retry_state_of(self, row: W, *, idle: bool = False) -> RetryState:
        """Attempts made, attempts allowed and when the next is due, for the API. `idle`: the row is in a state of
        its feature's outside the task (an empty or scheduled listing slot), so no attempt of this round ran."""
        status = getattr(row, self.cols.status)
        next_at = getattr(row, self.cols.next_attempt) if self.cols.next_attempt else None
        return retry_state(
            self.retry(),
            waiting=status == self.waiting,
            running=status in self.running,
            claimed=not idle and int(getattr(row, self.cols.attempt)) > 0,
            retries=self.retries_of(row),
            next_attempt_at=next_at,
        )

    def job(self, row_id: Any, delay_ms: int = 0) -> Job:
        """The message that runs (or, after a delay, re-runs) the task of one row."""
        return Job(self.name, (str(row_id),), {"delay": delay_ms} if delay_ms > 0 else {})


_kinds: dict[str, TaskKind[Any]] = {}


def declare(kind: TaskKind[W]) -> TaskKind[W]:
    """Registers a kind for the runner and the reaper: `actors.setup.wire` declares every feature's kinds (a feature
    module only defines its `TaskKind`, importing it registers nothing). Declaring the same kind again changes
    nothing; another kind of the same name is a programming error."""
    existing = _kinds.get(kind.name)
    if existing is not None and existing is not kind:
        raise ValueError(f"task kind {kind.name!r} is declared twice")
    _kinds[kind.name] = kind
    return kind


def kind_named(name: str) -> TaskKind[Any]:
    return _kinds[name]


def declared() -> list[TaskKind[Any]]:
    return list(_kinds.values())


def forget(kind: TaskKind[Any]) -> None:
    """Undo `declare` (a test's own kind; `actors.setup.unwire`)."""
    if _kinds.get(kind.name) is kind:
        del _kinds[kind.name]
