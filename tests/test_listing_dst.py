"""Daylight saving: a Europe/Berlin plan keeps its wall-clock times over the last Sunday of October (and the last
Sunday of March), through the domain's use cases and the belt's tick with a moving clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.auth import local_principal
from domain.listing import (
    StoreAccountInput,
    create_store_account,
    deploy_product,
    get_plan,
    set_scheduling_rule,
)
from domain.listing.clock import parse_local
from domain.listing.tick import turn_belts
from domain.tenancy import Principal
from tests.conftest import make_settings
from tests.listing_support import catalog_products
from tests.support import LiveServer, serve_app


@pytest.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


# Dates years ahead: the server's own start-up tick runs on the real clock and must find none of them due.
def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def belt_at(principal: Principal, account_id: object, now: datetime) -> list[tuple[str, datetime, str | None]]:
    await turn_belts(now)
    view = await get_plan(principal, account_id)
    return [
        (parse_local(s.local_time).strftime("%m-%d %H:%M"), s.due_at, str(s.product_id) if s.product_id else None)
        for s in view.slots
    ]


async def test_four_a_day_stay_at_their_wall_clock_times_over_the_autumn_change(quiet_server: LiveServer) -> None:
    principal = await local_principal()
    account = await create_store_account(principal, StoreAccountInput(name="Berlin", timezone="Europe/Berlin"))
    # Set at 00:00 local on Saturday 25 October 2036 (CEST, UTC+2; the clocks go back on Sunday the 26th):
    # the first slot at 00:10, then every 6 hours.
    await set_scheduling_rule(principal, account.id, 4, False, False, now=utc(2036, 10, 24, 22, 0))
    assert [t for t, _, _ in await belt_at(principal, account.id, utc(2036, 10, 24, 22, 0))] == [
        "10-25 00:10",
        "10-25 06:10",
        "10-25 12:10",
        "10-25 18:10",
    ]
    # Saturday 19:00 local: the day's slots have rolled off; two products wait on either side of the change.
    evening = utc(2036, 10, 25, 17, 0)
    await turn_belts(evening)
    a, b = await catalog_products(2)
    await deploy_product(principal, account.id, a, now=evening)
    await deploy_product(principal, account.id, b, now=evening)
    belt = await belt_at(principal, account.id, evening)
    assert belt == [
        ("10-26 00:10", utc(2036, 10, 25, 22, 10), a),  # still summer time
        ("10-26 06:10", utc(2036, 10, 26, 5, 10), b),  # winter time (UTC+1): 7 real hours later
        ("10-26 12:10", utc(2036, 10, 26, 11, 10), None),
        ("10-26 18:10", utc(2036, 10, 26, 17, 10), None),
    ]
    # Walk the clock through Monday, six hours at a time: every slot is at 00:10, 06:10, 12:10 or 18:10 local;
    # the filled ones (the rule is paused, so nothing is published) never move.
    now = evening
    while now < utc(2036, 10, 28, 0, 0):
        now += timedelta(hours=6)
        belt = await belt_at(principal, account.id, now)
        assert len(belt) == 4
        assert {t[-5:] for t, _, _ in belt} <= {"00:10", "06:10", "12:10", "18:10"}
        assert belt[:2] == [
            ("10-26 00:10", utc(2036, 10, 25, 22, 10), a),
            ("10-26 06:10", utc(2036, 10, 26, 5, 10), b),
        ]
        assert all(due > now for _, due, product in belt if product is None)  # empty slots only in the future
    assert [t for t, _, _ in belt[2:]] == ["10-28 06:10", "10-28 12:10"]


async def test_hourly_slots_over_both_changes_happen_once_per_wall_clock_hour(quiet_server: LiveServer) -> None:
    principal = await local_principal()
    account = await create_store_account(principal, StoreAccountInput(name="Berlin", timezone="Europe/Berlin"))
    # Autumn: 24 a day from 00:10 local on Sunday 26 October 2036; 02:10 happens twice on the clock but is one slot,
    # due at its first occurrence (00:10 UTC); the day has 25 real hours for 24 slots.
    await set_scheduling_rule(principal, account.id, 24, False, False, now=utc(2036, 10, 25, 22, 0))
    belt = await belt_at(principal, account.id, utc(2036, 10, 25, 22, 0))
    assert [t for t, _, _ in belt] == [f"10-26 {h:02d}:10" for h in range(24)]
    dues = {t: due for t, due, _ in belt}
    assert dues["10-26 02:10"] == utc(2036, 10, 26, 0, 10)
    assert dues["10-26 03:10"] == utc(2036, 10, 26, 2, 10)
    # Spring: 02:10 on Sunday 30 March 2036 does not exist; that slot is due when the clocks jump (01:00 UTC).
    await set_scheduling_rule(principal, account.id, 12, False, True, now=utc(2036, 3, 29, 23, 0))
    belt = await belt_at(principal, account.id, utc(2036, 3, 29, 23, 0))
    assert [t for t, _, _ in belt] == [f"03-30 {h:02d}:10" for h in range(0, 24, 2)]
    dues = {t: due for t, due, _ in belt}
    assert (dues["03-30 00:10"], dues["03-30 02:10"], dues["03-30 04:10"]) == (
        utc(2036, 3, 29, 23, 10),
        utc(2036, 3, 30, 1, 0),
        utc(2036, 3, 30, 2, 10),
    )
