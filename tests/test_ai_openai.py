"""Tests for the OpenAI creative provider and the factory, against a fake OpenAI server on loopback.

No OpenAI integration retries in place: every failure comes back from the one call that met it, transient or
permanent, and the task kernel alone retries (test_previews_openai.py checks its schedule end to end)."""

from __future__ import annotations

import base64
import io
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openai import AsyncOpenAI
from PIL import Image

from integrations.ai.base import (
    CreativeProvider,
    MalformedOutput,
    ProductBrief,
    ProviderError,
    ProviderRateLimited,
    ProviderRefused,
    ProviderUnavailable,
)
from integrations.ai.capabilities import GenerationRequest, PrintArea
from integrations.ai.factory import (
    make_compositor,
    make_creative_provider,
    make_image_generator,
    make_image_reranker,
    make_listing_writer,
)
from integrations.ai.local import LocalCreativeProvider
from integrations.ai.openai_provider import OpenAICreativeProvider
from integrations.ai.openai_ranker import OpenAIImageReranker
from settings import Settings
from tests.conftest import make_settings
from tests.fake_openai import FakeOpenAI, chat_completion, error_body, images_response, png_bytes

CHAT = "/v1/chat/completions"
EDITS = "/v1/images/edits"
API_KEY = "sk-test-4f9a"
BRIEF = ProductBrief(
    title="Merino Crew Sweater",
    description="Soft, warm and breathable. Knitted from 100% merino wool.",
    brand="Northfold",
    price=Decimal("89.00"),
    currency="EUR",
    url="https://shop.example/products/merino-crew",
)
COPY = {
    "headline": "Warmth without the weight",
    "subheadline": "Northfold merino that breathes all day",
    "callToAction": "Shop the sweater",
    "description": "Soft, breathable merino wool knitted into a crew neck you will reach for every morning.",
}


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
async def provider(fake: FakeOpenAI) -> AsyncIterator[OpenAICreativeProvider]:
    provider = OpenAICreativeProvider(api_key=API_KEY, base_url=fake.base_url)
    yield provider
    await provider.aclose()


def jpeg(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def rate_limited(headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "body": error_body(
            "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
            "requests",
            "rate_limit_exceeded",
        ),
        "status": 429,
        "headers": headers or {},
    }


# --- copy ----------------------------------------------------------------------------------------------


async def test_copy_request_and_parsed_suggestion(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    fake.reply(CHAT, chat_completion(json.dumps(COPY)))

    suggestion = await provider.generate_copy(BRIEF, 0)

    assert suggestion.to_json() == COPY
    (request,) = fake.requests_to(CHAT)
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    body = request.json
    assert body["model"] == "gpt-4o-mini"
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert set(schema["required"]) == {"headline", "subheadline", "callToAction", "description"}
    assert set(schema["properties"]) == set(schema["required"])
    assert schema["additionalProperties"] is False
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    user = body["messages"][1]["content"]
    for fact in (BRIEF.title, "Northfold", "89.00 EUR", "merino wool"):
        assert fact in user


async def test_each_variant_asks_for_a_different_angle(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    fake.reply(CHAT, chat_completion(json.dumps(COPY)))
    fake.reply(CHAT, chat_completion(json.dumps(COPY)))
    await provider.generate_copy(BRIEF, 0)
    await provider.generate_copy(BRIEF, 1)
    first, second = (r.json["messages"][1]["content"] for r in fake.requests_to(CHAT))
    assert first != second
    assert "variant 1" in first and "variant 2" in second


async def test_missing_facts_are_left_out_of_the_prompt(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    fake.reply(CHAT, chat_completion(json.dumps(COPY)))
    await provider.generate_copy(ProductBrief(title="Canvas Tote"), 0)
    user = fake.requests_to(CHAT)[0].json["messages"][1]["content"]
    assert "Canvas Tote" in user
    assert "None" not in user and "brand" not in user and "price" not in user.split("\n\n")[0]


async def test_refusal_is_a_permanent_failure(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    fake.reply(CHAT, chat_completion(None, refusal="I'm sorry, I can't help with that request."))

    with pytest.raises(ProviderRefused) as caught:
        await provider.generate_copy(BRIEF, 0)

    assert not caught.value.transient
    assert "can't help with that request" in caught.value.message
    assert BRIEF.title in caught.value.message
    assert len(fake.requests_to(CHAT)) == 1  # a refusal is not retried


async def test_content_filter_is_a_refusal(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    fake.reply(CHAT, chat_completion(None, finish_reason="content_filter"))
    with pytest.raises(ProviderRefused):
        await provider.generate_copy(BRIEF, 0)


@pytest.mark.parametrize(
    ("content", "finish_reason", "expected"),
    [
        ("Here is your copy: Warmth without the weight!", "stop", "not valid JSON"),
        (json.dumps({k: v for k, v in COPY.items() if k != "callToAction"}), "stop", "callToAction"),
        (json.dumps({**COPY, "headline": "   "}), "stop", "headline"),
        (json.dumps({**COPY, "description": 42}), "stop", "description"),
        (json.dumps([COPY]), "stop", "not a JSON object"),
        ('{"headline": "Warmth without the wei', "length", "cut off"),
        ("", "stop", "empty"),
    ],
)
async def test_malformed_output_is_a_permanent_failure(
    fake: FakeOpenAI, provider: OpenAICreativeProvider, content: str, finish_reason: str, expected: str
) -> None:
    fake.reply(CHAT, chat_completion(content, finish_reason=finish_reason))

    with pytest.raises(MalformedOutput) as caught:
        await provider.generate_copy(BRIEF, 0)

    assert not caught.value.transient
    assert expected in caught.value.message
    assert len(fake.requests_to(CHAT)) == 1


async def test_rate_limit_is_handed_back_at_once_as_transient(
    fake: FakeOpenAI, provider: OpenAICreativeProvider
) -> None:
    fake.reply(CHAT, **rate_limited({"retry-after-ms": "7"}))
    fake.reply(CHAT, chat_completion(json.dumps(COPY)))

    with pytest.raises(ProviderRateLimited) as caught:
        await provider.generate_copy(BRIEF, 0)

    assert caught.value.transient
    assert "HTTP 429" in caught.value.message and BRIEF.title in caught.value.message
    assert len(fake.requests_to(CHAT)) == 1  # not retried in place, whatever Retry-After says
    # The next run of the step (the task kernel's retry) is a fresh call that gets the answer.
    assert (await provider.generate_copy(BRIEF, 0)).headline == COPY["headline"]
    assert len(fake.requests_to(CHAT)) == 2


async def test_exhausted_quota_is_permanent(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    body = error_body("You exceeded your current quota.", "insufficient_quota", "insufficient_quota")
    fake.reply(CHAT, body, status=429)
    with pytest.raises(ProviderError) as caught:
        await provider.generate_copy(BRIEF, 0)
    assert type(caught.value) is ProviderError
    assert not caught.value.transient
    assert "quota" in caught.value.message
    assert len(fake.requests_to(CHAT)) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 408, 409])
async def test_server_errors_are_transient_after_one_request(
    fake: FakeOpenAI, provider: OpenAICreativeProvider, status: int
) -> None:
    fake.reply(CHAT, error_body("The engine is currently overloaded.", "server_error"), status=status)
    with pytest.raises(ProviderUnavailable) as caught:
        await provider.generate_copy(BRIEF, 0)
    assert caught.value.transient
    assert f"HTTP {status}" in caught.value.message
    assert len(fake.requests_to(CHAT)) == 1


async def test_bad_api_key_is_permanent(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    fake.reply(CHAT, error_body("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"), status=401)
    with pytest.raises(ProviderError, match="API key was rejected") as caught:
        await provider.generate_copy(BRIEF, 0)
    assert not caught.value.transient
    assert len(fake.requests_to(CHAT)) == 1


async def test_unreachable_server_is_transient() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = OpenAICreativeProvider(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}/v1")
    try:
        with pytest.raises(ProviderUnavailable, match="could not reach") as caught:
            await provider.generate_copy(BRIEF, 0)
    finally:
        await provider.aclose()
    assert caught.value.transient


async def test_timeout_is_transient_after_one_request(fake: FakeOpenAI) -> None:
    fake.reply(CHAT, chat_completion(json.dumps(COPY)), delay=1.0)
    provider = OpenAICreativeProvider(api_key=API_KEY, base_url=fake.base_url, copy_timeout=0.2)
    try:
        with pytest.raises(ProviderUnavailable, match="timed out") as caught:
            await provider.generate_copy(BRIEF, 0)
    finally:
        await provider.aclose()
    assert caught.value.transient
    assert len(fake.requests_to(CHAT)) == 1


async def test_a_client_handed_in_is_used_without_its_retries_and_left_open(fake: FakeOpenAI) -> None:
    client = AsyncOpenAI(api_key="sk-shared", base_url=fake.base_url)  # the SDK's default: 2 retries
    assert client.max_retries > 0
    provider = OpenAICreativeProvider(api_key="unused", client=client)
    fake.reply(CHAT, error_body("The server had an error.", "server_error"), status=500)
    fake.reply(CHAT, chat_completion(json.dumps(COPY)))
    try:
        with pytest.raises(ProviderUnavailable):
            await provider.generate_copy(BRIEF, 0)
        assert len(fake.requests_to(CHAT)) == 1  # the SDK's retries are off on the copy we use
        await provider.aclose()
        assert not client.is_closed()
    finally:
        await client.close()
    assert fake.requests_to(CHAT)[0].headers["authorization"] == "Bearer sk-shared"


async def test_no_openai_integration_retries_in_place(tmp_path: Path, fake: FakeOpenAI) -> None:
    """Every OpenAI integration the factory builds makes one request for one call, even on a 429 or a 5xx."""
    settings = make_settings(
        tmp_path, openai_api_key=API_KEY, openai_base_url=fake.base_url, ai_provider="openai", ai_ranker=True
    )
    photo = png_bytes((64, 64), (200, 30, 30))
    provider, reranker = make_creative_provider(settings), make_image_reranker(settings)
    compositor, generator, writer = (
        make_compositor(settings),
        make_image_generator(settings),
        make_listing_writer(settings),
    )
    assert reranker is not None
    calls = {
        "copy": (CHAT, lambda: provider.generate_copy(BRIEF, 0)),
        "background": (EDITS, lambda: provider.generate_background(BRIEF, photo, 0)),
        "ranking": (CHAT, lambda: reranker.rerank(BRIEF.title, ["https://a.example/1.jpg", "https://a.example/2.jpg"])),
        "preview": (EDITS, lambda: compositor.composite(photo, photo, PrintArea(0.2, 0.2, 0.5, 0.5))),
        "images": (
            EDITS,
            lambda: generator.generate_images(
                GenerationRequest(product_images=[photo], workflow="studio", count=1, aspect_ratio="1:1", prompt="x")
            ),
        ),
        "listing": (CHAT, lambda: writer.write_listing(BRIEF)),
    }
    try:
        for what, (path, call) in calls.items():
            for status, error in ((429, ProviderRateLimited), (503, ProviderUnavailable)):
                fake.reset()
                fake.reply(
                    path,
                    **(
                        rate_limited()
                        if status == 429
                        else {"body": error_body("down", "server_error"), "status": status}
                    ),
                )
                with pytest.raises(error) as caught:
                    await call()
                assert caught.value.transient, what
                assert len(fake.requests) == 1, (what, status)
    finally:
        for built in (provider, reranker, compositor, generator, writer):
            aclose: Callable[[], Awaitable[None]] = getattr(built, "aclose")  # noqa: B009 - not on the protocols
            await aclose()


# --- background ----------------------------------------------------------------------------------------


async def test_background_request_and_normalised_png(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    # The model answers in a landscape size: we must still hand back a 1024 x 1024 PNG.
    fake.reply(EDITS, images_response(png_bytes((1536, 1024), (12, 120, 200))))

    png = await provider.generate_background(BRIEF, jpeg((2000, 1500), (200, 30, 30)), 2)

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1024, 1024)
    assert image.convert("RGB").getpixel((512, 512)) == (12, 120, 200)

    (request,) = fake.requests_to(EDITS)
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert request.form["model"] == ["gpt-image-1"]
    assert request.form["size"] == ["1024x1024"]
    assert "response_format" not in request.form  # GPT image models reject it and always send b64_json
    (prompt,) = request.form["prompt"]
    assert "Northfold Merino Crew Sweater" in prompt
    assert "outdoor setting" in prompt  # variant 2's scene
    ((filename, content_type, uploaded),) = request.files["image"]
    assert (filename, content_type) == ("product.png", "image/png")
    upload = Image.open(io.BytesIO(uploaded))
    assert upload.format == "PNG"
    assert upload.size == (1024, 768)  # scaled down from 2000 x 1500, aspect kept
    corner = upload.convert("RGB").getpixel((10, 10))
    assert isinstance(corner, tuple) and corner[0] > 150  # the product photo's red, not something else


async def test_variants_get_different_scenes(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    for _ in range(2):
        fake.reply(EDITS, images_response(png_bytes((1024, 1024), (1, 2, 3))))
    photo = jpeg((400, 400), (10, 200, 10))
    await provider.generate_background(BRIEF, photo, 0)
    await provider.generate_background(BRIEF, photo, 1)
    first, second = (r.form["prompt"][0] for r in fake.requests_to(EDITS))
    assert first != second


async def test_dall_e_is_asked_for_base64(fake: FakeOpenAI) -> None:
    fake.reply(EDITS, images_response(png_bytes((512, 512), (1, 2, 3))))
    provider = OpenAICreativeProvider(api_key=API_KEY, base_url=fake.base_url, image_model="dall-e-2")
    try:
        png = await provider.generate_background(BRIEF, jpeg((300, 300), (0, 0, 0)), 0)
    finally:
        await provider.aclose()
    assert Image.open(io.BytesIO(png)).size == (1024, 1024)
    assert fake.requests_to(EDITS)[0].form["response_format"] == ["b64_json"]


async def test_image_moderation_block_is_a_refusal(fake: FakeOpenAI, provider: OpenAICreativeProvider) -> None:
    body = error_body(
        "Your request was rejected as a result of our safety system.",
        "image_generation_user_error",
        "moderation_blocked",
    )
    fake.reply(EDITS, body, status=400)
    with pytest.raises(ProviderRefused) as caught:
        await provider.generate_background(BRIEF, jpeg((300, 300), (0, 0, 0)), 0)
    assert not caught.value.transient
    assert "safety system" in caught.value.message
    assert len(fake.requests_to(EDITS)) == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([{"b64_json": "this is not base64!"}], "not valid base64"),
        ([{"b64_json": base64.b64encode(b"<html>oops</html>").decode()}], "could not be decoded"),
        ([{"url": "https://cdn.example/image.png"}], "no image data"),
        ([], "no image data"),
    ],
)
async def test_malformed_image_output_is_permanent(
    fake: FakeOpenAI, provider: OpenAICreativeProvider, data: list[dict[str, str]], expected: str
) -> None:
    fake.reply(EDITS, {**images_response(b""), "data": data})
    with pytest.raises(MalformedOutput) as caught:
        await provider.generate_background(BRIEF, jpeg((300, 300), (0, 0, 0)), 0)
    assert not caught.value.transient
    assert expected in caught.value.message


async def test_image_rate_limit_is_transient_and_the_next_call_succeeds(
    fake: FakeOpenAI, provider: OpenAICreativeProvider
) -> None:
    fake.reply(EDITS, **rate_limited())
    fake.reply(EDITS, images_response(png_bytes((1024, 1024), (9, 9, 9))))
    with pytest.raises(ProviderRateLimited):
        await provider.generate_background(BRIEF, jpeg((300, 300), (0, 0, 0)), 0)
    assert len(fake.requests_to(EDITS)) == 1
    png = await provider.generate_background(BRIEF, jpeg((300, 300), (0, 0, 0)), 0)
    assert Image.open(io.BytesIO(png)).size == (1024, 1024)
    assert len(fake.requests_to(EDITS)) == 2


async def test_undecodable_product_image_fails_before_any_request(
    fake: FakeOpenAI, provider: OpenAICreativeProvider
) -> None:
    with pytest.raises(ProviderError, match="product image") as caught:
        await provider.generate_background(BRIEF, b"GIF89a-truncated", 0)
    assert not caught.value.transient
    assert fake.requests == []


# --- factory -------------------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "VITRINE_AI_PROVIDER", "VITRINE_AI_RANKER"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_factory_defaults_to_local(clean_env: pytest.MonkeyPatch) -> None:
    settings = Settings()
    provider = make_creative_provider(settings)
    assert isinstance(provider, LocalCreativeProvider)
    assert isinstance(provider, CreativeProvider)
    assert make_image_reranker(settings) is None
    assert make_image_reranker(Settings(ai_ranker=True)) is None  # the ranker needs the openai provider


async def test_factory_builds_openai_and_honours_openai_base_url(
    clean_env: pytest.MonkeyPatch, fake: FakeOpenAI
) -> None:
    clean_env.setenv("OPENAI_API_KEY", API_KEY)
    clean_env.setenv("OPENAI_BASE_URL", fake.base_url)
    settings = Settings()
    provider = make_creative_provider(settings)
    assert isinstance(provider, OpenAICreativeProvider)
    assert provider.name == "openai"
    assert make_image_reranker(settings) is None  # off by default

    fake.reply(CHAT, chat_completion(json.dumps(COPY)))
    try:
        assert (await provider.generate_copy(BRIEF, 0)).headline == COPY["headline"]
    finally:
        await provider.aclose()
    assert fake.requests_to(CHAT)[0].headers["authorization"] == f"Bearer {API_KEY}"

    clean_env.setenv("VITRINE_AI_RANKER", "true")
    reranker = make_image_reranker(Settings())
    assert isinstance(reranker, OpenAIImageReranker)
    await reranker.aclose()
