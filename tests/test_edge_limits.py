"""The edge's rules one by one: the memoised cost analysis (against brute-force expansion), strict JSON, text
PostgreSQL can store, opaque cursors, and the same limits and codes over the WebSocket."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import websockets
from graphql import OperationDefinitionNode, parse
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import BadUserInput
from domain.pagination import MAX_CURSOR_LENGTH, decode_cursor, encode_cursor
from schema import build_schema
from schema.input_text import text_problem
from schema.json_input import MAX_JSON_DEPTH, InvalidJson, loads
from schema.limits import Limits, _Analysis, check_document, structure_of
from settings import Settings
from tests.hostile import fragment_bomb, fragment_chain
from tests.support import LiveServer

SCHEMA = structure_of(build_schema(Settings(database_url="sqlite://:memory:")))
LIMITS = Limits(max_cost=10_000, max_depth=10, max_aliases=30)


def shape_of(query: str, variables: dict[str, Any] | None = None) -> Any:
    document = parse(query)
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    defaults = {v.variable.name.value: v.default_value for v in operation.variable_definitions or ()}
    shapes = _Analysis(SCHEMA, document, {**defaults, **(variables or {})}).run()
    return next(shape for definition, shape in shapes if definition is operation)


# --- cost, depth, aliases, nesting ------------------------------------------------------------------------------


def test_cost_weights_a_paginated_selection_by_first() -> None:
    assert shape_of("{ me { id } }").cost == 2
    page = "{ ctaJobs(first: 50) { edges { node { id } } } }"
    assert shape_of(page).cost == 1 + 50 * (1 + 1 + 1)
    assert shape_of("{ ctaJobs { edges { node { id } } } }").cost == 1 + 20 * 3  # DEFAULT_PAGE when omitted
    assert shape_of("query($n: Int) { ctaJobs(first: $n) { totalCount } }", {"n": 7}).cost == 1 + 7
    assert shape_of("query($n: Int = 9) { ctaJobs(first: $n) { totalCount } }").cost == 1 + 9
    in_fragment = "query($n: Int = 90) { ...P } fragment P on Query { ctaJobs(first: $n) { totalCount } }"
    assert shape_of(in_fragment).cost == 1 + 90
    (over,) = check_document(SCHEMA, parse(in_fragment), None, {}, Limits(max_cost=50, max_depth=10, max_aliases=30))
    assert (over.extensions or {}).get("code") == "QUERY_TOO_COMPLEX"
    assert shape_of("{ ctaJobs(first: 100000) { totalCount } }").cost == 1 + 100  # the resolver refuses > 100


def test_a_document_that_passed_without_variables_passes_again_without_analysis() -> None:
    """The figures of a document without variables depend on the document alone: a parsed document that passed is
    remembered (per schema, operation name and limits) while it lives; with variables it is analysed every time."""
    page = "query($n: Int = 5) { ctaJobs(first: $n) { edges { node { id } } } }"
    document, tight = parse(page), Limits(max_cost=50, max_depth=10, max_aliases=30)
    assert check_document(SCHEMA, document, None, None, tight) == []
    analysed = []
    original = _Analysis.run

    def counted(self: _Analysis) -> Any:
        analysed.append(self)
        return original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_Analysis, "run", counted)
        assert check_document(SCHEMA, document, None, {}, tight) == []  # remembered
        assert analysed == []
        (over,) = check_document(SCHEMA, document, None, {"n": 90}, tight)  # variables: analysed, and refused
        assert len(analysed) == 1 and (over.extensions or {}).get("code") == "QUERY_TOO_COMPLEX"
        assert check_document(SCHEMA, document, None, None, LIMITS) == []  # other limits: analysed (and passes)
        assert len(analysed) == 2
        costly = parse("{ ctaJobs(first: 90) { totalCount edges { cursor } } }")
        assert check_document(SCHEMA, costly, None, {}, tight) and check_document(SCHEMA, costly, None, {}, tight)
        assert len(analysed) == 4  # a refusal is never remembered


def test_the_fragment_bomb_costs_what_it_would_expand_to() -> None:
    for n in (3, 20, 30):
        shape = shape_of(fragment_bomb(n))
        assert shape.cost == 2 ** (n + 1) and shape.depth == 1 and shape.nesting == n + 3
    errors = check_document(SCHEMA, parse(fragment_bomb(30)), None, {}, LIMITS)
    assert [(e.extensions or {}).get("code") for e in errors] == ["QUERY_TOO_COMPLEX"]
    assert "costs 2147483648" in errors[0].message


def test_a_fragment_chain_300_deep_is_too_nested_not_a_recursion_error() -> None:
    errors = check_document(SCHEMA, parse(fragment_chain(300)), None, {}, LIMITS)
    assert errors and all((e.extensions or {}).get("code") == "QUERY_TOO_COMPLEX" for e in errors)
    assert "nested deeper than 64" in errors[0].message


@st.composite
def fragment_dags(draw: st.DrawFn) -> str:
    """Fragments F0..Fk on Query, Fi spreading only Fj with j > i, mixing fields, aliases and pages."""
    pieces = ["me { id }", "a: me { workspace { id name } }", "__typename", "ctaJobs(first: 3) { totalCount }"]
    count = draw(st.integers(1, 5))
    bodies = []
    for index in range(count):
        selections = draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=3))
        later = [f"...F{j}" for j in range(index + 1, count)]
        if later:
            selections += draw(st.lists(st.sampled_from(later), max_size=3))
        bodies.append(" ".join(selections))
    operation = " ".join(draw(st.lists(st.sampled_from([*pieces, "...F0"]), min_size=1, max_size=3)))
    fragments = "\n".join(f"fragment F{i} on Query {{ {body} }}" for i, body in enumerate(bodies))
    return f"query {{ {operation} }}\n{fragments}"


def expand(document: str) -> str:
    """The same operation with every spread replaced by an inline copy of its fragment (exponential on purpose)."""
    operation, *fragments = document.split("\n")
    bodies = dict(re.findall(r"fragment (F\d+) on Query \{ (.*) \}$", line)[0] for line in fragments)

    def inline(text: str) -> str:
        return re.sub(r"\.\.\.(F\d+)", lambda m: "... on Query { " + inline(bodies[m[1]]) + " }", text)

    return inline(operation)


@given(fragment_dags())
def test_memoised_figures_equal_those_of_the_expanded_operation(document: str) -> None:
    assert shape_of(document) == shape_of(expand(document))


def test_several_operations_need_an_operation_name() -> None:
    document = parse("query A { me { id } } query B { __typename }")
    (refused,) = check_document(SCHEMA, document, None, {}, LIMITS)
    assert refused.extensions == {"code": "BAD_REQUEST"}
    assert check_document(SCHEMA, document, "B", {}, LIMITS) == []


# --- text, numbers, JSON ----------------------------------------------------------------------------------------


@given(st.text())
def test_text_problem_is_exactly_what_utf8_and_postgresql_refuse(text: str) -> None:
    storable = "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert (text_problem(text) is None) == storable


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        ('mutation { createCtaJob(input: {items: [{url: "a\\u0000"}]}) { id } }', {}, "items[0].url"),
        ('mutation { runProbe(message: "\\u0000") { id } }', {}, "message"),
        ("mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id } }", {"i": {"name": "\x00"}}, "name"),
        ("mutation($u: String!) { createCtaJob(input: {items: [{url: $u}]}) { id } }", {"u": "\ud800"}, "items[0].url"),
        (
            'mutation($s: JSON!) { updateCtaSuggestion(id: "x", suggestion: $s) { id } }',
            {"s": {"a\x00": 1}},
            "suggestion",
        ),
        (
            'mutation($s: JSON!) { updateCtaSuggestion(id: "x", suggestion: $s) { id } }',
            {"s": {"a": ["\x00"]}},
            "suggestion.a[0]",
        ),
    ],
)
def test_unstorable_text_is_refused_with_its_field(query: str, variables: dict[str, Any], field: str) -> None:
    errors = check_document(SCHEMA, parse(query), None, variables, LIMITS)
    assert [e.extensions for e in errors] == [{"code": "BAD_USER_INPUT", "field": field}]


def test_a_number_literal_too_long_to_convert_is_a_validation_error() -> None:
    (error,) = check_document(SCHEMA, parse("{ ctaJobs(first: " + "1" * 5000 + ") { totalCount } }"), None, {}, LIMITS)
    assert error.extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}


json_trees = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=20,
)


@given(json_trees)
def test_strict_json_reads_ordinary_json_unchanged(value: Any) -> None:
    assert loads(json.dumps(value)) == value
    assert loads(json.dumps(value).encode()) == value


@pytest.mark.parametrize(
    "body",
    [
        b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1),
        b"[" * 100_000,
        b'{"a": ' + b"9" * 5000 + b"}",
        b'{"a": "\xff"}',
        b'{"a": NaN}',
        b"{",
    ],
)
def test_strict_json_refuses_what_used_to_raise_something_else(body: bytes) -> None:
    with pytest.raises(InvalidJson):
        loads(body)


# --- cursors ----------------------------------------------------------------------------------------------------


@given(
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9000, 1, 1), timezones=st.just(UTC)),
    st.uuids(),
)
def test_a_cursor_decodes_to_what_it_encodes(when: datetime, ident: uuid.UUID) -> None:
    cursor = encode_cursor(when, ident)
    assert len(cursor) <= MAX_CURSOR_LENGTH
    assert decode_cursor(cursor) == (when, ident)


@given(st.text(max_size=200) | st.binary(max_size=80).map(lambda b: base64.urlsafe_b64encode(b).decode()))
def test_anything_else_is_bad_user_input_on_after(text: str) -> None:
    try:
        created, ident = decode_cursor(text)
    except BadUserInput as refused:
        assert refused.field == "after"
    else:  # only a well-formed position gets through: an aware instant and an id, as encode_cursor writes them
        assert created.tzinfo is not None and decode_cursor(encode_cursor(created, ident)) == (created, ident)


# --- the same over the WebSocket --------------------------------------------------------------------------------


async def _ws_answer(server: LiveServer, message: dict[str, Any] | str) -> dict[str, Any] | tuple[int | None, str]:
    async with websockets.connect(server.ws_url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
        await ws.send(message if isinstance(message, str) else json.dumps(message))
        try:
            answer: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
            return answer
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None, closed.rcvd.reason if closed.rcvd else ""


async def test_limits_and_codes_apply_to_subscriptions_too(server: LiveServer) -> None:
    bomb = fragment_bomb(30).replace("query {", "subscription {").replace("on Query", "on Subscription")
    bomb = bomb.replace("me { id }", 'probeUpdated(id: "00000000-0000-0000-0000-000000000000") { id }')
    answer = await _ws_answer(server, {"id": "1", "type": "subscribe", "payload": {"query": bomb}})
    assert isinstance(answer, dict) and answer["type"] == "error", answer
    assert answer["payload"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"

    unknown = await _ws_answer(server, {"id": "1", "type": "subscribe", "payload": {"query": "subscription { nope }"}})
    assert isinstance(unknown, dict) and unknown["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"

    nested = '{"id": "1", "type": "subscribe", "payload": {"query": "{ me { id } }", "variables": {"v": ' + "[" * 5000
    closed = await _ws_answer(server, nested + "]" * 5000 + "}}}")
    assert closed == (4400, "WebSocket message must be valid JSON")
