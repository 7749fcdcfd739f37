"""Wall-clock time in a store's zone and the UTC instants that decide what is due. Pure.

A slot's time is a local wall-clock time (naive datetime) plus the account's IANA zone; it becomes an instant
only to decide whether it is due. Two local times need a rule:

- In an autumn *fold* (02:30 happens twice in Berlin on the last Sunday of October) the first occurrence counts.
- In a spring *gap* (02:30 does not exist on the last Sunday of March) the slot is due when the clocks jump, the
  first instant after the gap.

Both keep the mapping monotone: a later wall-clock time is never due before an earlier one.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"  # fixed width: stored strings sort as the times they name


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def zone_named(name: str) -> ZoneInfo:
    """The zone for an IANA name (`Europe/Berlin`); ValueError for anything else (paths, abbreviations)."""
    if name not in known_zones():
        raise ValueError(f"{name!r} is not an IANA time zone name (e.g. Europe/Berlin)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not an IANA time zone name (e.g. Europe/Berlin)") from exc


def wall_clock(instant: datetime, zone: ZoneInfo) -> datetime:
    """The naive local time the store's clocks show at `instant` (an aware datetime)."""
    return instant.astimezone(zone).replace(tzinfo=None)


def due_instant(local: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant a local wall-clock time stands for: the first occurrence in a fold, the end of a gap."""
    first = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if wall_clock(first, zone) == local:
        return first
    # A gap: fold=1 reads the time with the offset after the change, fold=0 with the one before; the clocks
    # jumped at a whole second between the two readings, which a binary search finds.
    other = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = math.floor(min(other, first).timestamp()), math.ceil(max(other, first).timestamp())
    after = _offset_at(high, zone)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_at(middle, zone) == after:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _offset_at(second: int, zone: ZoneInfo) -> timedelta | None:
    return datetime.fromtimestamp(second, UTC).astimezone(zone).utcoffset()


def format_local(local: datetime) -> str:
    return local.strftime(LOCAL_FORMAT)


def parse_local(text: str) -> datetime:
    return datetime.strptime(text, LOCAL_FORMAT)
