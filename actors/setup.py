"""The one explicit wiring of a process: its broker, an actor per task kind on it, the outbox's sender, the reaper's
probes, the features' periodic jobs and media folders. Importing a module of the project registers none of these.

`wire(settings)` is called once at start by each process that runs or sends background work: `vitrine serve`
(main.create_app), `vitrine worker` (actors.process.run_one) and `vitrine scheduler` (cli.py); tests call it through
the same paths (or directly). Calling it again with the same broker settings changes nothing and returns the same
wiring; with other broker settings (a test process moving between the embedded and the Redis broker) the old wiring
is undone first. `unwire()` undoes it all.

What each feature brings is listed here, in `FEATURES`: adding a task kind, a periodic job or a media folder is one
line below, next to the feature's others.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any

import dramatiq

from actors import broker as broker_ops
from actors.runtime import task_actor
from domain import batches, diagnostics, media_sweep, outbox, previews, products, scheduling, tasks
from domain.batches import generation
from domain.cta import pipeline as cta
from domain.listing import processing as listing
from domain.listing import tick as listing_tick
from domain.previews import cache as previews_cache
from domain.previews import rendering as previews_rendering
from domain.tasks import reaper
from settings import Settings, get_settings


@dataclass(frozen=True)
class Feature:
    """What one feature asks the process to run: its task kinds (each an actor), periodic jobs, media folders."""

    name: str
    kinds: tuple[tasks.TaskKind[Any], ...] = ()
    periodic: tuple[scheduling.PeriodicJob, ...] = ()
    media: tuple[tuple[str, media_sweep.KeySource], ...] = ()  # (folder, which of these keys rows point to)


FEATURES = (
    Feature("batches", (batches.GENERATE_TASK,), media=((generation.MEDIA_FOLDER, generation.MEDIA_KEYS),)),
    Feature("cta", (cta.SCRAPE_TASK, cta.GENERATE_TASK), media=((cta.MEDIA_FOLDER, cta.MEDIA_KEYS),)),
    Feature("diagnostics", (diagnostics.PROBE_TASK,)),
    Feature(
        "listing",
        (listing.LIST_SLOT_TASK,),
        periodic=(listing_tick.BELT_JOB,),
        media=((listing.MEDIA_FOLDER, listing.MEDIA_KEYS),),
    ),
    Feature(
        "previews",
        (previews.PREVIEW_TASK,),
        periodic=(previews_cache.PURGE_JOB,),
        media=((previews_rendering.MEDIA_FOLDER, previews_rendering.MEDIA_KEYS),),
    ),
    Feature("products", (products.SCRAPE_TASK,)),
)


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
