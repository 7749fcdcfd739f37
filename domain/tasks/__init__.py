"""The task kernel: one way to run background work (claims, leases kept alive by a heartbeat, retries on a
declared schedule, deferral, hand-back on shutdown, recovery by the reaper, media tied to the claim).

A feature declares a `TaskKind` (kind.py) and starts work with `enqueue(kind, row, using_db=tx)` (enqueueing.py) in
the transaction that writes the row; its actor calls `runner.run_task(kind.name, row_id)`.
"""

from domain.tasks.claim import Claim, Superseded
from domain.tasks.enqueueing import enqueue
from domain.tasks.errors import Deferred, TaskFailed, TransientFailure
from domain.tasks.kind import Lane, TaskKind, declare, declared, forget, kind_named
from domain.tasks.retry import NO_RETRIES, RetrySchedule

__all__ = [
    "NO_RETRIES",
    "Claim",
    "Deferred",
    "Lane",
    "RetrySchedule",
    "Superseded",
    "TaskFailed",
    "TaskKind",
    "TransientFailure",
    "declare",
    "declared",
    "enqueue",
    "forget",
    "kind_named",
]
