"""Event bus: status changes published by any process reach every API process's subscribers.

In-process for the embedded mode; Redis pub/sub in production, with one pattern subscription per process
fanning out in memory (each Redis PubSub holds a connection, so one per WebSocket subscriber would not scale).
Pub/sub is not durable: subscribers register first, then read the current state, then stream (domain/live.py).
There, all the subscribers of one object in a process share one Subscription per topic, so an event costs one
delivery per object here, not one per WebSocket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any, Protocol

import redis.asyncio as aioredis

from integrations import redis_clients

log = logging.getLogger(__name__)

Payload = dict[str, Any]
QUEUE_SIZE = 256


class Subscription:
    """Events for one topic, queued from the moment it was created."""

    def __init__(self, bus: _FanOut, topic: str) -> None:
        self.topic = topic
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[Payload] = asyncio.Queue(QUEUE_SIZE)
        self._bus = bus
        self._loop_thread = threading.get_ident()

    def deliver(self, payload: Payload) -> None:
        """Called from any thread: from the loop's own (the Redis listener, an in-process publish) the event is
        queued at once; from another (an embedded worker thread) it is handed to the loop."""
        if threading.get_ident() == self._loop_thread:
            self._put(payload)
        else:
            self.loop.call_soon_threadsafe(self._put, payload)

    def _put(self, payload: Payload) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # a stalled client loses events, never the server
            self.queue.put_nowait(payload)

    def __aiter__(self) -> AsyncIterator[Payload]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Payload]:
        while True:
            yield await self.queue.get()

    async def close(self) -> None:
        self._bus.remove(self)

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class EventBus(Protocol):
    async def publish(self, topic: str, payload: Payload) -> None: ...
    async def subscribe(self, topic: str) -> Subscription: ...
    async def close(self) -> None: ...


class _FanOut:
    """The in-memory half both buses share: topic -> local subscriptions."""

    def __init__(self) -> None:
        self._subs: dict[str, set[Subscription]] = defaultdict(set)
        self._lock = threading.Lock()

    def add(self, sub: Subscription) -> None:
        with self._lock:
            self._subs[sub.topic].add(sub)

    def remove(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subs.get(sub.topic)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subs[sub.topic]

    def fan_out(self, topic: str, payload: Payload) -> int:
        with self._lock:
            subs = list(self._subs.get(topic, ()))
        for sub in subs:
            sub.deliver(payload)
        return len(subs)

    def subscriber_count(self, topic: str) -> int:
        with self._lock:
            return len(self._subs.get(topic, ()))


class LocalEventBus(_FanOut):
    async def publish(self, topic: str, payload: Payload) -> None:
        self.fan_out(topic, payload)

    async def subscribe(self, topic: str) -> Subscription:
        sub = Subscription(self, topic)
        self.add(sub)
        return sub

    async def close(self) -> None:
        return None


class RedisEventBus(_FanOut):
    def __init__(self, url: str, prefix: str = "vitrine:events:") -> None:
        super().__init__()
        self.url, self.prefix = url, prefix
        self._publisher: aioredis.Redis | None = None
        self._listener: asyncio.Task[None] | None = None
        self._ready: asyncio.Event | None = None

    async def publish(self, topic: str, payload: Payload) -> None:
        if self._publisher is None:
            self._publisher = redis_clients.async_client(self.url)
        await self._publisher.publish(self.prefix + topic, json.dumps(payload, default=str))

    async def subscribe(self, topic: str) -> Subscription:
        sub = Subscription(self, topic)
        self.add(sub)
        await self._ensure_listener()
        return sub

    async def _ensure_listener(self) -> None:
        if self._listener is None or self._listener.done():
            self._ready = asyncio.Event()
            self._listener = asyncio.create_task(self._listen(self._ready), name="event-bus-listener")
        assert self._ready is not None
        await self._ready.wait()

    async def _listen(self, ready: asyncio.Event) -> None:
        while True:
            client = redis_clients.async_client(self.url)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(self.prefix + "*")
                ready.set()
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        topic = message["channel"].decode()[len(self.prefix) :]
                        self.fan_out(topic, json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("event bus listener lost its Redis connection; reconnecting")
                await asyncio.sleep(1)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
        if self._publisher is not None:
            await self._publisher.aclose()
            self._publisher = None


_bus: EventBus = LocalEventBus()


def get_event_bus() -> EventBus:
    return _bus


def set_event_bus(bus: EventBus) -> None:
    global _bus
    _bus = bus


def make_event_bus(redis_url: str | None) -> EventBus:
    return RedisEventBus(redis_url) if redis_url else LocalEventBus()
