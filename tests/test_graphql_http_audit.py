"""The graphql-http project's server audit (the reference for GraphQL over HTTP) against a live server."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from tests.support import LiveServer

pytestmark = pytest.mark.slow  # left out by `make test-fast`

AUDIT = Path(__file__).parent / "audit"


async def test_every_must_and_should_of_the_audit_passes(server: LiveServer) -> None:
    node = shutil.which("node")
    if node is None or not (AUDIT / "node_modules" / "graphql-http").is_dir():
        pytest.skip("needs Node.js and `npm ci --prefix tests/audit` (make test installs it when npm exists)")
    process = await asyncio.create_subprocess_exec(
        node, str(AUDIT / "audit.mjs"), server.base_url + "/graphql", stdout=asyncio.subprocess.PIPE
    )
    stdout, _ = await asyncio.wait_for(process.communicate(), 120)
    results = json.loads(stdout)
    assert len(results) >= 60
    failed = [f"{r['id']} {r['name']}: {r['reason']}" for r in results if r["status"] != "ok"]
    assert failed == []
    assert sum(r["name"].startswith("MUST") for r in results) >= 13
