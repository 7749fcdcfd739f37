"""What each part of the request path costs, two ways.

1. Servers side by side: `{ __typename }` through `vitrine serve` as it is, through the same server with one part
   taken out (bench/request_path_app.py), and the bare hello app, in interleaved rounds. Each ratio is that
   server's req/s over the whole app's in the same round (median of rounds): 1.10 means the part costs ~9 % of a
   request. On a shared 2-core machine a few percent is within the noise of this measure, hence:
2. Each part timed alone in this process (µs per request, median of repetitions), and as a share of one
   `{ __typename }` request of the whole app measured in step 1.

    .venv/bin/python -m bench.request_path [--rounds 3] [--slices 3] [--seconds 1] [--connections 8]

SQLite, embedded mode, local auth, default logging (JSON lines on stderr; the servers' stderr goes to a file).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.servers import (
    alternate,
    check_answer,
    free_port,
    hello_serve,
    median,
    need_wrk,
    process,
    ratios,
    seed_cta_jobs,
    serve_env,
    workdir,
    wrk_rate,
)

VARIANTS: dict[str, list[str]] = {
    "whole app": [],
    "without request ids": ["request_id"],
    "without HTTP metrics": ["metrics"],
    "without body limit": ["body_limit"],
    "without access log": ["access_log"],
    "without GraphQL metrics": ["graphql_metrics"],
    "without all five": ["request_id", "metrics", "body_limit", "access_log", "graphql_metrics"],
}
TYPENAME = {"query": "{ __typename }"}


@contextlib.contextmanager
def variant(env: dict[str, str], directory: Path, name: str, parts: list[str]) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "bench.request_path_app", str(port), *parts]
    with process(args, env, directory / f"{name.replace(' ', '_')}.log", base + "/healthz"):
        yield base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slices", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=1)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", help="comma-separated variant names to run beside the whole app, e.g. 'access log'")
    args = parser.parse_args()
    need_wrk()
    with workdir() as directory, contextlib.ExitStack() as stack:
        database_url = f"sqlite://{directory}/bench.db"
        asyncio.run(seed_cta_jobs(database_url, jobs=10))
        env = serve_env(directory, database_url)
        chosen = {
            name: parts
            for name, parts in VARIANTS.items()
            if not args.only or name == "whole app" or any(word in name for word in args.only.split(","))
        }
        urls = {name: stack.enter_context(variant(env, directory, name, parts)) for name, parts in chosen.items()}
        urls["bare hello app"] = stack.enter_context(hello_serve(directory))

        def rate(url: str, body: dict[str, str]) -> Callable[[], float]:
            return lambda: wrk_rate(url, body, None, seconds=args.seconds, connections=args.connections)

        measures = {}
        for name, url in urls.items():
            body = {"query": "{ hello }"} if name == "bare hello app" else TYPENAME
            check_answer(url, body, None)
            wrk_rate(url, body, None, seconds=1, connections=args.connections)  # warm-up
            measures[name] = rate(url, body)
        results = alternate(measures, args.rounds, args.slices)
    whole = results["whole app"]
    print(f"{{ __typename }} req/s, {args.rounds} rounds x {args.slices} interleaved {args.seconds} s slices")
    print(f"  {'server':<26} {'req/s per round':<22} {'÷ whole app':>11}")
    for name, values in results.items():
        print(f"  {name:<26} {', '.join(f'{v:.0f}' for v in values):<22} {median(ratios(values, whole)):>11.3f}")
    request_us = 1e6 / median(whole)
    print(
        f"\neach part alone (one `{{ __typename }}` of the whole app: {request_us:.0f} µs at {median(whole):.0f} req/s)"
    )
    print(f"  {'part':<44} {'µs':>7} {'share of a request':>19}")
    for name, cost in asyncio.run(part_costs()).items():
        print(f"  {name:<44} {cost:>7.1f} {cost / request_us:>18.1%}")


def _median_us(action: Callable[[], Any], number: int = 2000, repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            action()
        timings.append((time.perf_counter() - started) / number * 1e6)
    return statistics.median(timings)


async def _median_us_async(action: Callable[[], Any], number: int = 300, repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            await action()
        timings.append((time.perf_counter() - started) / number * 1e6)
    return statistics.median(timings)


def _call(app: Any, scope: dict[str, Any], receive: Any, send: Any) -> Any:
    return app(dict(scope), receive, send)


async def part_costs() -> dict[str, float]:
    """Each part timed alone, with the app's own objects and configuration."""
    import strawberry

    import observability
    from observability import MetricsMiddleware, RequestIdMiddleware, configure_logging
    from schema.documents import DocumentCache
    from schema.execution import LeanExecution
    from schema.metrics import GraphQLMetrics

    costs: dict[str, float] = {}
    devnull = open(os.devnull, "w")  # noqa: SIM115, ASYNC230  (closed below; /dev/null does not block)
    stderr, sys.stderr = sys.stderr, devnull
    try:
        configure_logging("INFO", "json")
        access = logging.getLogger("uvicorn.access")
        line = ('%s - "%s %s HTTP/%s" %d', "127.0.0.1:50000", "POST", "/graphql", "1.1", 200)
        costs["access log line (JSON on stderr)"] = _median_us(lambda: access.info(*line))
    finally:
        sys.stderr = stderr
        devnull.close()
        logging.getLogger().handlers.clear()

    async def bare(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        return None

    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": [(b"host", b"x")]}
    alone = await _median_us_async(lambda: bare(dict(scope), receive, send), number=3000)
    for name, middleware in (("request id", RequestIdMiddleware), ("HTTP metrics", MetricsMiddleware)):
        wrapped: Any = middleware(bare)
        costs[f"{name} middleware"] = (
            await _median_us_async(functools.partial(_call, wrapped, scope, receive, send), number=3000) - alone
        )

    @strawberry.type
    class Query:
        hello: str = "world"

    plain = strawberry.Schema(query=Query, extensions=[DocumentCache], execution_context_class=LeanExecution)
    counted = strawberry.Schema(
        query=Query, extensions=[DocumentCache, GraphQLMetrics], execution_context_class=LeanExecution
    )
    costs["GraphQL operation metrics"] = await _median_us_async(
        lambda: counted.execute("{ __typename }")
    ) - await _median_us_async(lambda: plain.execute("{ __typename }"))
    uncached = strawberry.Schema(query=Query)
    costs["parse + validate, not remembered (bare Strawberry)"] = await _median_us_async(
        lambda: uncached.execute("{ __typename }")
    ) - await _median_us_async(lambda: plain.execute("{ __typename }"))
    assert observability.REGISTRY is not None
    costs.update(await _principal_costs())
    return costs


async def _principal_costs() -> dict[str, float]:
    """The local user looked up in the database (what every request did) and remembered (what it does now)."""
    import tempfile

    from db.lifecycle import apply_migrations, close_db, init_db
    from domain.auth import local_principal
    from resolvers.context import Context
    from settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite://{tmp}/principal.db"
        await apply_migrations(url)
        await init_db(url)
        try:
            settings = Settings(database_url=url, secret_key="bench-secret-key-0123456789", auth="local")
            await local_principal()
            looked_up = await _median_us_async(local_principal, number=100)
            remembered = await _median_us_async(
                lambda: Context(request=_NoHeaders(), response=None, settings=settings).principal(),  # type: ignore[arg-type]
                number=2000,
            )
        finally:
            await close_db()
    return {"local user from the database (2 statements)": looked_up, "local user remembered": remembered}


class _NoHeaders:
    headers: dict[str, str] = {}


if __name__ == "__main__":
    main()
