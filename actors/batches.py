"""Batch generation's actor: one generation job (a variant of a batch) per message."""

from __future__ import annotations

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import task_actor
from domain import batches

generate = task_actor(batches.GENERATE)
