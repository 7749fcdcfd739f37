"""Preview tasks through the public surface (embedded mode, SQLite): one render per identical request, the cache
and its clearing, input rules, reads in one statement, live updates, and 1,000 concurrent identical requests."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from PIL import Image

from db.models import PreviewTask
from domain import ports as ports_module
from domain import rate_limits
from domain.auth import issue_token
from domain.previews import purge_expired
from integrations.ai.base import ProviderError, ProviderUnavailable
from tests.catalog_support import errors_of
from tests.conftest import make_settings
from tests.preview_support import (
    CLEAR,
    REQUEST,
    REQUEST_MANY,
    TASK,
    TASKS,
    UPDATES,
    Catalog,
    CountingCompositor,
    make_catalog,
    metric,
    wait_final,
)
from tests.shop import Shop, running_shop
from tests.support import GraphQLClient, LiveServer, serve_app, subscribe

RENDERS = "vitrine_preview_renders_total"
HITS = "vitrine_preview_cache_hits_total"


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop() as shop:
        yield shop


@pytest.fixture
def compositor(monkeypatch: pytest.MonkeyPatch) -> CountingCompositor:
    counting = CountingCompositor()
    monkeypatch.setattr(ports_module.ports(), "compositor", counting)
    return counting


@pytest_asyncio.fixture
async def catalog(server: LiveServer, shop: Shop) -> Catalog:
    return await make_catalog(server.client(), shop)


async def request(client: GraphQLClient, data: dict[str, Any]) -> dict[str, Any]:
    task: dict[str, Any] = (await client.data(REQUEST, {"input": data}))["requestPreview"]
    return task


async def fetch_png(server: LiveServer, url: str) -> Image.Image:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


# --- one render, then the cache -------------------------------------------------------------------------------


async def test_a_preview_renders_once_then_answers_from_the_cache(
    server: LiveServer, catalog: Catalog, compositor: CountingCompositor
) -> None:
    client = server.client()
    started = await metric(server.base_url, RENDERS, 'outcome="started"')
    first = await request(client, catalog.input())
    assert first["status"] in ("PENDING", "PROCESSING") and first["cached"] is False
    assert (first["workId"], first["productId"], first["color"], first["size"]) == (
        catalog.work_id,
        catalog.product_id,
        "Natural",
        "Large",
    )
    done = await wait_final(client, first["id"])
    assert done["status"] == "COMPLETED" and done["progress"] == 100 and done["retryCount"] == 0
    assert done["errorMessage"] is None and done["resultUrl"] and done["expiresAt"]
    expires = datetime.fromisoformat(done["expiresAt"])
    assert timedelta(days=6, hours=23) < expires - datetime.fromisoformat(done["updateTime"]) <= timedelta(days=7)
    picture = await fetch_png(server, done["resultUrl"])
    assert picture.size == (400, 400)
    # How it was made: the work and the variant image it was printed on (served), the compositor, the settings.
    made = done["provenance"]
    assert made["provider"] == "local" and made["model"] == "pillow-shaded-print" and made["prompt"] is None
    assert [(i["role"], i["source"]) for i in made["inputImages"]] == [("artwork", "work"), ("product", "variant")]
    assert made["inputImages"][0]["id"] == catalog.work_id
    for image in made["inputImages"]:
        assert (await fetch_png(server, image["url"])).size[0] > 0
    assert made["settings"]["color"] == "Natural" and made["settings"]["size"] == "Large"
    assert set(made["settings"]["printArea"]) == {"x", "y", "width", "height"} and made["durationMs"] >= 0
    assert first["provenance"] is None  # nothing made yet

    hits = await metric(server.base_url, HITS)
    again = await request(client, {**catalog.input(), "color": " natural ", "size": "LARGE"})  # same variant
    assert again["id"] == first["id"] and again["cached"] is True and again["status"] == "COMPLETED"
    assert again["resultUrl"]
    assert compositor.calls == 1
    assert await metric(server.base_url, HITS) == hits + 1
    assert await metric(server.base_url, RENDERS, 'outcome="started"') == started + 1
    # Read back, the same task is not "cached": only a request's answer can be.
    assert (await client.data(TASK, {"id": first["id"]}))["previewTask"]["cached"] is False


async def test_clearing_the_cache_makes_the_next_request_render_again(
    server: LiveServer, catalog: Catalog, compositor: CountingCompositor
) -> None:
    client = server.client()
    inputs = [catalog.input(), catalog.input("Navy"), catalog.input(work_id=catalog.other_work_id)]
    tasks = (await client.data(REQUEST_MANY, {"inputs": inputs}))["requestPreviews"]
    for task in tasks:
        assert (await wait_final(client, task["id"]))["status"] == "COMPLETED"
    assert compositor.calls == 3

    assert (await client.data(CLEAR, {"workId": catalog.work_id}))["clearPreviewCache"] == 2
    assert (await client.data(CLEAR, {"workId": catalog.work_id}))["clearPreviewCache"] == 0
    assert (await client.data(TASK, {"id": tasks[0]["id"]}))["previewTask"] is None

    again = await request(client, catalog.input())
    assert again["cached"] is False and again["id"] != tasks[0]["id"]
    assert (await wait_final(client, again["id"]))["status"] == "COMPLETED"
    assert compositor.calls == 4
    still = await request(client, catalog.input(work_id=catalog.other_work_id))  # another work: still cached
    assert still["cached"] is True and compositor.calls == 4

    # By product, and with neither argument: every finished render of the workspace.
    assert (await client.data(CLEAR, {"productId": catalog.product_id}))["clearPreviewCache"] == 2
    await wait_final(client, (await request(client, catalog.input("Navy")))["id"])
    assert (await client.data(CLEAR, {}))["clearPreviewCache"] == 1
    assert await PreviewTask.all().count() == 0


async def test_an_expired_result_renders_again_in_the_same_task(tmp_path: Path, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, preview_ttl="1s")) as server:
        counting = CountingCompositor()
        ports_module.ports().compositor = counting
        client = server.client()
        catalog = await make_catalog(client, shop)
        first = await wait_final(client, (await request(client, catalog.input()))["id"])
        assert (await request(client, catalog.input()))["cached"] is True and counting.calls == 1
        expired = datetime.fromisoformat(first["expiresAt"])
        await asyncio.sleep(max(0.0, (expired - datetime.now(UTC)).total_seconds()) + 0.05)  # past the expiry
        again = await request(client, catalog.input())
        assert again["id"] == first["id"] and again["cached"] is False and again["status"] != "COMPLETED"
        assert again["resultUrl"] is None and again["expiresAt"] is None
        renewed = await wait_final(client, again["id"])
        assert renewed["status"] == "COMPLETED" and counting.calls == 2
        assert renewed["expiresAt"] > first["expiresAt"]


async def test_a_failed_render_fails_with_its_message_and_the_next_request_renders_again(
    server: LiveServer, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusing = CountingCompositor(failures=1, error=ProviderError("the artwork was refused by the provider"))
    monkeypatch.setattr(ports_module.ports(), "compositor", refusing)
    client = server.client()
    failed = await wait_final(client, (await request(client, catalog.input()))["id"])
    assert failed["status"] == "FAILED" and failed["errorDetail"] == "the artwork was refused by the provider"
    assert failed["errorMessage"] == (
        "The preview could not be rendered: the request was declined (its content may not be allowed). "
        "Try another image or product."
    )
    assert failed["retryCount"] == 0 and failed["resultUrl"] is None and refusing.calls == 1  # permanent: no retry

    again = await request(client, catalog.input())
    assert again["id"] == failed["id"] and again["cached"] is False and again["errorMessage"] is None
    done = await wait_final(client, again["id"])
    assert done["status"] == "COMPLETED" and refusing.calls == 2


async def test_a_transient_failure_shows_its_cause_and_counts_the_retry(
    tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first retry waits 5 s x the scale: 1 s, a window the state is read in 50 times over.
    async with serve_app(make_settings(tmp_path, retry_delay_scale=0.2)) as server:
        catalog = await make_catalog(server.client(), shop)
        flaky = CountingCompositor(failures=1, error=ProviderUnavailable("the render service is busy (HTTP 503)"))
        monkeypatch.setattr(ports_module.ports(), "compositor", flaky)
        client = server.client()
        task = await request(client, catalog.input())
        async with asyncio.timeout(30):
            while (waiting := (await client.data(TASK, {"id": task["id"]}))["previewTask"])["retryCount"] == 0:
                await asyncio.sleep(0.02)
        assert waiting["status"] == "PENDING" and waiting["errorDetail"] == "the render service is busy (HTTP 503)"
        assert waiting["attempts"] == 1 and waiting["maxAttempts"] == 4
        # The schedule's first delay (5 s) times the scale, from the hand-back that wrote updateTime.
        due = datetime.fromisoformat(waiting["nextAttemptAt"]) - datetime.fromisoformat(waiting["updateTime"])
        assert due == timedelta(seconds=1)
        assert waiting["errorMessage"] == (
            "The preview could not be rendered: the AI service answered with an error. It will be tried again."
        )
        done = await wait_final(client, task["id"])
    assert done["status"] == "COMPLETED" and done["retryCount"] == 1 and done["errorMessage"] is None
    assert flaky.calls == 2


# --- many at once, and the rules of the input -----------------------------------------------------------------


async def test_many_previews_are_answered_in_input_order_and_repeats_share_a_task(
    server: LiveServer, catalog: Catalog, compositor: CountingCompositor
) -> None:
    client = server.client()
    inputs = [
        catalog.input("Navy"),
        catalog.input("Natural", "Small"),
        catalog.input("NAVY", "large"),
        catalog.input(),
    ]
    tasks = (await client.data(REQUEST_MANY, {"inputs": inputs}))["requestPreviews"]
    assert [(t["color"], t["size"]) for t in tasks] == [
        ("Navy", "Large"),
        ("Natural", "Small"),
        ("Navy", "Large"),
        ("Natural", "Large"),
    ]
    assert tasks[0]["id"] == tasks[2]["id"] and len({t["id"] for t in tasks}) == 3
    for task in tasks:
        await wait_final(client, task["id"])
    assert compositor.calls == 3
    again = (await client.data(REQUEST_MANY, {"inputs": [*inputs, catalog.input(work_id=catalog.other_work_id)]}))[
        "requestPreviews"
    ]
    assert [t["cached"] for t in again] == [True, True, True, True, False]
    assert [t["id"] for t in again[:4]] == [t["id"] for t in tasks]


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"color": "Purple"}, "BAD_USER_INPUT", "inputs[1].color"),
        ({"size": "XXL"}, "BAD_USER_INPUT", "inputs[1].size"),
        ({"color": "Navy", "size": "Small"}, "BAD_USER_INPUT", "inputs[1].size"),
        ({"color": None}, "BAD_USER_INPUT", "inputs[1].color"),
        ({"workId": "00000000-0000-0000-0000-000000000000"}, "NOT_FOUND", "inputs[1].workId"),
        ({"productId": "not-a-uuid"}, "NOT_FOUND", "inputs[1].productId"),
    ],
)
async def test_an_input_naming_no_variant_is_refused_naming_its_field_and_writes_nothing(
    server: LiveServer, catalog: Catalog, compositor: CountingCompositor, change: dict[str, Any], code: str, field: str
) -> None:
    inputs = [catalog.input("Navy"), {**catalog.input(), **change}]
    body = await server.client().execute(REQUEST_MANY, {"inputs": inputs})
    assert errors_of(body) == [(code, field)], body
    assert await PreviewTask.all().count() == 0 and compositor.calls == 0
    single = await server.client().execute(REQUEST, {"input": {**catalog.input(), **change}})
    assert errors_of(single) == [(code, field.replace("inputs[1]", "input"))], single


async def test_between_one_and_a_hundred_inputs(server: LiveServer, catalog: Catalog) -> None:
    for count in (0, 101):
        body = await server.client().execute(REQUEST_MANY, {"inputs": [catalog.input()] * count})
        assert errors_of(body) == [("BAD_USER_INPUT", "inputs")], body
    assert await PreviewTask.all().count() == 0


async def test_a_variant_without_size_or_colour_is_asked_for_with_none(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    catalog = await make_catalog(client, shop)
    plain = (
        await client.data(
            "mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }",
            {"input": {"title": "Mug", "images": [shop.image_url("mug", 0)]}},  # one default variant
        )
    )["createProduct"]["id"]
    task = await request(client, {"workId": catalog.work_id, "productId": plain})
    assert (task["color"], task["size"]) == ("", "")
    same = await request(client, {"workId": catalog.work_id, "productId": plain, "color": "", "size": " "})
    assert same["id"] == task["id"]


# --- reads ----------------------------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def quiet_server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """No periodic work between its start-up tick and the end of the test: only requests touch the database."""
    async with serve_app(make_settings(tmp_path, scheduler_interval="1h")) as live:
        yield live


async def test_preview_tasks_are_read_in_one_statement_with_null_in_place_of_unknown_ids(
    quiet_server: LiveServer, shop: Shop
) -> None:
    client = quiet_server.client()
    catalog = await make_catalog(client, shop)
    inputs = [catalog.input(), catalog.input("Navy"), catalog.input("Natural", "Small")]
    tasks = (await client.data(REQUEST_MANY, {"inputs": inputs}))["requestPreviews"]
    for task in tasks:
        await wait_final(client, task["id"])

    async def read(ids: list[str]) -> tuple[int, list[Any]]:
        """The previewTasks answer, and how many SQL statements touched the preview_task table meanwhile."""
        statements: list[str] = []

        class Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                statements.append(record.getMessage())

        logger, handler = logging.getLogger("tortoise.db_client"), Keep(logging.DEBUG)
        level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        try:
            data = await client.data(TASKS, {"ids": ids})
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        return sum("preview_task" in s for s in statements), data["previewTasks"]

    unknown = "00000000-0000-0000-0000-000000000000"
    one, single = await read([tasks[0]["id"]])
    many, listed = await read([tasks[2]["id"], unknown, "junk", tasks[0]["id"], tasks[1]["id"]] * 10)
    assert one == 1 and many == 1
    assert [t["id"] for t in single] == [tasks[0]["id"]]
    assert [t and t["id"] for t in listed[:5]] == [tasks[2]["id"], None, None, tasks[0]["id"], tasks[1]["id"]]
    assert all(t is None or t["status"] == "COMPLETED" for t in listed)


async def test_another_workspaces_previews_are_invisible(tmp_path: Path, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, auth="token")) as live:
        owner = live.client(await issue_token("o@a.example", "a"))
        stranger = live.client(await issue_token("s@b.example", "b"))
        catalog = await make_catalog(owner, shop)
        task = await request(owner, catalog.input())
        assert (await stranger.data(TASK, {"id": task["id"]}))["previewTask"] is None
        assert (await stranger.data(TASKS, {"ids": [task["id"]]}))["previewTasks"] == [None]
        body = await stranger.execute(REQUEST, {"input": catalog.input()})
        assert errors_of(body) == [("NOT_FOUND", "input.workId")]
        body = await stranger.execute(CLEAR, {"productId": catalog.product_id})
        assert errors_of(body) == [("NOT_FOUND", "productId")]
        await wait_final(owner, task["id"])
        assert (await stranger.data(CLEAR, {}))["clearPreviewCache"] == 0
        assert (await owner.data(TASK, {"id": task["id"]}))["previewTask"]["status"] == "COMPLETED"


# --- live -----------------------------------------------------------------------------------------------------


async def test_the_subscription_sends_each_task_then_every_change_until_all_are_finished(
    server: LiveServer, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = server.client()
    first = await wait_final(client, (await request(client, catalog.input()))["id"])  # finished before
    monkeypatch.setattr(ports_module.ports(), "compositor", CountingCompositor(delay=1.0))
    running = await request(client, catalog.input("Navy"))
    ids = [first["id"], running["id"]]
    seen: list[dict[str, Any]] = []
    async with subscribe(server.ws_url, UPDATES, {"ids": ids}) as sub:
        while True:
            message = await sub.message(timeout=30)
            if message["type"] == "complete":
                break
            assert message["type"] == "next", message
            seen.append(message["payload"]["data"]["previewTaskUpdated"])
    assert [t["id"] for t in seen[:2]] == ids  # the current state of each, in order
    assert seen[0]["status"] == "COMPLETED" and all(t["id"] == running["id"] for t in seen[2:])
    progress = [t["progress"] for t in seen[1:]]
    assert progress == sorted(progress) and len(set(progress)) >= 4, progress  # the bar moves
    assert seen[-1]["status"] == "COMPLETED" and seen[-1]["progress"] == 100 and seen[-1]["resultUrl"]


async def test_the_subscription_refuses_unknown_ids(server: LiveServer, catalog: Catalog) -> None:
    async with subscribe(server.ws_url, UPDATES, {"ids": ["00000000-0000-0000-0000-000000000000"]}) as sub:
        message = await sub.message()
    assert message["type"] == "next" and message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"


# --- expired results are purged -------------------------------------------------------------------------------


async def test_results_expired_for_an_hour_are_purged(server: LiveServer, catalog: Catalog) -> None:
    client = server.client()
    task = await wait_final(client, (await request(client, catalog.input()))["id"])
    expires = datetime.fromisoformat(task["expiresAt"])
    assert await purge_expired(expires + timedelta(minutes=59)) == 0
    assert await purge_expired(expires + timedelta(minutes=61)) == 1
    assert (await client.data(TASK, {"id": task["id"]}))["previewTask"] is None
    assert datetime.now(UTC) < expires


# --- dedupe under load ----------------------------------------------------------------------------------------


@pytest.mark.slow  # a load test (hundreds of requests): left out by `make test-fast`
async def test_a_thousand_concurrent_identical_requests_start_one_render(
    server: LiveServer, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = CountingCompositor(delay=0.5)
    monkeypatch.setattr(ports_module.ports(), "compositor", counting)
    # A storm of 1,000 is what the previews budget refuses (tests/test_rate_limits.py); dedupe is tested here.
    monkeypatch.setitem(rate_limits.limiter().items, "previews", None)
    started = await metric(server.base_url, RENDERS, 'outcome="started"')
    completed = await metric(server.base_url, RENDERS, 'outcome="completed"')
    hits = await metric(server.base_url, HITS)
    answers = await identical_requests(server, catalog.input(), 1000)
    assert len(answers) == 1000 and len({a["id"] for a in answers}) == 1
    done = await wait_final(server.client(), answers[0]["id"])
    assert done["status"] == "COMPLETED"
    cached = sum(a["cached"] for a in answers)
    print(f"1000 concurrent identical requests: 1 task, {counting.calls} render(s), {cached} answered from cache")
    assert counting.calls == 1
    rows = await PreviewTask.all()
    assert len(rows) == 1 and rows[0].attempt == 1
    assert await metric(server.base_url, RENDERS, 'outcome="started"') == started + 1
    assert await metric(server.base_url, RENDERS, 'outcome="completed"') == completed + 1
    assert await metric(server.base_url, HITS) == hits + cached


@pytest.mark.slow  # a load test (hundreds of requests): left out by `make test-fast`
async def test_a_failed_render_is_restarted_by_exactly_one_of_many_concurrent_requests(
    server: LiveServer, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusing = CountingCompositor(delay=0.3, failures=1, error=ProviderError("the provider refused this artwork"))
    monkeypatch.setattr(ports_module.ports(), "compositor", refusing)
    client = server.client()
    failed = await wait_final(client, (await request(client, catalog.input()))["id"])
    assert failed["status"] == "FAILED"
    answers = await identical_requests(server, catalog.input(), 300)
    assert {a["id"] for a in answers} == {failed["id"]}
    assert (await wait_final(client, failed["id"]))["status"] == "COMPLETED"
    assert refusing.calls == 2  # the failure, then one render for the 300 requests
    assert [row.attempt for row in await PreviewTask.all()] == [2]


async def identical_requests(server: LiveServer, data: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """`count` identical requestPreview calls over 50 connections, 50 in flight (the rest wait their turn in the
    test, not in httpx's pool, whose bookkeeping grows with its queue and would slow the server on this loop)."""
    # Idle connections are dropped before uvicorn closes them (5 s, httpx's default expiry too: a request could go
    # out on a connection the server was closing, tests/test_previews_production.py).
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50, keepalive_expiry=2.0)
    in_flight = asyncio.Semaphore(50)
    async with httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=120) as http:

        async def one() -> dict[str, Any]:
            async with in_flight:
                response = await http.post("/graphql", json={"query": REQUEST, "variables": {"input": data}})
            assert response.status_code == 200, response.text
            body = response.json()
            assert not body.get("errors"), body
            task: dict[str, Any] = body["data"]["requestPreview"]
            return task

        return await asyncio.gather(*(one() for _ in range(count)))
