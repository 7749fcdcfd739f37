"""Subscribers of one state share one execution of the same selection, unless a field of it reads the caller: then
each subscriber gets the answer for itself (schema.shared_answers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
import strawberry

from domain import live
from integrations.event_bus import LocalEventBus, get_event_bus, set_event_bus
from resolvers.context import Context
from schema.documents import DocumentCache
from schema.execution import LeanExecution

TOPIC = "thing:7"
VERSION = [0]
RESOLVED = {"label": 0, "viewer": 0}


@dataclass
class Caller:
    """A context like resolvers.context.Context: who asks behind it, the per-state dataloaders caller-free."""

    CALLER_FREE: ClassVar[frozenset[str]] = Context.CALLER_FREE
    user: str

    def loader(self, name: str, factory: Any) -> str:
        return name


@strawberry.type
class Thing:
    version: int

    @strawberry.field
    def label(self, info: strawberry.Info) -> str:
        RESOLVED["label"] += 1
        return f"v{self.version} from {info.context.loader('things', None)}"

    @strawberry.field
    async def viewer(self, info: strawberry.Info) -> str:
        RESOLVED["viewer"] += 1
        await asyncio.sleep(0)
        return f"{info.context.user} sees v{self.version}"


async def _load() -> int:
    return VERSION[0]


@strawberry.type
class Query:
    nothing: int = 0


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def thing_updated(self) -> AsyncGenerator[Thing, None]:
        async for version in live.follow([TOPIC], _load):  # one read per change for every subscriber
            yield Thing(version=version)


# As in the app: one parsed document for one query text, so that subscribers run the same operation.
SCHEMA = strawberry.Schema(
    query=Query, subscription=Subscription, extensions=[DocumentCache], execution_context_class=LeanExecution
)


@pytest.fixture(autouse=True)
def local_bus() -> Iterator[None]:
    before = get_event_bus()
    set_event_bus(LocalEventBus())
    VERSION[0] = 0
    yield
    set_event_bus(before)


async def _subscribers(query: str, users: list[str]) -> list[AsyncIterator[Any]]:
    streams = [await SCHEMA.subscribe(query, context_value=Caller(user)) for user in users]
    return streams  # type: ignore[return-value]


async def _next_answers(streams: list[AsyncIterator[Any]]) -> list[dict[str, Any]]:
    results = await asyncio.wait_for(asyncio.gather(*(anext(s) for s in streams)), 10)
    assert all(not r.errors for r in results), results
    return [r.data["thingUpdated"] for r in results]


async def _one_change(streams: list[AsyncIterator[Any]]) -> list[dict[str, Any]]:
    """Both have their first state; one change reaches both through the same shared read."""
    await _next_answers(streams)
    for key in RESOLVED:
        RESOLVED[key] = 0
    VERSION[0] += 1
    await live.publish(TOPIC, changed=True)
    return await _next_answers(streams)


async def _closed(streams: list[AsyncIterator[Any]]) -> None:
    for stream in streams:
        await stream.aclose()  # type: ignore[attr-defined]


async def test_a_field_that_reads_the_caller_answers_each_subscriber_for_itself() -> None:
    streams = await _subscribers("subscription { thingUpdated { version viewer label } }", ["ann", "bob"])
    try:
        answers = await _one_change(streams)
    finally:
        await _closed(streams)
    assert answers == [
        {"version": 1, "viewer": "ann sees v1", "label": "v1 from things"},
        {"version": 1, "viewer": "bob sees v1", "label": "v1 from things"},
    ]
    assert RESOLVED == {"label": 2, "viewer": 2}  # each executed its own


async def test_a_selection_that_does_not_read_the_caller_is_executed_once_for_all() -> None:
    streams = await _subscribers("subscription { thingUpdated { version label } }", ["ann", "bob", "cid"])
    try:
        answers = await _one_change(streams)
    finally:
        await _closed(streams)
    assert answers == [{"version": 1, "label": "v1 from things"}] * 3
    assert RESOLVED["label"] == 1  # one execution of the event for the three subscribers
