"""Where a piece of background work's attempts stand, as every task-backed type reports it (CtaInfo, CtaJobUrl,
PreviewTask, GenerationJob, ListingSlot): the fields the console turns into "Retrying — attempt 2 of 4 at 14:05:10".

A base type the five inherit from, not a GraphQL interface: implementing an interface gives a type an `is_type_of`
check, which takes its lists off the plain-object fast path (schema/plain_fields.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from domain.tasks.report import TaskReport


@strawberry.type
class TaskAttempts:
    attempts: int = strawberry.field(description="Attempts made so far (0 until its task first runs).")
    max_attempts: int = strawberry.field(description="Attempts the task kernel allows for this kind of work.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next automatic attempt is due; null unless a retry is scheduled."
    )
    error_detail: str | None = strawberry.field(
        description="The technical detail of the last failure (a provider's or server's own text)."
    )


def attempts_of(told: TaskReport) -> dict[str, Any]:
    """The TaskAttempts fields of a task's report, for a type's constructor."""
    return {
        "attempts": told.attempts,
        "max_attempts": told.max_attempts,
        "next_attempt_at": told.next_attempt_at,
        "error_detail": told.error_detail,
    }
