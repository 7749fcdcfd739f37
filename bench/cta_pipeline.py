"""CTA pipeline bench: page fetches vs distinct URLs, and wall time vs the critical-path limit, in one run.

The critical path of a job is its slowest scrape plus one variant's generation: with enough workers, every
other variant runs in parallel with it. The bench measures both legs on their own, then runs whole jobs through
the real server (embedded mode: outbox, task kernel, claims, event bus) and prints the ratio.

Generation uses a provider with a fixed latency and no CPU work, standing in for a remote AI API: on a 2-core
machine, CPU-bound local rendering of 20 variants would measure the cores, not the pipeline.

    .venv/bin/python bench/cta_pipeline.py [--urls 5] [--variants 4] [--runs 3] [--page-delay 1.0]
        [--image-latency 2.0] [--copy-latency 1.0] [--database-url postgres://…/empty_db]

The overhead (wall minus critical path) is roughly fixed: about 0.3 s for 20 variants in one 2-core process
(their database and bookkeeping CPU work shares one event loop). Its ratio therefore depends on the latencies:
with 0.5 s pages and 0.6 s generations it was 1.30x; real image APIs take seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from integrations.ai.base import ProductBrief, Suggestion
from settings import Settings
from tests.shop import ProductSpec, running_shop
from tests.support import serve_app


class RemoteLikeProvider:
    """Answers like a network API: waits, then returns a ready-made 1024x1024 PNG and templated copy."""

    name = "remote-like"

    def __init__(self, image_latency: float, copy_latency: float) -> None:
        self.image_latency, self.copy_latency = image_latency, copy_latency
        buffer = io.BytesIO()
        Image.new("RGB", (1024, 1024), (230, 220, 210)).save(buffer, "PNG")
        self.png = buffer.getvalue()

    async def generate_background(self, brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
        await asyncio.sleep(self.image_latency)
        return self.png

    async def generate_copy(self, brief: ProductBrief, variant_index: int) -> Suggestion:
        await asyncio.sleep(self.copy_latency)
        return Suggestion(brief.title, "Made to last", "Shop now", brief.description or brief.title)


CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id } }"


class PersistentClient:
    """GraphQL over one keep-alive connection."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=60)

    async def data(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        body = (await self.http.post("/graphql", json={"query": query, "variables": variables})).json()
        assert not body.get("errors"), body
        data: dict[str, Any] = body["data"]
        return data


PROGRESS = "query($id: ID!) { ctaJob(id: $id) { isCompleted successCount failedCount } }"


async def critical_path(shop_url: str, provider: RemoteLikeProvider) -> tuple[float, float]:
    """Slowest scrape and one generation, each timed alone through the same code the pipeline runs."""
    from domain.product_pages import read_product_page
    from integrations.fetcher import SafeFetcher

    async with SafeFetcher(allow_private=True) as fetcher:
        started = time.perf_counter()
        page = await read_product_page(shop_url, fetcher)
        scrape = time.perf_counter() - started
        started = time.perf_counter()
        image = (await fetcher.fetch_image(page.images[0].url)).data
        brief = ProductBrief(title=page.title or "")
        await provider.generate_background(brief, image, 0)
        await provider.generate_copy(brief, 0)
        generation = time.perf_counter() - started
    return scrape, generation


async def _finish_times(job_id: str) -> tuple[float, float]:
    """When the last URL was scraped and the last variant finished (epoch seconds, from the rows)."""
    from db.models import CtaInfo, CtaJobUrl

    scraped = max(u.updated_at for u in await CtaJobUrl.filter(job_id=job_id))
    done = max(i.updated_at for i in await CtaInfo.filter(job_id=job_id))
    return scraped.timestamp(), done.timestamp()


async def run(args: argparse.Namespace) -> None:
    from domain import ports

    provider = RemoteLikeProvider(args.image_latency, args.copy_latency)
    products = {f"bench{i}": ProductSpec(f"Bench Product {i}", images=3) for i in range(args.urls)}
    walls: list[float] = []
    fetch_report: list[tuple[int, int]] = []
    phases: list[tuple[float, float]] = []
    with running_shop(**products) as shop, tempfile.TemporaryDirectory() as tmp:
        shop.page_delay = args.page_delay
        settings = Settings(
            database_url=args.database_url or f"sqlite://{tmp}/bench.db",
            secret_key="bench-secret-key-0123456789",
            auth="local",
            cta_jobs_per_minute=1000,
            media_dir=Path(tmp) / "media",
            allow_private_urls=True,
            embedded_worker_threads=args.urls * args.variants + 4,  # "with enough workers"
            interactive_worker_threads=args.urls,  # the scrapes' lane: every page at once
            log_level="WARNING",
            log_format="text",
        )
        if settings.is_postgres:
            from db.lifecycle import apply_migrations

            await apply_migrations(settings.database_url)
        async with serve_app(settings) as server:
            ports.ports().creative = provider
            scrape, generation = await critical_path(shop.url("/p/bench0"), provider)
            limit = scrape + generation
            # One client for the whole run: a new one per request builds a TLS context (tens of ms of CPU) on
            # the loop the server shares with the pipeline, which the first version of this bench counted as
            # pipeline overhead.
            client = PersistentClient(server.base_url)
            for run_index in range(args.runs):
                before = {slug: shop.page_hits(slug) for slug in products}
                # Each run uses fresh URLs (a query string the normaliser keeps), so nothing is reused.
                items = [
                    {"url": shop.url(f"/p/{slug}?run={run_index}"), "variants": args.variants} for slug in products
                ]
                items += [{"url": items[0]["url"] + "#again", "variants": 1}] if args.urls < 5 else []
                started = time.time()
                job_id = (await client.data(CREATE, {"input": {"items": items}}))["createCtaJob"]["id"]
                # Poll slowly (a poll is a GraphQL request on the server's loop, competing with the work);
                # when each step finished is read from the rows' own timestamps afterwards.
                while not (state := (await client.data(PROGRESS, {"id": job_id}))["ctaJob"])["isCompleted"]:
                    await asyncio.sleep(0.1)
                scraped, done = await _finish_times(job_id)
                walls.append(done - started)
                phases.append((scraped - started, done - scraped))
                assert state["failedCount"] == 0, state
                fetches = sum(shop.page_hits(slug) - before[slug] for slug in products)
                fetch_report.append((len(products), fetches))

    median_wall = statistics.median(walls)
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}; ", end="")
    print(f"jobs: {args.runs} x ({args.urls} URLs x {args.variants} variants), page delay {args.page_delay:.2f} s")
    print(
        f"{'run':>4} {'distinct URLs':>14} {'page fetches':>13} {'wall (s)':>9} {'wall/limit':>11} "
        f"{'until scraped':>14} {'then done':>10}"
    )
    for index, ((distinct, fetched), wall, (scraped, rest)) in enumerate(zip(fetch_report, walls, phases, strict=True)):
        print(
            f"{index + 1:>4} {distinct:>14} {fetched:>13} {wall:>9.3f} {wall / limit:>10.2f}x "
            f"{scraped:>14.3f} {rest:>10.3f}"
        )
    print(f"critical path: slowest scrape {scrape:.3f} s + one generation {generation:.3f} s = {limit:.3f} s")
    print(
        f"median wall {median_wall:.3f} s -> {median_wall / limit:.2f}x the critical path (goal <= 1.15x); "
        f"pipeline overhead {median_wall - limit:.3f} s"
    )
    print(f"provider latency: background {args.image_latency:.2f} s, copy {args.copy_latency:.2f} s")
    print("page fetches == distinct URLs in every run:", all(d == f for d, f in fetch_report))


def main(argv: list[str] | None = None) -> Any:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--urls", type=int, default=5)
    parser.add_argument("--variants", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page-delay", type=float, default=1.0, help="seconds each product page takes")
    parser.add_argument("--image-latency", type=float, default=2.0, help="seconds per AI background")
    parser.add_argument("--copy-latency", type=float, default=1.0, help="seconds per AI copy")
    parser.add_argument("--database-url", help="an empty, migrated PostgreSQL database (default: a SQLite file)")
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
