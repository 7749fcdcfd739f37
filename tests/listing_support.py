"""Helpers for the listing tests: GraphQL documents, a webhook receiver on 127.0.0.1, catalog products, and moving a
plan back in time (as if the scheduler had been away)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from db.models import ListingSlot, Product, StoreAccount
from db.transactions import in_transaction
from domain.auth import local_principal
from domain.listing.clock import due_instant, format_local, parse_local, zone_named
from tests.support import GraphQLClient

PLAN = """account { id name timezone rule { itemsPerDay enabled } missedSlots publisher { kind url } }
  nextRunAt
  slots { id scheduledAt localTime status productId error errorDetail attempts maxAttempts nextAttemptAt }
  listed { id slotId productId listedAt scheduledAt localTime title description bulletPoints imageUrl publishedUrl }"""
CREATE_ACCOUNT = """mutation($input: CreateStoreAccountInput!) { createStoreAccount(input: $input) {
  id name timezone publisher { kind url } missedSlots rule { itemsPerDay enabled } } }"""
SET_RULE = f"""mutation($a: ID!, $n: Int!, $e: Boolean!, $c: Boolean) {{
  setSchedulingRule(accountId: $a, itemsPerDay: $n, enabled: $e, confirm: $c) {{ {PLAN} }} }}"""
RESET = f"mutation($a: ID!, $c: Boolean) {{ resetListingPlan(accountId: $a, confirm: $c) {{ {PLAN} }} }}"
DEPLOY = f"mutation($a: ID!, $p: ID!) {{ deployProduct(accountId: $a, productId: $p) {{ {PLAN} }} }}"
REMOVE = f"mutation($s: ID!) {{ removeSlot(slotId: $s) {{ {PLAN} }} }}"
GET_PLAN = f"query($a: ID!) {{ listingPlan(accountId: $a) {{ {PLAN} }} }}"
FOLLOW = f"subscription($a: ID!) {{ listingPlanUpdated(accountId: $a) {{ {PLAN} }} }}"
SECRET = "whsec-test-0123456789abcdef"


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes

    @property
    def document(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)
        return value


@dataclass
class Receiver:
    """A store's webhook endpoint: records every POST and answers with the next scripted status (then 200)."""

    statuses: list[int] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/listings"

    async def _handle(self, request: Request) -> Response:
        self.deliveries.append(Delivery(dict(request.headers), await request.body()))
        status = self.statuses.pop(0) if self.statuses else 200
        if status >= 300:
            return Response(b"not now", status_code=status)
        number = len(self.deliveries)
        return JSONResponse({"url": f"https://store.example/listings/{number}"}, status_code=status)


@contextlib.asynccontextmanager
async def receiving(statuses: list[int] | None = None, receiver: Receiver | None = None) -> AsyncIterator[Receiver]:
    """`receiver`: one of your own (a subclass that does something while a delivery is in flight)."""
    receiver = receiver or Receiver()
    receiver.statuses = list(statuses or receiver.statuses)
    app = Starlette(routes=[Route("/hooks/listings", receiver._handle, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    receiver.port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task


async def catalog_products(count: int, prefix: str = "Product") -> list[str]:
    """Catalog products of the local workspace, written directly (deploying needs no images)."""
    principal = await local_principal()
    rows = [
        Product(workspace_id=principal.workspace_id, title=f"{prefix} {i}", in_catalog=True, images=[])
        for i in range(count)
    ]
    await Product.bulk_create(rows)
    return [str(row.id) for row in rows]


async def create_account(client: GraphQLClient, **overrides: Any) -> dict[str, Any]:
    data = {"name": "Main store", "timezone": "UTC", **overrides}
    account: dict[str, Any] = (await client.data(CREATE_ACCOUNT, {"input": data}))["createStoreAccount"]
    return account


async def set_rule(
    client: GraphQLClient, account_id: str, n: int, enabled: bool = True, confirm: bool | None = None
) -> dict[str, Any]:
    variables = {"a": account_id, "n": n, "e": enabled, "c": confirm}
    plan: dict[str, Any] = (await client.data(SET_RULE, variables))["setSchedulingRule"]
    return plan


async def deploy(client: GraphQLClient, account_id: str, product_id: str) -> dict[str, Any]:
    plan: dict[str, Any] = (await client.data(DEPLOY, {"a": account_id, "p": product_id}))["deployProduct"]
    return plan


async def get_plan(client: GraphQLClient, account_id: str) -> dict[str, Any]:
    plan: dict[str, Any] = (await client.data(GET_PLAN, {"a": account_id}))["listingPlan"]
    return plan


async def move_back(account_id: str, by: timedelta) -> None:
    """Every slot and the rule's anchor `by` earlier, as if that much time had passed with no scheduler running."""
    async with in_transaction() as tx:
        account = await StoreAccount.filter(id=account_id).using_db(tx).select_for_update().get()
        zone = zone_named(account.timezone)
        if account.rule_anchor:
            anchor = format_local(parse_local(account.rule_anchor) - by)
            await StoreAccount.filter(id=account_id).using_db(tx).update(rule_anchor=anchor)
        for slot in await ListingSlot.filter(account_id=account_id).using_db(tx):
            local = parse_local(slot.local_time) - by
            await (
                ListingSlot.filter(id=slot.id)
                .using_db(tx)
                .update(local_time=format_local(local), due_at=due_instant(local, zone))
            )


async def wait_for(check: Callable[[], Any], timeout: float = 60, what: str = "the plan") -> Any:
    """Poll until `check()` returns something truthy (tolerant of a loaded machine: no timing is asserted)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await check()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
