"""Where a preview task stands, and the live-event topic of one task."""

from __future__ import annotations

from enum import StrEnum


class PreviewStatus(StrEnum):
    PENDING = "pending"  # waiting for a worker (also between retries)
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


RUNNING = (PreviewStatus.PENDING, PreviewStatus.PROCESSING)
FINAL = (PreviewStatus.COMPLETED, PreviewStatus.FAILED)


def task_topic(task_id: object) -> str:
    return f"preview:{task_id}"
