"""Listing belt tick bench: the tick's cost follows due work, not the number of accounts.

Two installations side by side, one with 1,000 store accounts and one with 10,000 (4 slots a day each, so 4,000
and 40,000 slot rows), and in both exactly 100 accounts with due work: a filled slot whose time has come (sent to
the workers) and an empty one that has expired (rolled off, one appended). Each run re-creates the due work and
times one `turn_belts` call (the scheduler's listing job), counting its SQL statements; the median of the runs is
compared. Goal: the 10,000-account tick within 1.5x of the 1,000-account one.

    .venv/bin/python bench/listing_tick.py [--accounts 1000 10000] [--due 100] [--runs 5]
        [--database sqlite|postgres|both]   (postgres: $VITRINE_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import settings as settings_module
from db.lifecycle import apply_migrations, close_db, init_db
from db.migration_files import create_pg_database, drop_pg_database
from db.models import ListingSlot, OutboxMessage, Product, StoreAccount, Workspace
from domain.listing.belt import Rule
from domain.listing.clock import format_local, wall_clock
from domain.listing.statuses import SlotStatus
from domain.listing.tick import accounts_with_due_slots, turn_belts
from integrations.event_bus import make_event_bus, set_event_bus
from settings import Settings

PER_DAY = 4
CHUNK = 2000


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def populate(accounts: int) -> tuple[list[Any], Any]:
    """`accounts` store accounts with a rule of 4 a day, all slots in the future and empty."""
    workspace = await Workspace.create(name=f"bench-{uuid.uuid4().hex[:8]}")
    product = await Product.create(workspace_id=workspace.id, title="Bench product", in_catalog=True)
    now = datetime.now(UTC)
    anchor = wall_clock(now + timedelta(hours=1), UTC).replace(microsecond=0)  # type: ignore[arg-type]
    rule = Rule(PER_DAY, anchor)
    rows = [
        StoreAccount(
            workspace_id=workspace.id,
            name=f"Store {i}",
            timezone="UTC",
            publisher_kind="catalog",
            missed_slots="catch_up",
            items_per_day=PER_DAY,
            enabled=True,
            rule_anchor=format_local(anchor),
        )
        for i in range(accounts)
    ]
    for start in range(0, len(rows), CHUNK):
        await StoreAccount.bulk_create(rows[start : start + CHUNK])
    slots = [
        ListingSlot(
            workspace_id=workspace.id,
            account_id=account.id,
            local_time=format_local(rule.at(step)),
            due_at=rule.at(step).replace(tzinfo=UTC),
            status=SlotStatus.EMPTY,
        )
        for account in rows
        for step in range(PER_DAY)
    ]
    for start in range(0, len(slots), CHUNK):
        await ListingSlot.bulk_create(slots[start : start + CHUNK])
    return [account.id for account in rows], product.id


async def make_due(account_ids: list[Any], product_id: Any, now: datetime) -> None:
    """Each account's belt on a grid whose first step passed 6 h ago: that slot holds a product (due, to be sent)
    and the next, empty, expired a minute ago (to be rolled); the other two are ahead."""
    anchor = wall_clock(now - timedelta(hours=6, minutes=1), UTC).replace(microsecond=0)  # type: ignore[arg-type]
    rule = Rule(PER_DAY, anchor)
    await ListingSlot.filter(account_id__in=account_ids).delete()
    await StoreAccount.filter(id__in=account_ids).update(rule_anchor=format_local(anchor))
    workspace_id = (await StoreAccount.get(id=account_ids[0])).workspace_id
    await ListingSlot.bulk_create(
        [
            ListingSlot(
                workspace_id=workspace_id,
                account_id=account_id,
                local_time=format_local(rule.at(step)),
                due_at=rule.at(step).replace(tzinfo=UTC),
                status=SlotStatus.SCHEDULED if step == 0 else SlotStatus.EMPTY,
                product_id=product_id if step == 0 else None,
            )
            for account_id in account_ids
            for step in range(PER_DAY)
        ]
    )
    await OutboxMessage.all().delete()


async def measure(database_url: str, accounts: int, due: int, runs: int) -> dict[str, Any]:
    await apply_migrations(database_url)
    await init_db(database_url)
    try:
        account_ids, product_id = await populate(accounts)
        if database_url.startswith("postgres"):
            from tortoise import Tortoise

            await Tortoise.get_connection("default").execute_script("ANALYZE")  # what autovacuum does in service
        due_ids = account_ids[:: max(1, accounts // due)][:due]
        times, statements, sent = [], [], []
        logger = logging.getLogger("tortoise.db_client")
        for _ in range(runs):
            now = datetime.now(UTC)
            await make_due(due_ids, product_id, now)
            assert len(await accounts_with_due_slots(now)) == due
            counter = _Statements()
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
            logger.addHandler(counter)
            started = time.perf_counter()
            report = await turn_belts(now)
            elapsed = time.perf_counter() - started
            logger.removeHandler(counter)
            logger.setLevel(logging.WARNING)
            logger.propagate = True
            assert report.accounts == due and report.sent == due and report.failed == 0, report
            times.append(elapsed)
            statements.append(counter.count)
            sent.append(report.sent)
        slots = await ListingSlot.all().count()
        return {
            "accounts": accounts,
            "slots": slots,
            "due": due,
            "median_ms": statistics.median(times) * 1000,
            "min_ms": min(times) * 1000,
            "statements": statistics.median(statements),
        }
    finally:
        await close_db()


async def run(database: str, sizes: list[int], due: int, runs: int) -> list[dict[str, Any]]:
    results = []
    for accounts in sizes:
        if database == "sqlite":
            folder = tempfile.mkdtemp(prefix="listing-bench-")
            url = f"sqlite://{folder}/bench.db"
            configure(url, folder)
            results.append(await measure(url, accounts, due, runs))
        else:
            server = os.environ.get("VITRINE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
            name = f"vitrine_bench_{uuid.uuid4().hex[:10]}"
            await create_pg_database(server, name)
            try:
                configure(f"{server}/{name}", tempfile.mkdtemp(prefix="listing-bench-"))
                results.append(await measure(f"{server}/{name}", accounts, due, runs))
            finally:
                await drop_pg_database(server, name)
    return results


def configure(database_url: str, folder: str) -> None:
    settings_module.configure(
        Settings(
            database_url=database_url,
            media_dir=Path(folder) / "media",
            secret_key="bench-secret-key-0123456789",
            log_format="text",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, nargs=2, default=[1000, 10000])
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    set_event_bus(make_event_bus(None))
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    for database in databases:
        small, large = asyncio.run(run(database, args.accounts, args.due, args.runs))
        print(f"\n{database}: one belt tick, {args.due} accounts with due work, median of {args.runs} runs")
        print(f"{'accounts':>10} {'slot rows':>10} {'tick ms':>9} {'min ms':>8} {'SQL statements':>15}")
        for row in (small, large):
            print(
                f"{row['accounts']:>10,} {row['slots']:>10,} {row['median_ms']:>9.1f} {row['min_ms']:>8.1f} "
                f"{row['statements']:>15.0f}"
            )
        ratio = large["median_ms"] / small["median_ms"]
        verdict = "within" if ratio <= 1.5 else "OVER"
        print(f"ratio {large['accounts']:,} / {small['accounts']:,} accounts: {ratio:.2f}x ({verdict} the 1.5x goal)")


if __name__ == "__main__":
    main()
