"""Resolvers for probes: start one, read one, follow one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import strawberry

from db.models import Probe
from domain import diagnostics
from domain.diagnostics import ProbeStatus
from domain.live import follow
from resolvers.context import caller


async def run_probe(info: strawberry.Info, message: str, work_ms: int) -> Probe:
    return await diagnostics.request_probe(await caller(info), message, work_ms)


async def probe(info: strawberry.Info, probe_id: str) -> Probe:
    return await diagnostics.get_probe(await caller(info), probe_id)


async def probe_updates(info: strawberry.Info, probe_id: str) -> AsyncIterator[Probe]:
    principal = await caller(info)
    row = await diagnostics.get_probe(principal, probe_id)  # NOT_FOUND before subscribing
    return follow(
        [diagnostics.probe_topic(row.id)],
        lambda: diagnostics.get_probe(principal, row.id),
        is_final=lambda p: p.status in (ProbeStatus.DONE, ProbeStatus.FAILED),
    )
