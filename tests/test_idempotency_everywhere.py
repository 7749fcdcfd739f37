"""`idempotencyKey` on every create mutation (issue 23 item 5), through the API on SQLite and PostgreSQL: the
same key and input answer the first object (one row), another input under the key is BAD_USER_INPUT, keys are
per workspace, a refused first attempt leaves the key free, and concurrent repeats create once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from db.models import IdempotencyKey, PreviewTask, Product, StoreAccount, Upload, Work
from domain.auth import issue_token
from tests.catalog_support import image_bytes
from tests.conftest import make_settings
from tests.preview_support import TOTE_AREA
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import GraphQLClient, LiveServer, serve_app

# The creates of the API contract (DESIGN.md); the introspection test also catches any later one by its name.
CREATES = [
    "createCtaJob",
    "createBatch",
    "createProduct",
    "importProduct",
    "createWork",
    "uploadImage",
    "requestPreview",
    "requestPreviews",
    "createStoreAccount",
    "deployProduct",
]
CREATE_PREFIXES = ("create", "import", "upload", "request", "deploy")
MUTATION_ARGS = """{ __schema { mutationType { fields { name args { name type { kind name ofType { name } } } } } } }"""

CREATE_PRODUCT = """mutation($input: CreateProductInput!, $key: String) {
  createProduct(input: $input, idempotencyKey: $key) { id variants { id } } }"""
IMPORT_PRODUCT = "mutation($url: String!, $key: String) { importProduct(url: $url, idempotencyKey: $key) { id } }"
CREATE_WORK = (
    "mutation($input: CreateWorkInput!, $key: String) { createWork(input: $input, idempotencyKey: $key) { id } }"
)
REQUEST = "mutation($input: PreviewInput!, $key: String) { requestPreview(input: $input, idempotencyKey: $key) { id } }"
REQUEST_MANY = """mutation($inputs: [PreviewInput!]!, $key: String) {
  requestPreviews(inputs: $inputs, idempotencyKey: $key) { id } }"""
CREATE_ACCOUNT = """mutation($input: CreateStoreAccountInput!, $key: String) {
  createStoreAccount(input: $input, idempotencyKey: $key) { id } }"""
SET_RULE = """mutation($a: ID!) { setSchedulingRule(accountId: $a, itemsPerDay: 3, enabled: true) { nextRunAt } }"""
DEPLOY = """mutation($a: ID!, $p: ID!, $key: String) {
  deployProduct(accountId: $a, productId: $p, idempotencyKey: $key) { account { id } slots { id productId } } }"""
PLAN = "query($a: ID!) { listingPlan(accountId: $a) { slots { productId } } }"
UPLOAD = """mutation($file: Upload!, $key: String) {
  uploadImage(file: $file, kind: ARTWORK, idempotencyKey: $key) { id } }"""


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(
        tote=ProductSpec("Everyday Canvas Tote Bag", images=2), mug=ProductSpec("Speckled Ceramic Mug", images=1)
    ) as shop:
        yield shop


def _product(shop: Shop, title: str = "Canvas Tote") -> dict[str, Any]:
    variants = [
        {"title": "Natural / L", "color": "Natural", "size": "Large", "imageUrl": shop.image_url("tote", 0)},
        {"title": "Navy / L", "color": "Navy", "size": "Large", "imageUrl": shop.image_url("tote", 1)},
    ]
    return {
        "title": title,
        "images": [shop.image_url("mug", 0)],
        "variants": [{**v, "printArea": TOTE_AREA} for v in variants],
    }


def _refusal(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    extensions: dict[str, Any] = body["errors"][0]["extensions"]
    return extensions


async def _upload(live: LiveServer, client: GraphQLClient, content: bytes, key: str | None) -> dict[str, Any]:
    operations = json.dumps({"query": UPLOAD, "variables": {"file": None, "key": key}})
    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as http:
        response = await http.post(
            "/graphql",
            data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("art.png", content, "image/png")},
            headers={"Apollo-Require-Preflight": "true", "authorization": f"Bearer {client.token}"},
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@dataclass
class Case:
    """One create: `call(key, variant)` answers the mutation's body; `ident` its result's id(s); `rows` counts."""

    name: str
    call: Callable[[GraphQLClient, str | None, int], Awaitable[dict[str, Any]]]
    ident: Callable[[Any], Any]
    rows: Callable[[], Awaitable[int]]


async def _cases(live: LiveServer, shop: Shop, owner: GraphQLClient) -> list[Case]:
    """Every create of the contract but createCtaJob/createBatch (tests/test_idempotency.py, test_batches.py)."""
    product = (await owner.data(CREATE_PRODUCT, {"input": _product(shop, "fixture tote")}))["createProduct"]
    work = (await owner.data(CREATE_WORK, {"input": {"name": "sun", "imageUrl": shop.image_url("tote", 0)}}))[
        "createWork"
    ]["id"]
    account = (await owner.data(CREATE_ACCOUNT, {"input": {"name": "fixture", "timezone": "UTC"}}))[
        "createStoreAccount"
    ]["id"]
    await owner.data(SET_RULE, {"a": account})
    deployable = [
        (await owner.data(CREATE_PRODUCT, {"input": {"title": f"deploy {n}", "images": [shop.image_url("mug", 0)]}}))[
            "createProduct"
        ]["id"]
        for n in (0, 1)
    ]

    def preview(variant: int) -> dict[str, Any]:
        color = ("Natural", "Navy")[variant]
        return {"workId": work, "productId": product["id"], "color": color, "size": "Large"}

    async def gql(client: GraphQLClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return await client.execute(query, variables)

    async def slots_taken() -> int:
        plan = await owner.data(PLAN, {"a": account})
        return sum(1 for slot in plan["listingPlan"]["slots"] if slot["productId"])

    def one(name: str) -> Callable[[Any], Any]:
        return lambda data: data[name]["id"]

    return [
        Case(
            "createProduct",
            lambda c, k, v: gql(c, CREATE_PRODUCT, {"input": _product(shop, f"tote {v}"), "key": k}),
            one("createProduct"),
            Product.filter(in_catalog=True).count,
        ),
        Case(
            "importProduct",
            lambda c, k, v: gql(c, IMPORT_PRODUCT, {"url": shop.url(("/p/tote", "/p/mug")[v]), "key": k}),
            one("importProduct"),
            Product.filter(in_catalog=True).count,
        ),
        Case(
            "createWork",
            lambda c, k, v: gql(
                c, CREATE_WORK, {"input": {"name": f"w{v}", "imageUrl": shop.image_url("tote", 0)}, "key": k}
            ),
            one("createWork"),
            Work.all().count,
        ),
        Case(
            "uploadImage",
            lambda c, k, v: _upload(live, c, image_bytes("PNG", color=(10 * v, 40, 40)), k),
            one("uploadImage"),
            Upload.all().count,
        ),
        Case(
            "requestPreview",
            lambda c, k, v: gql(c, REQUEST, {"input": preview(v), "key": k}),
            one("requestPreview"),
            PreviewTask.all().count,
        ),
        Case(
            "requestPreviews",
            lambda c, k, v: gql(c, REQUEST_MANY, {"inputs": [preview(v), preview(1 - v)], "key": k}),
            lambda data: [task["id"] for task in data["requestPreviews"]],
            PreviewTask.all().count,
        ),
        Case(
            "createStoreAccount",
            lambda c, k, v: gql(c, CREATE_ACCOUNT, {"input": {"name": f"shop {v}", "timezone": "UTC"}, "key": k}),
            one("createStoreAccount"),
            StoreAccount.all().count,
        ),
        Case(
            "deployProduct",
            lambda c, k, v: gql(c, DEPLOY, {"a": account, "p": deployable[v], "key": k}),
            lambda data: sorted(s["productId"] for s in data["deployProduct"]["slots"] if s["productId"]),
            slots_taken,
        ),
    ]


async def test_every_create_mutation_takes_an_idempotency_key(server: LiveServer) -> None:
    fields = (await server.client().data(MUTATION_ARGS))["__schema"]["mutationType"]["fields"]
    args = {field["name"]: {arg["name"]: arg["type"] for arg in field["args"]} for field in fields}
    creates = set(CREATES) | {name for name in args if name.startswith(CREATE_PREFIXES)}
    assert set(CREATES) <= set(args), set(CREATES) - set(args)
    for name in sorted(creates):
        assert "idempotencyKey" in args[name], f"{name} takes no idempotencyKey"
        # Optional, a plain String.
        assert args[name]["idempotencyKey"] == {"kind": "SCALAR", "name": "String", "ofType": None}, name


async def test_each_create_answers_once_per_key(tmp_path: Path, database_url: str, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        ada = live.client(await issue_token("ada@shop.example", "shop"))
        bob = live.client(await issue_token("bob@other.example", "other"))
        for case in await _cases(live, shop, ada):
            before = await case.rows()
            first = await case.call(ada, f"{case.name}-1", 0)
            assert not first.get("errors"), (case.name, first)
            again = await case.call(ada, f"{case.name}-1", 0)
            assert not again.get("errors"), (case.name, again)
            assert case.ident(again["data"]) == case.ident(first["data"]), case.name
            if case.name != "requestPreviews":  # (its inputs overlap requestPreview's task)
                assert await case.rows() == before + 1, case.name
            changed = await case.call(ada, f"{case.name}-1", 1)
            assert _refusal(changed) == {"code": "BAD_USER_INPUT", "field": "idempotencyKey"}, case.name
            if not case.name.startswith(("deploy", "request")):  # bob owns no work, plan or product
                theirs = await case.call(bob, f"{case.name}-1", 0)  # keys are per workspace
                assert not theirs.get("errors"), (case.name, theirs)
                assert case.ident(theirs["data"]) != case.ident(first["data"]), case.name
        # Per operation too: one key on two creates makes two rows.
        assert await IdempotencyKey.filter(key="createProduct-1").count() == 2  # ada's and bob's


async def test_deploy_with_a_key_deploys_once(tmp_path: Path, database_url: str, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        ada = live.client(await issue_token("ada@shop.example", "shop"))
        account = (await ada.data(CREATE_ACCOUNT, {"input": {"name": "a", "timezone": "UTC"}}))["createStoreAccount"]
        await ada.data(SET_RULE, {"a": account["id"]})
        product = (await ada.data(CREATE_PRODUCT, {"input": {"title": "p", "images": [shop.image_url("mug", 0)]}}))[
            "createProduct"
        ]["id"]
        variables = {"a": account["id"], "p": product, "key": "deploy-once"}
        plans = [(await ada.data(DEPLOY, variables))["deployProduct"] for _ in range(3)]
        assert all(plan == plans[0] for plan in plans)
        assert [s["productId"] for s in plans[0]["slots"]].count(product) == 1
        # Without the key the repeat is refused: the product is already on the plan.
        assert _refusal(await ada.execute(DEPLOY, {**variables, "key": None}))["code"] == "BAD_USER_INPUT"


async def test_create_store_account_three_times_with_one_key_is_one_account(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        ada = live.client(await issue_token("ada@shop.example", "shop"))
        variables = {"input": {"name": "Etsy", "timezone": "Europe/Paris"}, "key": "account-1"}
        ids = {(await ada.data(CREATE_ACCOUNT, variables))["createStoreAccount"]["id"] for _ in range(3)}
        assert len(ids) == 1 and await StoreAccount.all().count() == 1


async def test_a_refused_first_attempt_leaves_the_key_free(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        ada = live.client(await issue_token("ada@shop.example", "shop"))
        bad = {"input": {"name": "Etsy", "timezone": "Mars/Olympus"}, "key": "account-2"}
        assert _refusal(await ada.execute(CREATE_ACCOUNT, bad))["field"] != "idempotencyKey"
        assert await IdempotencyKey.all().count() == 0
        good = {**bad, "input": {"name": "Etsy", "timezone": "UTC"}}
        first = (await ada.data(CREATE_ACCOUNT, good))["createStoreAccount"]["id"]
        assert (await ada.data(CREATE_ACCOUNT, good))["createStoreAccount"]["id"] == first


async def test_ten_parallel_identical_creates_make_one_product(tmp_path: Path, database_url: str, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        ada = live.client(await issue_token("ada@shop.example", "shop"))
        variables = {
            "input": {"title": "burst tote", "images": [shop.image_url("mug", 0)], "description": "one only"},
            "key": "burst",
        }
        answers = await asyncio.gather(*[ada.execute(CREATE_PRODUCT, variables) for _ in range(10)])
        ids = {answer["data"]["createProduct"]["id"] for answer in answers}
        assert len(ids) == 1, answers
        assert await Product.filter(in_catalog=True).count() == 1
        assert await IdempotencyKey.all().count() == 1


async def test_a_repeat_waits_for_the_first_call_and_an_abandoned_reservation_is_taken_over(db: str) -> None:
    from datetime import UTC, datetime

    from db.models import Workspace
    from domain import idempotency

    workspace = await Workspace.create(name="shop")
    started = asyncio.Event()
    release = asyncio.Event()
    calls: list[int] = []

    async def create() -> str:
        calls.append(1)
        started.set()
        await release.wait()
        return "made-1"

    async def load(value: Any) -> str:
        return str(value)

    async def run() -> str:
        return await idempotency.once(workspace.id, "createThing", "k", {"a": 1}, create, str, load)

    first = asyncio.create_task(run())
    await started.wait()
    second = asyncio.create_task(run())  # finds the reservation and waits for its result
    await asyncio.sleep(0.2)
    assert not second.done()
    release.set()
    assert await first == "made-1" and await second == "made-1" and len(calls) == 1

    # A reservation left by a server that died mid-create is taken over once it is STALE.
    await IdempotencyKey.create(
        workspace_id=workspace.id,
        operation="createOther",
        key="k",
        request_hash=idempotency.fingerprint({"a": 1}),
        result_id=idempotency.PENDING,
    )
    await IdempotencyKey.filter(operation="createOther").update(
        created_at=datetime.now(UTC) - idempotency.STALE - idempotency.STALE
    )
    release.set()
    made = await idempotency.once(workspace.id, "createOther", "k", {"a": 1}, create, str, load)
    assert made == "made-1" and len(calls) == 2
    assert (await IdempotencyKey.get(operation="createOther")).result == '"made-1"'
