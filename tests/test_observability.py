"""Request ids, structured logs, and the Prometheus metrics (HTTP, GraphQL operations, queue depth)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncGenerator, Iterator

import pytest
import strawberry
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket

import observability
from observability import (
    REGISTRY,
    MetricsMiddleware,
    RequestIdMiddleware,
    configure_logging,
    current_request_id,
    metrics_route,
    set_queue_depth_source,
)
from schema.metrics import GraphQLMetrics

UUID_HEX = re.compile(r"[0-9a-f]{32}")
log = logging.getLogger("vitrine.test_observability")


async def whoami(request: Request) -> JSONResponse:
    log.info("served item %s", request.path_params.get("item_id"))
    return JSONResponse({"request_id": current_request_id()})


async def broken(request: Request) -> PlainTextResponse:
    raise RuntimeError("boom")


async def websocket_whoami(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text(current_request_id() or "")
    await websocket.close()


def make_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/items/{item_id}", whoami),
            Route("/broken", broken),
            WebSocketRoute("/ws", websocket_whoami),
            metrics_route(),
        ],
        middleware=[Middleware(RequestIdMiddleware), Middleware(MetricsMiddleware)],
    )


@pytest.fixture
def client() -> TestClient:
    return TestClient(make_app(), raise_server_exceptions=False)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state; put the root logger and the quietened ones back."""
    root = logging.getLogger()
    handlers = [(handler, handler.formatter) for handler in root.handlers]
    levels = {name: logging.getLogger(name).level for name in ("", "httpx", "tortoise", log.name)}
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            if handler not in [h for h, _ in handlers]:
                root.removeHandler(handler)
        for handler, formatter in handlers:
            handler.setFormatter(formatter)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def queue_depth_source() -> Iterator[None]:
    try:
        yield
    finally:
        set_queue_depth_source(None)


def scrape(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def sample(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


# --- request ids ---------------------------------------------------------------------------------------------


def test_a_sane_request_id_is_echoed_and_visible_to_the_handler(client: TestClient) -> None:
    response = client.get("/items/1", headers={"X-Request-ID": "Client.req-42_a"})

    assert response.headers["x-request-id"] == "Client.req-42_a"
    assert response.json() == {"request_id": "Client.req-42_a"}


def test_a_request_without_an_id_gets_a_fresh_one(client: TestClient) -> None:
    first = client.get("/items/1")
    second = client.get("/items/1")

    assert UUID_HEX.fullmatch(first.headers["x-request-id"])
    assert first.json() == {"request_id": first.headers["x-request-id"]}
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


@pytest.mark.parametrize(
    "header",
    ["<script>alert(1)</script>", "a" * 65, "two words", "../../etc/passwd", "ünïcode", ""],
)
def test_an_unsafe_request_id_is_replaced(client: TestClient, header: str) -> None:
    response = client.get("/items/1", headers=[(b"x-request-id", header.encode())])

    assert UUID_HEX.fullmatch(response.headers["x-request-id"])
    assert response.json() == {"request_id": response.headers["x-request-id"]}


def test_a_websocket_connection_has_a_request_id(client: TestClient) -> None:
    with client.websocket_connect("/ws", headers={"X-Request-ID": "ws-conn-1"}) as websocket:
        assert websocket.receive_text() == "ws-conn-1"
    with client.websocket_connect("/ws") as websocket:
        assert UUID_HEX.fullmatch(websocket.receive_text())


# --- logging -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("restore_logging")
def test_json_log_lines_carry_the_request_id(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    capsys.readouterr()

    client.get("/items/7", headers={"X-Request-ID": "req-json-1"})

    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if "served item" in line]
    assert len(lines) == 1
    entry = lines[0]
    assert entry["message"] == "served item 7"
    assert entry["request_id"] == "req-json-1"
    assert entry["level"] == "INFO"
    assert entry["logger"] == log.name
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["ts"])


@pytest.mark.usefixtures("restore_logging")
def test_json_log_lines_format_exceptions_and_keep_extra_fields(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    capsys.readouterr()

    try:
        raise ValueError("bad value")
    except ValueError:
        log.exception("it failed", extra={"job_id": "j-1"})

    (line,) = capsys.readouterr().err.splitlines()
    entry = json.loads(line)
    assert entry["message"] == "it failed"
    assert entry["job_id"] == "j-1"
    assert "request_id" not in entry  # no request is being served
    assert entry["exc_info"].startswith("Traceback (most recent call last):")
    assert entry["exc_info"].endswith("ValueError: bad value")


@pytest.mark.usefixtures("restore_logging")
def test_configuring_twice_keeps_one_handler_and_switches_format(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    handler_count = len(logging.getLogger().handlers)
    configure_logging("WARNING", "text")
    capsys.readouterr()

    log.info("below the level")
    log.warning("plain text please")

    assert len(logging.getLogger().handlers) == handler_count
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith("WARNING vitrine.test_observability: plain text please")
    assert logging.getLogger("httpx").level == logging.WARNING


def test_an_unknown_level_or_format_is_refused() -> None:
    with pytest.raises(ValueError, match="log level"):
        configure_logging("LOUD", "json")
    with pytest.raises(ValueError, match="log format"):
        configure_logging("INFO", "yaml")  # type: ignore[arg-type]


# --- HTTP metrics --------------------------------------------------------------------------------------------


def test_http_requests_are_counted_by_route_template(client: TestClient) -> None:
    before = scrape(client)

    client.get("/items/1")
    client.get("/items/2")
    client.get("/nowhere")
    client.get("/broken")

    after = scrape(client)
    route = {"method": "GET", "route": "/items/{item_id}"}
    assert (
        sample(after, "http_requests_total", **route, status="200")
        - sample(before, "http_requests_total", **route, status="200")
        == 2
    )
    assert (
        sample(after, "http_request_duration_seconds_count", **route)
        - sample(before, "http_request_duration_seconds_count", **route)
        == 2
    )
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert sample(after, "http_requests_total", **unmatched) - sample(before, "http_requests_total", **unmatched) == 1
    failed = {"method": "GET", "route": "/broken", "status": "500"}
    assert sample(after, "http_requests_total", **failed) - sample(before, "http_requests_total", **failed) == 1
    # Raw paths never become label values.
    assert not any(("route", "/items/1") in labels for _, labels in after)


def test_unusual_methods_are_folded_into_one_label(client: TestClient) -> None:
    before = scrape(client)

    client.request("BREW", "/items/1")

    after = scrape(client)
    labels = {"method": "other", "route": "/items/{item_id}", "status": "405"}
    assert sample(after, "http_requests_total", **labels) - sample(before, "http_requests_total", **labels) == 1


# --- GraphQL metrics -----------------------------------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "hi"

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("resolver failed")


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> bool:
        return True


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncGenerator[int, None]:
        for tick in range(2):
            yield tick


schema = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription, extensions=[GraphQLMetrics])


def operations(type_: str, name: str, outcome: str) -> float:
    return (
        REGISTRY.get_sample_value("graphql_operations_total", {"type": type_, "name": name, "outcome": outcome}) or 0.0
    )


def durations(type_: str) -> float:
    return REGISTRY.get_sample_value("graphql_operation_duration_seconds_count", {"type": type_}) or 0.0


@pytest.fixture
def known_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh set of label names (the process's learned names are shared by every test): these three known."""
    names = observability.OperationNames()
    names.set_known(["Greet", "Touch", "Ticks"])
    monkeypatch.setattr(observability, "operation_names", names)


@pytest.mark.usefixtures("known_names")
async def test_graphql_operations_are_counted_by_type_name_and_outcome() -> None:
    long_name = "L" * 80
    cases = [
        ("query Greet { hello }", ("query", "Greet", "ok")),
        ("query Explode { boom }", ("query", "Explode", "error")),  # valid, so its name is learned
        ("{ hello }", ("query", "anonymous", "ok")),
        ("mutation Touch { touch }", ("mutation", "Touch", "ok")),
        ("query Invalid { nope }", ("query", "other", "error")),  # names of invalid documents are never learned
        (f"query {long_name} {{ hello }}", ("query", "other", "ok")),  # nor names over 64 characters
        ("query Broken {", ("unknown", "anonymous", "error")),
    ]
    before = {labels: operations(*labels) for _, labels in cases}
    queries_before, mutations_before = durations("query"), durations("mutation")

    for document, _ in cases:
        await schema.execute(document)

    for document, labels in cases:
        assert operations(*labels) - before[labels] == 1, document
    assert durations("query") - queries_before == 5
    assert durations("mutation") - mutations_before == 1


@pytest.mark.usefixtures("known_names")
async def test_a_subscription_is_counted_once_for_its_whole_life() -> None:
    before = operations("subscription", "Ticks", "ok")

    stream = await schema.subscribe("subscription Ticks { ticks }")
    results = [result async for result in stream]

    assert [r.data for r in results] == [{"ticks": 0}, {"ticks": 1}]
    assert operations("subscription", "Ticks", "ok") - before == 1


# --- queue depth ---------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("queue_depth_source")
def test_queue_depths_come_from_the_registered_source(client: TestClient) -> None:
    set_queue_depth_source(lambda: {"default": 3, "previews": 0})

    samples = scrape(client)

    assert sample(samples, "vitrine_queue_depth", queue="default") == 3
    assert (("vitrine_queue_depth", frozenset({("queue", "previews")}))) in samples

    set_queue_depth_source(None)
    assert not any(name == "vitrine_queue_depth" for name, _ in scrape(client))


@pytest.mark.usefixtures("queue_depth_source")
def test_a_failing_queue_depth_source_is_logged_and_metrics_still_served(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    def unreachable_broker() -> dict[str, int]:
        raise ConnectionError("redis is down")

    set_queue_depth_source(unreachable_broker)
    client.get("/items/1")

    with caplog.at_level(logging.WARNING, logger="observability"):
        samples = scrape(client)

    assert not any(name == "vitrine_queue_depth" for name, _ in samples)
    assert sample(samples, "http_requests_total", method="GET", route="/items/{item_id}", status="200") >= 1
    assert any("queue depth source failed" in r.getMessage() and r.exc_info for r in caplog.records)
