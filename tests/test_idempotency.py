"""Idempotency keys on createCtaJob: a retried create answers the first job, never a second one (SQLite and
PostgreSQL, through the API), and the generic mechanism's rules (domain.idempotency)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from db.models import CtaInfo, CtaJob, IdempotencyKey, Workspace
from domain import idempotency
from domain.auth import issue_token
from domain.errors import BadUserInput
from tests.conftest import make_settings
from tests.support import GraphQLClient, serve_app

CREATE = """mutation($input: CreateCtaJobInput!, $key: String) {
  createCtaJob(input: $input, idempotencyKey: $key) { id totalCount }
}"""
# A closed port on loopback: the job is created (private URLs are allowed in tests); its scrape fails later.
PAGE = "http://127.0.0.1:9/products/tote"


def _input(variants: int = 2, page: str = PAGE) -> dict[str, Any]:
    return {"name": "retry me", "items": [{"url": page, "variants": variants}]}


async def _create(client: GraphQLClient, key: str | None, variants: int = 2) -> dict[str, Any]:
    body = await client.execute(CREATE, {"input": _input(variants), "key": key})
    return body


async def test_the_same_key_answers_the_first_job(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        client = live.client(await issue_token("ada@shop.example", "shop"))
        first = (await _create(client, "order-42"))["data"]["createCtaJob"]
        again = (await _create(client, "order-42"))["data"]["createCtaJob"]
        assert again == first
        assert await CtaJob.all().count() == 1 and await CtaInfo.all().count() == 2

        other = (await _create(client, "order-43"))["data"]["createCtaJob"]
        without_key = (await _create(client, None))["data"]["createCtaJob"]
        assert len({first["id"], other["id"], without_key["id"]}) == 3

        changed = await _create(client, "order-42", variants=3)
        assert changed["data"] is None
        assert changed["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "idempotencyKey"}
        assert await CtaJob.all().count() == 3  # the refused request wrote nothing

        stranger = live.client(await issue_token("bob@other.example", "other"))
        theirs = (await _create(stranger, "order-42"))["data"]["createCtaJob"]
        assert theirs["id"] != first["id"]  # keys are per workspace


async def test_concurrent_identical_calls_make_one_job(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        client = live.client(await issue_token("ada@shop.example", "shop"))
        answers = await asyncio.gather(*[_create(client, "burst") for _ in range(8)])
        ids = {answer["data"]["createCtaJob"]["id"] for answer in answers}
        assert len(ids) == 1, answers
        assert await CtaJob.all().count() == 1
        assert await CtaInfo.all().count() == 2
        assert await IdempotencyKey.all().count() == 1


async def test_a_bad_key_is_refused(server: Any) -> None:
    client = server.client()
    for key in ["", "   ", "k" * 256]:
        body = await _create(client, key)
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "idempotencyKey"}
    assert await CtaJob.all().count() == 0


async def test_a_key_is_free_again_after_24_hours(db: str) -> None:
    workspace = await Workspace.create(name="shop")
    claim = idempotency.claim(workspace.id, "createCtaJob", "k1", {"items": [1]})
    assert claim is not None
    first = uuid.uuid4()
    await IdempotencyKey.create(
        workspace_id=workspace.id, operation="createCtaJob", key="k1", request_hash=claim.request_hash, result_id=first
    )
    now = datetime.now(UTC)
    assert await idempotency.replay(claim, now + timedelta(hours=23)) == first
    other = idempotency.claim(workspace.id, "createCtaJob", "k1", {"items": [2]})
    assert other is not None
    try:
        await idempotency.replay(other, now)
        raise AssertionError("a different request under the same key must be refused")
    except BadUserInput as refused:
        assert refused.field == "idempotencyKey"
    assert await idempotency.replay(claim, now + timedelta(hours=25)) is None  # expired, and forgotten
    assert await IdempotencyKey.all().count() == 0
    # Another operation's key of the same name is another key.
    batch = idempotency.claim(workspace.id, "createBatch", "k1", {"items": [1]})
    assert batch is not None and await idempotency.replay(batch, now) is None


def test_fingerprint_ignores_key_order_but_not_values() -> None:
    assert idempotency.fingerprint({"a": 1, "b": [1, 2]}) == idempotency.fingerprint({"b": [1, 2], "a": 1})
    assert idempotency.fingerprint({"a": 1}) != idempotency.fingerprint({"a": 2})
    assert idempotency.fingerprint({"a": [1, 2]}) != idempotency.fingerprint({"a": [2, 1]})
