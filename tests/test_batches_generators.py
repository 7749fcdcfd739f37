"""The ImageGenerator capability: the local Pillow compositions (sizes, variations, references, bad input) and
the OpenAI images edit call (checked on a fake server: model, prompt, n, size, the images sent), up to a whole
batch made through OPENAI_BASE_URL with its provenance naming exactly what was sent."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from integrations.ai.base import MalformedOutput, ProviderError, ProviderUnavailable
from integrations.ai.capabilities import GenerationRequest, ImageGenerator
from integrations.ai.factory import make_image_generator
from integrations.ai.local_generator import LocalImageGenerator
from integrations.ai.openai_generator import OUTPUT_SIZES, OpenAIImageGenerator
from tests.batch_support import catalog_variants, create_batch, folders, follow_batch, upload
from tests.conftest import make_settings
from tests.fake_openai import FakeOpenAI, error_body, png_bytes
from tests.shop import ProductSpec, Shop, _png, running_shop
from tests.support import serve_app

EDITS = "/v1/images/edits"


def request(**overrides: Any) -> GenerationRequest:
    values: dict[str, Any] = {
        "product_images": [_png(0), _png(1)],
        "workflow": "studio",
        "count": 2,
        "aspect_ratio": "1:1",
        "prompt": "Create a studio photo.",
    }
    values.update(overrides)
    return GenerationRequest(**values)


def size_of(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.size


@pytest.mark.parametrize(
    ("workflow", "ratio"),
    [("studio", "1:1"), ("lifestyle", "4:5"), ("ad", "3:4"), ("studio", "16:9"), ("lifestyle", "9:16"), ("ad", "1:1")],
)
async def test_local_images_have_the_asked_shape_and_differ_by_variation(workflow: str, ratio: str) -> None:
    generator = LocalImageGenerator()
    images = await generator.generate_images(request(workflow=workflow, aspect_ratio=ratio, count=3))
    width, height = (int(n) for n in ratio.split(":"))
    assert len(images) == 3 and len(set(images)) == 3
    for image in images:
        w, h = size_of(image)
        assert w * height == h * width and max(w, h) <= 1024
    again = await generator.generate_images(request(workflow=workflow, aspect_ratio=ratio, count=3))
    assert again == images  # deterministic: a retried job makes the same pictures


async def test_local_references_change_the_scene_and_bad_images_are_refused_for_good() -> None:
    generator = LocalImageGenerator()
    plain = await generator.generate_images(request(workflow="lifestyle", count=1))
    for role in ("moodboard", "model_image", "background_image"):
        shaped = await generator.generate_images(
            request(workflow="lifestyle", count=1, references={role: png_bytes((300, 400), (20, 200, 120))})
        )
        assert shaped != plain, role
    progress: list[int] = []

    async def report(value: int) -> None:
        progress.append(value)

    await generator.generate_images(request(count=4), report)
    assert progress == [25, 50, 75, 100]
    with pytest.raises(ProviderError) as refused:
        await generator.generate_images(request(product_images=[_png(0), b"not an image"]))
    assert not refused.value.transient and "product image 2" in refused.value.message


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_server: FakeOpenAI) -> FakeOpenAI:
    fake_server.reset()
    return fake_server


def edit_reply(*colours: tuple[int, int, int], size: tuple[int, int] = (1024, 1536)) -> dict[str, Any]:
    return {
        "created": 1713833628,
        "data": [{"b64_json": base64.b64encode(png_bytes(size, colour)).decode()} for colour in colours],
    }


async def test_openai_sends_the_images_the_prompt_n_and_size_and_crops_to_the_ratio(fake: FakeOpenAI) -> None:
    fake.reply(EDITS, edit_reply((200, 10, 10), (10, 200, 10)))
    generator = OpenAIImageGenerator(api_key="sk-test-1", base_url=fake.base_url)
    moodboard = png_bytes((64, 64), (1, 2, 3))
    made = await generator.generate_images(
        request(
            aspect_ratio="4:5", prompt="Create an ad.\nImage 3 is the moodboard.", references={"moodboard": moodboard}
        )
    )
    await generator.aclose()
    assert [size_of(image) for image in made] == [OUTPUT_SIZES["4:5"]] * 2 == [(1024, 1280)] * 2
    assert Image.open(io.BytesIO(made[1])).getpixel((10, 10)) == (10, 200, 10)
    [sent] = fake.requests_to(EDITS)
    assert sent.headers["authorization"] == "Bearer sk-test-1"
    assert sent.form["model"] == ["gpt-image-1"] and sent.form["n"] == ["2"] and sent.form["size"] == ["1024x1536"]
    assert sent.form["prompt"] == ["Create an ad.\nImage 3 is the moodboard."]
    files = [entry for entries in sent.files.values() for entry in entries]
    assert [name for name, _, _ in files] == ["product-1.png", "product-2.png", "moodboard.png"]
    assert all(kind == "image/png" and Image.open(io.BytesIO(data)).format == "PNG" for _, kind, data in files)


@pytest.mark.parametrize(("ratio", "size"), [("1:1", "1024x1024"), ("16:9", "1536x1024"), ("9:16", "1024x1536")])
async def test_openai_asks_the_size_of_the_ratios_orientation(fake: FakeOpenAI, ratio: str, size: str) -> None:
    fake.reply(EDITS, edit_reply((9, 9, 9), size=tuple(int(n) for n in size.split("x"))))  # type: ignore[arg-type]
    generator = OpenAIImageGenerator(api_key="sk-test-1", base_url=fake.base_url)
    [image] = await generator.generate_images(request(aspect_ratio=ratio, count=1))
    await generator.aclose()
    assert fake.requests_to(EDITS)[0].form["size"] == [size] and size_of(image) == OUTPUT_SIZES[ratio]


async def test_openai_failures_are_transient_or_not(fake: FakeOpenAI) -> None:
    generator = OpenAIImageGenerator(api_key="sk-test-1", base_url=fake.base_url)
    fake.reply(EDITS, error_body("The server had an error", "server_error"), status=503)
    with pytest.raises(ProviderUnavailable) as unavailable:
        await generator.generate_images(request())
    assert unavailable.value.transient
    fake.reply(EDITS, edit_reply((1, 1, 1)))  # one image where two were asked
    with pytest.raises(MalformedOutput) as short:
        await generator.generate_images(request(count=2))
    assert not short.value.transient and "1 images (expected 2" in short.value.message
    fake.reply(EDITS, error_body("Your request was rejected", "invalid_request_error", "moderation_blocked"), 400)
    with pytest.raises(ProviderError) as refused:
        await generator.generate_images(request())
    assert not refused.value.transient
    await generator.aclose()


def test_the_factory_builds_the_configured_generator(tmp_path: Path) -> None:
    local = make_image_generator(make_settings(tmp_path))
    remote = make_image_generator(make_settings(tmp_path, openai_api_key="sk-x", ai_provider="openai"))
    assert isinstance(local, LocalImageGenerator) and isinstance(remote, OpenAIImageGenerator)
    assert isinstance(local, ImageGenerator) and isinstance(remote, ImageGenerator)
    assert (local.name, remote.name, remote.model) == ("local", "openai", "gpt-image-1")


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop(tee=ProductSpec("Heavyweight Tee", images=5)) as shop:
        yield shop


async def test_a_batch_through_the_openai_provider_records_what_it_sent(
    tmp_path: Path, shop: Shop, fake: FakeOpenAI
) -> None:
    settings = make_settings(tmp_path, openai_api_key="sk-test-9", openai_base_url=fake.base_url, ai_provider="openai")
    fake.reply(EDITS, edit_reply((30, 60, 90), (90, 60, 30)))
    async with serve_app(settings) as live:
        client = live.client()
        variant = (await catalog_variants(client, shop, 1))[0]
        mood = await upload((5, 150, 200))
        batch = await create_batch(
            client,
            [{"variantId": variant["id"], "productImageUrls": [variant["imageUrl"]]}],
            schemaKey="ad",
            input={"aspect_ratio": "4:5", "purpose": "Instagram story", "moodboard": mood["url"]},
        )
        assert (await follow_batch(live, batch["id"]))[-1]["doneJobs"] == 1
        shared = (await folders(client, batchId=batch["id"]))[0]
    [sent] = fake.requests_to(EDITS)
    files = [name for entries in sent.files.values() for name, _, _ in entries]
    assert files == ["product-1.png", "moodboard.png"] and sent.form["n"] == ["2"]
    made = [item["image"] for item in shared["items"]]
    assert sorted((m["width"], m["height"]) for m in made) == [(1024, 1280)] * 2
    record = made[0]["provenance"]
    assert (record["provider"], record["model"]) == ("openai", "gpt-image-1")
    assert [record["prompt"]] == sent.form["prompt"]
    assert "Image 2 is the moodboard" in record["prompt"] and "Instagram story" in record["prompt"]
    assert [(i["role"], i["source"], i["id"]) for i in record["inputImages"]] == [
        ("product", "variant", variant["id"]),
        ("moodboard", "upload", mood["id"]),
    ]
    assert record["settings"]["input"] == {"aspect_ratio": "4:5", "purpose": "Instagram story"}
