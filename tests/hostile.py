"""Hostile requests against the GraphQL endpoint: the reproductions of issue 9 as fixed cases, Hypothesis
strategies for random documents, variables and bodies, and the check every answer must pass.

Used by tests/test_hostile_edge.py and bench/hostile_edge.py, both against a real `vitrine serve` process
(a frozen event loop then shows as a timeout, not as a hung test).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from hypothesis import strategies as st

from schema.errors import ERROR_CODES
from tests.support import ROOT, free_port, wait_http

JSON_TYPE = "application/json"
GQL_RESPONSE = "application/graphql-response+json"
ME = "{ me { id } }"
CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id } }"
JOBS_AFTER = "query($after: String) { ctaJobs(first: 5, after: $after) { totalCount } }"


@dataclass(frozen=True)
class Request:
    method: str = "POST"
    body: bytes | None = None
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def post(payload: object, **headers: str) -> Request:
    # json.dumps escapes lone surrogates as \ud800 (httpx's own encoder would fail on them client-side)
    return Request("POST", json.dumps(payload).encode(), headers={"content-type": JSON_TYPE, **headers})


def get(query: str, variables: str | None = None) -> Request:
    params = {"query": query}
    if variables is not None:
        params["variables"] = variables
    return Request("GET", params=params)


def send(client: httpx.Client, request: Request) -> httpx.Response:
    headers = {"accept": JSON_TYPE, **request.headers}
    return client.request(request.method, "/graphql", content=request.body, params=request.params, headers=headers)


@dataclass(frozen=True)
class Case:
    name: str
    request: Request
    status: int
    code: str
    field: str | None = None


def fragment_bomb(n: int) -> str:
    fragments = "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(n))
    return "query { ...F0 }\n" + fragments + f"fragment F{n} on Query {{ me {{ id }} }}"


def fragment_chain(n: int) -> str:
    fragments = "".join(f"fragment F{i} on Query {{ ...F{i + 1} }}\n" for i in range(n))
    return "query { ...F0 }\n" + fragments + f"fragment F{n} on Query {{ me {{ id }} }}"


def _old_cursor(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode()


def _items(*pairs: tuple[str, int]) -> dict[str, Any]:
    return {"input": {"items": [{"url": url, "variants": variants} for url, variants in pairs]}}


PAGE = "https://shop.example/products/tote"  # refused before any lookup of its host (the tests stay offline)
LOOPBACK_PAGE = "http://127.0.0.1:9/p"  # an IP literal: the fetcher's checks need no DNS either
NESTED_1000 = "[" * 1000 + "]" * 1000


def reproductions() -> list[Case]:
    """The nine defects of issue 9, each as the request that showed it and the answer it must now get."""
    return [
        # 1. fragment bomb
        Case("1 fragment bomb n=20", post({"query": fragment_bomb(20)}), 200, "QUERY_TOO_COMPLEX"),
        Case("1 fragment bomb n=30", post({"query": fragment_bomb(30)}), 200, "QUERY_TOO_COMPLEX"),
        # 2. plain-text 500s
        Case(
            "2 JSON body nested 1000 levels",
            Request(
                "POST",
                b'{"query": "{ me { id } }", "variables": {"v": ' + NESTED_1000.encode() + b"}}",
                headers={"content-type": JSON_TYPE},
            ),
            400,
            "BAD_REQUEST",
        ),
        Case("2 GET variables nested 1000 levels", get(ME, '{"v": ' + NESTED_1000 + "}"), 400, "BAD_REQUEST"),
        Case(
            "2 integer of 5000 digits",
            Request(
                "POST",
                b'{"query": "{ me { id } }", "variables": {"v": ' + b"1" * 5000 + b"}}",
                headers={"content-type": JSON_TYPE},
            ),
            400,
            "BAD_REQUEST",
        ),
        Case(
            "2 invalid UTF-8 body",
            Request("POST", b'{"query": "{ me { id } }", "x": "\xff\xfe"}', headers={"content-type": JSON_TYPE}),
            400,
            "BAD_REQUEST",
        ),
        # 3. text PostgreSQL cannot store
        Case(
            "3 NUL in a job name",
            post({"query": CREATE, "variables": {"input": {"name": "a\u0000b", "items": [{"url": PAGE}]}}}),
            200,
            "BAD_USER_INPUT",
            "name",
        ),
        Case(
            "3 lone surrogate in a URL",
            post({"query": CREATE, "variables": _items((PAGE + "\ud800", 1))}),
            200,
            "BAD_USER_INPUT",
            "items[0].url",
        ),
        # 4. bad cursors
        Case(
            "4 cursor with a date out of range",
            post(
                {
                    "query": JOBS_AFTER,
                    "variables": {"after": _old_cursor(f'["9999-12-31T23:59:59-14:00", "{uuid.uuid4()}"]')},
                }
            ),
            200,
            "BAD_USER_INPUT",
            "after",
        ),
        Case(
            "4 cursor with an integer id",
            post({"query": JOBS_AFTER, "variables": {"after": _old_cursor('["2024-01-01T00:00:00+00:00", 5]')}}),
            200,
            "BAD_USER_INPUT",
            "after",
        ),
        Case(
            "4 cursor of 50000 nested [",
            post({"query": JOBS_AFTER, "variables": {"after": _old_cursor("[" * 50_000)}}),
            200,
            "BAD_USER_INPUT",
            "after",
        ),
        # 5. subscriptions over HTTP
        Case(
            "5 subscription over POST",
            post({"query": 'subscription { probeUpdated(id: "00000000-0000-0000-0000-000000000000") { id } }'}),
            400,
            "BAD_REQUEST",
        ),
        Case(
            "5 subscription over GET",
            get('subscription { probeUpdated(id: "00000000-0000-0000-0000-000000000000") { id } }'),
            400,
            "BAD_REQUEST",
        ),
        # 6. parse, validation and limit errors
        Case("6 unknown field", post({"query": "{ nope }"}), 200, "GRAPHQL_VALIDATION_FAILED"),
        Case("6 syntax error", post({"query": "{ me { "}), 200, "GRAPHQL_PARSE_FAILED"),
        Case(
            "6 31 aliases",
            post({"query": "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"}),
            200,
            "QUERY_TOO_COMPLEX",
        ),
        Case(
            "6 more than 5000 tokens",
            post({"query": "{ " + " ".join("__typename" for _ in range(6000)) + " }"}),
            200,
            "QUERY_TOO_COMPLEX",
        ),
        Case("6 fragment chain 300 deep", post({"query": fragment_chain(300)}), 200, "QUERY_TOO_COMPLEX"),
        # 7. body size
        Case("7 10 MB body", post({"query": ME, "variables": {"pad": "x" * 10_000_000}}), 413, "PAYLOAD_TOO_LARGE"),
        Case("7 30 MB body", post({"query": ME, "variables": {"pad": "x" * 30_000_000}}), 413, "PAYLOAD_TOO_LARGE"),
        # 8. several operations, no operationName
        Case(
            "8 two operations, no operationName",
            post({"query": "query A { me { id } } query B { __typename }"}),
            200,
            "BAD_REQUEST",
        ),
        # 9. variant cap after merging repeated URLs
        Case(
            "9 6 + 5 variants of one page",
            post({"query": CREATE, "variables": _items((PAGE, 6), (PAGE + "?utm_source=x", 5))}),
            200,
            "BAD_USER_INPUT",
            "items[0].variants",
        ),
        Case(
            "9 five repeats of 10 variants",
            post({"query": CREATE, "variables": _items(*[(PAGE + f"?utm_source={i}", 10) for i in range(5)])}),
            200,
            "BAD_USER_INPUT",
            "items[0].variants",
        ),
    ]


# --- the check every answer must pass --------------------------------------------------------------------------


def check_answer(response: httpx.Response) -> list[dict[str, Any]]:
    """No 5xx, a JSON body, a known code on every error (never INTERNAL_SERVER_ERROR), no internal detail."""
    text = response.text
    assert response.status_code < 500, (response.status_code, text[:500])
    assert "Traceback" not in text and "recursion" not in text.lower(), text[:500]
    body = response.json()
    assert isinstance(body, dict), text[:500]
    errors: list[dict[str, Any]] = body.get("errors") or []
    if response.status_code >= 400:
        assert errors, text[:500]
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        assert code in ERROR_CODES, error
        assert code != "INTERNAL_SERVER_ERROR", error
    return errors


# --- random requests --------------------------------------------------------------------------------------------

_FIELDS = [
    "me",
    "id",
    "email",
    "workspace",
    "name",
    "ctaJobs",
    "ctaJob",
    "ctaInfo",
    "edges",
    "node",
    "totalCount",
    "pageInfo",
    "endCursor",
    "ctaInfos",
    "urls",
    "probe",
    "__typename",
    "__schema",
    "types",
    "nope",
    "createCtaJob",
    "runProbe",
    "probeUpdated",
    "ctaJobUpdated",
]
_ARGS = ["first", "after", "id", "input", "message", "workMs", "items", "url", "variants", "suggestion", "x"]
_TEXT = st.text(
    st.characters(codec="utf-8") | st.sampled_from(["\x00", "\ud800", "\udfff", '"', "\\", "\n"]), max_size=12
)


def _literal() -> st.SearchStrategy[str]:
    scalar = st.one_of(
        st.integers(-(2**70), 2**70).map(str),
        st.sampled_from(["1" * 5000, "1.5e400", "null", "true", "$v", "$s", "ENUM", '"\\ud800"', '"\\u0000"']),
        _TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
    )
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + " ".join(xs) + "]"),
            st.dictionaries(st.sampled_from(_ARGS), inner, max_size=3).map(
                lambda d: "{" + " ".join(f"{k}: {v}" for k, v in d.items()) + "}"
            ),
        ),
        max_leaves=6,
    )


def _selection_set() -> st.SearchStrategy[str]:
    arguments = st.dictionaries(st.sampled_from(_ARGS), _literal(), max_size=2).map(
        lambda d: "(" + ", ".join(f"{k}: {v}" for k, v in d.items()) + ")" if d else ""
    )
    leaf = st.one_of(
        st.tuples(st.sampled_from(["", "a: ", "b: "]), st.sampled_from(_FIELDS), arguments).map("".join),
        st.sampled_from(["...F0", "...F1", "...Nope"]),
    )
    return st.recursive(
        leaf.map(lambda s: "{ " + s + " }"),
        lambda inner: st.one_of(
            st.tuples(st.sampled_from(_FIELDS), arguments, inner).map(lambda t: "{ " + t[0] + t[1] + " " + t[2] + " }"),
            st.tuples(inner, inner).map(lambda t: t[0][:-1] + " " + t[1][1:]),
            inner.map(lambda s: "{ ... on Query " + s + " }"),
        ),
        max_leaves=12,
    )


@st.composite
def documents(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(["", "query ", "mutation ", "subscription ", "query Q($v: Int, $s: String) ", "query A "])
    )
    body = kind + draw(_selection_set())
    for name in draw(st.lists(st.sampled_from(["F0", "F1"]), max_size=2, unique=True)):
        body += f"\nfragment {name} on Query " + draw(_selection_set())
    shape = draw(st.sampled_from(["plain", "plain", "plain", "bomb", "chain", "second-op", "cut", "noise"]))
    if shape == "bomb":
        return fragment_bomb(draw(st.integers(1, 40)))
    if shape == "chain":
        return fragment_chain(draw(st.integers(1, 400)))
    if shape == "second-op":
        return body + "\nquery B { __typename }"
    if shape == "cut":
        return body[: draw(st.integers(0, len(body)))]
    if shape == "noise":
        at = draw(st.integers(0, len(body)))
        return body[:at] + draw(st.text(max_size=5)) + body[at:]
    return body


def json_values() -> st.SearchStrategy[Any]:
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**80), 2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        _TEXT,
        st.sampled_from(["\x00", "\ud800", LOOPBACK_PAGE, "MTIzOjQ1Ng", "x" * 300]),
    )
    return st.recursive(
        scalar,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT | st.sampled_from(_ARGS), inner, max_size=3),
        max_leaves=10,
    )


# Valid operations, so that random variables reach coercion, the resolvers and the domain.
TEMPLATES = [
    JOBS_AFTER,
    "query($f: Int, $a: String) { ctaJobs(first: $f, after: $a) { edges { cursor node { id name } } } }",
    "query($id: ID!) { ctaJob(id: $id) { id name ctaInfos { id } } }",
    CREATE,
    "mutation($input: CreateCtaJobInput!, $key: String) { createCtaJob(input: $input, idempotencyKey: $key) { id } }",
    "mutation($m: String!, $w: Int) { runProbe(message: $m, workMs: $w) { id } }",
    "mutation($id: ID!, $s: JSON!) { updateCtaSuggestion(id: $id, suggestion: $s) { id } }",
]


def _template_variables() -> st.SearchStrategy[dict[str, Any]]:
    url = st.sampled_from([LOOPBACK_PAGE, "http://10.0.0.1/x", "ftp://127.0.0.1/", "http://", "\x00", "x" * 3000])
    item = st.fixed_dictionaries({"url": url | json_values(), "variants": st.integers(-5, 40) | json_values()})
    items = st.fixed_dictionaries({"items": st.lists(item, max_size=6)}, optional={"name": _TEXT})
    return st.fixed_dictionaries(
        {},
        optional={
            "after": _TEXT | json_values(),
            "f": st.integers(-(2**40), 2**40),
            "a": _TEXT,
            "id": st.sampled_from([str(uuid.UUID(int=0)), "x", ""]) | json_values(),
            "input": items | json_values(),
            "key": _TEXT,
            "m": _TEXT,
            "w": st.integers(-5, 5) | st.integers(),
            "s": json_values(),
        },
    )


@st.composite
def requests(draw: st.DrawFn) -> Request:
    """Any request a client could send to /graphql: random documents and variables over POST and GET, raw bodies."""
    variables: dict[str, Any] | None
    if draw(st.integers(0, 3)) == 0:
        query = draw(st.sampled_from(TEMPLATES))
        variables = draw(_template_variables())
    else:
        query = draw(documents() | st.text(max_size=40))
        keys = st.sampled_from(["v", "s", "input", "after", "id"])
        variables = draw(st.none() | st.dictionaries(keys, json_values(), max_size=3))
    operation = draw(st.sampled_from([None, None, "A", "Q", "B", "", "Nope"]))
    transport = draw(st.sampled_from(["post", "post", "post", "get", "raw", "gql-response", "method"]))
    payload: dict[str, Any] = {"query": query, "variables": variables}
    if operation is not None:
        payload["operationName"] = operation
    if transport == "get":
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        if operation:
            params["operationName"] = operation
        return Request("GET", params=params)
    if transport == "raw":
        body = draw(st.binary(max_size=60) | st.sampled_from([b"null", b'"x"', b"[]", b"[1]", b"{", b"NaN", b"{}"]))
        content_type = draw(st.sampled_from([JSON_TYPE, "text/plain", "application/graphql", "multipart/form-data"]))
        return Request("POST", body, headers={"content-type": content_type})
    if transport == "method":
        return Request(draw(st.sampled_from(["PUT", "DELETE", "PATCH", "OPTIONS"])), json.dumps(payload).encode())
    extra = {"accept": GQL_RESPONSE} if transport == "gql-response" else {}
    return post(payload, **extra)


# --- a real server ----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def vitrine_serve(workdir: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`vitrine serve` (embedded mode, SQLite, local auth) on a free port; yields (base URL, process, log)."""
    workdir.mkdir(parents=True, exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("VITRINE_", "DATABASE_URL", "REDIS_URL"))}
    environment.update(
        {
            "DATABASE_URL": f"sqlite://{workdir}/vitrine.db",
            "VITRINE_MEDIA_DIR": str(workdir / "media"),
            "VITRINE_LOG_FORMAT": "text",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
    )
    port = free_port()
    log_path = workdir / "serve.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_http(base_url + "/healthz", timeout=60, proc=process)
        yield base_url, process, log_path
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
