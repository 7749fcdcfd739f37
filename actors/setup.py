"""The one explicit wiring of a process: its broker, an actor per task kind on it, the outbox's sender, the reaper's
probes, the features' periodic jobs and media folders. Importing a module of the project registers none of these.

`wire(settings)` is called once at start by each process that runs or sends background work: `vitrine serve`
(main.create_app), `vitrine worker` (actors.process.run_one) and `vitrine scheduler` (cli.py); tests call it through
the same paths (or directly). Calling it again with the same broker settings changes nothing and returns the same
wiring; with other broker settings (a test process moving between the embedded and the Redis broker) the old wiring
is undone first. `unwire()` undoes it all.

What each feature brings is declared beside it, in `actors/<feature>.py` (its `FEATURE`: task kinds, periodic jobs,
media folders, as values), and `FEATURES` below lists the features: adding a task kind is one entry in its feature's
module, adding a feature one entry here.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

import dramatiq

from actors import batches, cta, diagnostics, listing, previews, products
from actors import broker as broker_ops
from actors.runtime import task_actor
from domain import media_sweep, outbox, scheduling, tasks
from domain.tasks import reaper
from settings import Settings, get_settings

FEATURES = (batches.FEATURE, cta.FEATURE, diagnostics.FEATURE, listing.FEATURE, previews.FEATURE, products.FEATURE)


@dataclass(frozen=True)
class Wiring:
    settings: Settings  # the settings the broker was built from
    broker: dramatiq.Broker


_current: Wiring | None = None
_lock = threading.Lock()


def _broker_settings(settings: Settings) -> tuple[object, ...]:
    return (settings.redis_url, settings.broker_heartbeat_timeout_ms, settings.broker_maintenance_chance)


def wire(settings: Settings) -> Wiring:
    """Wire this process for `settings` (idempotent); returns the wiring."""
    global _current
    with _lock:
        if _current is not None:
            if _broker_settings(_current.settings) == _broker_settings(settings):
                return _current
            _unwire()
        broker = broker_ops.build_broker(settings)
        for feature in FEATURES:
            for kind in feature.kinds:
                tasks.declare(kind)
                task_actor(kind, broker)
            for job in feature.periodic:
                scheduling.register(job)
            for folder, referenced in feature.media:
                media_sweep.register(folder, referenced)
        outbox.set_sender(broker_ops.sender(broker))
        reaper.set_probes(
            reaper.Probes(backlog=lambda: broker_ops.backlog(broker), held_rows=broker_ops.held_rows_probe(broker))
        )
        scheduling.register(
            scheduling.PeriodicJob(
                "broker.requeue_dead_workers",
                lambda: get_settings().scheduler_interval,
                lambda now: asyncio.to_thread(broker_ops.requeue_dead_workers, broker),
            )
        )
        _current = Wiring(settings, broker)
        return _current


def current() -> Wiring | None:
    """The process's wiring, None before `wire`."""
    return _current


def wired() -> Wiring:
    """The process's wiring; a process that was not wired is a programming error (its start path misses `wire`)."""
    if _current is None:
        raise RuntimeError("this process is not wired: call actors.setup.wire(settings) at start")
    return _current


def unwire() -> None:
    """Undo `wire`: no sender, no probes, no registered periodic jobs, media folders or kinds; the broker closed."""
    with _lock:
        _unwire()


def _unwire() -> None:
    global _current
    if _current is None:
        return
    wiring, _current = _current, None
    outbox.set_sender(None)
    reaper.set_probes(reaper.Probes())
    scheduling.clear()
    media_sweep.clear()
    for feature in FEATURES:
        for kind in feature.kinds:
            tasks.forget(kind)
    wiring.broker.close()
