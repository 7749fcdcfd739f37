"""The GraphQL endpoint as a client sees it: GraphQL-over-HTTP behaviour, limits, masked internal errors."""

from __future__ import annotations

import logging

import httpx
import pytest

from domain import diagnostics
from tests.support import LiveServer, operator

GQL_RESPONSE = "application/graphql-response+json"


async def _post(server: LiveServer, body: object, accept: str | None = None, **kwargs: object) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        return await client.post("/graphql", json=body, headers=headers, **kwargs)  # type: ignore[arg-type]


async def test_negotiates_graphql_response_json_and_400s_request_errors(server: LiveServer) -> None:
    ok = await _post(server, {"query": "{ me { email } }"}, GQL_RESPONSE)
    assert ok.status_code == 200 and ok.headers["content-type"].startswith(GQL_RESPONSE)

    parse_error = await _post(server, {"query": "{ me { "}, GQL_RESPONSE)
    assert parse_error.status_code == 400 and "data" not in parse_error.json()

    legacy = await _post(server, {"query": "{ nope }"}, "application/json")
    assert legacy.status_code == 200 and legacy.json()["data"] is None and legacy.json()["errors"]


async def test_transport_errors_are_json(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        not_object = await client.post("/graphql", content=b"null", headers={"content-type": "application/json"})
        assert not_object.status_code == 400 and not_object.json()["errors"][0]["message"]
        get_mutation = await client.get(
            "/graphql",
            params={"query": 'mutation { runProbe(message: "x") { id } }'},
            headers={"accept": "application/json"},
        )
        assert get_mutation.status_code == 405 and get_mutation.headers["allow"] == "POST"
        get_query = await client.get("/graphql", params={"query": "{ me { email } }"})
        assert get_query.status_code == 200 and get_query.json()["data"]["me"]["email"]


async def test_graphiql_is_served_to_browsers(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


async def test_limits_refuse_deep_wide_and_huge_documents(server: LiveServer) -> None:
    client = server.client()
    assert (await client.data("{ me { workspace { id } } }"))["me"]["workspace"]["id"]

    too_deep = "{ me { workspace " + "{ x " * 12 + "{ id }" + " }" * 12 + " } }"
    body = await client.execute(too_deep)
    assert body["data"] is None
    assert any("exceeds maximum operation depth of 10" in e["message"] for e in body["errors"])
    assert {e["extensions"]["code"] for e in body["errors"]} == {"QUERY_TOO_COMPLEX"}

    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"
    body = await client.execute(aliases)
    assert "aliases found" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"

    huge = "{ " + " ".join("__typename" for _ in range(6000)) + " }"
    body = await client.execute(huge)
    assert "more than 5000 tokens" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"

    # Introspection is not held to the depth limit (GraphiQL's own query nests deeper), only to the cost.
    from graphql import get_introspection_query

    assert (await client.data(get_introspection_query()))["__schema"]["queryType"]["name"] == "Query"


async def test_unexpected_exception_is_masked_with_a_request_id(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def explode(*args: object) -> None:
        raise RuntimeError("db password is hunter2")

    monkeypatch.setattr(diagnostics, "get_probe", explode)
    with caplog.at_level(logging.ERROR, logger="vitrine.graphql"):
        response = await server.client().post(
            'query { probe(id: "00000000-0000-0000-0000-000000000000") { id } }',
            headers={"x-request-id": "req-42"},
        )
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-42"}
    assert "hunter2" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if r.name == "vitrine.graphql"]
    assert len(logged) == 1 and logged[0].exc_info is not None


async def test_bad_input_carries_code_and_field(server: LiveServer) -> None:
    body = await (await operator(server)).execute('mutation { runProbe(message: "x", workMs: -1) { id } }')
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "workMs"}
