"""The OpenAI compositor against a fake OpenAI-compatible server: what it sends, that it never retries in place, and
the preview task's own retry schedule (5, 10, 20 s, waited times VITRINE_RETRY_DELAY_SCALE) seen from the server's
side through OPENAI_BASE_URL."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from itertools import pairwise
from pathlib import Path

import pytest
import pytest_asyncio
from PIL import Image

from domain.ports import ports
from domain.previews.rendering import retry_schedule
from integrations.ai.base import ProviderError, ProviderRateLimited, ProviderRefused, ProviderUnavailable
from integrations.ai.capabilities import PrintArea
from integrations.ai.factory import make_compositor
from integrations.ai.local_compositor import LocalCompositor
from integrations.ai.openai_compositor import OpenAICompositor, composite_prompt, output_size
from settings import Settings
from tests.conftest import make_settings
from tests.fake_openai import error_body, images_response, png_bytes
from tests.preview_support import EDITS, REQUEST, TimedFakeOpenAI, make_catalog, wait_final
from tests.shop import Shop, running_shop
from tests.support import serve_app

API_KEY = "sk-test-previews"
AREA = PrintArea(0.25, 0.3, 0.5, 0.4)
# The server waits each declared retry delay times this: 5/10/20 s become 1/2/4 s.
SCALE = 0.2
# A retry's call may reach the server this late (never early): the attempt's own work before its call (claim, images
# read and prepared) on a loaded machine.
LATE = 1.0
# That work takes about as long in every attempt, so one gap minus the one before is the declared difference
# (5 s, then 10 s) times the scale, give or take this: half the smallest such difference (1 s), so a gap cannot be
# mistaken for its neighbour.
JITTER = 0.5


@pytest.fixture(scope="module")
def fake_server() -> Iterator[TimedFakeOpenAI]:
    fake = TimedFakeOpenAI()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_server: TimedFakeOpenAI) -> TimedFakeOpenAI:
    fake_server.reset()
    fake_server.times.clear()
    return fake_server


@pytest.fixture
def shop() -> Iterator[Shop]:
    with running_shop() as shop:
        yield shop


@pytest_asyncio.fixture
async def compositor(fake: TimedFakeOpenAI) -> AsyncIterator[OpenAICompositor]:
    made = OpenAICompositor(api_key=API_KEY, base_url=fake.base_url)
    yield made
    await made.aclose()  # on the test's loop, before it closes


async def test_one_edit_request_carries_both_images_and_the_compositing_prompt(
    fake: TimedFakeOpenAI, compositor: OpenAICompositor
) -> None:
    product = png_bytes((600, 400), (200, 190, 170))
    artwork = png_bytes((300, 300), (20, 60, 200))
    fake.reply(EDITS, images_response(png_bytes((1536, 1024), (90, 90, 90))))
    progress: list[int] = []

    async def report(value: int) -> None:
        progress.append(value)

    result = await compositor.composite(artwork, product, AREA, report)

    (sent,) = fake.requests_to(EDITS)
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    images = [file for key, files in sent.files.items() if key.startswith("image") for file in files]
    assert [(name, kind) for name, kind, _ in images] == [("product.png", "image/png"), ("artwork.png", "image/png")]
    sizes = [Image.open(io.BytesIO(data)).size for _, _, data in images]
    assert sizes == [(600, 400), (300, 300)]  # the product first, then the artwork, both whole
    prompt = sent.form["prompt"][0]
    assert prompt == composite_prompt(AREA)
    assert "from 25% to 75% of the photo's width" in prompt and "from 30% to 70% of its height" in prompt
    assert "printed" in prompt and "keeping its proportions" in prompt
    assert sent.form["model"] == ["gpt-image-1"] and sent.form["size"] == ["1536x1024"] and sent.form["n"] == ["1"]
    assert Image.open(io.BytesIO(result)).format == "PNG"
    assert progress == sorted(progress) and progress


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (500, error_body("The server had an error", "server_error"), ProviderUnavailable),
        (429, error_body("Rate limit reached", "requests", "rate_limit_exceeded"), ProviderRateLimited),
        (400, error_body("Your request was rejected", "image_generation_user_error", "moderation_blocked"),
         ProviderRefused),
    ],
)  # fmt: skip
async def test_a_failed_call_is_one_request_and_an_error_the_kernel_can_classify(
    fake: TimedFakeOpenAI,
    compositor: OpenAICompositor,
    status: int,
    body: dict[str, object],
    error: type[ProviderError],
) -> None:
    fake.reply(EDITS, body, status=status)
    fake.reply(EDITS, images_response(png_bytes((1024, 1024), (1, 2, 3))))  # would be taken by a retry in place
    with pytest.raises(error) as raised:
        await compositor.composite(png_bytes((10, 10), (1, 1, 1)), png_bytes((10, 10), (2, 2, 2)), AREA)
    assert len(fake.requests_to(EDITS)) == 1
    assert raised.value.transient is (status != 400)
    assert body["error"]["message"] in raised.value.message  # type: ignore[index]


def test_the_output_keeps_the_product_photos_shape() -> None:
    assert [output_size(*s) for s in ((1600, 1000), (1000, 1000), (800, 1200), (1100, 1000))] == [
        "1536x1024",
        "1024x1024",
        "1024x1536",
        "1024x1024",
    ]


def test_the_provider_setting_picks_the_compositor(tmp_path: Path) -> None:
    assert isinstance(make_compositor(make_settings(tmp_path)), LocalCompositor)
    openai = make_compositor(make_settings(tmp_path, ai_provider="openai", openai_api_key=API_KEY))
    assert isinstance(openai, OpenAICompositor)


# --- the task's retry schedule, seen by the server ------------------------------------------------------------


def openai_settings(tmp_path: Path, fake: TimedFakeOpenAI) -> Settings:
    return make_settings(
        tmp_path,
        ai_provider="openai",
        openai_api_key=API_KEY,
        openai_base_url=fake.base_url,
        retry_delay_scale=SCALE,
    )


async def close_compositor() -> None:
    used = ports().compositor
    assert isinstance(used, OpenAICompositor)  # the server's, built from the settings
    await used.aclose()


def offsets(times: list[float]) -> list[float]:
    return [round(t - times[0], 2) for t in times]


def assert_on_schedule(times: list[float], retries: int) -> None:
    """One call, then `retries` more, each the previews' declared delay (5, then 10, then 20 s) times the scale
    after the one before: checked gap by gap, so a late retry does not shift the ones after it, and each gap against
    the one before it, so they keep the schedule's proportions."""
    declared = [d.total_seconds() for d in retry_schedule().delays]
    assert declared == [5, 10, 20]  # what the feature declares; only the wait is scaled
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert len(gaps) == retries, offsets(times)
    planned = [delay * SCALE for delay in declared[:retries]]
    for gap, wait in zip(gaps, planned, strict=True):
        assert wait - 0.01 <= gap <= wait + LATE, (offsets(times), wait)
    for (gap, next_gap), (wait, next_wait) in zip(pairwise(gaps), pairwise(planned), strict=True):
        assert abs((next_gap - gap) - (next_wait - wait)) <= JITTER, (offsets(times), planned)


async def test_a_render_failing_twice_is_retried_at_5_then_10_seconds_and_completes(
    tmp_path: Path, fake: TimedFakeOpenAI, shop: Shop, caplog: pytest.LogCaptureFixture
) -> None:
    fake.reply(EDITS, error_body("The server had an error", "server_error"), status=500)
    fake.reply(EDITS, error_body("The server had an error", "server_error"), status=502)
    fake.reply(EDITS, images_response(png_bytes((1024, 1024), (90, 120, 150))))
    caplog.set_level(logging.INFO, logger="domain.tasks.runner")
    async with serve_app(openai_settings(tmp_path, fake)) as server:
        client = server.client()
        catalog = await make_catalog(client, shop)
        task = (await client.data(REQUEST, {"input": catalog.input()}))["requestPreview"]
        done = await wait_final(client, task["id"], timeout=90)
        await close_compositor()
    print(f"provider calls at {offsets(fake.times)} s")
    assert done["status"] == "COMPLETED" and done["retryCount"] == 2 and done["errorMessage"] is None
    made = done["provenance"]  # the prompt recorded is the one the images API got
    assert made["provider"] == "openai" and made["model"] == "gpt-image-1"
    assert made["prompt"] and fake.requests_to(EDITS)[-1].form["prompt"][0] == made["prompt"]
    assert_on_schedule(fake.times, retries=2)  # at 5 s, then 10 s after it (scaled)
    claimed = [r for r in caplog.records if r.getMessage() == "task claimed" and getattr(r, "row", None) == task["id"]]
    assert [getattr(r, "retry", None) for r in claimed] == [0, 1, 2]  # every attempt logged with its number


async def test_a_render_that_always_fails_is_tried_four_times_then_fails_with_its_message(
    tmp_path: Path, fake: TimedFakeOpenAI, shop: Shop
) -> None:
    for _ in range(4):
        fake.reply(EDITS, error_body("The image service is down for maintenance", "server_error"), status=503)
    async with serve_app(openai_settings(tmp_path, fake)) as server:
        client = server.client()
        catalog = await make_catalog(client, shop)
        task = (await client.data(REQUEST, {"input": catalog.input()}))["requestPreview"]
        done = await wait_final(client, task["id"], timeout=120)
        await close_compositor()
    print(f"provider calls at {offsets(fake.times)} s; final error: {done['errorMessage']}")
    assert done["status"] == "FAILED" and done["retryCount"] == 3 and done["resultUrl"] is None
    assert "The image service is down for maintenance" in done["errorDetail"]
    assert "maintenance" not in done["errorMessage"] and done["errorMessage"].startswith(
        "The preview could not be rendered"
    )
    assert_on_schedule(fake.times, retries=3)  # at 5, 10 and 20 s (scaled), then no more
