"""Tests for the local creative provider: templated copy and Pillow-rendered backgrounds."""

from __future__ import annotations

import io
import itertools
from decimal import Decimal

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from integrations.ai.base import CreativeProvider, ProductBrief, ProviderError, Suggestion
from integrations.ai.local import LocalCreativeProvider, format_price, write_copy

MUG = ProductBrief(
    title="Acme Enamel Mug – Red | Acme Store",  # noqa: RUF001 — scraped titles carry en dashes
    description="<p>A sturdy enamel mug for coffee at camp or at home.</p> Holds 350&nbsp;ml. Dishwasher safe.",
    brand="Acme",
    price=Decimal("24.00"),
    currency="EUR",
    url="https://shop.example/products/enamel-mug",
)
BARE = ProductBrief(title="Linen Tote Bag")


def product_photo(colour: tuple[int, int, int], *, fmt: str = "JPEG", size: tuple[int, int] = (800, 600)) -> bytes:
    """A product shot the way shops publish them: an object on a plain white backdrop."""
    image = Image.new("RGB", size, "white")
    w, h = size
    ImageDraw.Draw(image).rounded_rectangle((w * 0.3, h * 0.2, w * 0.7, h * 0.85), radius=30, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


@pytest.fixture
def provider() -> LocalCreativeProvider:
    return LocalCreativeProvider()


def test_satisfies_the_protocol(provider: LocalCreativeProvider) -> None:
    assert isinstance(provider, CreativeProvider)
    assert provider.name == "local"


# --- backgrounds ---------------------------------------------------------------------------------------


async def test_background_is_a_1024_square_png(provider: LocalCreativeProvider) -> None:
    image = decode(await provider.generate_background(MUG, product_photo((200, 40, 50)), 0))
    assert image.size == (1024, 1024)
    assert image.mode == "RGB"
    # A real picture, not a flat fill: many distinct colours.
    assert len(image.getcolors(maxcolors=1_000_000) or []) > 1000


async def test_background_is_deterministic(provider: LocalCreativeProvider) -> None:
    photo = product_photo((40, 90, 200))
    first = await provider.generate_background(MUG, photo, 2)
    second = await provider.generate_background(MUG, photo, 2)
    assert first == second


async def test_every_variant_gets_a_visibly_different_background(provider: LocalCreativeProvider) -> None:
    photo = product_photo((200, 40, 50))
    images = [decode(await provider.generate_background(MUG, photo, i)) for i in range(6)]
    for (i, a), (j, b) in itertools.combinations(enumerate(images), 2):
        assert mean_difference(a, b) > 3, f"variants {i} and {j} look the same"


async def test_backdrop_takes_its_colour_from_the_product(provider: LocalCreativeProvider) -> None:
    red = decode(await provider.generate_background(MUG, product_photo((200, 30, 40)), 0))
    blue = decode(await provider.generate_background(MUG, product_photo((30, 60, 200)), 0))
    # The top band is backdrop only (the product sits lower): its average hue follows the product.
    r, g, b = ImageStat.Stat(red.crop((0, 0, 1024, 120))).mean
    assert r > g and r > b
    r, g, b = ImageStat.Stat(blue.crop((0, 0, 1024, 120))).mean
    assert b > r and b > g


async def test_product_is_composited_and_its_white_backdrop_removed(provider: LocalCreativeProvider) -> None:
    green = (30, 160, 60)
    image = decode(await provider.generate_background(MUG, product_photo(green), 0))
    centre = image.getpixel((512, 512))
    assert isinstance(centre, tuple)
    assert all(abs(c - e) < 12 for c, e in zip(centre, green, strict=True))
    # Without the cut-out the photo's white backdrop would show as a large white box around the product.
    near_white = sum(1 for p in image.get_flattened_data() if isinstance(p, tuple) and min(p) > 248)
    assert near_white < 1024 * 1024 * 0.01


async def test_different_product_images_give_different_backgrounds(provider: LocalCreativeProvider) -> None:
    a = decode(await provider.generate_background(MUG, product_photo((200, 40, 50)), 0))
    b = decode(await provider.generate_background(MUG, product_photo((40, 160, 90)), 0))
    assert mean_difference(a, b) > 10


async def test_accepts_transparent_png_and_busy_photos(provider: LocalCreativeProvider) -> None:
    cut_out = Image.new("RGBA", (400, 500), (0, 0, 0, 0))
    ImageDraw.Draw(cut_out).ellipse((20, 20, 380, 480), fill=(120, 120, 120, 255))
    busy = Image.merge("RGB", [Image.effect_noise((600, 900), 60)] * 3)
    for image in (cut_out, busy):
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        assert decode(await provider.generate_background(BARE, buffer.getvalue(), 1)).size == (1024, 1024)


async def test_undecodable_product_image_is_a_permanent_error(provider: LocalCreativeProvider) -> None:
    with pytest.raises(ProviderError) as caught:
        await provider.generate_background(MUG, b"<html>not an image</html>", 0)
    assert not caught.value.transient
    assert "product image" in caught.value.message


async def test_oversized_product_image_is_refused_before_decoding(provider: LocalCreativeProvider) -> None:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(buffer, format="PNG")  # 50 MP, a few KB on disk
    with pytest.raises(ProviderError, match="too large"):
        await provider.generate_background(MUG, buffer.getvalue(), 0)


# --- copy ----------------------------------------------------------------------------------------------


async def test_copy_uses_the_scraped_facts(provider: LocalCreativeProvider) -> None:
    suggestions = [await provider.generate_copy(MUG, i) for i in range(6)]
    assert suggestions[0].headline == "Acme Enamel Mug"  # shop suffix and colour dropped, brand kept once
    everything = " ".join(" ".join(s.to_json().values()) for s in suggestions)
    assert "€24" in everything
    assert "Acme Store" not in everything
    # The description is the scraped one, without its HTML and entities.
    assert suggestions[0].description.startswith("A sturdy enamel mug for coffee at camp or at home.")
    assert "<p>" not in suggestions[0].description and "&nbsp;" not in suggestions[0].description


async def test_copy_varies_per_variant_and_is_deterministic(provider: LocalCreativeProvider) -> None:
    suggestions = [await provider.generate_copy(MUG, i) for i in range(10)]
    assert len({s.headline for s in suggestions[:5]}) == 5
    assert len({s.call_to_action for s in suggestions[:6]}) == 6
    assert len(set(suggestions)) == 10
    assert suggestions == [await provider.generate_copy(MUG, i) for i in range(10)]


@pytest.mark.parametrize("index", range(10))
def test_copy_degrades_gracefully_without_brand_price_or_description(index: int) -> None:
    suggestion = write_copy(BARE, index)
    for text in suggestion.to_json().values():
        assert text and text == text.strip()
        assert "None" not in text and "  " not in text and "{" not in text
        assert not text.endswith((" for", " by", " the", ":", ","))
        assert "$" not in text and "€" not in text
    assert "Linen Tote Bag" in suggestion.headline or "Linen Tote Bag" in suggestion.description
    assert suggestion.description.endswith((".", "!"))


def test_copy_mentions_the_price_only_when_known() -> None:
    with_price = ProductBrief(title="Trail Runner 2", price=Decimal("89.9"), currency="USD")
    texts = [" ".join(write_copy(with_price, i).to_json().values()) for i in range(6)]
    assert any("$89.90" in t for t in texts)
    assert not any("$" in " ".join(write_copy(BARE, i).to_json().values()) for i in range(6))


def test_long_description_is_shortened_at_a_sentence() -> None:
    sentence = "This bag carries a laptop, a lunch and a paperback without losing its shape. "
    suggestion = write_copy(ProductBrief(title="Tote", description=sentence * 20), 0)
    assert len(suggestion.description) <= 241
    assert suggestion.description.endswith(".")


def test_title_articles_are_not_doubled() -> None:
    assert write_copy(ProductBrief(title="The Everyday Backpack"), 1).headline == "Meet the Everyday Backpack"


def test_suggestion_json_uses_camel_case() -> None:
    suggestion = Suggestion("H", "S", "Buy", "D")
    assert suggestion.to_json() == {"headline": "H", "subheadline": "S", "callToAction": "Buy", "description": "D"}


@pytest.mark.parametrize(
    ("price", "currency", "expected"),
    [
        (Decimal("24.00"), "EUR", "€24"),
        (Decimal("1299.5"), "usd", "$1,299.50"),
        (Decimal("4500"), "JPY", "¥4,500"),
        (Decimal("49.90"), "CHF", "49.90 CHF"),
        (Decimal("12.5"), None, "12.50"),
        (Decimal("0"), "EUR", None),
        (None, "EUR", None),
    ],
)
def test_format_price(price: Decimal | None, currency: str | None, expected: str | None) -> None:
    assert format_price(price, currency) == expected
