"""Periodic work: every tick runs the jobs whose period has come, each under a database lock (idempotent)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from db.ticks import try_lock
from domain import media_sweep, outbox
from domain.tasks import reaper
from settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    period: timedelta | Callable[[], timedelta]  # a callable is read at every tick (the process's settings)
    run: Callable[[datetime], Awaitable[object]]

    def current_period(self) -> timedelta:
        return self.period() if callable(self.period) else self.period


def _jobs() -> list[PeriodicJob]:
    settings = get_settings()
    return [
        PeriodicJob("outbox.drain", settings.scheduler_interval, lambda now: outbox.flush()),
        PeriodicJob("tasks.reap", settings.scheduler_interval, lambda now: reaper.reap(now, settings.job_lease)),
        PeriodicJob("media.sweep", settings.media_sweep_interval, media_sweep.sweep),
        *_extra_jobs,
    ]


_extra_jobs: list[PeriodicJob] = []


def register(job: PeriodicJob) -> None:
    """A feature's periodic job (e.g. the listing belt), added by `actors.setup.wire`, never at import. A job of the
    same name is replaced, so wiring twice runs each job once."""
    _extra_jobs[:] = [existing for existing in _extra_jobs if existing.name != job.name] + [job]


def registered() -> list[PeriodicJob]:
    """The jobs registered besides the scheduler's own (the outbox's drain, the reaper, the media sweep)."""
    return list(_extra_jobs)


def clear() -> None:
    _extra_jobs.clear()


async def tick(holder: str, now: datetime | None = None) -> list[str]:
    """Run every due job; returns the names run. Safe to call from any number of processes at once."""
    now = now or datetime.now(UTC)
    ran = []
    for job in _jobs():
        # The lock period is a little shorter than the job's so a steady ticker doesn't skip every other period.
        if await try_lock(job.name, job.current_period() * 0.9, holder, now):
            try:
                await job.run(now)
                ran.append(job.name)
            except Exception:
                log.exception("periodic job failed", extra={"job": job.name})
    return ran


async def run_forever(holder: str, stop: asyncio.Event) -> None:
    interval = get_settings().scheduler_interval.total_seconds()
    while not stop.is_set():
        try:
            await tick(holder)
        except Exception:
            log.exception("scheduler tick failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
