"""Tests for the OpenAI vision re-ranker, against a fake OpenAI server on loopback."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import pytest

from integrations.ai.base import ImageReranker, MalformedOutput, ProviderError, ProviderRefused, ProviderUnavailable
from integrations.ai.openai_ranker import OpenAIImageReranker
from tests.fake_openai import FakeOpenAI, chat_completion, error_body

CHAT = "/v1/chat/completions"
TITLE = "Merino Crew Sweater"
URLS = [f"https://cdn.shop.example/files/sweater-{n}.jpg" for n in range(1, 5)]


class RecordingSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


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
    reranker = OpenAIImageReranker(
        api_key="sk-rank", base_url=fake.base_url, max_candidates=4, backoff=lambda _: 0.0, sleep=RecordingSleep()
    )
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
    reranker = OpenAIImageReranker(api_key="k", base_url=fake.base_url, max_candidates=3, sleep=RecordingSleep())
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


async def test_rate_limit_is_retried_then_succeeds(fake: FakeOpenAI, reranker: OpenAIImageReranker) -> None:
    fake.reply(CHAT, error_body("Rate limit reached", "requests", "rate_limit_exceeded"), status=429)
    fake.reply(CHAT, answer(list(reversed(URLS))))
    assert await reranker.rerank(TITLE, URLS) == list(reversed(URLS))
    assert len(fake.requests_to(CHAT)) == 2


async def test_failure_raises_so_the_caller_can_keep_its_ranking(
    fake: FakeOpenAI, reranker: OpenAIImageReranker
) -> None:
    for _ in range(3):
        fake.reply(CHAT, error_body("The server had an error.", "server_error"), status=500)
    try:
        ranked = await reranker.rerank(TITLE, URLS)
    except ProviderError as exc:
        assert isinstance(exc, ProviderUnavailable) and exc.transient
        ranked = URLS  # the caller's fallback: its own ranking
    else:
        pytest.fail("a failing ranker must raise ProviderError")
    assert ranked == URLS
    assert len(fake.requests_to(CHAT)) == 3  # the first call and two retries
