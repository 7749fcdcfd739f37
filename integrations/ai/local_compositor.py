"""The local compositor: artwork printed into a product photo's print area with Pillow, offline and deterministic.

A sticker pasted on top is what this must not look like. Ink on fabric takes the fabric's light: folds darken it,
highlights lift it, the weave shows through, and on a light fabric its colour tints the ink. So the artwork is
fitted into the print area (aspect kept), then multiplied by a shading map taken from the product photo itself:
the photo's luminance divided by the fabric's flat tone (a high percentile of the area), blended a little towards
the photo's own colour on light fabrics. Highlights above the flat tone are screened back on, the ink is laid at
slightly less than full opacity and its edge is softened by half a pixel.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

from integrations import cpu
from integrations.ai.base import decode_image
from integrations.ai.capabilities import PrintArea, Progress, Recipe

# Renders are at most this many pixels a side (the product photo is scaled down to it, never up).
MAX_SIDE = 1600
INK_OPACITY = 0.92
# Fabric lighter than this flat tone (0-255) tints the ink with its colour; darker fabric is printed on an
# underbase, so its ink keeps its own colour and takes only the light.
LIGHT_FABRIC = 150
LIGHT_TINT, DARK_TINT = 0.45, 0.08
HIGHLIGHT_GAIN = 0.6
FLAT_TONE_PERCENTILE = 0.8


class LocalCompositor:
    """No key, no network: the default compositor, and the one tests and the README picture use."""

    name = "local"

    def recipe(self, area: PrintArea) -> Recipe:
        return Recipe(provider=self.name, model="pillow-shaded-print", prompt=None)

    async def composite(
        self, artwork: bytes, product_image: bytes, area: PrintArea, progress: Progress | None = None
    ) -> bytes:
        # Decoding, fitting, printing and encoding: tens of milliseconds of CPU each, so the whole render is one
        # call in a worker process (off the event loop and its GIL), the images crossing only as encoded bytes.
        await _report(progress, 10)
        png = await cpu.run(composite_print, artwork, product_image, area)
        await _report(progress, 95)
        return png


async def _report(progress: Progress | None, value: int) -> None:
    if progress is not None:
        await progress(value)


def composite_print(artwork: bytes, product_image: bytes, area: PrintArea) -> bytes:
    """The whole render at once (scripts and tests): PNG bytes of the product with the artwork printed."""
    product, art = _decode_both(artwork, product_image)
    return _encode(print_onto(product, fit_into_area(art, product.size, area)))


def _decode_both(artwork: bytes, product_image: bytes) -> tuple[Image.Image, Image.Image]:
    product = decode_image(product_image, what="the product image").convert("RGB")
    product.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    art = decode_image(artwork, what="the artwork").convert("RGBA")
    return product, art


@dataclass(frozen=True)
class PlacedArt:
    """The artwork scaled to fit the print area, and where its top-left corner goes on the product."""

    image: Image.Image
    left: int
    top: int


def area_box(size: tuple[int, int], area: PrintArea) -> tuple[int, int, int, int]:
    """The print area in pixels (left, top, width, height), at least one pixel each way, inside the image."""
    width, height = size
    left = min(max(round(area.x * width), 0), width - 1)
    top = min(max(round(area.y * height), 0), height - 1)
    box_width = min(max(round(area.width * width), 1), width - left)
    box_height = min(max(round(area.height * height), 1), height - top)
    return left, top, box_width, box_height


def fitted_size(art: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the artwork's aspect ratio that fits in `box` (contain, never crop)."""
    scale = min(box[0] / art[0], box[1] / art[1])
    return max(1, min(box[0], round(art[0] * scale))), max(1, min(box[1], round(art[1] * scale)))


def fit_into_area(art: Image.Image, size: tuple[int, int], area: PrintArea) -> PlacedArt:
    """Centre the artwork in the print area, as large as fits with its aspect ratio kept."""
    left, top, box_width, box_height = area_box(size, area)
    width, height = fitted_size(art.size, (box_width, box_height))
    scaled = art.resize((width, height), Image.Resampling.LANCZOS)
    return PlacedArt(scaled, left + (box_width - width) // 2, top + (box_height - height) // 2)


def print_onto(product: Image.Image, placed: PlacedArt) -> Image.Image:
    """The product with the placed artwork printed on it: shaded, tinted and textured by the fabric beneath."""
    art = placed.image
    box = (placed.left, placed.top, placed.left + art.width, placed.top + art.height)
    fabric = product.crop(box)
    luminance = fabric.convert("L")
    flat = _percentile(luminance, FLAT_TONE_PERCENTILE)
    scale = 255.0 / flat

    # Shading: 255 where the fabric has its flat tone, darker in folds (values over 255 clip; see highlights).
    shade = luminance.point(lambda v: min(255, round(v * scale)))
    grey_light = Image.merge("RGB", (shade, shade, shade))
    coloured_light = fabric.point(lambda v: min(255, round(v * scale)))
    tint = LIGHT_TINT if flat >= LIGHT_FABRIC else DARK_TINT
    light = Image.blend(grey_light, coloured_light, tint)
    ink = ImageChops.multiply(art.convert("RGB"), light)

    # Highlights: where the fabric is brighter than its flat tone, the sheen lies on top of the ink too.
    highlight = luminance.point(lambda v: min(255, round(max(0.0, v - flat) * HIGHLIGHT_GAIN * scale)))
    ink = ImageChops.screen(ink, Image.merge("RGB", (highlight, highlight, highlight)))

    alpha = art.getchannel("A").point(lambda v: round(v * INK_OPACITY)).filter(ImageFilter.GaussianBlur(0.5))
    printed = product.copy()
    printed.paste(ink, box[:2], alpha)
    return printed


def _percentile(image: Image.Image, fraction: float) -> float:
    """The grey level below which `fraction` of the pixels lie (at least 1, so it can divide)."""
    histogram = image.histogram()
    target = fraction * sum(histogram)
    seen = 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= target:
            return float(max(level, 1))
    return 255.0


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
