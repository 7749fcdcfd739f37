"""List throughput against the stack's own speed: requests per second of `ctaJobs(first: 100)`, `ctaJobs(first: 1)`
and `{ __typename }` through `vitrine serve`, each divided by a bare Strawberry `{ hello }` app on the same uvicorn
(bench/hello_app.py) measured in the same round. SQLite (embedded, local auth) and PostgreSQL (REDIS_URL set,
bearer token), both as a user runs them (default log level and format).

    .venv/bin/python -m bench.list_throughput [--rounds 3] [--slices 5] [--seconds 1] [--connections 8] [--jobs 500]
        [--catalog 150] [--databases sqlite,postgres]

The workspace holds `--jobs` finished jobs of 2 URLs x 3 variants. The list query is the job list a console shows:
    { ctaJobs(first: N) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id name createdAt totalCount successCount failedCount isCompleted } } } }
The other connections (`--catalog` products, uploads and works, bench.servers.write_catalog) are measured the same
way at `first: 100` with the fields their console screens show (`--catalog 0` leaves them out).
Load comes from wrk (one thread, `--connections` keep-alive connections). Each round runs every request in
`--slices` interleaved slices of `--seconds` (rotating order); a ratio is taken within a round, and the median of
the rounds is printed. "ctaJobs(first: 100), untuned GC" is the same request to a server that skips main.tune_gc
(bench/request_path_app.py without gc_tuning), started beside the real one; on SQLite, "page reads through
aiosqlite" is the same request to a server without db.sqlite_reads (without sqlite_page_reads).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path
from typing import Any

from bench.request_path import variant
from bench.servers import (
    REDIS_URL,
    alternate,
    check_answer,
    hello_serve,
    median,
    need_wrk,
    ratios,
    scratch_postgres,
    seed_cta_jobs,
    serve_env,
    vitrine_serve,
    workdir,
    wrk_rate,
)

LIST = (
    "{ ctaJobs(first: %d) { totalCount pageInfo { hasNextPage endCursor } "
    "edges { cursor node { id name createdAt totalCount successCount failedCount isCompleted } } } }"
)
PAGE = "{ %s(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { %s } } } }"
CATALOG = {
    "products(first: 100)": PAGE % ("products", "id title price currency sourceUrl primaryImageUrl createdAt"),
    "uploads(first: 100)": PAGE % ("uploads", "id kind originalName contentType width height size url createdAt"),
    "works(first: 100)": PAGE % ("works", "id name imageUrl createdAt"),
}
UNTUNED = "ctaJobs(first: 100), untuned GC"
THREADED = "ctaJobs(first: 100), page reads through aiosqlite"
GOALS = {"ctaJobs(first: 100)": 0.5, "ctaJobs(first: 1)": 0.8, "{ __typename }": 0.95}


def measure(
    database: str, hello_url: str, directory: Path, args: argparse.Namespace, database_url: str, redis: str | None
) -> dict[str, list[float]]:
    token_for = "bench@shop.example" if database == "postgres" else None
    token, _ = asyncio.run(seed_cta_jobs(database_url, jobs=args.jobs, token_for=token_for, catalog=args.catalog))
    env = serve_env(directory, database_url, redis)
    with contextlib.ExitStack() as servers:
        app_url = servers.enter_context(vitrine_serve(env, directory, name=f"serve-{database}"))
        untuned_url = servers.enter_context(variant(env, directory, f"untuned-gc-{database}", ["gc_tuning"]))
        requests: dict[str, tuple[str, dict[str, Any], str | None]] = {
            "hello": (hello_url, {"query": "{ hello }"}, None),
            "{ __typename }": (app_url, {"query": "{ __typename }"}, token),
            "ctaJobs(first: 1)": (app_url, {"query": LIST % 1}, token),
            "ctaJobs(first: 100)": (app_url, {"query": LIST % 100}, token),
            UNTUNED: (untuned_url, {"query": LIST % 100}, token),
        }
        if args.catalog:
            requests.update({name: (app_url, {"query": query}, token) for name, query in CATALOG.items()})
        if database == "sqlite":
            threaded = servers.enter_context(variant(env, directory, "threaded-reads", ["sqlite_page_reads"]))
            requests[THREADED] = (threaded, {"query": LIST % 100}, token)
        for url, body, bearer in requests.values():
            check_answer(url, body, bearer)
            wrk_rate(url, body, bearer, seconds=1, connections=args.connections)  # warm-up

        def rate(url: str, body: dict[str, Any], bearer: str | None) -> Any:
            return lambda: wrk_rate(url, body, bearer, seconds=args.seconds, connections=args.connections)

        return alternate({name: rate(*request) for name, request in requests.items()}, args.rounds, args.slices)


def report(database: str, results: dict[str, list[float]]) -> None:
    hello, tuned, untuned = results["hello"], results["ctaJobs(first: 100)"], results[UNTUNED]
    print(f"\n{database}: req/s per round (hello: {', '.join(f'{v:.0f}' for v in hello)})")
    print(f"  {'request':<48} {'req/s per round':<24} {'÷ hello per round':<24} {'median':>7}  goal")
    for name, values in results.items():
        if name == "hello":
            continue
        per_round = ratios(values, hello)
        goal = GOALS.get(name)
        verdict = "" if goal is None else f">= {goal:.2f} {'met' if median(per_round) >= goal else 'NOT met'}"
        print(
            f"  {name:<48} {', '.join(f'{v:.0f}' for v in values):<24} "
            f"{', '.join(f'{r:.3f}' for r in per_round):<24} {median(per_round):>7.3f}  {verdict}"
        )
    print(f"  GC tuning (main.tune_gc): ctaJobs(first: 100) x{median(ratios(tuned, untuned)):.2f} req/s")
    if THREADED in results:
        gain = median(ratios(tuned, results[THREADED]))
        print(f"  SQLite page reads on the loop (db.sqlite_reads): ctaJobs(first: 100) x{gain:.2f} req/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=1, help="length of one wrk slice")
    parser.add_argument("--slices", type=int, default=5, help="interleaved slices per request and round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--catalog", type=int, default=150, help="products, uploads and works (0: none)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--redis-url", default=REDIS_URL)
    args = parser.parse_args()
    need_wrk()
    print(
        f"{args.rounds} rounds x {args.slices} interleaved {args.seconds} s slices per request, "
        f"wrk -c{args.connections}, {args.jobs} jobs, {args.catalog} products, uploads and works"
    )
    with workdir() as directory, hello_serve(directory) as hello_url:
        for database in args.databases.split(","):
            if database == "sqlite":
                results = measure(database, hello_url, directory, args, f"sqlite://{directory}/bench.db", None)
            else:
                with scratch_postgres() as url:
                    results = measure(database, hello_url, directory, args, url, args.redis_url)
            report(database, results)


if __name__ == "__main__":
    main()
