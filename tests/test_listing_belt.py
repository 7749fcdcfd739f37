"""The belt algebra and the wall-clock rules, as pure functions: properties over random rules, zones and edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import count, pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.listing import belt as algebra
from domain.listing.belt import Belt, Rule, Slot
from domain.listing.clock import due_instant, format_local, parse_local, wall_clock, zone_named

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute DST change
    "Pacific/Chatham",  # +12:45 / +13:45
    "Asia/Kathmandu",  # +05:45, no DST
    "America/Santiago",  # DST at midnight: days without a 00:xx
    "Europe/Dublin",  # "negative" DST in tzdata
]
BERLIN = zone_named("Europe/Berlin")

rules = st.builds(
    Rule,
    per_day=st.integers(algebra.MIN_PER_DAY, algebra.MAX_PER_DAY),
    anchor=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


def keyed(belt: Belt, keys: Any) -> Belt:
    """What the database does to an edit's new slots: they get ids."""
    return tuple(replace(slot, key=next(keys)) if slot.key is None else slot for slot in belt)


def on_grid(rule: Rule, at: datetime) -> bool:
    return rule.at(rule.step_after(at - timedelta(microseconds=1))) == at


def check(belt: Belt, size: int, rule: Rule) -> None:
    assert len(belt) == size
    assert all(a.at < b.at for a, b in pairwise(belt)), "times strictly increase"
    assert all(on_grid(rule, slot.at) for slot in belt), "every slot stays on the rule's grid"


# Each edit: (kind, argument). Time only moves forward between edits.
edits = st.lists(
    st.tuples(
        st.sampled_from(["deploy", "remove", "roll", "send", "leave", "wait"]),
        st.integers(0, 10_000),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(rule=rules, zone_name=st.sampled_from(ZONES), script=edits, start=st.integers(-3 * 86400, 3 * 86400))
def test_every_edit_keeps_n_slots_in_strictly_increasing_times(
    rule: Rule, zone_name: str, script: list[tuple[str, int]], start: int
) -> None:
    zone = zone_named(zone_name)
    keys = count()
    now = due_instant(rule.anchor, zone) + timedelta(seconds=start)
    belt = keyed(algebra.fresh(rule), keys)
    check(belt, rule.per_day, rule)
    products = count()
    for kind, arg in script:

        def is_due(at: datetime, now: datetime = now) -> bool:
            return due_instant(at, zone) <= now

        before = belt
        if kind == "deploy":
            try:
                belt = algebra.deploy(belt, f"p{next(products)}")
            except algebra.NoEmptySlot:
                assert all(s.filled or s.busy for s in belt)
        elif kind == "remove":
            target = belt[arg % len(belt)]
            try:
                belt = keyed(algebra.remove(belt, target.key, rule, is_due), keys)
            except algebra.SlotBusy:
                assert target.busy
            else:
                if target.filled:  # emptied in place, time kept
                    assert any(s.key == target.key and s.at == target.at and not s.filled for s in belt)
                else:  # gone, and one new slot after the last that is not due
                    assert target.key not in {s.key for s in belt}
                    assert belt[-1].at > before[-1].at and not is_due(belt[-1].at)
        elif kind == "roll":
            belt = keyed(algebra.roll(belt, rule, is_due), keys)
            for slot in before:
                if slot.filled or slot.busy:  # never moved, emptied or removed by a roll
                    assert slot in belt
            assert not any(is_due(s.at) and not (s.filled or s.busy) for s in belt)
        elif kind == "send":
            filled = [s for s in belt if s.filled and not s.busy]
            if filled:
                chosen = filled[arg % len(filled)]
                belt = tuple(replace(s, busy=True) if s.key == chosen.key else s for s in belt)
        elif kind == "leave":
            done = belt[arg % len(belt)]
            belt = keyed(algebra.leave(belt, done.key, rule, rule.per_day, is_due), keys)
            assert done.key not in {s.key for s in belt}
        else:
            now += timedelta(seconds=arg * 37)
        check(belt, rule.per_day, rule)


@settings(max_examples=200, deadline=None)
@given(rule=rules, zone_name=st.sampled_from(ZONES), filled=st.integers(0, 96), which=st.integers(0, 95))
def test_removing_an_empty_slot_then_deploying_keeps_n(rule: Rule, zone_name: str, filled: int, which: int) -> None:
    zone = zone_named(zone_name)
    now = due_instant(rule.anchor, zone) - timedelta(minutes=1)
    keys = count()
    belt = keyed(algebra.fresh(rule), keys)
    for i in range(min(filled, rule.per_day - 1)):
        belt = algebra.deploy(belt, f"p{i}")
    empty = [s for s in belt if not s.filled]
    target = empty[which % len(empty)]
    belt = keyed(algebra.remove(belt, target.key, rule, lambda at: due_instant(at, zone) <= now), keys)
    assert len(belt) == rule.per_day
    belt = algebra.deploy(belt, "new")
    check(belt, rule.per_day, rule)
    assert sum(s.product == "new" for s in belt) == 1


@settings(max_examples=200, deadline=None)
@given(rule=rules, zone_name=st.sampled_from(ZONES), away_days=st.integers(0, 800))
def test_a_belt_that_stood_still_rolls_into_the_future_on_its_grid(rule: Rule, zone_name: str, away_days: int) -> None:
    """The scheduler was down for up to two years: the roll skips every due step at once, filled slots stay."""
    zone = zone_named(zone_name)
    belt = algebra.deploy(keyed(algebra.fresh(rule), count()), "kept")
    now = due_instant(rule.at(rule.per_day), zone) + timedelta(days=away_days)
    rolled = algebra.roll(belt, rule, lambda at: due_instant(at, zone) <= now)
    assert rolled[0] == belt[0]  # the filled slot, never rolled
    assert all(due_instant(s.at, zone) > now for s in rolled[1:])
    check(rolled, rule.per_day, rule)


@given(st.integers(1, 96), st.integers(0, 5000))
def test_the_grid_comes_back_to_the_same_wall_clock_time_every_day(per_day: int, days: int) -> None:
    rule = Rule(per_day, datetime(2026, 1, 1, 0, 10))
    assert rule.at(per_day * days) == rule.anchor + timedelta(days=days)


@settings(max_examples=300)
@given(
    zone_name=st.sampled_from(ZONES),
    a=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)),
    gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=6)),
)
def test_due_instants_never_run_backwards(zone_name: str, a: datetime, gap: timedelta) -> None:
    zone = zone_named(zone_name)
    assert due_instant(a, zone) <= due_instant(a + gap, zone)


@settings(max_examples=300)
@given(zone_name=st.sampled_from(ZONES), instant=st.datetimes(min_value=datetime(2020, 1, 1), timezones=st.just(UTC)))
def test_a_time_the_clocks_show_maps_back_to_its_first_instant(zone_name: str, instant: datetime) -> None:
    zone = zone_named(zone_name)
    local = wall_clock(instant, zone)
    due = due_instant(local, zone)
    assert wall_clock(due, zone) == local and due <= instant  # equal, or the earlier reading of a fold


def test_berlin_gap_and_fold() -> None:
    # Spring: 02:00-03:00 does not exist; such a slot is due when the clocks jump (01:00 UTC).
    assert due_instant(datetime(2026, 3, 29, 2, 30), BERLIN) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    # Autumn: 02:30 happens twice; the first (summer time, 00:30 UTC) counts.
    assert due_instant(datetime(2026, 10, 25, 2, 30), BERLIN) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert due_instant(datetime(2026, 10, 25, 3, 0), BERLIN) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


def test_local_times_are_stored_fixed_width_and_sort_as_times() -> None:
    times = [datetime(2026, 10, 25, 2, 10), datetime(2026, 10, 25, 2, 10, 0, 1), datetime(2026, 12, 1, 23, 59)]
    texts = [format_local(t) for t in times]
    assert {len(t) for t in texts} == {26} and sorted(texts) == texts
    assert [parse_local(t) for t in texts] == times


def test_rule_bounds() -> None:
    with pytest.raises(ValueError):
        Rule(0, datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        Rule(97, datetime(2026, 1, 1))


def test_zone_names_are_iana_names_only() -> None:
    for bad in ["Mars/Olympus", "../../etc/passwd", "CEST", "", "europe/berlin "]:
        with pytest.raises(ValueError):
            zone_named(bad)


def test_deploy_fills_the_first_empty_slot_and_keeps_its_time() -> None:
    rule = Rule(4, datetime(2026, 5, 1, 0, 10))
    belt = keyed(algebra.fresh(rule), count())
    belt = algebra.deploy(belt, "a")
    belt = algebra.deploy(belt, "b")
    assert [(s.at.strftime("%H:%M"), s.product) for s in belt] == [
        ("00:10", "a"),
        ("06:10", "b"),
        ("12:10", None),
        ("18:10", None),
    ]
    emptied = algebra.remove(belt, belt[0].key, rule, lambda at: False)
    assert emptied[0].at == belt[0].at and emptied[0].product is None
    assert Slot(belt[0].at, None, False, belt[0].key) == emptied[0]
