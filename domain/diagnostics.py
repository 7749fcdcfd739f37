"""Probes: a message that travels API -> outbox -> broker -> worker -> database -> event bus and back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from db import claims
from db.models import Probe
from domain import leases, outbox
from domain.errors import BadUserInput
from domain.live import publish
from domain.outbox import Job
from domain.tenancy import Principal, get_owned
from settings import get_settings

PROCESS_PROBE = "diagnostics.process_probe"
MAX_WORK_MS = 60_000
MAX_MESSAGE = 200


def probe_topic(probe_id: object) -> str:
    return f"probe:{probe_id}"


def _job(probe_id: object) -> Job:
    return Job(PROCESS_PROBE, (str(probe_id),))


leases.register(leases.LeasedKind("probe", Probe, "pending", ("processing",), lambda row: _job(row.id)))


async def request_probe(principal: Principal, message: str, work_ms: int = 0) -> Probe:
    if not message.strip() or len(message) > MAX_MESSAGE:
        raise BadUserInput(f"message must be 1-{MAX_MESSAGE} characters", field="message")
    if not 0 <= work_ms <= MAX_WORK_MS:
        raise BadUserInput(f"workMs must be between 0 and {MAX_WORK_MS}", field="workMs")
    now = datetime.now(UTC)
    async with in_transaction() as tx:
        probe = await Probe.create(
            workspace_id=principal.workspace_id,
            message=message,
            work_ms=work_ms,
            status="pending",
            lease_expires_at=now + get_settings().job_lease,
            using_db=tx,
        )
        await outbox.stage(_job(probe.id), using_db=tx)
    await outbox.flush()
    return probe


async def get_probe(principal: Principal, probe_id: object) -> Probe:
    return await get_owned(Probe, principal, probe_id, "Probe")


async def process_probe(probe_id: str, worker: str) -> bool:
    """Returns False when there was nothing to do (a duplicate message, or the probe is done)."""
    lease = get_settings().job_lease
    probe = await claims.claim(
        Probe, probe_id, waiting=["pending"], running="processing", lease=lease, now=datetime.now(UTC)
    )
    if probe is None:
        return False
    await publish(probe_topic(probe.id), status="processing")
    await asyncio.sleep(probe.work_ms / 1000)
    done = await claims.finish(Probe, probe, status="done", processed_by=worker, result=f"echo: {probe.message}")
    if done:
        await publish(probe_topic(probe.id), status="done")
    return done
