"""The catalog's pure rules: print areas, product input, and reading image headers without decoding."""

from __future__ import annotations

import io
import math
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from domain.catalog.image_files import ImageRefused, inspect_image, read_dimensions, sniff
from domain.catalog.print_areas import DEFAULT_PRINT_AREA, check_print_area
from domain.catalog.product_input import PrintAreaInput, ProductInput, VariantInput, check_product_input
from domain.errors import BadUserInput
from tests.test_catalog_uploads import png_header_bomb

fraction = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(x=fraction, y=fraction, width=fraction, height=fraction)
def test_a_print_area_is_accepted_exactly_when_it_lies_inside_its_image(
    x: float, y: float, width: float, height: float
) -> None:
    inside = width > 0 and height > 0 and x + width <= 1 + 1e-9 and y + height <= 1 + 1e-9
    try:
        area = check_print_area(x, y, width, height, field="printArea")
    except BadUserInput as refused:
        assert not inside
        assert refused.field in {"printArea.width", "printArea.height"}
        return
    assert inside
    assert area.x >= 0 and area.x + area.width <= 1 and area.y >= 0 and area.y + area.height <= 1
    assert area.width > 0 and area.height > 0


@given(
    broken=st.integers(0, 3),
    bad=st.one_of(
        st.floats(max_value=-1e-6), st.floats(min_value=1.000001), st.sampled_from([math.nan, math.inf, -math.inf])
    ),
)
def test_a_value_outside_0_1_is_named(broken: int, bad: float) -> None:
    names = ["x", "y", "width", "height"]
    values = [0.1, 0.1, 0.5, 0.5]
    values[broken] = bad
    with pytest.raises(BadUserInput) as refused:
        check_print_area(*values, field="variants[3].printArea")
    assert refused.value.field == f"variants[3].printArea.{names[broken]}"


def test_product_input_is_normalised() -> None:
    draft = check_product_input(
        ProductInput(
            title="  Tote  ",
            price=" 12.5 ",
            currency="eur",
            images=[" https://shop.example/a.png", "https://shop.example/a.png"],
            variants=[
                VariantInput(color=" Red ", size="", print_area=PrintAreaInput(0.1, 0.2, 0.9, 0.8)),
                VariantInput(),
            ],
        )
    )
    assert (draft.title, draft.price, draft.currency) == ("Tote", "12.5", "EUR")
    assert draft.variants[0].color == "Red" and draft.variants[0].size is None
    assert draft.variants[1].print_area == DEFAULT_PRINT_AREA
    assert draft.urls_to_fetch() == {"https://shop.example/a.png": "images[0]"}  # fetched once


@pytest.mark.parametrize("price", ["0", "29.90", "1234567.5", "0.0001"])
def test_decimal_prices_are_accepted(price: str) -> None:
    assert check_product_input(ProductInput("T", price=price, currency="USD", images=["https://s.example/a"])).price


# --- image headers -------------------------------------------------------------------------------------------


def encode(fmt: str, size: tuple[int, int], **options: object) -> bytes:
    buffer = io.BytesIO()
    mode = {"GIF": "P", "WEBP": "RGBA" if options.pop("alpha", False) else "RGB"}.get(fmt, "RGB")
    Image.new(mode, size).save(buffer, format=fmt, **options)
    return buffer.getvalue()


@settings(max_examples=40, deadline=None)
@given(
    fmt=st.sampled_from(["PNG", "JPEG", "GIF", "WEBP"]),
    width=st.integers(1, 400),
    height=st.integers(1, 400),
    variant=st.integers(0, 2),
)
def test_header_dimensions_match_what_pillow_decodes(fmt: str, width: int, height: int, variant: int) -> None:
    choices: dict[str, list[dict[str, object]]] = {
        "WEBP": [{"lossless": True}, {"quality": 80}, {"alpha": True}],  # VP8L, VP8, VP8X
        "JPEG": [{}, {"progressive": True}, {"exif": b"Exif\x00\x00" + bytes(60_000)}],  # SOF behind a 60 KB APP1
    }
    options = choices.get(fmt, [{}])[variant % len(choices.get(fmt, [{}]))]
    data = encode(fmt, (width, height), **options)
    content_type = sniff(data[:16])
    assert content_type == f"image/{fmt.lower()}"
    assert read_dimensions(content_type, io.BytesIO(data)) == (width, height) == Image.open(io.BytesIO(data)).size


@pytest.mark.parametrize("head", [b"", b"hello world, not an image", b"BM6\x00\x00\x00", b"\x00\x00\x00\x1cftypavif"])
def test_anything_else_is_not_sniffed_as_an_image(head: bytes) -> None:
    assert sniff(head) is None


def test_the_pixel_cap_is_checked_before_decoding(tmp_path: Path) -> None:
    # A header claiming 20000x20000 followed by garbage: were it decoded first, the refusal would be a decode
    # error; it must be the pixel count, found in the header.
    path = tmp_path / "claims.png"
    path.write_bytes(png_header_bomb(20_000, 20_000)[:33] + b"garbage" * 10)
    started = time.perf_counter()
    with pytest.raises(ImageRefused, match=r"20000x20000 pixels \(400 MP\)"):
        inspect_image(path, max_pixels=40_000_000)
    print(f"\nheader refusal: {(time.perf_counter() - started) * 1000:.2f} ms")


def test_a_damaged_header_is_refused(tmp_path: Path) -> None:
    for name, data in {
        "short.png": b"\x89PNG\r\n\x1a\n\x00\x00",
        "nosof.jpg": b"\xff\xd8\xff\xda\x00\x02",
        "vp8x.webp": b"RIFF\x10\x00\x00\x00WEBPVP9 ",
    }.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImageRefused, match="damaged or cut short"):
            inspect_image(tmp_path / name, max_pixels=40_000_000)


def test_only_the_first_frame_of_an_animation_counts(tmp_path: Path) -> None:
    frames = [Image.new("P", (200, 100), i) for i in range(30)]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    info = inspect_image(path, max_pixels=20_000)  # 30 frames x 20,000 pixels would be over
    assert (info.content_type, info.width, info.height) == ("image/gif", 200, 100)
