"""CTA batch generation through the GraphQL API in embedded mode, against the local test shop."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from db.models import CtaInfo, CtaJob, CtaJobUrl, Product
from domain import ports as ports_module
from integrations.ai.base import ProductBrief, ProviderError, Suggestion
from integrations.ai.local import LocalCreativeProvider
from tests.conftest import make_settings
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import GraphQLClient, LiveServer, count_statements, serve_app, subscribe

CREATE = """mutation($input: CreateCtaJobInput!) {
  createCtaJob(input: $input) { id name totalCount isCompleted urls { id normalizedUrl status } }
}"""
JOB = """query($id: ID!) { ctaJob(id: $id) {
  id name totalCount successCount failedCount isCompleted
  urls { url status error errorDetail productId }
  ctaInfos { id url variantIndex status productId productBackgroundUrl generatedBackgroundUrl
             suggestion errorMessage errorDetail attempts maxAttempts nextAttemptAt retryCount }
} }"""
FOLLOW = "subscription($id: ID!) { ctaJobUpdated(id: $id) { id successCount failedCount totalCount isCompleted } }"


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(
        tote=ProductSpec("Everyday Canvas Tote Bag", images=2),
        mug=ProductSpec("Speckled Ceramic Mug", images=3, price="18.50", currency="EUR"),
        beanie=ProductSpec("Merino Wool Beanie", images=1),
    ) as shop:
        yield shop


async def wait_completed(server: LiveServer | Any, job_id: str, token: str | None = None) -> list[dict[str, Any]]:
    """Follow the job over the WebSocket until it completes; returns every state seen."""
    seen = []
    async with subscribe(server.ws_url, FOLLOW, {"id": job_id}, param_token=token) as sub:
        while True:
            state = (await sub.next(timeout=60))["data"]["ctaJobUpdated"]
            seen.append(state)
            if state["isCompleted"]:
                assert (await sub.message())["type"] == "complete"
                return seen


async def create(client: GraphQLClient, items: list[dict[str, Any]], name: str | None = None) -> dict[str, Any]:
    body = await client.data(CREATE, {"input": {"name": name, "items": items}})
    job: dict[str, Any] = body["createCtaJob"]
    return job


async def test_job_scrapes_each_url_once_and_round_robins_images(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job = await create(
        client,
        [
            {"url": shop.url("/p/tote"), "variants": 2},
            {"url": shop.url("/p/mug?utm_source=mail"), "variants": 4},
            {"url": shop.url("/p/tote#reviews"), "variants": 1},  # the same product URL once normalised
        ],
    )
    assert job["totalCount"] == 7 and len(job["urls"]) == 2
    assert await CtaInfo.filter(job_id=job["id"]).count() == 7  # the total recorded with the job is its variants
    assert job["name"].startswith("local-CTA-")

    seen = await wait_completed(server, job["id"])
    assert seen[-1]["successCount"] == 7 and seen[-1]["failedCount"] == 0
    assert [s["successCount"] for s in seen] == sorted(s["successCount"] for s in seen)  # progress only grows

    assert shop.page_hits("tote") == 1 and shop.page_hits("mug") == 1
    assert await Product.all().count() == 2

    result = (await client.data(JOB, {"id": job["id"]}))["ctaJob"]
    by_url: dict[str, list[dict[str, Any]]] = {}
    for info in result["ctaInfos"]:
        by_url.setdefault(info["url"], []).append(info)
    tote = sorted(by_url[shop.url("/p/tote")], key=lambda i: i["variantIndex"])
    mug = sorted(by_url[shop.url("/p/mug?utm_source=mail")], key=lambda i: i["variantIndex"])
    assert [i["variantIndex"] for i in tote] == [0, 1, 2]
    assert len({i["productId"] for i in tote}) == 1 and len({i["productId"] for i in mug}) == 1
    # Variant i uses ranked image i mod n: two tote images, three mug images.
    assert [i["productBackgroundUrl"] for i in tote] == [shop.image_url("tote", k) for k in (0, 1, 0)]
    assert [i["productBackgroundUrl"] for i in mug] == [shop.image_url("mug", k) for k in (0, 1, 2, 0)]
    for info in tote + mug:
        assert info["status"] == "DONE" and info["errorMessage"] is None
        assert {"headline", "subheadline", "callToAction", "description"} <= set(info["suggestion"])
        assert "generatedBackgroundKey" not in info["suggestion"]

    async with httpx.AsyncClient(base_url=server.base_url) as http:
        picture = await http.get(tote[0]["generatedBackgroundUrl"])
    assert picture.status_code == 200
    assert Image.open(io.BytesIO(picture.content)).size == (1024, 1024)


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([{"url": "ftp://shop.example/p/1", "variants": 1}], "items[0].url"),
        ([{"url": "https://shop.example/p/1", "variants": 0}], "items[0].variants"),
        ([{"url": "https://shop.example/p/1", "variants": 11}], "items[0].variants"),
        ([{"url": f"https://shop.example/p/{i}", "variants": 1} for i in range(6)], "items"),
        ([{"url": "not a url", "variants": 1}], "items[0].url"),
    ],
)
async def test_bad_input_is_refused_and_writes_nothing(server: LiveServer, items: list[Any], field: str) -> None:
    body = await server.client().execute(CREATE, {"input": {"items": items}})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == field
    assert await CtaJob.all().count() == 0 and await CtaJobUrl.all().count() == 0


async def test_private_addresses_are_refused_up_front(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, allow_private_urls=False)) as live:
        body = await live.client().execute(CREATE, {"input": {"items": [{"url": "http://127.0.0.1:9/p/x"}]}})
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "items[0].url"}
        assert await CtaJob.all().count() == 0


async def test_unreadable_urls_fail_their_variants_with_the_url_and_cause(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job = await create(
        client,
        [
            {"url": shop.url("/p/missing"), "variants": 2},
            {"url": shop.url("/p/no-images"), "variants": 1},
            {"url": shop.url("/p/captcha"), "variants": 1},
            {"url": shop.url("/p/beanie"), "variants": 2},
        ],
    )
    seen = await wait_completed(server, job["id"])
    assert seen[-1]["successCount"] == 2 and seen[-1]["failedCount"] == 4
    infos = (await client.data(JOB, {"id": job["id"]}))["ctaJob"]["ctaInfos"]
    failed = {i["url"]: i["errorDetail"] for i in infos if i["status"] == "FAILED"}
    assert shop.url("/p/missing") in failed[shop.url("/p/missing")] and "404" in failed[shop.url("/p/missing")]
    assert "no product images" in failed[shop.url("/p/no-images")]
    assert "blocked" in failed[shop.url("/p/captcha")].lower()
    assert shop.page_hits("missing") == 1  # a 404 is final: no retries


async def test_a_page_answering_503_is_retried_with_backoff(server: LiveServer, shop: Shop) -> None:
    shop.unavailable_first = 2
    job = await create(server.client(), [{"url": shop.url("/p/flaky"), "variants": 2}])
    seen = await wait_completed(server, job["id"])
    assert seen[-1]["successCount"] == 2
    assert shop.page_hits("flaky") == 3  # two 503s, then the page


async def test_a_page_that_stays_unavailable_fails_after_the_retries(server: LiveServer, shop: Shop) -> None:
    shop.unavailable_first = 1000
    job = await create(server.client(), [{"url": shop.url("/p/flaky"), "variants": 1}])
    seen = await wait_completed(server, job["id"])
    assert seen[-1]["failedCount"] == 1
    info = (await server.client().data(JOB, {"id": job["id"]}))["ctaJob"]["ctaInfos"][0]
    assert "503" in info["errorDetail"] and shop.url("/p/flaky") in info["errorDetail"]
    assert info["errorMessage"] == (
        "The product page could not be read: the shop's server answered with an error. You can retry."
    )
    assert info["attempts"] == 0 and info["maxAttempts"] == 5 and info["nextAttemptAt"] is None  # it never ran
    assert shop.page_hits("flaky") == 5  # the first attempt and four retries


class FlakyProvider:
    """Fails the first `failures` background calls, transiently, then behaves like the local provider."""

    name = "flaky"

    def __init__(self, failures: int, transient: bool = True) -> None:
        self.failures, self.transient, self.calls = failures, transient, 0
        self.local = LocalCreativeProvider()

    async def generate_copy(self, brief: ProductBrief, variant_index: int) -> Suggestion:
        return await self.local.generate_copy(brief, variant_index)

    async def generate_background(self, brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
        self.calls += 1
        if self.calls <= self.failures:
            raise ProviderError("upstream returned 503", transient=self.transient)
        return await self.local.generate_background(brief, product_image, variant_index)


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch, server: LiveServer) -> Iterator[Any]:
    def install(new: Any) -> None:
        monkeypatch.setattr(ports_module.ports(), "creative", new)

    yield install


async def test_transient_provider_errors_are_retried_then_succeed(server: LiveServer, shop: Shop, provider) -> None:
    flaky = FlakyProvider(failures=2)
    provider(flaky)
    job = await create(server.client(), [{"url": shop.url("/p/beanie"), "variants": 1}])
    seen = await wait_completed(server, job["id"])
    assert seen[-1]["successCount"] == 1 and flaky.calls == 3


async def test_provider_failing_after_retries_fails_then_retry_recovers(
    server: LiveServer, shop: Shop, provider
) -> None:
    provider(FlakyProvider(failures=1000))
    client = server.client()
    job = await create(client, [{"url": shop.url("/p/mug"), "variants": 2}])
    seen = await wait_completed(server, job["id"])
    assert seen[-1]["failedCount"] == 2
    infos = (await client.data(JOB, {"id": job["id"]}))["ctaJob"]["ctaInfos"]
    assert all("503" in i["errorDetail"] for i in infos)
    assert all(
        i["errorMessage"] == "This variant could not be made: the AI service answered with an error. You can retry."
        for i in infos
    )
    assert all(i["attempts"] == i["maxAttempts"] == 5 and i["nextAttemptAt"] is None for i in infos)
    # A failed variant still shows the product image it was to work from (read with the page), and no copy.
    by_index = sorted(infos, key=lambda i: i["variantIndex"])
    assert [i["productBackgroundUrl"] for i in by_index] == [shop.image_url("mug", k) for k in (0, 1)]
    assert all(i["suggestion"] is None and i["generatedBackgroundUrl"] is None for i in infos)

    provider(LocalCreativeProvider())
    retried = await client.data(
        "mutation($id: ID!) { retryFailedCtaInfos(jobId: $id) { id failedCount } }", {"id": job["id"]}
    )
    assert retried["retryFailedCtaInfos"]["failedCount"] == 0
    seen = await wait_completed(server, job["id"])
    assert seen[-1]["successCount"] == 2
    infos = (await client.data(JOB, {"id": job["id"]}))["ctaJob"]["ctaInfos"]
    assert all(i["retryCount"] == 1 and i["status"] == "DONE" for i in infos)
    assert shop.page_hits("mug") == 1  # the retry reused the scraped product


async def test_retry_is_for_failed_variants_only(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job = await create(client, [{"url": shop.url("/p/beanie"), "variants": 1}])
    await wait_completed(server, job["id"])
    info_id = (await client.data(JOB, {"id": job["id"]}))["ctaJob"]["ctaInfos"][0]["id"]
    body = await client.execute("mutation($id: ID!) { retryCtaInfo(id: $id) { id } }", {"id": info_id})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_edit_suggestion_and_delete_job(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job = await create(client, [{"url": shop.url("/p/beanie"), "variants": 1}])
    await wait_completed(server, job["id"])
    info = (await client.data(JOB, {"id": job["id"]}))["ctaJob"]["ctaInfos"][0]
    edit = "mutation($id: ID!, $s: JSON!) { updateCtaSuggestion(id: $id, suggestion: $s) { suggestion } }"

    updated = await client.data(edit, {"id": info["id"], "s": {"headline": "Warm all winter"}})
    suggestion = updated["updateCtaSuggestion"]["suggestion"]
    assert suggestion["headline"] == "Warm all winter"
    assert suggestion["callToAction"] == info["suggestion"]["callToAction"]  # untouched fields stay
    for bad in ({"productBackgroundUrl": "http://evil"}, {"headline": "x" * 201}, ["not", "an object"]):
        body = await client.execute(edit, {"id": info["id"], "s": bad})
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

    deleted = await client.data("mutation($id: ID!) { deleteCtaJob(id: $id) }", {"id": job["id"]})
    assert deleted == {"deleteCtaJob": True}
    assert await CtaInfo.all().count() == 0 and await CtaJobUrl.all().count() == 0
    gone = await client.execute(JOB, {"id": job["id"]})
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_job_list_takes_a_constant_number_of_statements(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    query = """{ ctaJobs(first: 50) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id totalCount successCount failedCount isCompleted
                            urls { status } ctaInfos { status variantIndex } } } } }"""

    async def statements() -> tuple[int, dict[str, Any]]:
        return await count_statements(lambda: client.data(query))

    # Jobs are left to finish first, so only the query's own statements are counted.
    for _ in range(2):
        await wait_completed(server, (await create(client, [{"url": shop.url("/p/beanie"), "variants": 2}]))["id"])
    few, small = await statements()
    for _ in range(6):
        job = await create(client, [{"url": shop.url("/p/tote"), "variants": 3}, {"url": shop.url("/p/mug")}])
        await wait_completed(server, job["id"])
    many, large = await statements()
    assert small["ctaJobs"]["totalCount"] == 2 and large["ctaJobs"]["totalCount"] == 8
    assert len(large["ctaJobs"]["edges"]) == 8 and few > 0
    assert many == few, f"{few} statements for 2 jobs but {many} for 8"


async def test_pagination_walks_every_job_once(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    created = {(await create(client, [{"url": shop.url("/p/beanie")}], name=f"job {i}"))["id"] for i in range(5)}
    seen, after = [], None
    while True:
        page = (
            await client.data(
                "query($a: String) { ctaJobs(first: 2, after: $a) { edges { node { id } } "
                "pageInfo { hasNextPage endCursor } } }",
                {"a": after},
            )
        )["ctaJobs"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(created) and len(seen) == 5


async def test_a_recent_product_is_reused_and_a_stale_one_fetched_again(tmp_path: Path, shop: Shop) -> None:
    for ttl, expected_fetches in (("24h", 1), ("0s", 2)):
        (tmp_path / ttl).mkdir()
        before = shop.page_hits("beanie")
        async with serve_app(make_settings(tmp_path / ttl, product_ttl=ttl)) as live:
            for _ in range(2):
                job = await create(live.client(), [{"url": shop.url("/p/beanie"), "variants": 1}])
                assert (await wait_completed(live, job["id"]))[-1]["successCount"] == 1
        assert shop.page_hits("beanie") - before == expected_fetches, f"VITRINE_PRODUCT_TTL={ttl}"


async def test_the_openai_provider_makes_the_creatives_through_openai_base_url(tmp_path: Path, shop: Shop) -> None:
    import json

    from tests.fake_openai import FakeOpenAI, chat_completion, images_response, png_bytes

    fake = FakeOpenAI().start()
    try:
        copy = {"headline": "Carry more", "subheadline": "Canvas that lasts", "callToAction": "Shop the tote",
                "description": "A tote for every day."}  # fmt: skip
        for _ in range(2):
            fake.reply("/v1/images/edits", images_response(png_bytes((1024, 1024), (10, 120, 200))))
            fake.reply("/v1/chat/completions", chat_completion(json.dumps(copy)))
        settings = make_settings(
            tmp_path, openai_api_key="sk-test-123", openai_base_url=fake.base_url, ai_provider="openai"
        )
        async with serve_app(settings) as live:
            job = await create(live.client(), [{"url": shop.url("/p/tote"), "variants": 2}])
            assert (await wait_completed(live, job["id"]))[-1]["successCount"] == 2
            infos = (await live.client().data(JOB, {"id": job["id"]}))["ctaJob"]["ctaInfos"]
            async with httpx.AsyncClient(base_url=live.base_url) as http:
                picture = await http.get(infos[0]["generatedBackgroundUrl"])
    finally:
        fake.stop()
    assert all(i["suggestion"]["headline"] == "Carry more" for i in infos)
    assert Image.open(io.BytesIO(picture.content)).getpixel((5, 5)) == (10, 120, 200)
    chats, edits = fake.requests_to("/v1/chat/completions"), fake.requests_to("/v1/images/edits")
    assert len(chats) == 2 and len(edits) == 2
    assert all(r.headers["authorization"] == "Bearer sk-test-123" for r in chats + edits)
    assert "Everyday Canvas Tote Bag" in json.dumps(chats[0].json["messages"])
    sent = [Image.open(io.BytesIO(r.files["image"][0][2])) for r in edits]  # the product photos, as PNG
    assert all(image.format == "PNG" for image in sent)


async def test_job_creation_is_rate_limited_per_workspace(tmp_path: Path, shop: Shop) -> None:
    async with serve_app(make_settings(tmp_path, cta_jobs_per_minute=2)) as live:
        for _ in range(2):
            await create(live.client(), [{"url": shop.url("/p/beanie")}])
        body = await live.client().execute(CREATE, {"input": {"items": [{"url": shop.url("/p/mug")}]}})
        assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert await CtaJob.all().count() == 2
