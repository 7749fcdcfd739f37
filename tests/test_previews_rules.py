"""The pure rules of previews (cache keys, matching a variant, what a request gets, input counts) and the local
compositor's geometry and look: fitted with its aspect kept, and printed (the fabric's shading shows through)."""

from __future__ import annotations

import io
import statistics
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageStat

from domain.errors import BadUserInput
from domain.previews.keys import cache_key, label
from domain.previews.rules import Answer, VariantOption, answer_for, check_input_count, match_variant
from domain.previews.statuses import PreviewStatus
from integrations.ai.capabilities import PrintArea
from integrations.ai.local_compositor import area_box, composite_print, fitted_size
from tests.mockups import tote, tshirt

WORK, PRODUCT = uuid.uuid4(), uuid.uuid4()
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
texts = st.text(max_size=12)


# --- keys -----------------------------------------------------------------------------------------------------


def test_the_key_names_work_product_colour_and_size() -> None:
    assert cache_key(WORK, PRODUCT, "Navy", "L") == f"preview:{WORK}:{PRODUCT}:Navy:L"


@given(texts, texts, texts, texts)
def test_different_colours_and_sizes_never_share_a_key(c1: str, s1: str, c2: str, s2: str) -> None:
    same_key = cache_key(WORK, PRODUCT, c1, s1) == cache_key(WORK, PRODUCT, c2, s2)
    assert same_key == ((c1, s1) == (c2, s2))


@given(texts)
def test_matching_ignores_case_and_spacing(text: str) -> None:
    assert label(label(text)) == label(text)
    assert label(f"  {text.upper()} ") == label(text.upper()) and label(None) == ""
    assert label(" Heather   Grey ") == label("heather grey")


# --- what a request gets --------------------------------------------------------------------------------------


@given(st.sampled_from([None, *PreviewStatus]), st.one_of(st.none(), st.integers(-10_000, 10_000)))
def test_a_request_gets_the_cached_result_the_running_task_or_a_new_render(
    status: PreviewStatus | None, expires_in: int | None
) -> None:
    expires_at = None if expires_in is None else NOW + timedelta(seconds=expires_in)
    answer = answer_for(status, expires_at, NOW)
    if status in (PreviewStatus.PENDING, PreviewStatus.PROCESSING):
        assert answer is Answer.RUNNING
    elif status == PreviewStatus.COMPLETED and expires_at is not None and expires_at > NOW:
        assert answer is Answer.CACHED
    else:  # none yet, failed, or expired (at the very second too)
        assert answer is Answer.RENDER


@pytest.mark.parametrize(("count", "ok"), [(0, False), (1, True), (100, True), (101, False)])
def test_one_to_a_hundred_inputs(count: int, ok: bool) -> None:
    if ok:
        check_input_count(count, field="inputs")
    else:
        with pytest.raises(BadUserInput) as refused:
            check_input_count(count, field="inputs")
        assert refused.value.field == "inputs"


OPTIONS = [
    VariantOption(1, "Natural", "Large"),
    VariantOption(2, "Natural", "Small"),
    VariantOption(3, "Navy", "Large"),
    VariantOption(4, "Navy", "Large"),  # a duplicate: the first in catalog order wins
    VariantOption(5, None, None),
]


@pytest.mark.parametrize(
    ("color", "size", "expected"),
    [("natural", "LARGE", 1), ("Natural", "Small", 2), (" navy ", "large", 3), (None, None, 5), ("", " ", 5)],
)
def test_a_colour_and_size_name_one_variant(color: str | None, size: str | None, expected: int) -> None:
    assert match_variant(OPTIONS, color, size, field="input").id == expected


@pytest.mark.parametrize(
    ("color", "size", "field", "words"),
    [
        ("Purple", "Large", "inputs[3].color", "it has 'Natural', 'Navy', (none)"),
        ("Navy", "Small", "inputs[3].size", "that colour comes in 'Large'"),
        ("Natural", None, "inputs[3].size", "'Large', 'Small'"),
    ],
)
def test_no_such_variant_names_the_field_and_what_there_is(
    color: str, size: str | None, field: str, words: str
) -> None:
    with pytest.raises(BadUserInput) as refused:
        match_variant(OPTIONS, color, size, field="inputs[3]")
    assert refused.value.field == field and words in refused.value.message


# --- the local compositor: geometry ---------------------------------------------------------------------------

sides = st.integers(1, 3000)
fractions = st.floats(0, 1, allow_nan=False)


@given(sides, sides, sides, sides)
def test_artwork_is_fitted_with_its_aspect_kept(art_w: int, art_h: int, box_w: int, box_h: int) -> None:
    width, height = fitted_size((art_w, art_h), (box_w, box_h))
    assert 1 <= width <= box_w and 1 <= height <= box_h
    assert width == box_w or height == box_h  # as large as fits
    # The ratio is kept up to the rounding of one pixel on the shorter side.
    assert abs(width * art_h - height * art_w) <= max(art_w, art_h)


@given(sides, sides, fractions, fractions, fractions, fractions)
def test_the_print_area_in_pixels_lies_inside_the_image(
    w: int, h: int, x: float, y: float, aw: float, ah: float
) -> None:
    left, top, width, height = area_box((w, h), PrintArea(x, y, aw, ah))
    assert 0 <= left < w and 0 <= top < h and width >= 1 and height >= 1
    assert left + width <= w and top + height <= h


# --- the local compositor: it looks printed -------------------------------------------------------------------


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _grey_values(image: Image.Image) -> list[int]:
    return list(image.convert("L").resize((64, 64), Image.Resampling.BOX).tobytes())


def _correlation(a: list[int], b: list[int]) -> float:
    return statistics.correlation([float(v) for v in a], [float(v) for v in b])


def _mean(image: Image.Image) -> tuple[float, ...]:
    return tuple(ImageStat.Stat(image.convert("RGB")).mean)


def test_the_print_follows_the_fabrics_folds_and_nothing_outside_it_changes() -> None:
    mockup = tote((226, 214, 190))
    area = PrintArea(**mockup.print_area)
    ink = (200, 60, 60)
    result = Image.open(io.BytesIO(composite_print(_png(Image.new("RGB", (500, 500), ink)), mockup.png, area)))
    product = Image.open(io.BytesIO(mockup.png)).convert("RGB")
    left, top, width, height = area_box(product.size, area)
    side = min(width, height)  # a square artwork fills the area's shorter side, centred
    box = (left + (width - side) // 2, top + (height - side) // 2)
    inner = (box[0] + 4, box[1] + 4, box[0] + side - 4, box[1] + side - 4)

    printed, fabric = result.crop(inner), product.crop(inner)
    # A sticker would be one flat colour; a print is shaded like the fabric beneath it.
    assert _correlation(_grey_values(printed), _grey_values(fabric)) > 0.8
    assert statistics.pstdev(_grey_values(printed)) > 3
    # ...and is still the ink's colour: red above green and blue.
    red, green, blue = _mean(printed)
    assert red > green + 40 and red > blue + 40
    # Outside the artwork, not one pixel changed.
    outside = ImageChops.difference(result, product)
    outside.paste((0, 0, 0), (box[0] - 2, box[1] - 2, box[0] + side + 2, box[1] + side + 2))
    assert outside.getbbox() is None


def test_light_fabric_tints_the_ink_and_dark_fabric_keeps_it_bright() -> None:
    ink = Image.new("RGB", (400, 400), (180, 180, 180))
    light, dark = tshirt((240, 220, 90)), tshirt((30, 35, 60))  # a yellow shirt, a navy shirt
    results = []
    for mockup in (light, dark):
        area = PrintArea(**mockup.print_area)
        result = Image.open(io.BytesIO(composite_print(_png(ink), mockup.png, area)))
        left, top, width, height = area_box(result.size, area)
        results.append(result.crop((left + 20, top + height // 2 - 40, left + width - 20, top + height // 2 + 40)))
    yellowish, on_navy = (_mean(r) for r in results)
    assert yellowish[2] < yellowish[0] - 15  # the yellow fabric shows through a grey ink: less blue than red
    assert statistics.fmean(on_navy) > 0.6 * 180  # on navy the grey ink stays light: printed on an underbase
    assert abs(on_navy[0] - on_navy[2]) < 25  # and keeps (nearly) its own neutral colour


def test_a_wide_artwork_keeps_its_shape_in_a_square_area() -> None:
    product = Image.new("RGB", (800, 800), (240, 240, 240))
    art = Image.new("RGBA", (400, 100), (10, 10, 10, 255))
    result = Image.open(io.BytesIO(composite_print(_png(art), _png(product), PrintArea(0.25, 0.25, 0.5, 0.5))))
    changed = ImageChops.difference(result.convert("RGB"), product).point(lambda v: 255 if v > 40 else 0)
    left, top, right, bottom = changed.getbbox() or (0, 0, 0, 0)
    assert (left, right) == (200, 600)  # the full width of the area...
    assert abs((bottom - top) - 100) <= 2 and abs((top + bottom) / 2 - 400) <= 1  # ...a quarter as tall, centred
