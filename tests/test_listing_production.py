"""The belt on the production path: PostgreSQL, Redis, `vitrine serve`, a `vitrine worker` and two `vitrine
scheduler` processes (the tick is locked: running two is safe). The seed's scenario lists A once, signed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from integrations.publishers import verify_signature
from tests.catalog_support import CREATE_PRODUCT
from tests.listing_support import SECRET, create_account, deploy, get_plan, parse_time, receiving, set_rule, wait_for
from tests.shop import ProductSpec, running_shop
from tests.support import production_stack


async def test_two_schedulers_and_a_worker_process_list_a_slot_once(pg_url: str, tmp_path: Path) -> None:
    fast = {"VITRINE_LISTING_LEAD": "5s", "VITRINE_LISTING_TICK": "1s"}
    with (
        running_shop(tote=ProductSpec("Everyday Canvas Tote Bag", images=1)) as shop,
        production_stack(pg_url, tmp_path / "stack", extra_env=fast) as stack,
    ):
        stack.start("scheduler2", "scheduler")
        client = stack.client()
        async with receiving() as receiver:
            try:
                account = await create_account(
                    client, publisher={"kind": "WEBHOOK", "url": receiver.url, "secret": SECRET}
                )
                product = {
                    "title": "Organic Cotton Tote",
                    "price": "24.90",
                    "currency": "EUR",
                    "images": [shop.image_url("tote", 0)],
                }
                a = (await client.data(CREATE_PRODUCT, {"input": product}))["createProduct"]["id"]
                await set_rule(client, account["id"], 2)
                plan = await deploy(client, account["id"], a)
                t2 = parse_time(plan["slots"][1]["scheduledAt"])

                async def listed() -> Any:
                    # The plan's slots and its listed log are two reads (domain/listing/view.py): one taken just
                    # before the listing's commit and the other just after may show the slot both listed and due.
                    current = await get_plan(client, account["id"])
                    shown = [parse_time(s["scheduledAt"]) for s in current["slots"]]
                    return current if current["listed"] and t2 - timedelta(hours=12) not in shown else None

                plan = await wait_for(listed, timeout=120, what="the listing")
                await wait_for(lambda: _delivered(receiver), what="the webhook")
            except Exception:
                print(stack.logs())
                raise
        assert len(receiver.deliveries) == 1
        delivery = receiver.deliveries[0]
        assert verify_signature(delivery.body, SECRET, delivery.headers["x-vitrine-signature"])
        assert delivery.document["product"]["id"] == a == plan["listed"][0]["productId"]
        now = datetime.now(UTC)
        assert [parse_time(s["scheduledAt"]) for s in plan["slots"]] == [t2, t2 + timedelta(hours=12)]
        assert all(parse_time(s["scheduledAt"]) > now for s in plan["slots"])


async def _delivered(receiver: Any) -> bool:
    return bool(receiver.deliveries)
