"""Diagnostics actors: the probe that checks a deployment end to end."""

from __future__ import annotations

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import task_actor
from domain import diagnostics

process_probe = task_actor(diagnostics.PROCESS_PROBE)
