"""Recovery at the default settings (the one end-to-end measurement of the promise; tests/test_recovery.py proves the
mechanism on short leases): a worker SIGKILLed mid-job, how long until its claimed work is taken again, and until
everything is done.

The production path as real processes (PostgreSQL, Redis, `vitrine serve`, `vitrine worker`, `vitrine scheduler`)
with nothing tuned: a 30 s lease renewed every 10 s, the broker's 15 s heartbeat, a 5 s scheduler tick. Two CTA jobs
of 4 product pages (each page answered after 2 s) x 6 variants run on one worker; once its page fetches are in
flight a second worker starts and the first one's whole process group is SIGKILLed. It prints, per round, the
seconds from the kill until the dead worker's claims were free again (their leases ran out: the promise is within
one lease, 30 s), until every URL it had claimed was claimed again (by the reaper's next tick after that), and until
all 48 variants were done, each against the lease.

    .venv/bin/python bench/recovery.py [--rounds 1]

Needs PostgreSQL and Redis (VITRINE_TEST_POSTGRES_URL, VITRINE_TEST_REDIS_URL, whose database it empties).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import scratch_postgres, workdir
from settings import Settings
from tests.shop import ProductSpec, running_shop
from tests.support import GraphQLClient, pg_rows, production_stack

CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id } }"
JOB = "query($id: ID!) { ctaJob(id: $id) { isCompleted successCount failedCount } }"
PAGES = 4
VARIANTS = 6
GIVE_UP = 180.0  # seconds after the kill: report a failure rather than wait forever


async def _until(check: Any, what: str, timeout: float, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := await check()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: nothing after {timeout} s")
        await asyncio.sleep(every)
    return found


async def one_round(pg_url: str, log_dir: Path) -> tuple[float, float, float]:
    """Seconds from the kill until the dead worker's claims were all free again, all taken again, all variants done."""
    pages = {f"page{i}": ProductSpec(f"Slow Product {i}", images=3) for i in range(PAGES)}
    with running_shop(**pages) as shop, production_stack(pg_url, log_dir, workers=1, default_recovery=True) as stack:
        shop.page_delay = 2.0
        client: GraphQLClient = stack.client()
        try:
            items = [{"url": shop.url(f"/p/page{i}"), "variants": VARIANTS} for i in range(PAGES)]
            jobs = [(await client.data(CREATE, {"input": {"items": items}}))["createCtaJob"]["id"] for _ in range(2)]
            await _until(lambda: pg_rows(pg_url, "SELECT id FROM cta_job_url WHERE status = 'scraping'"), "claims", 120)

            async def fetching() -> bool:
                return any(shop.page_hits(f"page{i}") for i in range(PAGES))

            await _until(fetching, "page fetches", 60, every=0.05)
            stack.start("worker1", "worker", "--processes", "1", "--threads", "4")
            claimed = await pg_rows(pg_url, "SELECT id, attempt FROM cta_job_url WHERE status = 'scraping'")
            if not claimed:
                raise RuntimeError("the page fetches ended before the kill")
            stack.kill("worker0")
            killed_at, killed_wall = time.monotonic(), time.time()
            ids = ", ".join(f"'{row['id']}'" for row in claimed)
            leases = await pg_rows(pg_url, f"SELECT lease_expires_at FROM cta_job_url WHERE id IN ({ids})")
            free = max(row["lease_expires_at"].timestamp() for row in leases) - killed_wall
            before = {row["id"]: row["attempt"] for row in claimed}

            async def all_retaken() -> bool:
                rows = await pg_rows(pg_url, "SELECT id, attempt FROM cta_job_url")
                return all(row["attempt"] > before[row["id"]] for row in rows if row["id"] in before)

            await _until(all_retaken, "the dead worker's claims taken again", GIVE_UP)
            resumed = time.monotonic() - killed_at

            async def all_done() -> bool:
                answers = [(await client.data(JOB, {"id": job}))["ctaJob"] for job in jobs]
                return all(a["isCompleted"] for a in answers)

            await _until(all_done, "every variant done", GIVE_UP, every=0.25)
            done = time.monotonic() - killed_at
            answers = [(await client.data(JOB, {"id": job}))["ctaJob"] for job in jobs]
        except Exception:
            print(stack.logs())
            raise
    made = sum(a["successCount"] for a in answers)
    failed = sum(a["failedCount"] for a in answers)
    if made != 2 * PAGES * VARIANTS or failed:
        raise AssertionError(f"{made} variants made, {failed} failed, of {2 * PAGES * VARIANTS}")
    return free, resumed, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    lease = Settings.model_fields["job_lease"].default.total_seconds()
    rounds: list[tuple[float, float, float]] = []
    for index in range(args.rounds):
        with scratch_postgres() as pg_url, workdir() as path:
            free, resumed, done = asyncio.run(one_round(pg_url, path / "stack"))
        rounds.append((free, resumed, done))
        print(
            f"round {index + 1}: after the kill, claims free again {free:.1f} s, taken again {resumed:.1f} s, "
            f"all {2 * PAGES * VARIANTS} variants done {done:.1f} s",
            flush=True,
        )
    free, resumed, done = (statistics.median(r[i] for r in rounds) for i in range(3))
    print(
        f"default settings, a worker SIGKILLed mid-job (median of {args.rounds}): its claims free again after "
        f"{free:.1f} s = {free / lease:.2f} of the {lease:.0f} s lease (promise: within one lease), taken again "
        f"after {resumed:.1f} s = {resumed / lease:.2f} leases, everything done after {done:.1f} s = "
        f"{done / lease:.2f} leases"
    )


if __name__ == "__main__":
    main()
