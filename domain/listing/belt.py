"""The belt algebra: a store's listing plan as values, and every edit as a function from belt to belt. Pure.

A rule "N a day" lays a grid of wall-clock times, one every 24 h / N from an anchor (the first slot). The belt is
the account's pending slots in time order, N of them: each empty (waiting for a product), filled (a product waits
for its time) or busy (being published: it never moves, never empties and never rolls).

- `fresh`: N empty slots from the anchor.
- `deploy`: the first empty slot takes the product and keeps its time.
- `remove`: a filled slot empties and keeps its time; an empty slot goes and a new one is appended.
- `roll`: due empty slots fall off the front and as many are appended; filled and busy slots are never touched.
- `leave`: a slot is done (listed, failed, missed) and leaves; the belt is topped up to N.

Appending puts the new slot one grid step after the last; a step that is already due (the belt stood still while
the scheduler was away) is skipped, so the belt only ever grows into the future and stays on the rule's
wall-clock grid. Times are exact: grid step k is `anchor + k * 24 h // N` in microseconds, so 7 a day come back
to the same minute every day for ever. `is_due` (wall-clock time -> bool) must be monotone: once a time is due,
every earlier one is too (clock.due_instant makes it so).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

DAY_US = 86_400_000_000
MIN_PER_DAY = 1
MAX_PER_DAY = 96

IsDue = Callable[[datetime], bool]


class NoEmptySlot(Exception):
    """Every slot of the belt holds a product."""


class SlotBusy(Exception):
    """The slot is being published: it cannot be emptied or removed."""


class NotOnBelt(Exception):
    """No slot of the belt has this key."""


@dataclass(frozen=True)
class Rule:
    per_day: int
    anchor: datetime  # naive wall-clock time of grid step 0 (the first slot of the rule)

    def __post_init__(self) -> None:
        if not MIN_PER_DAY <= self.per_day <= MAX_PER_DAY:
            raise ValueError(f"items per day must be {MIN_PER_DAY} to {MAX_PER_DAY}, not {self.per_day}")

    @property
    def interval(self) -> timedelta:
        return timedelta(microseconds=DAY_US // self.per_day)

    def at(self, step: int) -> datetime:
        return self.anchor + timedelta(microseconds=step * DAY_US // self.per_day)

    def step_after(self, moment: datetime) -> int:
        """The first grid step strictly later than `moment` (which need not be on the grid)."""
        elapsed = (moment - self.anchor) // timedelta(microseconds=1)
        step = elapsed * self.per_day // DAY_US
        while self.at(step) <= moment:
            step += 1
        while self.at(step - 1) > moment:
            step -= 1
        return step


@dataclass(frozen=True)
class Slot:
    at: datetime  # naive wall-clock time in the account's zone
    product: str | None = None
    busy: bool = False
    key: Hashable | None = None  # the stored row's id; None for a slot an edit creates

    @property
    def filled(self) -> bool:
        return self.product is not None


Belt = tuple[Slot, ...]


def fresh(rule: Rule) -> Belt:
    return tuple(Slot(rule.at(step)) for step in range(rule.per_day))


def ordered(slots: Sequence[Slot]) -> Belt:
    return tuple(sorted(slots, key=lambda slot: slot.at))


def deploy(belt: Belt, product: str) -> Belt:
    """The first empty slot (in time) takes the product and keeps its time."""
    for index, slot in enumerate(belt):
        if not slot.filled and not slot.busy:
            return (*belt[:index], replace(slot, product=product), *belt[index + 1 :])
    raise NoEmptySlot("every slot of the plan holds a product")


def remove(belt: Belt, key: Hashable, rule: Rule, is_due: IsDue) -> Belt:
    """A filled slot empties and keeps its time; an empty slot goes and one is appended after the last."""
    index = _index_of(belt, key)
    slot = belt[index]
    if slot.busy:
        raise SlotBusy("the slot is being published and cannot be changed")
    if slot.filled:
        return (*belt[:index], replace(slot, product=None), *belt[index + 1 :])
    return append((*belt[:index], *belt[index + 1 :]), rule, is_due, after=belt[-1].at)


def roll(belt: Belt, rule: Rule, is_due: IsDue) -> Belt:
    """Due empty slots fall off and as many are appended; filled and busy slots stay where they are."""
    kept = tuple(slot for slot in belt if slot.filled or slot.busy or not is_due(slot.at))
    for _ in range(len(belt) - len(kept)):
        kept = append(kept, rule, is_due, after=belt[-1].at)
    return kept


def leave(belt: Belt, key: Hashable, rule: Rule, size: int, is_due: IsDue) -> Belt:
    """A slot is done (listed, failed or missed): it leaves the belt, which is topped up to `size`."""
    index = _index_of(belt, key)
    return top_up((*belt[:index], *belt[index + 1 :]), rule, size, is_due, after=belt[-1].at)


def top_up(belt: Belt, rule: Rule, size: int, is_due: IsDue, after: datetime | None = None) -> Belt:
    while len(belt) < size:
        belt = append(belt, rule, is_due, after=after)
    return belt


def append(belt: Belt, rule: Rule, is_due: IsDue, after: datetime | None = None) -> Belt:
    """One empty slot at the first grid step that is after the last slot (and `after`, the last time the belt
    held, when the slot that was last has just gone) and not yet due."""
    latest = max((t for t in (belt[-1].at if belt else None, after) if t is not None), default=None)
    start = rule.step_after(latest) if latest is not None else 0
    return (*belt, Slot(rule.at(_first_not_due(rule, start, is_due))))


def _first_not_due(rule: Rule, start: int, is_due: IsDue) -> int:
    """Galloping search: a belt that stood still for a year finds today's step in a few dozen checks."""
    if not is_due(rule.at(start)):
        return start
    low, step = start, 1
    while is_due(rule.at(start + step)):
        low, step = start + step, step * 2
    high = start + step  # not due; `low` is due
    while high - low > 1:
        middle = (low + high) // 2
        if is_due(rule.at(middle)):
            low = middle
        else:
            high = middle
    return high


def _index_of(belt: Belt, key: Hashable) -> int:
    for index, slot in enumerate(belt):
        if slot.key == key:
            return index
    raise NotOnBelt(f"no slot {key} on this plan")


@dataclass(frozen=True)
class Changes:
    """What turns the stored belt into the new one: rows to delete, rows to create, rows whose product changed."""

    deleted: tuple[Hashable, ...]
    created: tuple[Slot, ...]
    refilled: tuple[Slot, ...]

    def __bool__(self) -> bool:
        return bool(self.deleted or self.created or self.refilled)


def changes(before: Belt, after: Belt) -> Changes:
    kept = {slot.key: slot for slot in after if slot.key is not None}
    return Changes(
        deleted=tuple(slot.key for slot in before if slot.key not in kept),
        created=tuple(slot for slot in after if slot.key is None),
        refilled=tuple(
            kept[slot.key] for slot in before if slot.key in kept and kept[slot.key].product != slot.product
        ),
    )
