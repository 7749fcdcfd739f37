"""Live views for subscriptions: the current state first, then the state after every change, never a gap."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from integrations.event_bus import get_event_bus
from observability import EVENT_PUBLISH_FAILURES

T = TypeVar("T")
log = logging.getLogger(__name__)


async def publish(topic: str, **payload: Any) -> None:
    """Events are signals, the database is the truth: a failed publish is logged and counted, never raised, so
    it cannot fail a step whose rows are already written (subscribers re-read on the next event)."""
    try:
        await get_event_bus().publish(topic, payload)
    except Exception as exc:
        EVENT_PUBLISH_FAILURES.inc()
        log.warning("could not publish a live event", extra={"topic": topic, "error": repr(exc)})


async def follow(
    topics: list[str], load: Callable[[], Awaitable[T]], is_final: Callable[[T], bool] = lambda _: False
) -> AsyncIterator[T]:
    """Subscribe, then load and yield the current state, then reload and yield on every event.

    Subscribing before the first read is what makes it gap-free: an event published between the read and the
    subscription would otherwise be lost (pub/sub is not durable). Events are only "something changed"
    notifications; the database is the truth, so a dropped or duplicated event costs nothing but a reload.
    """
    bus = get_event_bus()
    subs = [await bus.subscribe(t) for t in topics]
    try:
        state = await load()
        yield state
        if is_final(state):
            return
        merged = _merge(subs)
        async for _ in merged:
            state = await load()
            yield state
            if is_final(state):
                return
    finally:
        for sub in subs:
            await sub.close()


async def _merge(subs: list[Any]) -> AsyncIterator[Any]:
    if len(subs) == 1:
        async for event in subs[0]:
            yield event
        return
    import asyncio

    queue: asyncio.Queue[Any] = asyncio.Queue()

    async def pump(sub: Any) -> None:
        async for event in sub:
            await queue.put(event)

    tasks = [asyncio.create_task(pump(s)) for s in subs]
    try:
        while True:
            yield await queue.get()
    finally:
        for task in tasks:
            task.cancel()
