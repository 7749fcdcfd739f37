"""GraphQL surface of probes: check a deployment end to end (API, outbox, broker, worker, event bus)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from db import models
from domain.diagnostics import ProbeStatus
from resolvers import diagnostics as resolve

strawberry.enum(ProbeStatus, description="Where a probe stands.")


@strawberry.type(description="A round trip through the workers, for checking a deployment.")
class Probe:
    id: strawberry.ID
    message: str
    work_ms: int
    status: ProbeStatus
    attempt: int
    processed_by: str | None
    result: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: models.Probe) -> Probe:
        return cls(
            id=strawberry.ID(str(row.id)),
            message=row.message,
            work_ms=row.work_ms,
            status=ProbeStatus(row.status),
            attempt=row.attempt,
            processed_by=row.processed_by,
            result=row.result,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type
class DiagnosticsQuery:
    @strawberry.field
    async def probe(self, info: strawberry.Info, id: strawberry.ID) -> Probe | None:
        return Probe.from_row(await resolve.probe(info, id))


@strawberry.type
class DiagnosticsMutation:
    @strawberry.mutation(description="Send a probe through a worker; `workMs` makes the worker hold it.")
    async def run_probe(self, info: strawberry.Info, message: str, work_ms: int = 0) -> Probe:
        return Probe.from_row(await resolve.run_probe(info, message, work_ms))


@strawberry.type
class DiagnosticsSubscription:
    @strawberry.subscription(description="The probe now, then after every change, until it is done.")
    async def probe_updated(self, info: strawberry.Info, id: strawberry.ID) -> AsyncGenerator[Probe, None]:
        async for row in await resolve.probe_updates(info, id):
            yield Probe.from_row(row)
