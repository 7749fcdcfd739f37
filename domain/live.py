"""Live views for subscriptions: the current state first, then the state after every change, never a gap; one read
per change for all the subscribers of an object in an API process, however many they are.

The subscribers of the same topics that load their state the same way (the same `load` code, or the same
`share_key`) form a channel in each API process. The channel holds one event-bus subscription per topic and runs
one read per change: when events arrive it calls `load` once (events that arrive during a read are folded into
one more read) and hands that state to every subscriber. A subscriber's first state is the first read that starts
after it joined, so it is current and comes from the database; reads run one after another, so no subscriber ever
sees a state older than one it has seen. A subscriber slower than the changes skips to the newest state.

Sharing a read is right when the state depends on the followed objects only, not on who asks: resolvers check that
the caller may see the object (NOT_FOUND) before they follow it, and every subscriber of a topic sees that object.
A load that depends on the subscriber, or keeps state of its own from one call to the next (e.g. to yield only
what changed since it last looked), passes `share_key=PER_SUBSCRIBER`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import weakref
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from integrations.event_bus import Subscription, get_event_bus
from observability import EVENT_PUBLISH_FAILURES

T = TypeVar("T")
log = logging.getLogger(__name__)

PER_SUBSCRIBER: Final = object()
"""`share_key` of a subscriber that reads its state for itself (its `load` depends on who asks)."""

_scope: ContextVar[dict[str, Any] | None] = ContextVar("vitrine_live_scope", default=None)


async def publish(topic: str, **payload: Any) -> None:
    """Events are signals, the database is the truth: a failed publish is logged and counted, never raised, so
    it cannot fail a step whose rows are already written (subscribers re-read on the next event)."""
    try:
        await get_event_bus().publish(topic, payload)
    except Exception as exc:
        EVENT_PUBLISH_FAILURES.inc()
        log.warning("could not publish a live event", extra={"topic": topic, "error": repr(exc)})


def _never(_: Any) -> bool:
    return False


async def follow(
    topics: Sequence[str],
    load: Callable[[], Awaitable[T]],
    is_final: Callable[[T], bool] = _never,
    *,
    share_key: Hashable | None = None,
) -> AsyncGenerator[T, None]:
    """Yield the current state (read after the subscription to `topics` is in place, so nothing published in
    between is lost), then the state after every change, until `is_final(state)`.

    Subscribers of the same `topics` share each read when they share a key: by default the code of `load` (every
    subscriber of one resolver shares, whatever objects its closure holds, since the topics name the object); a
    `share_key` names it instead; `PER_SUBSCRIBER` never shares. While a subscriber's state is turned into its
    answer, `shared_scope()` is a dict common to every subscriber that received the same read.
    """
    channel = _channel(tuple(topics), _key_of(load, share_key))
    member = channel.join(load)
    try:
        await channel.ready()
        channel.wanted.set()  # the first state: a read that starts now, after the bus subscriptions exist
        while True:
            state, scope = await member.next()
            _scope.set(scope)
            yield state
            if is_final(state):
                return
    finally:
        await channel.leave(member)


def shared_scope() -> dict[str, Any] | None:
    """While a subscription's state is being resolved: a dict shared by every subscriber of its channel that
    received the same read (its per-event memo, e.g. the dataloaders of nested fields); otherwise None."""
    return _scope.get()


def _key_of(load: Callable[..., Any], share_key: Hashable | None) -> Hashable:
    if share_key is PER_SUBSCRIBER:
        return object()
    if share_key is not None:
        return ("key", share_key)
    if inspect.isfunction(load):  # a function or lambda: its closure varies per subscriber, its code does not
        return ("code", load.__code__)
    return object()  # a bound method or a callable object: its state is unknown, so it reads for itself


@dataclass(eq=False)
class _Member(Generic[T]):
    load: Callable[[], Awaitable[T]]
    started: bool = False  # has had its first state
    _outcome: tuple[T, dict[str, Any]] | BaseException | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def deliver(self, outcome: tuple[T, dict[str, Any]] | BaseException) -> None:
        self.started = True
        self._outcome = outcome  # a slow subscriber keeps only the newest state
        self._arrived.set()

    async def next(self) -> tuple[T, dict[str, Any]]:
        await self._arrived.wait()
        self._arrived.clear()
        outcome, self._outcome = self._outcome, None
        if isinstance(outcome, BaseException):
            raise outcome
        assert outcome is not None
        return outcome


class _Channel(Generic[T]):
    """The subscribers of one object in this process: one bus subscription per topic, one read per change."""

    def __init__(self, registry: dict[Hashable, _Channel[Any]], key: Hashable, topics: tuple[str, ...]) -> None:
        self.registry, self.key, self.topics = registry, key, topics
        self.members: dict[_Member[T], None] = {}  # in joining order: the eldest member's `load` reads
        self.wanted = asyncio.Event()  # a read is due: something changed, or a newcomer waits for its first state
        self.changed = False  # an event arrived since the last read started
        self.subscriptions: list[Subscription] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.opening: asyncio.Task[None] = asyncio.ensure_future(self._open())

    def join(self, load: Callable[[], Awaitable[T]]) -> _Member[T]:
        member: _Member[T] = _Member(load)
        self.members[member] = None
        return member

    async def ready(self) -> None:
        await asyncio.shield(self.opening)

    async def leave(self, member: _Member[T]) -> None:
        self.members.pop(member, None)
        if self.members:
            return
        if self.registry.get(self.key) is self:
            del self.registry[self.key]
        self.opening.cancel()
        for task in self.tasks:
            task.cancel()
        for subscription in self.subscriptions:
            await subscription.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.gather(self.opening, *self.tasks, return_exceptions=True)

    async def _open(self) -> None:
        try:
            bus = get_event_bus()
            for topic in self.topics:
                self.subscriptions.append(await bus.subscribe(topic))
        except BaseException:
            if self.registry.get(self.key) is self:
                del self.registry[self.key]  # the next subscriber tries afresh
            for subscription in self.subscriptions:
                await subscription.close()
            raise
        self.tasks = [asyncio.ensure_future(self._listen(s)) for s in self.subscriptions]
        self.tasks.append(asyncio.ensure_future(self._read_on_change()))

    async def _listen(self, subscription: Subscription) -> None:
        async for _ in subscription:
            self.changed = True
            self.wanted.set()

    async def _read_on_change(self) -> None:
        while True:
            await self.wanted.wait()
            self.wanted.clear()
            changed, self.changed = self.changed, False
            # Who joined before this read started; the others already hold the state if nothing changed since.
            audience = [member for member in self.members if changed or not member.started]
            if not audience:
                continue
            outcome: tuple[T, dict[str, Any]] | BaseException
            try:
                outcome = (await audience[0].load(), {})
            except Exception as exc:  # every subscriber of this read fails with it, as its own read would have
                outcome = exc
            for member in audience:
                if member in self.members:
                    member.deliver(outcome)


_registries: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Hashable, _Channel[Any]]] = (
    weakref.WeakKeyDictionary()
)


def _channel(topics: tuple[str, ...], key: Hashable) -> _Channel[Any]:
    registry = _registries.setdefault(asyncio.get_running_loop(), {})
    channel = registry.get((topics, key))
    if channel is None:
        channel = registry[(topics, key)] = _Channel(registry, (topics, key), topics)
    return channel
