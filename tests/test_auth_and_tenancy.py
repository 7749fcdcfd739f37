"""Bearer tokens over HTTP and WebSocket, local mode, and workspace isolation (another workspace's row is NOT_FOUND)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import websockets
from websockets.typing import Origin, Subprotocol

from db.models import ApiToken, Probe
from domain.auth import hash_token, issue_token
from tests.conftest import make_settings
from tests.support import run_cli, serve_app, subscribe

ME = "{ me { email workspace { name } } }"
RUN_PROBE = "mutation($m: String!) { runProbe(message: $m) { id status } }"
PROBE = "query($id: ID!) { probe(id: $id) { id message } }"


async def test_token_mode_requires_a_valid_bearer_token(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        anonymous = await live.client().execute(ME)
        assert anonymous["data"] is None
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

        forged = await live.client("vt_not-a-token").execute(ME)
        assert forged["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

        token = await issue_token("ada@shop.example", "shop")
        me = await live.client(token).data(ME)
        assert me == {"me": {"email": "ada@shop.example", "workspace": {"name": "shop"}}}


async def test_only_the_token_hash_is_stored(server) -> None:
    token = await issue_token("bob@shop.example", "shop")
    rows = await ApiToken.all().values_list("token_hash", flat=True)
    assert token not in rows
    assert hash_token(token) in rows


async def test_local_mode_acts_as_the_local_user_without_a_token(server) -> None:
    me = await server.client().data(ME)
    assert me["me"]["workspace"]["name"] == "local"


async def test_another_workspace_row_reads_as_not_found(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        owner = live.client(await issue_token("owner@a.example", "a", ops=True))
        stranger = live.client(await issue_token("owner@b.example", "b", ops=True))
        probe_id = (await owner.data(RUN_PROBE, {"m": "mine"}))["runProbe"]["id"]

        assert (await owner.data(PROBE, {"id": probe_id}))["probe"]["message"] == "mine"
        foreign = await stranger.execute(PROBE, {"id": probe_id})
        assert foreign["data"] == {"probe": None}
        assert foreign["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert "mine" not in json.dumps(foreign)


async def test_diagnostics_are_for_operators_only(tmp_path: Path) -> None:
    """runProbe holds a worker for up to a minute: the local user and merchant tokens are refused, before anything
    is written; a token made with `vitrine create-token --ops` may run and read probes."""
    settings = make_settings(tmp_path)  # embedded default, VITRINE_AUTH=local
    async with serve_app(settings) as live:
        merchant = live.client(await issue_token("ada@shop.example", "shop"))
        for caller in (live.client(), merchant):  # the local user (no token, loopback), then a merchant token
            refused = await caller.execute(RUN_PROBE, {"m": "hold"})
            assert refused["data"] is None
            assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
            assert "--ops" in refused["errors"][0]["message"]
        assert await Probe.all().count() == 0

        env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": settings.database_url, "VITRINE_SECRET_KEY": "x" * 20}
        ops_token = run_cli(env, "create-token", "--email", "ops@shop.example", "--workspace", "shop", "--ops").strip()
        probe_id = (await live.client(ops_token).data(RUN_PROBE, {"m": "ops"}))["runProbe"]["id"]
        assert (await live.client(ops_token).data(PROBE, {"id": probe_id}))["probe"]["message"] == "ops"
        # Same workspace, but reading probes is operators' business too.
        read = await merchant.execute(PROBE, {"id": probe_id})
        assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "ops" not in json.dumps(read["data"])
        query = "subscription($id: ID!) { probeUpdated(id: $id) { id status } }"
        async with subscribe(live.ws_url, query, {"id": probe_id}, param_token=merchant.token) as sub:
            message = await sub.message()
            assert message["type"] == "next" and message["payload"]["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("how", ["header", "connection_params"])
async def test_websocket_accepts_the_token_in_header_or_connection_params(tmp_path: Path, how: str) -> None:
    async with serve_app(make_settings(tmp_path, auth="token")) as live:
        token = await issue_token("ws@shop.example", "shop", ops=True)
        probe_id = (await live.client(token).data(RUN_PROBE, {"m": "ws"}))["runProbe"]["id"]
        tokens = {"header_token": token} if how == "header" else {"param_token": token}
        query = "subscription($id: ID!) { probeUpdated(id: $id) { id status } }"
        async with subscribe(live.ws_url, query, {"id": probe_id}, **tokens) as sub:
            first = await sub.next()
            assert first["data"]["probeUpdated"]["id"] == probe_id


async def test_websocket_without_a_valid_token_is_closed_4403(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, auth="token")) as live:
        bad: dict[str, Any]
        for bad in ({"payload": {}}, {"payload": {"Authorization": "Bearer vt_wrong"}}):
            async with websockets.connect(live.ws_url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
                await ws.send(json.dumps({"type": "connection_init", **bad}))
                with pytest.raises(websockets.ConnectionClosed) as closed:
                    await ws.recv()
                assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_websocket_origins_follow_the_allowed_origins_setting(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, allowed_origins="https://app.shop.example")
    async with serve_app(settings) as live:
        async with websockets.connect(
            live.ws_url,
            subprotocols=[Subprotocol("graphql-transport-ws")],
            origin=Origin("https://app.shop.example"),
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(
                live.ws_url,
                subprotocols=[Subprotocol("graphql-transport-ws")],
                origin=Origin("https://evil.example"),
            ):
                pass
        assert refused.value.response.status_code == 403


@pytest.mark.slow  # starts a `vitrine serve` process
def test_serve_refuses_local_auth_off_loopback(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite://{tmp_path}/x.db", "VITRINE_AUTH": "local"}
    done = subprocess.run(
        [sys.executable, "-m", "cli", "serve", "--host", "0.0.0.0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "VITRINE_AUTH=local is only allowed when serving on loopback" in done.stderr
