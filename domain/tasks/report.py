"""What the API says of one task-backed row: its retry state and its failure, in the merchant's words and in detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.failure_words import Feature, in_words
from domain.tasks.kind import TaskKind


@dataclass(frozen=True)
class TaskReport:
    attempts: int
    max_attempts: int
    next_attempt_at: datetime | None
    error_message: str | None  # the merchant's words
    error_detail: str | None  # the technical detail the row keeps


def report(
    kind: TaskKind[Any], row: Any, *, feature: Feature, detail: str | None, failed: bool, idle: bool = False
) -> TaskReport:
    """`detail`: the row's recorded failure (its last transient cause while a retry waits); `failed`: the row
    failed for good; `idle`: the row is outside its task for now (see `TaskKind.retry_state_of`)."""
    state = kind.retry_state_of(row, idle=idle)
    return TaskReport(
        attempts=state.attempts,
        max_attempts=state.max_attempts,
        next_attempt_at=state.next_attempt_at,
        error_message=in_words(feature, detail, final=failed),
        error_detail=detail or None,
    )
