"""The broker a process is wired with (`actors.setup.wire`), and what the rest of the process asks of it: the
outbox's sender, the reaper's probes, the scheduler's maintenance, the metrics' queue depths. Importing this module
builds nothing; every function takes the broker it works on.

Embedded mode (no REDIS_URL): a StubBroker whose worker threads run inside the API process. Production: a
RedisBroker shared by the API, `vitrine worker` processes and `vitrine scheduler`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage, Retries, default_middleware

from actors.lanes import LEGACY_QUEUE, SharedAsyncIO
from domain.outbox import Sender
from integrations import redis_clients
from settings import Settings

log = logging.getLogger(__name__)


def _middleware(settings: Settings) -> list[dramatiq.Middleware]:
    # Retries belong to the task kernel (each kind's schedule, domain/tasks): Dramatiq must not retry underneath
    # it. Retries(max_retries=0) replaces the default one (two Retries middlewares double attempts, §2e).
    return [m() for m in default_middleware if m is not Retries] + [Retries(max_retries=0), CurrentMessage()]


def build_broker(settings: Settings) -> dramatiq.Broker:
    broker: dramatiq.Broker
    if settings.embedded:
        broker = StubBroker(middleware=_middleware(settings))
    else:
        broker = RedisBroker(
            client=redis_clients.sync_client(settings.redis_url or ""),
            middleware=_middleware(settings),
            namespace="vitrine",
            # A SIGKILLed worker's messages come back once its heartbeat is older than this, at the next
            # maintenance run: the scheduler runs one on every tick (requeue_dead_workers).
            heartbeat_timeout=settings.broker_heartbeat_timeout_ms,
            maintenance_chance=settings.broker_maintenance_chance,
        )
        # Worker processes run every coroutine on this middleware's loop (the runtime helper); Tortoise is
        # initialised on it by actors.worker_boot. One loop for all the process's lane workers (actors/lanes.py).
        broker.add_middleware(SharedAsyncIO())
        # The one queue before lanes: what an older version left there is still consumed (by the bulk lane).
        broker.declare_queue(LEGACY_QUEUE)
    return broker


def sender(broker: dramatiq.Broker) -> Sender:
    """The outbox's sender: every entry is one message, each with its own delay (a retry waits on the broker)."""

    def send(messages: list[dict[str, Any]]) -> None:
        for m in messages:
            options = dict(m["options"])
            delay = options.pop("delay", None)
            message = broker.get_actor(m["actor"]).message_with_options(args=tuple(m["args"]), **options)
            broker.enqueue(message, delay=delay)

    return send


def _all_queues(broker: dramatiq.Broker) -> list[str]:
    return sorted(broker.get_declared_queues() | broker.get_declared_delay_queues())


def backlog(broker: dramatiq.Broker) -> int:
    """Messages the broker holds: queued, delayed, or fetched and not yet acknowledged."""
    if isinstance(broker, StubBroker):
        return sum(q.unfinished_tasks for name, q in broker.queues.items() if not name.endswith(".XQ"))
    qsize = broker.do_qsize  # type: ignore[attr-defined]
    return sum(int(qsize(name)) for name in broker.get_declared_queues())


def held_rows_probe(broker: dramatiq.Broker) -> Callable[[str], set[str]] | None:
    """The reaper's held-rows probe where the broker can tell (Redis); None for the in-process broker."""
    if isinstance(broker, StubBroker):
        return None
    return lambda actor_name: held_rows(broker, actor_name)


def held_rows(broker: dramatiq.Broker, actor_name: str) -> set[str]:
    """The rows (first argument) of `actor_name`'s messages Redis holds queued or delayed: a message's data stays in
    `<namespace>:<queue>.msgs` until it is acknowledged (dramatiq's dispatch.lua)."""
    client = broker.client  # type: ignore[attr-defined]
    rows: set[str] = set()
    for queue in _all_queues(broker):
        for data in client.hvals(f"{broker.namespace}:{queue}.msgs"):  # type: ignore[attr-defined]
            message = dramatiq.Message.decode(data)
            if message.actor_name == actor_name and message.args:
                rows.add(str(message.args[0]))
    return rows


def requeue_dead_workers(broker: dramatiq.Broker) -> None:
    """Give a dead worker's unacknowledged messages (running and prefetched) back to their queues now.

    The Redis broker does this "maintenance" on a random 1 % of dispatches; the scheduler calls this on every
    tick instead, so recovery does not depend on chance. Workers silent for `heartbeat_timeout` count as dead.
    """
    if isinstance(broker, StubBroker):
        return
    dispatch = broker.scripts["dispatch"]  # type: ignore[attr-defined]
    for queue_name in broker.get_declared_queues() | broker.get_declared_delay_queues():
        args = [
            "qsize",
            int(time.time() * 1000),
            queue_name,
            broker.broker_id,  # type: ignore[attr-defined]
            broker.heartbeat_timeout,  # type: ignore[attr-defined]
            broker.dead_message_ttl,  # type: ignore[attr-defined]
            1,  # do the maintenance
            broker._max_unpack_size(),  # type: ignore[attr-defined]
        ]
        dispatch(args=args, keys=[broker.namespace])  # type: ignore[attr-defined]


def queue_depths(broker: dramatiq.Broker) -> dict[str, int]:
    if isinstance(broker, StubBroker):
        return {name: q.qsize() for name, q in broker.queues.items() if not name.endswith(".DQ")}
    queues = [q for q in broker.get_declared_queues() if not q.endswith((".DQ", ".XQ"))]
    # RedisBroker dispatches do_* calls to its Lua script.
    qsize = broker.do_qsize  # type: ignore[attr-defined]
    return {name: int(qsize(name)) for name in queues}
