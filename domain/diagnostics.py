"""Probes: a message that travels API -> outbox -> broker -> worker -> database -> event bus and back."""

from __future__ import annotations

import asyncio
import os
import socket
from datetime import UTC, datetime
from enum import StrEnum

from db.models import Probe
from db.transactions import in_transaction
from domain import tasks
from domain.errors import BadUserInput
from domain.tasks import NO_RETRIES, Claim, Lane, TaskKind
from domain.tenancy import Principal, get_owned, require_ops
from settings import get_settings

PROCESS_PROBE = "diagnostics.process_probe"


class ProbeStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


MAX_WORK_MS = 60_000
MAX_MESSAGE = 200


def probe_topic(probe_id: object) -> str:
    return f"probe:{probe_id}"


async def request_probe(principal: Principal, message: str, work_ms: int = 0) -> Probe:
    """Operators only: a probe holds a worker for up to a minute, so a merchant's token could starve the workers."""
    require_ops(principal, "runProbe")
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
            status=ProbeStatus.PENDING,
            lease_expires_at=now + get_settings().job_lease,
            using_db=tx,
        )
        await tasks.enqueue(PROBE_TASK, probe, using_db=tx)
    return probe


async def get_probe(principal: Principal, probe_id: object) -> Probe:
    require_ops(principal, "Reading probes")
    return await get_owned(Probe, principal, probe_id, "Probe")


async def _process(claim: Claim[Probe]) -> None:
    probe = claim.row
    await claim.publish(status=ProbeStatus.PROCESSING)
    await asyncio.sleep(probe.work_ms / 1000)
    if await claim.finish(status=ProbeStatus.DONE, processed_by=worker_name(), result=f"echo: {probe.message}"):
        await claim.publish(status=ProbeStatus.DONE)


async def _fail(claim: Claim[Probe], message: str) -> None:
    if await claim.finish(status=ProbeStatus.FAILED, result=message):
        await claim.publish(status=ProbeStatus.FAILED)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


PROBE_TASK = TaskKind(
    name=PROCESS_PROBE,
    model=Probe,
    waiting=ProbeStatus.PENDING,
    running=(ProbeStatus.PROCESSING,),
    work=_process,
    fail=_fail,
    topic=lambda row: probe_topic(row.id),
    retry=lambda: NO_RETRIES,
    lane=Lane.INTERACTIVE,  # an operator waits for the round trip
)
