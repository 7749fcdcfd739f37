"""Per-workspace rate limits (domain/rate_limits.py): one table, every create and expensive mutation in it (or
exempt with a reason), refused with RATE_LIMITED and `retryAfter`, nothing written; workspaces apart; and on the
production path one budget shared by every `vitrine serve` process through Redis."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

import schema
from db.models import StoreAccount, Upload
from domain import rate_limits
from domain.auth import issue_token
from settings import Settings
from tests.catalog_support import image_bytes, stored_files
from tests.conftest import make_settings
from tests.support import (
    GraphQLClient,
    LiveServer,
    free_port,
    pg_rows,
    production_stack,
    serve_app,
)

ACCOUNT = "mutation($i: CreateStoreAccountInput!) { createStoreAccount(input: $i) { id name } }"
NOWHERE = str(uuid.UUID(int=0))
PREVIEW = {"workId": NOWHERE, "productId": NOWHERE}

# One call of every guarded operation, valid GraphQL whose arguments the domain may well refuse (a refused call
# spends its budget too). uploadImage goes over multipart (below).
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "createCtaJob": (
        "mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id } }",
        {"i": {"items": [{"url": "ftp://nowhere.example/x"}]}},
    ),
    "retryCtaInfo": ("mutation($id: ID!) { retryCtaInfo(id: $id) { id } }", {"id": NOWHERE}),
    "retryFailedCtaInfos": ("mutation($id: ID!) { retryFailedCtaInfos(jobId: $id) { id } }", {"id": NOWHERE}),
    "createProduct": (
        "mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }",
        {"i": {"title": "", "images": []}},
    ),
    "importProduct": ('mutation { importProduct(url: "ftp://nowhere.example/x") { id } }', {}),
    "createWork": ("mutation($i: CreateWorkInput!) { createWork(input: $i) { id } }", {"i": {"name": "w"}}),
    "requestPreview": ("mutation($i: PreviewInput!) { requestPreview(input: $i) { id } }", {"i": PREVIEW}),
    "requestPreviews": ("mutation($i: [PreviewInput!]!) { requestPreviews(inputs: $i) { id } }", {"i": [PREVIEW]}),
    "clearPreviewCache": ("mutation($id: ID) { clearPreviewCache(workId: $id) }", {"id": NOWHERE}),
    "createBatch": (
        "mutation($i: CreateBatchInput!) { createBatch(input: $i) { id } }",
        {"i": {"variants": [], "settings": {"schemaKey": "nope", "numberOfVariations": 1}}},
    ),
    "retryBatch": ("mutation($id: ID!) { retryBatch(id: $id) { id } }", {"id": NOWHERE}),
    "createStoreAccount": (ACCOUNT, {"i": {"name": "", "timezone": "Nowhere/Nothing"}}),
    "setSchedulingRule": (
        "mutation($id: ID!) { setSchedulingRule(accountId: $id, itemsPerDay: 4, enabled: true) { nextRunAt } }",
        {"id": NOWHERE},
    ),
    "resetListingPlan": ("mutation($id: ID!) { resetListingPlan(accountId: $id) { nextRunAt } }", {"id": NOWHERE}),
    "deployProduct": (
        "mutation($id: ID!) { deployProduct(accountId: $id, productId: $id) { nextRunAt } }",
        {"id": NOWHERE},
    ),
    "removeSlot": ("mutation($id: ID!) { removeSlot(slotId: $id) { nextRunAt } }", {"id": NOWHERE}),
    "retrySlot": ("mutation($id: ID!) { retrySlot(slotId: $id) { nextRunAt } }", {"id": NOWHERE}),
    "rotateWebhookSecret": (
        "mutation($id: ID!) { rotateWebhookSecret(accountId: $id) { secret } }",
        {"id": NOWHERE},
    ),
    "runProbe": ('mutation { runProbe(message: "hi") { id } }', {}),
}


def _mutation_fields() -> set[str]:
    mutation = schema.build_schema(Settings())._schema.mutation_type
    assert mutation is not None
    return set(mutation.fields)


def test_every_mutation_spends_a_budget_or_is_exempt_with_a_reason() -> None:
    """A new mutation cannot silently skip the limits: it fails here until the table or EXEMPT names it."""
    fields = _mutation_fields()
    assert "createCtaJob" in fields and "runProbe" in fields  # the SDL was read
    guarded, exempt = set(rate_limits.OPERATIONS), set(rate_limits.EXEMPT)
    assert not guarded & exempt
    assert fields - guarded - exempt == set(), "name these in domain/rate_limits.py (BUDGETS or EXEMPT)"
    assert (guarded | exempt) - fields == set(), "the table names mutations the schema does not have"
    assert all(reason.strip() for reason in rate_limits.EXEMPT.values())
    names = [budget.name for budget in rate_limits.BUDGETS]
    assert len(names) == len(set(names))
    # Enforced where the table says: each guarded field of the schema carries the limit, with its own name.
    assert {name: ext.operation for name, ext in schema.GUARDED.items()} == {name: name for name in guarded}
    assert set(CALLS) | {"uploadImage"} == guarded  # and the next test calls each of them


def test_bad_overrides_stop_the_start_naming_the_setting() -> None:
    for bad in ("createProduct", "nope=5/minute", "createProduct=often", "createProduct=0/minute"):
        with pytest.raises(ValidationError, match="rate_limits"):
            Settings(rate_limits=bad)
    assert rate_limits.rates(Settings(rate_limits="off")) == {b.name: None for b in rate_limits.BUDGETS}
    chosen = rate_limits.rates(Settings(cta_jobs_per_minute=3, rate_limits="previews=7/second, uploadImage=off"))
    assert str(chosen["createCtaJob"]) == "3 per 1 minute"  # VITRINE_CTA_JOBS_PER_MINUTE is that budget's default
    assert str(chosen["previews"]) == "7 per 1 second" and chosen["uploadImage"] is None


async def _upload(live: LiveServer, token: str | None = None) -> httpx.Response:
    operations = {
        "query": "mutation($f: Upload!) { uploadImage(file: $f, kind: ARTWORK) { id } }",
        "variables": {"f": None},
    }
    headers = {"Apollo-Require-Preflight": "true", **({"authorization": f"Bearer {token}"} if token else {})}
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as http:
        return await http.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
            files={"0": ("a.png", image_bytes("PNG"), "image/png")},
            headers=headers,
            timeout=30,
        )


def _refusal(body: dict[str, Any]) -> dict[str, Any]:
    codes = [e["extensions"]["code"] for e in body.get("errors") or []]
    assert codes == ["RATE_LIMITED"], body
    extensions: dict[str, Any] = body["errors"][0]["extensions"]
    return extensions


async def test_each_guarded_mutation_is_refused_once_its_budget_is_spent(tmp_path: Path) -> None:
    every_budget_once = ",".join(f"{budget.name}=1/hour" for budget in rate_limits.BUDGETS)
    async with serve_app(make_settings(tmp_path, rate_limits=every_budget_once)) as live:
        client = live.client()
        first = await _upload(live)
        assert first.status_code == 200 and not first.json().get("errors"), first.text
        refused = await _upload(live)
        assert 3500 < _refusal(refused.json())["retryAfter"] <= 3600
        assert await Upload.all().count() == 1 and len(stored_files(live.settings.media_dir)) == 1

        for budget in rate_limits.BUDGETS:
            operations = [op for op in budget.operations if op != "uploadImage"]
            if not operations:
                continue
            query, variables = CALLS[operations[0]]
            spent = await client.execute(query, variables)  # refused or not: it spends the one call
            assert "RATE_LIMITED" not in json.dumps(spent), (operations[0], spent)
            for operation in operations:  # every operation of the budget now meets it
                query, variables = CALLS[operation]
                extensions = _refusal(await client.execute(query, variables))
                assert 3500 < extensions["retryAfter"] <= 3600, (operation, extensions)


async def _create_accounts(client: GraphQLClient, n: int, prefix: str) -> list[dict[str, Any]]:
    return [
        await client.execute(ACCOUNT, {"i": {"name": f"{prefix} {i}", "timezone": "Europe/Berlin"}}) for i in range(n)
    ]


async def test_a_refused_create_writes_nothing_and_workspaces_have_their_own_budget(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, rate_limits="createStoreAccount=3/minute")) as live:
        shop_a = live.client()  # the local user's workspace
        shop_b = live.client(await issue_token("bob@b.example", "b"))
        answers = await _create_accounts(shop_a, 4, "A")
        assert all(not a.get("errors") for a in answers[:3])
        refusal = _refusal(answers[3])
        assert 0 < refusal["retryAfter"] <= 60
        assert answers[3]["data"] is None
        assert await StoreAccount.all().count() == 3

        # Workspace B's budget is its own: A's spent budget does not touch it, and B's limit is the same.
        answers_b = await _create_accounts(shop_b, 4, "B")
        assert all(not a.get("errors") for a in answers_b[:3]) and _refusal(answers_b[3])
        assert sorted(await StoreAccount.all().values_list("name", flat=True)) == [
            "A 0",
            "A 1",
            "A 2",
            "B 0",
            "B 1",
            "B 2",
        ]
        # An alias per field spends per field: nothing of A's goes through while its budget is spent.
        both = await shop_a.execute(
            'mutation { x: createStoreAccount(input: {name: "X", timezone: "UTC"}) { id } '
            'y: createStoreAccount(input: {name: "Y", timezone: "UTC"}) { id } }'
        )
        assert {e["extensions"]["code"] for e in both["errors"]} == {"RATE_LIMITED"}
        assert await StoreAccount.all().count() == 6


async def test_previews_cost_one_per_input(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, rate_limits="previews=5/minute")) as live:
        client = live.client()
        many, _ = CALLS["requestPreviews"]
        first = await client.execute(many, {"i": [PREVIEW] * 3})  # NOT_FOUND, and 3 spent
        assert first["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        _refusal(await client.execute(many, {"i": [PREVIEW] * 3}))  # 3 more would be 6
        one, variables = CALLS["requestPreview"]
        assert (await client.execute(one, variables))["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # 4
        _refusal(await client.execute(many, {"i": [PREVIEW] * 2}))  # 6 again
        # A call never costs more than the whole budget: 100 inputs need a whole window, not a refusal for ever.
        other = live.client(await issue_token("bob@b.example", "b"))
        big = await other.execute(many, {"i": [PREVIEW] * 100})
        assert big["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        _refusal(await other.execute(one, variables))


async def test_storage_that_fails_lets_calls_through(tmp_path: Path) -> None:
    """Redis away: the limiter must not be why creates stop (the outbox already rides out a broker outage)."""
    closed = free_port()  # nothing listens there
    limiter = rate_limits.build(make_settings(tmp_path, redis_url=f"redis://127.0.0.1:{closed}/0"))
    try:
        for _ in range(3):
            await limiter.spend(uuid.uuid4(), "createBatch", {})
        limiter.items["createBatch"] = rate_limits.rates(Settings(rate_limits="createBatch=1/hour"))["createBatch"]
        workspace = uuid.uuid4()
        await limiter.spend(workspace, "createBatch", {})
        await limiter.spend(workspace, "createBatch", {})  # would be refused with a working storage
    finally:
        await limiter.close()


async def test_two_api_processes_share_one_workspace_budget(pg_url: str, tmp_path: Path) -> None:
    """Production path: the window lives in Redis, so two `vitrine serve` processes give one workspace 4 accounts
    an hour in all (memory storage would give 4 each), and both refuse the fifth with the time to wait."""
    limits_env = {"VITRINE_RATE_LIMITS": "createStoreAccount=4/hour"}
    with production_stack(
        pg_url, tmp_path / "stack", apis=2, workers=0, scheduler=False, extra_env=limits_env
    ) as stack:
        try:
            apis = [GraphQLClient(url, stack.token) for url in stack.api_urls]
            answers = [
                await apis[i % 2].execute(ACCOUNT, {"i": {"name": f"shop {i}", "timezone": "UTC"}}) for i in range(6)
            ]
        except Exception:
            print(stack.logs())
            raise
    assert all(not a.get("errors") for a in answers[:4]), answers
    for refused in answers[4:]:  # one from each process
        assert 3500 < _refusal(refused)["retryAfter"] <= 3600
    assert len(await pg_rows(pg_url, "SELECT id FROM store_account")) == 4
