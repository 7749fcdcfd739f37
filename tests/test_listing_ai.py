"""Listing copy: the local templates, and the OpenAI writer against the fake server (requests checked)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from integrations.ai.base import MalformedOutput, ProductBrief, ProviderRefused, ProviderUnavailable
from integrations.ai.factory import make_listing_writer
from integrations.ai.listing_copy import LocalListingWriter
from integrations.ai.openai_listing import OpenAIListingWriter
from tests.conftest import make_settings
from tests.fake_openai import FakeOpenAI, chat_completion, error_body

BRIEF = ProductBrief(
    title="Organic Cotton Tote | Acme Store",
    description="<p>Heavy canvas with long handles.</p> Holds a laptop and lunch. Washable at 30 degrees. "
    "Made in Portugal.",
    brand="Acme",
    price=Decimal("24.90"),
    currency="EUR",
)
COMPLETIONS = "/v1/chat/completions"


async def test_local_copy_is_made_of_the_products_own_facts() -> None:
    copy = await LocalListingWriter().write_listing(BRIEF)
    assert copy == await LocalListingWriter().write_listing(BRIEF)  # deterministic
    assert copy.title == "Acme Organic Cotton Tote"
    assert copy.description == "Heavy canvas with long handles. Holds a laptop and lunch."
    assert copy.bullet_points == ("By Acme", "Yours for €24.90", "Washable at 30 degrees", "Made in Portugal")
    bare = await LocalListingWriter().write_listing(ProductBrief(title="Mug"))
    assert bare.title == "Mug" and "Mug" in bare.description and len(bare.bullet_points) == 3


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server: FakeOpenAI) -> FakeOpenAI:
    server.reset()
    return server


async def test_openai_listing_copy_uses_a_strict_schema(fake: FakeOpenAI) -> None:
    answer = {
        "title": " Acme Organic Cotton Tote ",
        "description": "A sturdy canvas tote.",
        "bulletPoints": ["Long handles", " ", "Fits a laptop", "Washable", "Portuguese made", "Organic", "Extra"],
    }
    fake.reply(COMPLETIONS, chat_completion(json.dumps(answer)))
    writer = OpenAIListingWriter(api_key="sk-test", base_url=fake.base_url)
    try:
        copy = await writer.write_listing(BRIEF)
    finally:
        await writer.aclose()
    assert copy.title == "Acme Organic Cotton Tote" and copy.description == "A sturdy canvas tote."
    assert copy.bullet_points == ("Long handles", "Fits a laptop", "Washable", "Portuguese made", "Organic")
    (request,) = fake.requests_to(COMPLETIONS)
    assert request.json["response_format"]["type"] == "json_schema"
    assert request.json["response_format"]["json_schema"]["name"] == "listing_copy"
    assert request.json["response_format"]["json_schema"]["strict"] is True
    prompt = request.json["messages"][1]["content"]
    assert "Organic Cotton Tote" in prompt and "24.90 EUR" in prompt and "Acme" in prompt


@pytest.mark.parametrize(
    ("reply", "status", "error"),
    [
        (chat_completion(None, refusal="I can't help with that."), 200, ProviderRefused),
        (chat_completion(json.dumps({"title": "T", "description": "D"})), 200, MalformedOutput),
        (chat_completion(json.dumps({"title": "T", "description": "D", "bulletPoints": []})), 200, MalformedOutput),
        (chat_completion("not json"), 200, MalformedOutput),
        (error_body("The server had an error", "server_error"), 503, ProviderUnavailable),
    ],
)
async def test_openai_listing_failures_say_what_went_wrong(
    fake: FakeOpenAI, reply: dict[str, object], status: int, error: type[Exception]
) -> None:
    fake.reply(COMPLETIONS, reply, status=status)
    writer = OpenAIListingWriter(api_key="sk-test", base_url=fake.base_url)
    try:
        with pytest.raises(error) as caught:
            await writer.write_listing(BRIEF)
    finally:
        await writer.aclose()
    assert caught.value.transient is (error is ProviderUnavailable)  # type: ignore[attr-defined]


def test_the_configured_provider_writes_the_listing(tmp_path: Path) -> None:
    assert isinstance(make_listing_writer(make_settings(tmp_path)), LocalListingWriter)
    openai = make_settings(tmp_path, openai_api_key="sk-test", ai_provider="openai")
    assert isinstance(make_listing_writer(openai), OpenAIListingWriter)
