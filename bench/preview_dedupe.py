"""Preview dedupe bench: renders per N concurrent identical requests, and a cached answer's latency against `me`.

For each N in 1, 10, 100, 1,000 the cache is cleared, then N identical `requestPreview` calls go out at once over
50 connections (50 in flight) to the real server (embedded mode: GraphQL, the request use case, the outbox, the
task kernel, the compositor). The compositor is the local one behind a fixed latency, standing in for a remote
image API, and counts its renders. Then, with the result cached, cached `requestPreview` answers and plain
`{ me { id } }` queries are timed one at a time, alternating, in the same run, and their ratio printed.

    .venv/bin/python bench/preview_dedupe.py [--latency 1.0] [--samples 200] [--database-url postgres://…/empty_db]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from settings import Settings
from tests.preview_support import CLEAR, REQUEST, CountingCompositor, make_catalog, wait_final
from tests.shop import running_shop
from tests.support import LiveServer, serve_app

SIZES = (1, 10, 100, 1000)
IN_FLIGHT = 50
ME = "{ me { id } }"


async def identical_requests(server: LiveServer, data: dict[str, Any], count: int) -> list[dict[str, Any]]:
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    gate = asyncio.Semaphore(IN_FLIGHT)
    async with httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=300) as http:

        async def one() -> dict[str, Any]:
            async with gate:
                response = await http.post("/graphql", json={"query": REQUEST, "variables": {"input": data}})
            body = response.json()
            if body.get("errors"):
                raise RuntimeError(body["errors"])
            task: dict[str, Any] = body["data"]["requestPreview"]
            return task

        return await asyncio.gather(*(one() for _ in range(count)))


async def latencies(server: LiveServer, data: dict[str, Any], samples: int) -> tuple[list[float], list[float]]:
    """Cached requestPreview and `me`, one request at a time, alternating (so both see the same machine)."""
    cached: list[float] = []
    me: list[float] = []
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:
        for _ in range(10):  # warm up both paths
            await http.post("/graphql", json={"query": REQUEST, "variables": {"input": data}})
            await http.post("/graphql", json={"query": ME})
        for _ in range(samples):
            started = time.perf_counter()
            body = (await http.post("/graphql", json={"query": REQUEST, "variables": {"input": data}})).json()
            cached.append(time.perf_counter() - started)
            if not body["data"]["requestPreview"]["cached"]:
                raise RuntimeError("the latency sample was not a cached answer")
            started = time.perf_counter()
            (await http.post("/graphql", json={"query": ME})).raise_for_status()
            me.append(time.perf_counter() - started)
    return cached, me


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def run(args: argparse.Namespace) -> None:
    from domain import ports

    with running_shop() as shop, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=args.database_url or f"sqlite://{tmp}/bench.db",
            secret_key="bench-secret-key-0123456789",
            auth="local",
            media_dir=Path(tmp) / "media",
            allow_private_urls=True,
            log_level="WARNING",
            log_format="text",
            rate_limits="previews=off",  # 1,000 calls at once are what the budget refuses; dedupe is measured here
        )
        if settings.is_postgres:
            from db.lifecycle import apply_migrations

            await apply_migrations(settings.database_url)
        async with serve_app(settings) as server:
            compositor = CountingCompositor(delay=args.latency)
            ports.ports().compositor = compositor
            client = server.client()
            catalog = await make_catalog(client, shop)
            data = catalog.input()
            print(f"database: {'PostgreSQL' if settings.is_postgres else 'SQLite'}; render latency {args.latency} s")
            print(
                f"{'N':>6} {'renders':>8} {'task ids':>9} {'cached':>7} {'started or joined':>18}"
                f" {'answered in (s)':>16}"
            )
            for size in SIZES:
                await client.data(CLEAR, {})
                before = compositor.calls
                started = time.perf_counter()
                answers = await identical_requests(server, data, size)
                answered = time.perf_counter() - started
                await wait_final(client, answers[0]["id"], timeout=300)
                cached = sum(a["cached"] for a in answers)
                ids = len({a["id"] for a in answers})
                renders = compositor.calls - before
                print(f"{size:>6} {renders:>8} {ids:>9} {cached:>7} {size - cached:>18} {answered:>16.3f}")
            cached_times, me_times = await latencies(server, data, args.samples)
    cached_median, me_median = statistics.median(cached_times), statistics.median(me_times)
    print(
        f"cached requestPreview: median {cached_median * 1000:.1f} ms, p95 {p95(cached_times) * 1000:.1f} ms; "
        f"me: median {me_median * 1000:.1f} ms, p95 {p95(me_times) * 1000:.1f} ms ({args.samples} each, alternating)"
    )
    print(
        f"cached / me: {cached_median / me_median:.2f}x at the median, {p95(cached_times) / p95(me_times):.2f}x at p95"
    )


def main(argv: list[str] | None = None) -> Any:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds each render takes (a remote API)")
    parser.add_argument("--samples", type=int, default=200, help="timed cached answers and `me` queries, each")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a SQLite file)")
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
