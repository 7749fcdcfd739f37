"""CPU-bound work runs in worker processes (integrations/cpu.py): really in another process, one pool per process,
and a failure in a worker reaches the caller as the error it already handles."""

from __future__ import annotations

import io
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from PIL import Image

import settings as settings_module
from domain.catalog.image_files import ImageRefused, inspect_image
from integrations import cpu
from integrations.ai.base import ProductBrief, ProviderError
from integrations.ai.capabilities import PrintArea
from integrations.ai.local import LocalCreativeProvider, render_background
from integrations.ai.local_compositor import LocalCompositor
from tests.conftest import make_settings

BRIEF = ProductBrief(title="Speckled Mug")


class NeedsKeywords(Exception):
    """An exception pickle cannot rebuild (its constructor wants a keyword): it must not break the pool."""

    def __init__(self, *, why: str) -> None:
        super().__init__(why)


def refuse_with_keywords() -> None:
    raise NeedsKeywords(why="made in the worker")


def die() -> None:
    os._exit(3)


@pytest.fixture(autouse=True)
def default_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The defaults (a pool of 2), whatever settings the tests before this one left installed."""
    monkeypatch.setattr(settings_module, "_active", make_settings(tmp_path))


async def test_the_work_runs_in_another_process_of_one_shared_pool() -> None:
    pids = {await cpu.run(os.getpid) for _ in range(6)}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= cpu.pool_size() == settings_module.get_settings().cpu_processes == 2


async def test_zero_processes_runs_the_work_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "_active", make_settings(tmp_path, cpu_processes=0))
    assert await cpu.run(os.getpid) == os.getpid()


async def test_a_bad_image_fails_in_the_worker_as_the_error_callers_handle(tmp_path: Path) -> None:
    # Raised in the worker, re-raised here as itself: the CTA pipeline turns a ProviderError into a failed variant.
    with pytest.raises(ProviderError, match="the product image could not be decoded"):
        await cpu.run(render_background, BRIEF, b"not an image", 0)
    with pytest.raises(ProviderError, match="the product image could not be decoded"):
        await LocalCreativeProvider().generate_background(BRIEF, b"\x89PNG\r\n\x1a\n truncated", 0)
    with pytest.raises(ProviderError, match="the artwork could not be decoded"):
        await LocalCompositor().composite(b"junk", _png(tmp_path / "p.png"), PrintArea(0.25, 0.25, 0.5, 0.5))
    # Upload checks: ImageRefused with its message (the caller makes it BAD_USER_INPUT naming the field).
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(_png(tmp_path / "whole.png")[:200])
    with pytest.raises(ImageRefused) as refused:
        await cpu.run(inspect_image, truncated, max_pixels=1_000_000)
    assert refused.value.message == _refusal_here(truncated)


async def test_an_exception_that_cannot_cross_comes_back_in_words_and_the_pool_lives_on() -> None:
    with pytest.raises(RuntimeError, match="NeedsKeywords: made in the worker"):
        await cpu.run(refuse_with_keywords)
    assert await cpu.run(os.getpid) != os.getpid()


async def test_a_worker_that_dies_is_replaced() -> None:
    with pytest.raises(BrokenProcessPool):  # it died on the retry too: the caller hears of it
        await cpu.run(die)
    assert await cpu.run(os.getpid) != os.getpid()


async def test_a_real_render_comes_back_as_png_bytes() -> None:
    png = await LocalCreativeProvider().generate_background(BRIEF, _png_bytes((200, 40, 50)), 1)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def _refusal_here(path: Path) -> str:
    try:
        inspect_image(path, max_pixels=1_000_000)
    except ImageRefused as exc:
        return exc.message
    raise AssertionError("a truncated PNG was accepted")


def _png_bytes(colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (300, 300), (245, 245, 245))
    image.paste(colour, (80, 80, 220, 220))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _png(path: Path) -> bytes:
    data = _png_bytes((40, 70, 200))
    path.write_bytes(data)
    return data
