"""Diagnostics actors: the probe that checks a deployment end to end."""

from __future__ import annotations

import dramatiq

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import run_task
from domain import diagnostics


@dramatiq.actor(actor_name=diagnostics.PROCESS_PROBE)
def process_probe(probe_id: str) -> None:
    run_task(diagnostics.PROCESS_PROBE, probe_id)
