"""SQL statements per page: every connection of the API asked for `first: 1` and `first: 100` with its nested lists
and URLs, counted from Tortoise's statement log, on SQLite and PostgreSQL. A page should cost the same number of
statements whatever its size (and whatever the size of the workspace).

    .venv/bin/python -m bench.statements_per_page [--items 150] [--databases sqlite,postgres] [--show]

The server runs in this process (embedded mode, local auth, no periodic work during the count); the workspace
holds `--items` CTA jobs (2 URLs x 3 variants each) and as many catalog products (3 variants), uploads and works.
`--show` prints the statements of each `first: 100` request.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
from pathlib import Path

from bench.servers import PG_SERVER, write_catalog, write_cta_jobs

QUERIES = {
    "ctaJobs": """{ ctaJobs(first: %d) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id name input createdAt totalCount successCount failedCount isCompleted
        urls { id url normalizedUrl status error productId }
        ctaInfos { id url variantIndex status suggestion productId productBackgroundUrl generatedBackgroundUrl
                   retryCount errorMessage createdAt updatedAt } } } } }""",
    "products": """{ products(first: %d) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id title description price currency sourceUrl primaryImageUrl images { url score }
        variants { id title color size imageUrl printArea { x y width height } } } } } }""",
    "uploads": """{ uploads(first: %d) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id kind originalName contentType width height size url createdAt } } } }""",
    "works": """{ works(first: %d) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id name imageUrl createdAt } } } }""",
}


class Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


async def count(client: object, query: str) -> tuple[list[str], dict[str, object]]:
    logger = logging.getLogger("tortoise.db_client")
    handler = Statements()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        data = await client.data(query)  # type: ignore[attr-defined]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
    return handler.lines, data


async def measure(database_url: str, directory: Path, items: int, show: bool) -> dict[str, tuple[int, int]]:
    from domain.auth import LOCAL_EMAIL, LOCAL_WORKSPACE, ensure_user
    from settings import Settings
    from tests.support import serve_app

    settings = Settings(
        database_url=database_url,
        secret_key="bench-secret-key-0123456789",
        auth="local",
        media_dir=directory / "media",
        scheduler_interval="1h",  # type: ignore[arg-type]
        log_level="WARNING",
        log_format="text",
    )
    results: dict[str, tuple[int, int]] = {}
    async with serve_app(settings) as server:
        user = await ensure_user(LOCAL_EMAIL, LOCAL_WORKSPACE)
        await write_cta_jobs(user.workspace_id, user.id, items, 2, 3)
        await write_catalog(user.workspace_id, items)
        client = server.client()
        for name, query in QUERIES.items():
            await client.data(query % 1)  # the local user and every cache exist before counting
            one, small = await count(client, query % 1)
            hundred, large = await count(client, query % 100)
            assert len(small[name]["edges"]) == 1 and len(large[name]["edges"]) == 100  # type: ignore[index]
            assert large[name]["totalCount"] == items, large[name]["totalCount"]  # type: ignore[index]
            results[name] = (len(one), len(hundred))
            if show:
                print(f"--- {name}(first: 100)")
                for line in hundred:
                    print("   ", line[:300])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    print(f"statements per request, workspace of {args.items} items per list")
    print(f"  {'database':<10} {'connection':<10} {'first: 1':>9} {'first: 100':>11}  equal")
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            if database == "sqlite":
                results = asyncio.run(measure(f"sqlite://{directory}/bench.db", directory, args.items, args.show))
            else:
                results = asyncio.run(_on_postgres(directory, args.items, args.show))
        for name, (one, hundred) in results.items():
            print(f"  {database:<10} {name:<10} {one:>9} {hundred:>11}  {'yes' if one == hundred else 'NO'}")


async def _on_postgres(directory: Path, items: int, show: bool) -> dict[str, tuple[int, int]]:
    import uuid

    from db.lifecycle import apply_migrations
    from db.migration_files import create_pg_database, drop_pg_database

    name = f"vitrine_bench_{uuid.uuid4().hex[:10]}"
    await create_pg_database(PG_SERVER, name)
    try:
        url = f"{PG_SERVER}/{name}"
        await apply_migrations(url)
        return await measure(url, directory, items, show)
    finally:
        await drop_pg_database(PG_SERVER, name)


if __name__ == "__main__":
    main()
