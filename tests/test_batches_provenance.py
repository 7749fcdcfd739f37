"""Provenance beyond batches: the one record shape (domain/provenance.py) and the CTA's generated backgrounds,
which now say how they were made (`CtaInfo.provenance`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from domain import provenance
from integrations.ai.base import ProductBrief
from integrations.ai.capabilities import Recipe
from integrations.ai.local import LocalCreativeProvider
from integrations.ai.openai_provider import OpenAICreativeProvider, background_prompt
from integrations.ai.recipes import background_recipe
from tests.shop import ProductSpec, Shop, running_shop
from tests.support import LiveServer
from tests.test_cta import JOB, create, wait_completed

BRIEF = ProductBrief(title="Speckled Ceramic Mug", brand="Kiln & Co")


def test_a_record_keeps_keys_and_the_api_shows_signed_urls_instead() -> None:
    record = provenance.record(
        Recipe(provider="openai", model="gpt-image-1", prompt="A mug on marble."),
        [
            provenance.InputImage("product", "variant", "v-1", key="content/ab/abc.png"),
            provenance.InputImage("product", "url", url="https://shop.example/mug.png"),
        ],
        {"schemaKey": "studio"},
        1.2345,
        at=datetime(2026, 5, 1, 12, 0, tzinfo=UTC),
    )
    assert record == {
        "inputImages": [
            {"role": "product", "source": "variant", "id": "v-1", "key": "content/ab/abc.png"},
            {"role": "product", "source": "url", "url": "https://shop.example/mug.png"},
        ],
        "prompt": "A mug on marble.",
        "provider": "openai",
        "model": "gpt-image-1",
        "settings": {"schemaKey": "studio"},
        "durationMs": 1234,
        "createdAt": "2026-05-01T12:00:00+00:00",
    }
    shown = provenance.for_api(record, lambda key: f"/media/{key}?signed")
    assert shown is not None and shown["inputImages"] == [
        {"role": "product", "source": "variant", "id": "v-1", "url": "/media/content/ab/abc.png?signed"},
        {"role": "product", "source": "url", "url": "https://shop.example/mug.png"},
    ]
    assert record["inputImages"][0]["key"] == "content/ab/abc.png"  # the stored record is left as it was
    assert provenance.for_api(None, str) is None
    with provenance.timed() as watch:
        pass
    assert watch.seconds >= 0


def test_each_painter_says_how_it_paints() -> None:
    openai = OpenAICreativeProvider(api_key="sk-x", base_url="http://127.0.0.1:9/v1", image_model="gpt-image-1")
    assert background_recipe(openai, BRIEF, 3) == Recipe("openai", "gpt-image-1", background_prompt(BRIEF, 3))
    assert background_recipe(LocalCreativeProvider(), BRIEF, 0) == Recipe("local", "pillow-background-1", None)

    class Painter:
        name = "custom"

    assert background_recipe(Painter(), BRIEF, 0) == Recipe("custom", None, None)


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(mug=ProductSpec("Speckled Ceramic Mug", images=3, price="18.50", currency="EUR")) as shop:
        yield shop


async def test_a_cta_background_says_how_it_was_made(server: LiveServer, shop: Shop) -> None:
    client = server.client()
    job = await create(client, [{"url": shop.url("/p/mug"), "variants": 2}])
    await wait_completed(server, job["id"])
    query = JOB.replace("suggestion errorMessage", "suggestion errorMessage provenance")
    infos = sorted((await client.data(query, {"id": job["id"]}))["ctaJob"]["ctaInfos"], key=lambda i: i["variantIndex"])
    for index, info in enumerate(infos):
        made = info["provenance"]
        assert (made["provider"], made["model"], made["prompt"]) == ("local", "pillow-background-1", None)
        assert made["inputImages"] == [{"role": "product", "source": "url", "url": info["productBackgroundUrl"]}]
        assert made["settings"] == {"variantIndex": index} and made["durationMs"] >= 0
        assert "provenance" not in info["suggestion"]

    edit = "mutation($id: ID!, $s: JSON!) { updateCtaSuggestion(id: $id, suggestion: $s) { provenance } }"
    refused = await client.execute(edit, {"id": infos[0]["id"], "s": {"provenance": {"provider": "me"}}})
    assert refused["errors"][0]["extensions"]["field"] == "suggestion.provenance"
    kept = await client.data(edit, {"id": infos[0]["id"], "s": {"headline": "Hot coffee, cold mornings"}})
    assert kept["updateCtaSuggestion"]["provenance"] == infos[0]["provenance"]
