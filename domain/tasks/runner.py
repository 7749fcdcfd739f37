"""Run one task: claim its row, keep the lease alive while the work runs, then finish, retry on the kind's
schedule, defer, or hand the row back. The only place a claim is taken for background work."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from db import claims
from db.transactions import in_transaction
from domain.ports import ports
from domain.tasks.claim import Claim
from domain.tasks.enqueueing import enqueue
from domain.tasks.errors import Deferred, TaskFailed
from domain.tasks.kind import TaskKind, kind_named
from domain.tasks.retry import delay_scale, waited
from integrations.transient import is_transient
from observability import TASK_DURATION, TASK_OUTCOMES
from settings import get_settings

log = logging.getLogger(__name__)
INTERNAL_FAILURE = "an internal error stopped this task; it has been logged"


async def run_task(kind_name: str, row_id: str) -> bool:
    """Returns False when there was nothing to do (a duplicate message, or the row is taken or finished)."""
    kind: TaskKind[Any] = kind_named(kind_name)
    lease = get_settings().job_lease
    now = datetime.now(UTC)
    row = await claims.claim(
        kind.model,
        row_id,
        waiting=[kind.waiting],
        running=kind.running[0],
        also_running=kind.running[1:],
        lease=lease,
        now=now,
        also_claimable=kind.claimable(now) if kind.claimable else None,
        cols=kind.cols,
    )
    if row is None:
        return False
    claim: Claim[Any] = Claim(kind, row)
    started = time.monotonic()
    attempt, retry = claims.token_of(row, kind.cols), kind.retries_of(row)
    log.info("task claimed", extra={"task": kind.name, "row": row_id, "attempt": attempt, "retry": retry})
    work = asyncio.ensure_future(kind.work(claim))
    beat = asyncio.ensure_future(_heartbeat(claim, work, lease))
    kept = False  # the media this attempt wrote is the row's result only if the work ran to its final write
    try:
        await work
        kept = claim.committed
        _count(kind, "done" if claim.committed else "superseded")
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if claim.lost and not (current and current.cancelling()):
            log.warning("task taken over while running; stopped", extra={"task": kind.name, "row": row_id})
            _count(kind, "superseded")
            return True
        # The worker is shutting down: hand the row back at once so another worker picks it up.
        await asyncio.shield(_run_again(claim, timedelta(0), counts=False, cause=None))
        _count(kind, "handed_back")
        raise
    except Deferred as later:
        await _run_again(claim, later.delay, counts=False, cause=None)
        _count(kind, "deferred")
    except Exception as exc:
        await _failed(claim, exc)
    finally:
        beat.cancel()
        TASK_DURATION.labels(kind.name).observe(time.monotonic() - started)
        if not kept:
            await _forget_media(claim)
    return True


async def _failed(claim: Claim[Any], exc: Exception) -> None:
    kind, row = claim.kind, claim.row
    if claim.lost:
        _count(kind, "superseded")
        return
    if claim.committed:  # the result is written; what failed after it (a send, an event) is recovered elsewhere
        log.warning("task failed after its result was written", exc_info=exc, extra={"task": kind.name})
        return
    transient = not isinstance(exc, TaskFailed) and is_transient(exc)
    cause = str(getattr(exc, "message", None) or exc) or type(exc).__name__
    failures = kind.retries_of(row) + 1
    schedule = kind.retry()
    declared = schedule.delay_after(failures) if transient else None
    if declared is not None:
        delay = waited(declared)
        seconds = {"delay_s": delay.total_seconds(), "declared_s": declared.total_seconds()}
        log.warning(
            "task failed, will retry", extra={"task": kind.name, "row": str(row.id), "failure": failures, **seconds}
        )
        await _run_again(claim, delay, counts=True, cause=cause)
        _count(kind, "retried")
        return
    if not transient and not isinstance(exc, TaskFailed) and not hasattr(exc, "transient"):
        log.error("task crashed", exc_info=exc, extra={"task": kind.name, "row": str(row.pk)})
        cause = INTERNAL_FAILURE
    log.warning("task failed for good", extra={"task": kind.name, "row": str(row.pk), "failure": failures})
    claim.transient_failure = transient
    await kind.fail(claim, cause)
    _count(kind, "failed")


async def _run_again(claim: Claim[Any], delay: timedelta | None, *, counts: bool, cause: str | None) -> None:
    """Give the row back to waiting and send its message again after `delay` (None: another step will send
    it), in one transaction."""
    kind, row = claim.kind, claim.row
    now = datetime.now(UTC)
    retries = kind.retries_of(row) + (1 if counts else 0)
    changes: dict[str, Any] = {}
    if counts and kind.cols.retries:
        changes[kind.cols.retries] = retries
    if counts and kind.cols.next_attempt:
        # The schedule's own rule, so what the API shows is when the message below is due.
        changes[kind.cols.next_attempt] = kind.retry().next_attempt_at(retries, now, delay_scale())
    if cause is not None and kind.error_field:
        changes[kind.error_field] = cause
    async with in_transaction() as tx:
        given = await claims.give_back(
            kind.model,
            claims.held(row, kind.cols),
            waiting=kind.waiting,
            lease_until=now + (delay or timedelta(0)) + get_settings().job_lease,
            now=now,
            cols=kind.cols,
            using_db=tx,
            **changes,
        )
        if given and delay is not None:
            await enqueue(kind, row.pk, delay=delay, using_db=tx)
    if given:
        await claim.publish(status=kind.waiting, retries=retries)


async def _heartbeat(claim: Claim[Any], work: asyncio.Future[None], lease: timedelta) -> None:
    """Renew the lease every third of it; if the row was taken over, stop the work (it may not write)."""
    kind = claim.kind
    while not work.done():
        await asyncio.sleep(lease.total_seconds() / 3)
        now = datetime.now(UTC)
        try:
            still_ours = await claims.renew(kind.model, claim.row, lease=lease, now=now, cols=kind.cols)
        except Exception as exc:  # the database is away for a moment: the lease has slack for the next beat
            log.warning("lease renewal failed", extra={"task": kind.name, "error": type(exc).__name__})
            continue
        if not still_ours:
            claim.lost = True
            work.cancel()
            return


async def _forget_media(claim: Claim[Any]) -> None:
    for key in claim.media_keys:
        try:
            await ports().media.delete(key)
        except Exception:
            log.warning("could not remove an abandoned media file", extra={"key": key}, exc_info=True)


def _count(kind: TaskKind[Any], outcome: str) -> None:
    TASK_OUTCOMES.labels(kind.name, outcome).inc()
