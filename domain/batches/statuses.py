"""Where a generation job stands, where its batch stands (derived from its jobs' counts), and the batch's topic."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class GenerationJobStatus(StrEnum):
    """One variant's generation."""

    PENDING = "pending"
    GENERATING = "generating"
    DONE = "done"
    FAILED = "failed"


class BatchStatus(StrEnum):
    """A batch as a whole, read from its jobs: never written, so jobs never contend for the batch row."""

    PENDING = "pending"  # no job has started
    PROCESSING = "processing"  # some job is waiting or generating, and some has started or ended
    COMPLETED = "completed"  # every job is done
    PARTIALLY_FAILED = "partially_failed"  # every job ended, some failed
    FAILED = "failed"  # every job failed


FINAL = (GenerationJobStatus.DONE, GenerationJobStatus.FAILED)


@dataclass(frozen=True)
class JobCounts:
    pending: int
    generating: int
    done: int
    failed: int

    @property
    def total(self) -> int:
        return self.pending + self.generating + self.done + self.failed

    @property
    def is_completed(self) -> bool:
        """Every job done or failed (a batch with a failed job completes; retryBatch reopens it)."""
        return self.total > 0 and self.done + self.failed == self.total

    @property
    def status(self) -> BatchStatus:
        if self.is_completed:
            if self.failed == 0:
                return BatchStatus.COMPLETED
            return BatchStatus.FAILED if self.done == 0 else BatchStatus.PARTIALLY_FAILED
        if self.generating == 0 and self.done + self.failed == 0:
            return BatchStatus.PENDING
        return BatchStatus.PROCESSING


def batch_topic(batch_id: object) -> str:
    return f"batch:{batch_id}"
