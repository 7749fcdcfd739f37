"""workspaceUpdated: lists see items created in another tab or by another client. A subscriber hears its own
workspace's creations and deletions (CTA jobs, products, works, uploads, batches, store accounts), never another
workspace's: the topic comes from the caller's principal, not from an argument."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from domain.auth import issue_token
from tests.batch_support import create_batch
from tests.catalog_support import image_bytes
from tests.conftest import make_settings
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import GraphQLClient, Subscription, serve_app, subscribe

EVENTS = "subscription { workspaceUpdated { kind id change } }"
CREATE_PRODUCT = "mutation($i: CreateProductInput!) { createProduct(input: $i) { id variants { id imageUrl } } }"
CREATE_WORK = "mutation($i: CreateWorkInput!) { createWork(input: $i) { id } }"
CREATE_ACCOUNT = "mutation($i: CreateStoreAccountInput!) { createStoreAccount(input: $i) { id } }"
DELETE_ACCOUNT = "mutation($id: ID!) { deleteStoreAccount(id: $id) }"
CREATE_JOB = "mutation($i: CreateCtaJobInput!) { createCtaJob(input: $i) { id urls { productId } } }"
DELETE_JOB = "mutation($id: ID!) { deleteCtaJob(id: $id) }"
UPLOAD = "mutation($file: Upload!) { uploadImage(file: $file, kind: PRODUCT) { id } }"
PAGE_KINDS = ("PREVIEW", "LISTING_PLAN")  # what a product's page follows beside the lists' kinds


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(mug=ProductSpec("Speckled Ceramic Mug", images=2)) as shop:
        yield shop


async def upload(client: GraphQLClient, data: bytes) -> str:
    async with httpx.AsyncClient(base_url=client.base_url) as http:
        response = await http.post(
            "/graphql",
            data={
                "operations": json.dumps({"query": UPLOAD, "variables": {"file": None}}),
                "map": '{"0": ["variables.file"]}',
            },
            files={"0": ("newprod.png", data, "image/png")},
            headers={"Apollo-Require-Preflight": "true", "Authorization": f"Bearer {client.token}"},
        )
    body = response.json()
    assert not body.get("errors"), body
    return str(body["data"]["uploadImage"]["id"])


async def event(sub: Subscription) -> tuple[str, str, str]:
    got = (await sub.next())["data"]["workspaceUpdated"]
    return got["kind"], got["id"], got["change"]


async def test_each_workspace_hears_its_own_creations_and_deletions_only(
    tmp_path: Path, database_url: str, shop: Shop
) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="token")) as live:
        mine_token = await issue_token("owner@shop.example", "shop")
        theirs_token = await issue_token("someone@else.example", "else")
        mine, theirs = live.client(mine_token), live.client(theirs_token)
        async with (
            subscribe(live.ws_url, EVENTS, param_token=mine_token) as my_events,
            subscribe(live.ws_url, EVENTS, param_token=theirs_token) as their_events,
        ):
            # The first event says the subscription is listening: a list read after it misses nothing.
            assert (await event(my_events))[0::2] == ("WORKSPACE", "SUBSCRIBED")
            assert (await event(their_events))[0::2] == ("WORKSPACE", "SUBSCRIBED")

            expected: list[tuple[str, str, str]] = []
            product = await mine.data(CREATE_PRODUCT, {"i": {"title": "Tee", "images": [shop.image_url("t", 0)]}})
            product = product["createProduct"]
            expected.append(("PRODUCT", product["id"], "CREATED"))
            work = await mine.data(CREATE_WORK, {"i": {"name": "Sunset", "imageUrl": shop.image_url("w", 1)}})
            expected.append(("WORK", work["createWork"]["id"], "CREATED"))
            upload_id = await upload(mine, image_bytes("PNG"))
            expected.append(("UPLOAD", upload_id, "CREATED"))
            assert await upload(mine, image_bytes("PNG")) == upload_id  # the same bytes again: nothing new
            (variant,) = product["variants"]
            batch = await create_batch(mine, [{"variantId": variant["id"], "productImageUrls": [variant["imageUrl"]]}])
            expected.append(("BATCH", batch["id"], "CREATED"))
            account = (await mine.data(CREATE_ACCOUNT, {"i": {"name": "Main", "timezone": "UTC"}}))[
                "createStoreAccount"
            ]
            expected.append(("STORE_ACCOUNT", account["id"], "CREATED"))
            await mine.data(DELETE_ACCOUNT, {"id": account["id"]})
            expected.append(("STORE_ACCOUNT", account["id"], "DELETED"))
            job = await mine.data(CREATE_JOB, {"i": {"items": [{"url": shop.url("/p/mug"), "variants": 1}]}})
            job_id = job["createCtaJob"]["id"]
            expected.append(("CTA_JOB", job_id, "CREATED"))
            await mine.data(DELETE_JOB, {"id": job_id})
            expected.append(("CTA_JOB", job_id, "DELETED"))

            def for_lists(events: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
                """Leave out what may come in between: the job's page read (a product for the CTA only, UPDATED),
                and the product page's signals (PREVIEW, LISTING_PLAN: the next test's)."""
                return [e for e in events if (e[0], e[2]) != ("PRODUCT", "UPDATED") and e[0] not in PAGE_KINDS]

            heard = [await event(my_events) for _ in expected]
            while for_lists(heard) != expected:
                heard.append(await event(my_events))
            assert for_lists(heard) == expected

            # The other workspace heard none of it: its next event is its own creation, not one of the above.
            theirs_work = await theirs.data(CREATE_WORK, {"i": {"name": "Dots", "imageUrl": shop.image_url("d", 2)}})
            assert await event(their_events) == ("WORK", theirs_work["createWork"]["id"], "CREATED")
            # ... and the first workspace does not hear that one.
            again = await mine.data(CREATE_WORK, {"i": {"name": "Waves", "imageUrl": shop.image_url("v", 3)}})
            following = await event(my_events)
            while not for_lists([following]):
                following = await event(my_events)
            assert following == ("WORK", again["createWork"]["id"], "CREATED")


async def test_a_product_page_hears_its_previews_and_the_belts_it_sits_on(tmp_path: Path, shop: Shop) -> None:
    """The product page follows PREVIEW (requested, rendered, cleared) and LISTING_PLAN (a belt changed) too."""
    from tests.listing_support import create_account, deploy, set_rule
    from tests.preview_support import REQUEST, make_catalog, wait_final

    async with serve_app(make_settings(tmp_path, auth="token")) as live:
        token = await issue_token("owner@shop.example", "shop")
        client = live.client(token)
        catalog = await make_catalog(client, shop)
        async with subscribe(live.ws_url, EVENTS, param_token=token) as events:
            assert (await event(events))[0::2] == ("WORKSPACE", "SUBSCRIBED")

            async def next_of(kind: str) -> tuple[str, str, str]:
                while (got := await event(events))[0] != kind:
                    pass
                return got

            task = (await client.data(REQUEST, {"input": catalog.input()}))["requestPreview"]
            assert await next_of("PREVIEW") == ("PREVIEW", task["id"], "CREATED")
            assert (await wait_final(client, task["id"]))["status"] == "COMPLETED"
            assert await next_of("PREVIEW") == ("PREVIEW", task["id"], "UPDATED")

            account = await create_account(client)
            await set_rule(client, account["id"], 2)
            assert await next_of("LISTING_PLAN") == ("LISTING_PLAN", account["id"], "UPDATED")
            await deploy(client, account["id"], catalog.product_id)
            assert await next_of("LISTING_PLAN") == ("LISTING_PLAN", account["id"], "UPDATED")
