"""Tests for the OpenAI vision re-ranker, against a fake OpenAI server on loopback: one call, never retried; when
it fails, reading the product page keeps the local ranking."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import pytest

from domain.product_pages import read_product_page
from integrations.ai.base import (
    ImageReranker,
    MalformedOutput,
    ProviderError,
    ProviderRateLimited,
    ProviderRefused,
    ProviderUnavailable,
)
from integrations.ai.openai_ranker import OpenAIImageReranker
from integrations.fetcher import FetchedPage
from tests.fake_openai import FakeOpenAI, chat_completion, error_body

CHAT = "/v1/chat/completions"
TITLE = "Merino Crew Sweater"
URLS = [f"https://cdn.shop.example/files/sweater-{n}.jpg" for n in range(1, 5)]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeOpenAI) -> FakeOpenAI:
    server.reset()
    return server


@pytest.fixture
async def reranker(fake: FakeOpenAI) -> AsyncIterator[OpenAIImageReranker]:
    reranker = OpenAIImageReranker(api_key="sk-rank", base_url=fake.base_url, max_candidates=4)
    yield reranker
    await reranker.aclose()


def answer(urls: list[str]) -> dict[str, object]:
    return chat_completion(json.dumps({"ranked_urls": urls}))


async def test_reorders_and_sends_a_vision_request(fake: FakeOpenAI, reranker: OpenAIImageReranker) -> None:
    assert isinstance(reranker, ImageReranker)
    fake.reply(CHAT, answer([URLS[2], URLS[0], URLS[3], URLS[1]]))

    assert await reranker.rerank(TITLE, URLS) == [URLS[2], URLS[0], URLS[3], URLS[1]]

    (request,) = fake.requests_to(CHAT)
    assert request.headers["authorization"] == "Bearer sk-rank"
    body = request.json
    assert body["model"] == "gpt-4o-mini"
    user = body["messages"][-1]["content"]
    assert TITLE in user[0]["text"]
    images = [part["image_url"] for part in user if part["type"] == "image_url"]
    assert [image["url"] for image in images] == URLS  # sent in our current order
    assert {image["detail"] for image in images} == {"low"}
    schema = body["response_format"]["json_schema"]
    assert body["response_format"]["type"] == "json_schema" and schema["strict"] is True
    assert schema["schema"]["properties"]["ranked_urls"]["items"]["enum"] == URLS


async def test_unknown_and_repeated_urls_are_ignored_and_omitted_ones_appended(
    fake: FakeOpenAI, reranker: OpenAIImageReranker
) -> None:
    fake.reply(CHAT, answer([URLS[3], "https://evil.example/tracker.gif", URLS[3], URLS[1]]))
    assert await reranker.rerank(TITLE, URLS) == [URLS[3], URLS[1], URLS[0], URLS[2]]


async def test_only_the_top_candidates_are_sent(fake: FakeOpenAI) -> None:
    urls = [f"https://cdn.shop.example/p/{n}.jpg" for n in range(8)]
    reranker = OpenAIImageReranker(api_key="k", base_url=fake.base_url, max_candidates=3)
    fake.reply(CHAT, answer([urls[2], urls[1], urls[0]]))
    try:
        result = await reranker.rerank(TITLE, urls)
    finally:
        await reranker.aclose()
    assert result == [urls[2], urls[1], urls[0], *urls[3:]]
    parts = fake.requests_to(CHAT)[0].json["messages"][-1]["content"]
    assert sum(1 for p in parts if p["type"] == "image_url") == 3


async def test_result_is_always_a_permutation_of_the_input(fake: FakeOpenAI, reranker: OpenAIImageReranker) -> None:
    urls = [URLS[0], URLS[1], URLS[0], URLS[2]]
    fake.reply(CHAT, answer([URLS[2], URLS[0]]))
    result = await reranker.rerank(TITLE, urls)
    assert result[:3] == [URLS[2], URLS[0], URLS[1]]
    assert Counter(result) == Counter(urls)


async def test_fewer_than_two_candidates_need_no_call(fake: FakeOpenAI, reranker: OpenAIImageReranker) -> None:
    assert await reranker.rerank(TITLE, []) == []
    assert await reranker.rerank(TITLE, [URLS[0], URLS[0]]) == [URLS[0], URLS[0]]
    assert fake.requests == []


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (chat_completion(None, refusal="I can't assist with that."), ProviderRefused),
        (chat_completion("The best image is the first one."), MalformedOutput),
        (chat_completion(json.dumps({"order": [1, 2]})), MalformedOutput),
        (chat_completion('{"ranked_urls": ["https://cdn', finish_reason="length"), MalformedOutput),
    ],
)
async def test_bad_answers_raise_a_permanent_provider_error(
    fake: FakeOpenAI, reranker: OpenAIImageReranker, reply: dict[str, object], error: type[ProviderError]
) -> None:
    fake.reply(CHAT, reply)
    with pytest.raises(error) as caught:
        await reranker.rerank(TITLE, URLS)
    assert not caught.value.transient
    assert TITLE in caught.value.message


@pytest.mark.parametrize(
    ("status", "error"), [(429, ProviderRateLimited), (500, ProviderUnavailable), (503, ProviderUnavailable)]
)
async def test_a_failed_call_raises_at_once_without_retrying(
    fake: FakeOpenAI, reranker: OpenAIImageReranker, status: int, error: type[ProviderError]
) -> None:
    fake.reply(CHAT, error_body("Try again later", "server_error"), status=status)
    fake.reply(CHAT, answer(list(reversed(URLS))))
    with pytest.raises(error) as caught:
        await reranker.rerank(TITLE, URLS)
    assert caught.value.transient
    assert len(fake.requests_to(CHAT)) == 1


class OnePage:
    """A fetcher answering one product page whose gallery has four photos."""

    async def fetch_page(self, url: str) -> FetchedPage:
        gallery = "".join(f'<img src="{u}" alt="{TITLE}" width="1000" height="1000">' for u in URLS)
        html = (
            f"<html><head><title>{TITLE}</title></head><body><div class=product-gallery>{gallery}</div></body></html>"
        )
        return FetchedPage(url, 200, "text/html; charset=utf-8", html, {})


async def test_reading_a_page_keeps_the_local_ranking_when_the_ranker_fails(
    fake: FakeOpenAI, reranker: OpenAIImageReranker
) -> None:
    local = await read_product_page("https://shop.example/p/sweater", OnePage())
    assert len(local.images) == len(URLS)
    fake.reply(CHAT, error_body("Rate limit reached", "requests", "rate_limit_exceeded"), status=429)

    page = await read_product_page("https://shop.example/p/sweater", OnePage(), reranker=reranker)

    assert [image.url for image in page.images] == [image.url for image in local.images]
    assert len(fake.requests_to(CHAT)) == 1  # one try, then the un-ranked order: the scrape step goes on

    fake.reply(CHAT, answer([image.url for image in reversed(local.images)]))
    ranked = await read_product_page("https://shop.example/p/sweater", OnePage(), reranker=reranker)
    assert [image.url for image in ranked.images] == [image.url for image in reversed(local.images)]
