"""Batch generation's actor: one generation job (a variant of a batch) per message."""

from __future__ import annotations

import dramatiq

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import run_task
from domain import batches


@dramatiq.actor(actor_name=batches.GENERATE)
def generate(job_id: str) -> None:
    run_task(batches.GENERATE, job_id)
