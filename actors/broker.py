"""The broker of this process: every entry point imports this module before any actor is declared.

Embedded mode (no REDIS_URL): a StubBroker whose worker threads run inside the API process. Production: a
RedisBroker shared by the API, `vitrine worker` processes and `vitrine scheduler`.
"""

from __future__ import annotations

import logging
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO, CurrentMessage, Retries, default_middleware

from domain import outbox
from settings import Settings, get_settings

log = logging.getLogger(__name__)

MAX_RETRIES = 4
MAX_BACKOFF_MS = 60_000


def _middleware(settings: Settings) -> list[dramatiq.Middleware]:
    # Retries configured once, broker-wide (adding a second Retries doubles attempts, STACK_NOTES §2e).
    min_backoff = settings.retry_min_backoff_ms
    return [m() for m in default_middleware if m is not Retries] + [
        Retries(max_retries=MAX_RETRIES, min_backoff=min_backoff, max_backoff=max(min_backoff, MAX_BACKOFF_MS)),
        CurrentMessage(),
    ]


def build_broker(settings: Settings) -> dramatiq.Broker:
    broker: dramatiq.Broker
    if settings.embedded:
        broker = StubBroker(middleware=_middleware(settings))
    else:
        broker = RedisBroker(
            url=settings.redis_url,
            middleware=_middleware(settings),
            namespace="vitrine",
            # A SIGKILLed worker's messages come back once its heartbeat is older than this, at the next
            # maintenance run (STACK_NOTES §2g); our own leases are the second line of defence.
            heartbeat_timeout=settings.broker_heartbeat_timeout_ms,
            maintenance_chance=settings.broker_maintenance_chance,
        )
        # Worker processes run every coroutine on this middleware's loop (the runtime helper); Tortoise is
        # initialised on it by actors.worker_boot.
        broker.add_middleware(AsyncIO())
    dramatiq.set_broker(broker)
    return broker


broker = build_broker(get_settings())


def send(messages: list[dict[str, Any]]) -> None:
    """Outbox sender: one entry is a message, several are a pipeline (each result feeds the next)."""
    built = [
        broker.get_actor(m["actor"]).message_with_options(
            args=tuple(m["args"]), **{k: v for k, v in m["options"].items() if k != "delay"}
        )
        for m in messages
    ]
    delay = messages[0]["options"].get("delay")
    if len(built) == 1:
        broker.enqueue(built[0], delay=delay)
    else:
        dramatiq.pipeline(built, broker=broker).run(delay=delay)


outbox.set_sender(send)


def queue_depths() -> dict[str, int]:
    if isinstance(broker, StubBroker):
        return {name: q.qsize() for name, q in broker.queues.items() if not name.endswith(".DQ")}
    queues = [q for q in broker.get_declared_queues() if not q.endswith((".DQ", ".XQ"))]
    # RedisBroker dispatches do_* calls to its Lua script.
    qsize = broker.do_qsize  # type: ignore[attr-defined]
    return {name: int(qsize(name)) for name in queues}
