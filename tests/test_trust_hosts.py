"""Issue 23, items 1 and 2: with local auth only loopback Host names are served (DNS rebinding), the WebSocket origin
check trusts the allowed hosts rather than the request's own Host, and no answer may be framed."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.typing import Origin, Subprotocol

from db.models import StoreAccount
from domain.auth import issue_token
from tests.conftest import make_settings
from tests.support import LiveServer, serve_app

CREATE_ACCOUNT = "mutation($i: CreateStoreAccountInput!) { createStoreAccount(input: $i) { id } }"
PROTOCOL = [Subprotocol("graphql-transport-ws")]


async def post_as(
    live: LiveServer, host: str, *, origin: str | None = None, token: str | None = None
) -> httpx.Response:
    headers = {"host": host}
    if origin is not None:
        headers["origin"] = origin
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as client:
        return await client.post(
            "/graphql",
            json={"query": CREATE_ACCOUNT, "variables": {"i": {"name": host or "-", "timezone": "UTC"}}},
            headers=headers,
        )


def port_of(live: LiveServer) -> int:
    return int(live.base_url.rsplit(":", 1)[1])


async def test_local_auth_serves_loopback_host_names_only(server: LiveServer) -> None:
    port = port_of(server)
    for forged, origin in (
        ("evil.example", None),
        (f"rebind.example:{port}", f"http://rebind.example:{port}"),
        ("rebind.example", "http://rebind.example"),
        ("127.0.0.1.evil.example", None),
        ("", None),
    ):
        refused = await post_as(server, forged, origin=origin)
        assert refused.status_code == 421, (forged, refused.status_code, refused.text)
        assert refused.headers["content-type"].startswith("text/plain")
        assert "Traceback" not in refused.text and len(refused.text) < 300
    assert await StoreAccount.all().count() == 0

    for loopback in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}", "localhost"):
        answer = await post_as(server, loopback, origin=f"http://{loopback}")
        assert answer.status_code == 200, (loopback, answer.text)
        assert not answer.json().get("errors"), answer.json()
    assert await StoreAccount.all().count() == 5


async def test_a_request_without_a_host_header_is_refused(server: LiveServer) -> None:
    import asyncio

    port = port_of(server)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /healthz HTTP/1.0\r\n\r\n")  # HTTP/1.0 may leave Host out
    await writer.drain()
    answer = await reader.read()
    writer.close()
    assert answer.startswith(b"HTTP/1.1 421"), answer[:80]


async def test_websocket_refuses_a_forged_host_or_origin(server: LiveServer) -> None:
    port = port_of(server)
    # DNS rebinding: both Host and Origin name the attacker's domain -> refused before routing.
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(
            f"ws://rebind.example:{port}/graphql",  # the name the page used; the socket goes to loopback
            host="127.0.0.1",
            port=port,
            subprotocols=PROTOCOL,
            origin=Origin(f"http://rebind.example:{port}"),
        ):
            pass
    assert refused.value.response.status_code == 421
    # A loopback Host but a foreign page's Origin -> the origin check refuses it.
    for foreign in ("http://evil.example", f"http://rebind.example:{port}", "null", f"http://localhost:{port + 1}"):
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(server.ws_url, subprotocols=PROTOCOL, origin=Origin(foreign)):
                pass
        assert refused.value.response.status_code == 403, foreign
    # Strawberry alone takes `Sec-Fetch-Site: same-origin` (or an Origin equal to the Host) on trust; the view asks
    # the served hosts first.
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with websockets.connect(
            server.ws_url,
            subprotocols=PROTOCOL,
            origin=Origin("http://evil.example"),
            additional_headers={"Sec-Fetch-Site": "same-origin"},
        ):
            pass
    assert refused.value.response.status_code == 403

    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        async with websockets.connect(
            f"ws://{host}/graphql", host="127.0.0.1", port=port, subprotocols=PROTOCOL, origin=Origin(f"http://{host}")
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"


async def test_token_mode_serves_any_host_unless_allowed_hosts_are_set(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, auth="token")) as live:
        token = await issue_token("ada@shop.example", "shop")
        answer = await post_as(live, "api.anything.example", token=token)
        assert answer.status_code == 200 and not answer.json().get("errors"), answer.text

    settings = make_settings(tmp_path, auth="token", allowed_hosts="api.shop.example,*.cdn.shop.example")
    async with serve_app(settings) as live:
        token = await issue_token("ada@shop.example", "shop")
        for served in ("api.shop.example", "API.shop.example:443", "edge.cdn.shop.example"):
            answer = await post_as(live, served, token=token)
            assert answer.status_code == 200 and not answer.json().get("errors"), (served, answer.text)
        for other in ("evil.example", "shop.example", "127.0.0.1", "cdn.shop.example.evil.example"):
            assert (await post_as(live, other, token=token)).status_code == 421, other
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(live.ws_url, subprotocols=PROTOCOL):
                pass  # Host: 127.0.0.1:port, not listed
        assert refused.value.response.status_code == 421


def test_allowed_hosts_wildcards_must_lead(tmp_path: Path) -> None:
    for bad in ("api.*.example", "*shop.example"):
        with pytest.raises(ValueError, match="VITRINE_ALLOWED_HOSTS"):
            make_settings(tmp_path, allowed_hosts=bad)


async def test_no_answer_may_be_framed(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
        pages = {
            "/": await client.get("/"),
            "/cta": await client.get("/cta"),
            "/cta/{id}": await client.get("/cta/00000000-0000-0000-0000-000000000000"),
            "/catalog": await client.get("/catalog"),
            "/graphql": await client.get("/graphql", headers={"accept": "text/html"}),
            "/no/such/page": await client.get("/no/such/page", headers={"accept": "text/html"}),
            "421": await client.get("/", headers={"host": "evil.example"}),
            "json": await client.post("/graphql", json={"query": "{ __typename }"}),
        }
    assert pages["/graphql"].headers["content-type"].startswith("text/html")
    assert pages["/no/such/page"].status_code == 404
    assert pages["421"].status_code == 421
    for name, page in pages.items():
        assert page.headers["x-frame-options"] == "DENY", name
        policies = page.headers.get_list("content-security-policy")
        assert len(policies) == 1, (name, policies)
        assert "frame-ancestors 'none'" in policies[0], (name, policies)
    # The console's own policy is kept, not replaced.
    assert "script-src 'self'" in pages["/cta/{id}"].headers["content-security-policy"]
