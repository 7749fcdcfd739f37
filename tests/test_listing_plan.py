"""The listing plan through the GraphQL API (embedded, SQLite): store accounts, rules, deploy and remove, the
confirmation rule, tenancy, live updates, and a tick whose statements do not grow with the number of accounts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from db.models import ListingSlot, Product, StoreAccount, Workspace
from domain.auth import issue_token
from domain.listing import tick
from tests.catalog_support import errors_of
from tests.conftest import make_settings
from tests.listing_support import (
    CREATE_ACCOUNT,
    DEPLOY,
    FOLLOW,
    GET_PLAN,
    REMOVE,
    RESET,
    SECRET,
    SET_RULE,
    catalog_products,
    create_account,
    deploy,
    get_plan,
    parse_time,
    set_rule,
)
from tests.support import LiveServer, count_statements, serve_app, subscribe


@pytest.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """No periodic work between its start-up tick and the end of the test: only the test touches the database."""
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


def times(plan: dict[str, Any]) -> list[datetime]:
    return [parse_time(slot["scheduledAt"]) for slot in plan["slots"]]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"name": "  "}, "name"),
        ({"publisher": {"kind": "WEBHOOK", "secret": SECRET}}, "publisher.url"),
        ({"publisher": {"kind": "WEBHOOK", "url": "ftp://store.example/x", "secret": SECRET}}, "publisher.url"),
        (
            {"publisher": {"kind": "WEBHOOK", "url": "http://127.0.0.1:9/hook", "secret": "short"}},
            "publisher.secret",
        ),
        ({"publisher": {"kind": "CATALOG", "url": "http://127.0.0.1:9/hook"}}, "publisher.url"),
    ],
)
async def test_bad_accounts_are_refused_and_write_nothing(
    server: LiveServer, overrides: dict[str, Any], field: str
) -> None:
    body = await server.client().execute(CREATE_ACCOUNT, {"input": {"name": "Shop", "timezone": "UTC", **overrides}})
    assert body["data"] is None
    assert errors_of(body) == [("BAD_USER_INPUT", field)]
    assert await StoreAccount.all().count() == 0


async def test_an_account_keeps_its_webhook_secret_to_itself(server: LiveServer) -> None:
    client = server.client()
    publisher = {"kind": "WEBHOOK", "url": "http://127.0.0.1:9/hook", "secret": SECRET}
    response = await client.post(
        CREATE_ACCOUNT,
        {"input": {"name": "Shop", "timezone": "Europe/Berlin", "publisher": publisher, "missedSlots": "SKIP"}},
    )
    assert SECRET not in response.text
    account = response.json()["data"]["createStoreAccount"]
    assert account["publisher"] == {"kind": "WEBHOOK", "url": "http://127.0.0.1:9/hook"}
    assert account["timezone"] == "Europe/Berlin" and account["missedSlots"] == "SKIP" and account["rule"] is None
    listed = await client.post("{ storeAccounts { id name publisher { kind url } } }")
    assert SECRET not in listed.text and listed.json()["data"]["storeAccounts"][0]["id"] == account["id"]
    asked = await client.execute("{ storeAccounts { publisher { secret } } }")
    assert asked["errors"] and "secret" in asked["errors"][0]["message"]
    assert (await StoreAccount.get(id=account["id"])).publisher_secret == SECRET


async def test_a_rule_lays_n_slots_from_the_lead_time(server: LiveServer) -> None:
    client = server.client()
    account = await create_account(client)
    before = datetime.now(UTC)
    plan = await set_rule(client, account["id"], 4)
    after = datetime.now(UTC)
    assert plan["account"]["rule"] == {"itemsPerDay": 4, "enabled": True}
    assert [s["status"] for s in plan["slots"]] == ["EMPTY"] * 4
    first, *rest = times(plan)
    lead = server.settings.listing_lead
    assert before + lead <= first <= after + lead + timedelta(seconds=1)
    assert [b - a for a, b in zip([first, *rest], rest, strict=False)] == [timedelta(hours=6)] * 3
    assert plan["slots"][0]["localTime"].startswith(first.strftime("%Y-%m-%dT%H:%M:%S"))
    assert plan["nextRunAt"] is None  # nothing scheduled yet


async def test_deploy_fills_the_first_empty_slot_and_remove_keeps_the_belt(server: LiveServer) -> None:
    client = server.client()
    account = await create_account(client)
    a, b, c, d = await catalog_products(4)
    laid = await set_rule(client, account["id"], 3)
    await deploy(client, account["id"], a)
    plan = await deploy(client, account["id"], b)
    assert [(s["productId"], s["status"]) for s in plan["slots"]] == [
        (a, "SCHEDULED"),
        (b, "SCHEDULED"),
        (None, "EMPTY"),
    ]
    assert times(plan) == times(laid)  # each product took its slot's time
    assert parse_time(plan["nextRunAt"]) == times(laid)[0]

    again = await client.execute(DEPLOY, {"a": account["id"], "p": a})
    assert errors_of(again) == [("BAD_USER_INPUT", "productId")]
    await deploy(client, account["id"], c)
    full = await client.execute(DEPLOY, {"a": account["id"], "p": d})
    assert (
        errors_of(full) == [("BAD_USER_INPUT", "accountId")] and "slots holds a product" in full["errors"][0]["message"]
    )

    b_slot = plan["slots"][1]
    plan = (await client.data(REMOVE, {"s": b_slot["id"]}))["removeSlot"]  # filled: emptied, time kept
    assert plan["slots"][1] == {**b_slot, "productId": None, "status": "EMPTY"}
    plan = (await client.data(REMOVE, {"s": b_slot["id"]}))["removeSlot"]  # empty: gone, one appended
    assert [s["productId"] for s in plan["slots"]] == [a, c, None]
    assert b_slot["id"] not in {s["id"] for s in plan["slots"]}
    assert times(plan) == [times(laid)[0], times(laid)[2], times(laid)[2] + timedelta(hours=8)]
    plan = await deploy(client, account["id"], d)
    assert [s["productId"] for s in plan["slots"]] == [a, c, d]


async def test_a_new_rule_or_a_reset_needs_confirmation_while_products_wait(server: LiveServer) -> None:
    client = server.client()
    account = await create_account(client)
    (a,) = await catalog_products(1)
    await set_rule(client, account["id"], 2)
    before = await deploy(client, account["id"], a)

    refused = await client.execute(SET_RULE, {"a": account["id"], "n": 3, "e": True})
    assert errors_of(refused) == [("CONFIRMATION_REQUIRED", None)]
    assert refused["errors"][0]["extensions"]["products"] == [a]
    assert await get_plan(client, account["id"]) == before  # nothing changed
    refused = await client.execute(RESET, {"a": account["id"]})
    assert errors_of(refused) == [("CONFIRMATION_REQUIRED", None)]
    assert await get_plan(client, account["id"]) == before

    # The same itemsPerDay only switches the rule off: products and times stay, no confirmation needed.
    paused = await set_rule(client, account["id"], 2, enabled=False)
    assert paused["slots"] == before["slots"] and paused["account"]["rule"] == {"itemsPerDay": 2, "enabled": False}
    assert paused["nextRunAt"] is None

    plan = await set_rule(client, account["id"], 3, confirm=True)
    assert [s["status"] for s in plan["slots"]] == ["EMPTY"] * 3
    assert not {s["id"] for s in plan["slots"]} & {s["id"] for s in before["slots"]}
    plan = (await client.data(RESET, {"a": account["id"]}))["resetListingPlan"]  # nothing waits: no confirmation
    assert [s["status"] for s in plan["slots"]] == ["EMPTY"] * 3
    assert await ListingSlot.filter(account_id=account["id"]).count() == 3

    bad = await client.execute(SET_RULE, {"a": account["id"], "n": 97, "e": True})
    assert errors_of(bad) == [("BAD_USER_INPUT", "itemsPerDay")]


async def test_another_workspace_sees_nothing(server: LiveServer) -> None:
    client = server.client()
    account = await create_account(client)
    (a,) = await catalog_products(1)
    plan = await set_rule(client, account["id"], 2)
    stranger = server.client(await issue_token("eve@other.example", "other"))
    for query, variables in [
        (GET_PLAN, {"a": account["id"]}),
        (DEPLOY, {"a": account["id"], "p": a}),
        (REMOVE, {"s": plan["slots"][0]["id"]}),
        (SET_RULE, {"a": account["id"], "n": 5, "e": True, "c": True}),
    ]:
        assert errors_of(await stranger.execute(query, variables)) == [("NOT_FOUND", None)]
    assert (await stranger.data("{ storeAccounts { id } }"))["storeAccounts"] == []
    # Nor may the owner deploy another workspace's product.
    await create_account(stranger)
    other_workspace = await Workspace.get(name="other")
    (foreign,) = await catalog_products(1)
    await Product.filter(id=foreign).update(workspace_id=other_workspace.id)
    assert errors_of(await client.execute(DEPLOY, {"a": account["id"], "p": foreign})) == [("NOT_FOUND", None)]


async def test_subscribers_get_the_plan_then_every_change(server: LiveServer) -> None:
    client = server.client()
    account = await create_account(client)
    (a,) = await catalog_products(1)
    await set_rule(client, account["id"], 2)
    async with subscribe(server.ws_url, FOLLOW, {"a": account["id"]}) as sub:
        first = (await sub.next())["data"]["listingPlanUpdated"]
        assert [s["status"] for s in first["slots"]] == ["EMPTY", "EMPTY"]
        await deploy(client, account["id"], a)
        pushed = (await sub.next())["data"]["listingPlanUpdated"]
        assert pushed["slots"][0]["productId"] == a


async def test_the_tick_reads_due_slots_not_accounts(quiet_server: LiveServer) -> None:
    """With nothing due, a tick is two index range scans, whether there are 3 accounts or 30."""
    client = quiet_server.client()
    counts = []
    for more in (3, 27):
        for _ in range(more):
            account = await create_account(client)
            await set_rule(client, account["id"], 4)
        statements, report = await count_statements(lambda: tick.turn_belts(datetime.now(UTC)), requests_only=False)
        assert report.accounts == 0
        counts.append(statements)
    assert counts == [2, 2]


async def test_a_plan_reads_its_listed_log_only_when_the_query_asks_for_it(quiet_server: LiveServer) -> None:
    """The log is read in the plan's snapshot, and only as far as `listed(first:)` asks (variables included)."""
    client = quiet_server.client()
    account = await create_account(client)
    await set_rule(client, account["id"], 2)
    plan = "query($a: ID!, $n: Int) { listingPlan(accountId: $a) { nextRunAt slots { id } %s } }"
    bare, _ = await count_statements(
        lambda: client.data(
            "query($a: ID!) { listingPlan(accountId: $a) { nextRunAt slots { id } } }", {"a": account["id"]}
        )
    )
    none, _ = await count_statements(
        lambda: client.data(plan % "listed(first: $n) { id }", {"a": account["id"], "n": 0})
    )
    some, answer = await count_statements(
        lambda: client.data(plan % "listed(first: $n) { id }", {"a": account["id"], "n": 3})
    )
    assert none == bare and some == bare + 1
    assert answer["listingPlan"]["listed"] == []
    refused = await client.post(plan % "listed(first: $n) { id }", {"a": account["id"], "n": 101})
    assert errors_of(refused.json()) == [("BAD_USER_INPUT", "first")]
