"""Previews on the production path: PostgreSQL, Redis, two `vitrine serve` processes and two `vitrine worker`
processes, the openai compositor talking to a fake server (OPENAI_BASE_URL) that counts every render it is asked for.
Media in a bucket of moto's S3 server, each process in a media folder of its own (as on separate machines).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fake_openai import images_response, png_bytes
from tests.preview_support import CLEAR, EDITS, REQUEST, TimedFakeOpenAI, make_catalog, metric, wait_final
from tests.s3_support import Bucket
from tests.shop import Shop, running_shop
from tests.support import pg_rows, production_stack

REQUESTS = 1000
IN_FLIGHT = 50


@pytest.fixture
def fake() -> Iterator[TimedFakeOpenAI]:
    server = TimedFakeOpenAI()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop() as shop:
        yield shop


async def _identical_requests(urls: list[str], token: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """REQUESTS identical requestPreview calls, IN_FLIGHT at a time, alternating between the API processes."""
    gate = asyncio.Semaphore(IN_FLIGHT)
    headers = {"authorization": f"Bearer {token}"}
    # Idle connections are dropped after 2 s, before uvicorn closes them (5 s): with httpx's default (also 5 s) a
    # request could go out on a connection the server was closing at that moment (a ReadError seen under load).
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT, keepalive_expiry=2.0)
    clients = [httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=120) for url in urls]
    try:

        async def one(index: int) -> dict[str, Any]:
            async with gate:
                response = await clients[index % len(clients)].post(
                    "/graphql", json={"query": REQUEST, "variables": {"input": data}}
                )
            assert response.status_code == 200, response.text
            body = response.json()
            assert not body.get("errors"), body
            task: dict[str, Any] = body["data"]["requestPreview"]
            return task

        return await asyncio.gather(*(one(i) for i in range(REQUESTS)))
    finally:
        for client in clients:
            await client.aclose()


async def test_a_thousand_identical_requests_on_two_apis_and_two_workers_render_once(
    pg_url: str, tmp_path: Path, fake: TimedFakeOpenAI, shop: Shop, s3_bucket: Bucket
) -> None:
    render = images_response(png_bytes((1024, 1024), (120, 90, 60)))
    fake.reply(EDITS, render, delay=1.0)  # one render scripted: a second call would get a 404 and fail the task
    env = {"VITRINE_AI_PROVIDER": "openai", "OPENAI_API_KEY": "sk-test-stack", "OPENAI_BASE_URL": fake.base_url}
    env["VITRINE_RATE_LIMITS"] = "previews=off"  # a storm of 1,000 is what the budget refuses; dedupe is tested here
    with production_stack(pg_url, tmp_path / "stack", apis=2, workers=2, extra_env=env, media_store=s3_bucket) as stack:
        try:
            apis = stack.api_urls
            client = stack.client()
            catalog = await make_catalog(client, shop)
            started = time.monotonic()
            answers = await _identical_requests(apis, stack.token, catalog.input())
            elapsed = time.monotonic() - started
            done = await wait_final(client, answers[0]["id"])
            started_renders = [await metric(api, "vitrine_preview_renders_total", 'outcome="started"') for api in apis]
            hits = [await metric(api, "vitrine_preview_cache_hits_total") for api in apis]

            # A repeat after completion is answered from the cache; after clearing it, the next one renders.
            repeat = (await client.data(REQUEST, {"input": catalog.input()}))["requestPreview"]
            fake.reply(EDITS, render)
            cleared = (await client.data(CLEAR, {"workId": catalog.work_id}))["clearPreviewCache"]
            fresh = (await client.data(REQUEST, {"input": catalog.input()}))["requestPreview"]
            fresh_done = await wait_final(client, fresh["id"])
        except Exception:
            print(stack.logs())
            raise
    cached = sum(a["cached"] for a in answers)
    print(
        f"{REQUESTS} identical requests over 2 APIs in {elapsed:.1f} s: {len({a['id'] for a in answers})} task id, "
        f"{len(fake.requests_to(EDITS)) - 1} render(s) at the provider, {cached} answered from the cache; "
        f"started per API {started_renders}, cache hits per API {hits}"
    )
    assert len(answers) == REQUESTS and len({a["id"] for a in answers}) == 1
    assert done["status"] == "COMPLETED" and done["resultUrl"]
    assert sum(started_renders) == 1 and sum(hits) == cached
    assert repeat["id"] == done["id"] and repeat["cached"] is True
    assert cleared == 1 and fresh["id"] != done["id"] and fresh["cached"] is False
    assert fresh_done["status"] == "COMPLETED"
    assert len(fake.requests_to(EDITS)) == 2  # one render for the thousand, one after the cache was cleared
    rows = await pg_rows(pg_url, "SELECT id, attempt, retries, status FROM preview_task")
    assert [(str(r["id"]), r["attempt"], r["retries"], r["status"]) for r in rows] == [(fresh["id"], 1, 0, "completed")]


async def test_a_failed_render_is_restarted_by_exactly_one_of_many_concurrent_requests(
    pg_url: str, tmp_path: Path, fake: TimedFakeOpenAI, shop: Shop, s3_bucket: Bucket
) -> None:
    fake.reply(EDITS, {"error": {"message": "Your request was rejected", "type": "invalid_request_error"}}, status=400)
    fake.reply(EDITS, images_response(png_bytes((1024, 1024), (10, 90, 60))), delay=1.0)
    env = {"VITRINE_AI_PROVIDER": "openai", "OPENAI_API_KEY": "sk-test-stack", "OPENAI_BASE_URL": fake.base_url}
    env["VITRINE_RATE_LIMITS"] = "previews=off"  # a storm of 1,000 is what the budget refuses; dedupe is tested here
    with production_stack(pg_url, tmp_path / "stack", apis=2, workers=2, extra_env=env, media_store=s3_bucket) as stack:
        try:
            apis = stack.api_urls
            client = stack.client()
            catalog = await make_catalog(client, shop)
            first = (await client.data(REQUEST, {"input": catalog.input()}))["requestPreview"]
            failed = await wait_final(client, first["id"])
            answers = await _identical_requests(apis, stack.token, catalog.input())
            done = await wait_final(client, first["id"])
        except Exception:
            print(stack.logs())
            raise
    assert failed["status"] == "FAILED" and "rejected" in failed["errorDetail"]
    assert {a["id"] for a in answers} == {first["id"]}
    assert done["status"] == "COMPLETED"
    assert len(fake.requests_to(EDITS)) == 2  # the failure, then one render for the thousand requests
    rows = await pg_rows(pg_url, "SELECT attempt, status FROM preview_task")
    assert [(r["attempt"], r["status"]) for r in rows] == [(2, "completed")]
