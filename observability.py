"""Observability: structured logging, request ids, and the Prometheus metrics served at /metrics."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------------------------
# Request ids

_request_id: ContextVar[str | None] = ContextVar("vitrine_request_id", default=None)
# Echoed into headers and log lines, so only a short, inert token from the client is trusted.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_REQUEST_ID_HEADER = b"x-request-id"


def current_request_id() -> str | None:
    """The id of the HTTP request or WebSocket connection being served, if any."""
    return _request_id.get()


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name.lower() == _REQUEST_ID_HEADER:
            candidate = value.decode("latin-1")
            return candidate if _SANE_REQUEST_ID.fullmatch(candidate) else None
    return None


class RequestIdMiddleware:
    """Gives every HTTP request and WebSocket connection an id: the client's `X-Request-ID` when it is a sane
    token, else a new one. It is readable through `current_request_id()` and sent back as `x-request-id`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or os.urandom(16).hex()  # 32 random hex digits, like uuid4().hex
        header = (_REQUEST_ID_HEADER, request_id.encode("ascii"))

        async def send_with_request_id(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != _REQUEST_ID_HEADER]
                message = {**message, "headers": [*headers, header]}
            await send(message)

        token = _request_id.set(request_id)
        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            _request_id.reset(token)


# ---------------------------------------------------------------------------------------------------------------
# Logging

# Attributes every LogRecord has; anything else on a record came from `extra=` and is worth keeping.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "request_id",
    "color_message",  # uvicorn's ANSI-coloured duplicate of the message
}
# Libraries that log every SQL statement, outbound request or frame; their warnings still get through.
_NOISY_LOGGERS = (
    "httpx",
    "httpcore",
    "openai",
    "tortoise",
    "aiosqlite",
    "asyncpg",
    "websockets",
    "multipart",
    "PIL",
    "watchfiles",
    "asyncio",
)


def _request_id_of(record: logging.LogRecord) -> str | None:
    # An explicit `extra={"request_id": ...}` wins; otherwise the request being served when the line was logged.
    explicit = record.__dict__.get("request_id")
    return explicit if isinstance(explicit, str) and explicit else current_request_id()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, request_id, exc_info, plus `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = _request_id_of(record)
        if request_id:
            payload["request_id"] = request_id
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            payload["exc_info"] = record.exc_text
        if record.stack_info:
            payload["stack_info"] = self.formatStack(record.stack_info)
        for name, value in record.__dict__.items():
            if name not in _RECORD_ATTRIBUTES and not name.startswith("_"):
                payload.setdefault(name, value)
        try:
            return json.dumps(payload, default=str, ensure_ascii=False)
        except ValueError:  # a circular structure passed in `extra=`
            return json.dumps({k: v if isinstance(v, str) else repr(v) for k, v in payload.items()})


class TextFormatter(logging.Formatter):
    """Readable lines for a terminal, with the request id appended when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        request_id = _request_id_of(record)
        return f"{line} [request_id={request_id}]" if request_id else line


class _StderrHandler(logging.StreamHandler[TextIO]):
    # Looks sys.stderr up on every write, as logging's own last-resort handler does, so a stream swapped
    # after start-up (pytest's capture, a daemon redirecting it) still receives the lines.
    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr  # under the handler's lock: `handle` holds it around `emit`
        super().emit(record)


def configure_logging(level: str, fmt: Literal["json", "text"]) -> None:
    """Route every logger through one stderr handler in `fmt`; calling it again only updates level and format."""
    numeric_level = logging.getLevelNamesMapping().get(level.strip().upper())
    if numeric_level is None:
        raise ValueError(f"unknown log level {level!r}; use DEBUG, INFO, WARNING, ERROR or CRITICAL")
    if fmt not in ("json", "text"):
        raise ValueError(f"unknown log format {fmt!r}; use json or text")
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _StderrHandler)), None)
    if handler is None:
        handler = _StderrHandler()
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root.setLevel(numeric_level)
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric_level, logging.WARNING))


# ---------------------------------------------------------------------------------------------------------------
# Metrics

# Our own registry: the process-wide default one would make two apps in one process (tests) collide.
REGISTRY = CollectorRegistry()

HTTP_REQUESTS = Counter("http_requests", "HTTP requests served", ["method", "route", "status"], registry=REGISTRY)
HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds", "Time to serve an HTTP request", ["method", "route"], registry=REGISTRY
)
GRAPHQL_OPERATIONS = Counter(
    "graphql_operations", "GraphQL operations executed", ["type", "name", "outcome"], registry=REGISTRY
)
GRAPHQL_OPERATION_DURATION = Histogram(
    "graphql_operation_duration_seconds",
    "Time from receiving a GraphQL operation to its result (a subscription: its whole life)",
    ["type"],
    registry=REGISTRY,
)

# Label values come from clients; anything outside these sets is folded into one value to bound cardinality.
TASK_OUTCOMES = Counter(
    "vitrine_tasks", "Background task runs by kind and outcome", ["kind", "outcome"], registry=REGISTRY
)
TASK_DURATION = Histogram(
    "vitrine_task_duration_seconds",
    "Time from a task's claim to its outcome, per kind",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
    registry=REGISTRY,
)
LEASE_EXPIRIES = Counter(
    "vitrine_lease_expiries",
    "Claimed tasks whose lease ran out (their worker died or stalled), put back and re-sent by the reaper",
    ["kind"],
    registry=REGISTRY,
)
EVENT_PUBLISH_FAILURES = Counter(
    "vitrine_event_publish_failures", "Live events that could not be published (logged, never fatal)", registry=REGISTRY
)
# Previews: renders started (one per deduplicated request, counted where the request was answered) and finished
# (counted where the render ran), and requests answered from the cache. Per process, like every metric here.
PREVIEW_RENDERS = Counter(
    "vitrine_preview_renders", "Preview renders by outcome: started, completed, failed", ["outcome"], registry=REGISTRY
)
PREVIEW_CACHE_HITS = Counter(
    "vitrine_preview_cache_hits", "Preview requests answered with a cached render", registry=REGISTRY
)
_KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_OPERATION_NAME_MAX = 64
_GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
OTHER_OPERATION = "other"
# Names learned from clients' own valid documents, first come, beyond the console's: a client's integration is
# still counted by name, and hostile names cost at most this many series (each 150-280 bytes of /metrics).
LEARNED_OPERATION_NAMES_MAX = 5


class OperationNames:
    """The values the `name` label of `graphql_operations_total` may take, a bounded set: every operation name was
    a new series for ever, so 200 requests with random names grew /metrics from 10.8 to 66 KB. Known names (the
    console's, installed at start) and up to LEARNED_OPERATION_NAMES_MAX names of documents that parsed, validated
    and passed the limits count by name; an operation without a name is `anonymous`; everything else `other`.
    Used on the event loop only."""

    def __init__(self, learned_max: int = LEARNED_OPERATION_NAMES_MAX) -> None:
        self.known: frozenset[str] = frozenset()
        self.learned: set[str] = set()
        self.learned_max = learned_max

    def set_known(self, names: Iterable[str]) -> None:
        self.known = frozenset(name for name in names if len(name) <= _OPERATION_NAME_MAX)

    def label(self, name: str | None, *, valid: bool) -> str:
        if not name:
            return "anonymous"
        if name in self.known or name in self.learned:
            return name
        learnable = len(name) <= _OPERATION_NAME_MAX and _GRAPHQL_NAME.fullmatch(name) is not None
        if valid and learnable and len(self.learned) < self.learned_max:
            self.learned.add(name)
            return name
        return OTHER_OPERATION


operation_names = OperationNames()


def set_known_operation_names(names: Iterable[str]) -> None:
    """Install the operation names always counted by name (the console's documents; main.create_app)."""
    operation_names.set_known(names)


def _route_label(scope: Scope) -> str:
    # Starlette's router leaves the matched route in the scope; its template (not the raw path) is the label.
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else "unmatched"


# The labelled children of a metric, looked up once per label values: `labels()` builds and checks them on every
# call. Label values are bounded (methods, route templates, statuses, operation types, OperationNames), so is this.
_http_children: dict[tuple[str, str, str], tuple[Any, Any]] = {}
CHILDREN_MAX = 10_000  # a safety net: beyond this, look up without remembering


def _http_metrics(method: str, route: str, status: str) -> tuple[Any, Any]:
    key = (method, route, status)
    children = _http_children.get(key)
    if children is None:
        children = (HTTP_REQUESTS.labels(method, route, status), HTTP_REQUEST_DURATION.labels(method, route))
        if len(_http_children) < CHILDREN_MAX:
            _http_children[key] = children
    return children


class MetricsMiddleware:
    """Counts HTTP requests and their latency per method, route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"] if scope["method"] in _KNOWN_METHODS else "other"
        status = 500  # what the server error middleware outside us answers when the app raises before responding
        started = time.perf_counter()

        async def send_recording_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_recording_status)
        finally:
            count, duration = _http_metrics(method, _route_label(scope), str(status))
            count.inc()
            duration.observe(time.perf_counter() - started)


QueueDepthSource = Callable[[], dict[str, int]]
_queue_depth_source: QueueDepthSource | None = None


def set_queue_depth_source(source: QueueDepthSource | None) -> None:
    """Install the callable that reports messages waiting per queue at scrape time (None: report nothing)."""
    global _queue_depth_source
    _queue_depth_source = source


class _QueueDepthCollector(Collector):
    def describe(self) -> Iterable[Metric]:
        return [self._family()]

    def collect(self) -> Iterable[Metric]:
        source = _queue_depth_source
        if source is None:
            return []
        try:
            depths = source()
        except Exception:
            # A broker that cannot answer must not take the other metrics down with it.
            log.warning("queue depth source failed; vitrine_queue_depth omitted from this scrape", exc_info=True)
            return []
        family = self._family()
        for queue, depth in sorted(depths.items()):
            family.add_metric([queue], depth)
        return [family]

    @staticmethod
    def _family() -> GaugeMetricFamily:
        return GaugeMetricFamily("vitrine_queue_depth", "Messages waiting per queue", labels=["queue"])


REGISTRY.register(_QueueDepthCollector())


async def _serve_metrics(request: Request) -> Response:
    # In a thread: the queue depth source may ask Redis, and the event loop must not wait on it.
    body = await asyncio.to_thread(generate_latest, REGISTRY)
    return Response(body, media_type=CONTENT_TYPE_PLAIN_0_0_4)


def serve_process_metrics(host: str, port: int) -> None:
    """`vitrine worker` and `vitrine scheduler`: /metrics on `host:port`, from a thread of this process.

    Under `PROMETHEUS_MULTIPROC_DIR` (set by cli.py before prometheus_client is imported) every process of a worker
    writes its metrics to files in that folder and one scrape adds them up (prometheus_client's multiprocess mode);
    the queue depth is read from the broker at scrape time.
    """
    from prometheus_client import start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(_QueueDepthCollector())  # not a file metric: read here, at scrape time
    else:
        registry = REGISTRY  # this process's own metrics, its queue depth collector included
    start_http_server(port, addr=host, registry=registry)
    log.info("serving metrics", extra={"address": f"{host}:{port}"})


def metrics_route() -> Route:
    """`GET /metrics` in the Prometheus text exposition format."""
    return Route("/metrics", _serve_metrics, methods=["GET"], name="metrics")
