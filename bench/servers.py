"""What the HTTP benches share: `vitrine serve` and the bare hello app as uvicorn processes side by side, a scratch
PostgreSQL database, seeded CTA jobs, and wrk runs alternated in rounds.

Every figure the benches print is a ratio of two things measured in the same round, one right after the other:
on a shared 2-core machine absolute times are noise, a ratio measured side by side is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("VITRINE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("VITRINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(url)


@contextlib.contextmanager
def process(args: list[str], env: dict[str, str], log_path: Path, health_url: str) -> Iterator[subprocess.Popen[bytes]]:
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(health_url, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def serve_env(workdir: Path, database_url: str, redis_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a `vitrine serve` as a user runs it: default log level and format, nothing tuned."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VITRINE_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "VITRINE_MEDIA_DIR": str(workdir / "media"),
            "VITRINE_SECRET_KEY": "bench-secret-key-0123456789",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@contextlib.contextmanager
def vitrine_serve(env: dict[str, str], workdir: Path, name: str = "serve") -> Iterator[str]:
    """`vitrine serve` on a free port; yields its base URL. Its log goes to `workdir/<name>.log`."""
    port = free_port()
    args = [sys.executable, "-m", "cli", "serve", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with process(args, env, workdir / f"{name}.log", base + "/healthz"):
        yield base


@contextlib.contextmanager
def hello_serve(workdir: Path) -> Iterator[str]:
    port = free_port()
    args = [sys.executable, "-m", "bench.hello_app", str(port)]
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VITRINE_")}
    with process(args, env, workdir / "hello.log", base + "/graphql?query=%7Bhello%7D"):
        yield base


@contextlib.contextmanager
def scratch_postgres() -> Iterator[str]:
    """An empty, migrated PostgreSQL database, dropped afterwards."""
    from db.lifecycle import apply_migrations
    from db.migration_files import create_pg_database, drop_pg_database

    name = f"vitrine_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(create_pg_database(PG_SERVER, name))
    url = f"{PG_SERVER}/{name}"
    try:
        asyncio.run(apply_migrations(url))
        yield url
    finally:
        asyncio.run(drop_pg_database(PG_SERVER, name))


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="vitrine-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --- data --------------------------------------------------------------------------------------------------


async def seed_cta_jobs(
    database_url: str,
    *,
    jobs: int,
    urls_per_job: int = 2,
    variants_per_url: int = 3,
    pending_last: bool = False,
    token_for: str | None = None,
    catalog: int = 0,
) -> tuple[str | None, list[str]]:
    """Finished CTA jobs for the local user (or for a token's user: `token_for` = email), written straight to the
    database as the pipeline leaves them. `pending_last`: the newest job keeps one variant pending (never completes).
    `catalog`: as many products, uploads and works (write_catalog) for the same user.
    Returns (the token or None, the job ids, newest first)."""
    from db.lifecycle import apply_migrations, close_db, init_db
    from domain.auth import LOCAL_EMAIL, LOCAL_WORKSPACE, ensure_user, issue_token

    if database_url.startswith("sqlite"):
        await apply_migrations(database_url)
    await init_db(database_url)
    try:
        token = await issue_token(token_for, "bench", label="bench") if token_for else None
        user = await ensure_user(token_for or LOCAL_EMAIL, "bench" if token_for else LOCAL_WORKSPACE)
        ids = await write_cta_jobs(
            user.workspace_id, user.id, jobs, urls_per_job, variants_per_url, pending_last=pending_last
        )
        if catalog:
            await write_catalog(user.workspace_id, catalog)
        return token, ids
    finally:
        await close_db()


async def write_cta_jobs(
    workspace_id: Any, user_id: Any, jobs: int, urls_per_job: int, variants_per_url: int, *, pending_last: bool = False
) -> list[str]:
    """On an initialised database; returns the job ids, newest first."""
    from db.models import CtaInfo, CtaJob, CtaJobUrl

    started = datetime.now(UTC) - timedelta(days=1)
    ids: list[str] = []
    for index in range(jobs):
        urls = [f"https://shop.example/products/item-{index}-{u}" for u in range(urls_per_job)]
        job = await CtaJob.create(
            workspace_id=workspace_id,
            user_id=user_id,
            name=f"bench-CTA-{index:04d}",
            input=[{"url": url, "variants": variants_per_url} for url in urls],
            variant_count=urls_per_job * variants_per_url,
        )
        await CtaJob.filter(id=job.id).update(created_at=started + timedelta(seconds=index))
        infos: list[CtaInfo] = []
        for position, url in enumerate(urls):
            job_url = await CtaJobUrl.create(job=job, url=url, normalized_url=url, status="scraped")
            for variant in range(variants_per_url):
                last = pending_last and index == jobs - 1 and position == 0 and variant == 0
                infos.append(
                    CtaInfo(
                        job=job,
                        job_url=job_url,
                        url=url,
                        variant_index=variant,
                        status="pending" if last else "done",
                        suggestion=None
                        if last
                        else {
                            "headline": f"Headline {index}-{variant}",
                            "subheadline": "Made to last",
                            "callToAction": "Shop now",
                            "description": "A product description of a sentence or two. " * 3,
                            "productBackgroundUrl": f"{url}/image-{variant}.jpg",
                        },
                        background_key=None if last else f"cta/{job.id}/{uuid.uuid4().hex}.png",
                    )
                )
        await CtaInfo.bulk_create(infos)
        ids.append(str(job.id))
    return ids[::-1]


async def write_catalog(workspace_id: Any, count: int, variants_per_product: int = 3) -> None:
    """`count` products (with variants), uploads and works, their images as media assets (rows only: the
    lists read rows and sign URLs, they never open the files)."""
    from db.models import MediaAsset, Product, Upload, Variant, Work

    for index in range(count):
        asset = await MediaAsset.create(
            workspace_id=workspace_id,
            sha256=f"{index:064x}",
            key=f"content/{index:02x}/{index:064x}.png",
            content_type="image/png",
            width=1024,
            height=1024,
            size=123_456,
        )
        url = f"https://shop.example/products/catalog-{index}"
        product = await Product.create(
            workspace_id=workspace_id,
            source_url=url,
            normalized_url=url,
            title=f"Catalog product {index}",
            description="A product description. " * 5,
            price="24.90",
            currency="EUR",
            images=[
                {"url": f"{url}/{i}.jpg", "score": 1 - i / 10, "assetId": str(asset.id), "key": asset.key}
                for i in range(3)
            ],
            primary_image_url=f"{url}/0.jpg",
            in_catalog=True,
        )
        await Variant.bulk_create(
            [
                Variant(
                    workspace_id=workspace_id,
                    product=product,
                    title=f"Size {v}",
                    color="Natural",
                    size=str(v),
                    image=asset,
                    image_url=f"{url}/0.jpg",
                    print_area={"x": 0.25, "y": 0.25, "width": 0.5, "height": 0.5},
                    position=v,
                )
                for v in range(variants_per_product)
            ]
        )
        upload = await Upload.create(
            workspace_id=workspace_id, kind="ARTWORK", original_name=f"art-{index}.png", asset=asset
        )
        await Work.create(workspace_id=workspace_id, name=f"Work {index}", asset=asset, source_upload=upload)


# --- load --------------------------------------------------------------------------------------------------

WRK_SCRIPT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
{auth}wrk.body = [==[{body}]==]
"""


def need_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        sys.exit("these benches drive HTTP load with wrk: apt-get install wrk")
    return path


def check_answer(base_url: str, body: dict[str, Any], token: str | None) -> None:
    """The request the bench repeats must succeed, or the rate measured is that of an error."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(base_url + "/graphql", json=body, headers=headers, timeout=60)
    answer = response.json()
    if response.status_code != 200 or answer.get("errors"):
        raise RuntimeError(f"{body['query'][:60]}… answered {response.status_code}: {response.text[:400]}")


def wrk_rate(base_url: str, body: dict[str, Any], token: str | None, *, seconds: float, connections: int) -> float:
    """Requests per second wrk gets from POST /graphql with `body` (every answer must be a 2xx)."""
    import json

    auth = f'wrk.headers["Authorization"] = "Bearer {token}"\n' if token else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.format(auth=auth, body=json.dumps(body)))
    try:
        out = subprocess.run(
            [
                need_wrk(),
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "-s",
                script.name,
                base_url + "/graphql",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    if "Non-2xx" in out:
        raise RuntimeError(f"non-2xx answers under load:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if match is None:
        raise RuntimeError(out)
    return float(match[1])


def alternate(measures: dict[str, Callable[[], float]], rounds: int, slices: int = 1) -> dict[str, list[float]]:
    """Each round runs every measure `slices` times, interleaved (A B C A B C ...), and keeps the mean of its
    slices: a drift of the machine's speed within a round then touches every measure alike. The order rotates
    from round to round so that no measure always follows the same one."""
    names = list(measures)
    results: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        order = names[shift:] + names[:shift]
        samples: dict[str, list[float]] = {name: [] for name in names}
        for _ in range(slices):
            for name in order:
                samples[name].append(measures[name]())
        for name in names:
            results[name].append(statistics.fmean(samples[name]))
    return results


def ratios(values: list[float], yardstick: list[float]) -> list[float]:
    """Round by round: each value over the yardstick measured in the same round."""
    return [v / y for v, y in zip(values, yardstick, strict=True)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
