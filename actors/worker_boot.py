"""Boot of a `vitrine worker` process: database and event bus on the AsyncIO middleware's loop."""

from __future__ import annotations

import logging

import dramatiq
from dramatiq.asyncio import get_event_loop_thread

from actors.lanes import OncePerProcess
from db.lifecycle import close_db, init_db
from integrations.event_bus import get_event_bus, make_event_bus, set_event_bus
from observability import configure_logging
from settings import get_settings

log = logging.getLogger(__name__)


class WorkerBoot(OncePerProcess):
    """Added after AsyncIO, so its loop exists. `before_worker_boot`, not `after_`: worker threads start
    consuming before `after_worker_boot` runs (a race measured in STACK_NOTES §3). Once per process, however many
    lane workers it runs: the first to boot opens the database, the last to stop closes it."""

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        if not self._first_boot():
            return
        settings = get_settings()
        configure_logging(settings.log_level, settings.log_format)
        set_event_bus(make_event_bus(settings.redis_url))
        loop_thread = get_event_loop_thread()
        assert loop_thread is not None, "AsyncIO middleware must come before WorkerBoot"
        loop_thread.run_coroutine(init_db(settings.database_url))
        log.info("worker ready", extra={"queues": sorted(broker.get_declared_queues())})

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        if not self._last_stop():
            return
        loop_thread = get_event_loop_thread()
        if loop_thread is not None:
            loop_thread.run_coroutine(get_event_bus().close())
            loop_thread.run_coroutine(close_db())
