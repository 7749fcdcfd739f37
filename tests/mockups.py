"""Procedural product photos and artwork for preview tests and the README picture: a tote bag and a T-shirt in any
colour, with folds, seams, fabric grain and a soft shadow, so a print can be seen to follow them.

Deterministic (seeded noise), no files, no network. `print_area` of each mockup says where artwork goes on it.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIDE = 1024
BACKDROP = (238, 236, 232)
RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Mockup:
    name: str
    png: bytes
    print_area: dict[str, float]  # fractions of the image, as the catalog stores them


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _folds(
    size: tuple[int, int], lines: list[tuple[tuple[float, float], tuple[float, float], int, int]]
) -> Image.Image:
    """A light map (128 = flat): each line ((x0, y0), (x1, y1), width, delta) darkens (delta < 0) or lifts it."""
    width, height = size
    shadow = Image.new("L", size, 0)
    light = Image.new("L", size, 0)
    for (x0, y0), (x1, y1), line_width, delta in lines:
        layer = shadow if delta < 0 else light
        ImageDraw.Draw(layer).line(
            [(x0 * width, y0 * height), (x1 * width, y1 * height)], fill=abs(delta), width=line_width
        )
    shadow = shadow.filter(ImageFilter.GaussianBlur(22))
    light = light.filter(ImageFilter.GaussianBlur(26))
    flat = Image.new("L", size, 128)
    return ImageChops.add(ImageChops.subtract(flat, shadow), light)


def _grain(size: tuple[int, int], seed: int) -> Image.Image:
    """Fine fabric grain around 128: horizontal and vertical threads plus a little noise."""
    rng = random.Random(seed)
    rows = Image.new("L", (1, size[1]))
    rows.putdata([128 + rng.randint(-6, 6) for _ in range(size[1])])
    cols = Image.new("L", (size[0], 1))
    cols.putdata([128 + rng.randint(-6, 6) for _ in range(size[0])])
    weave = ImageChops.add(
        rows.resize(size, Image.Resampling.NEAREST), cols.resize(size, Image.Resampling.NEAREST), scale=2.0
    )
    noise = Image.effect_noise(size, 10).point(lambda v: 128 + (v - 128) // 3)
    return Image.blend(weave, noise, 0.5)


def _render(shape: Image.Image, colour: RGB, light: Image.Image, seed: int, extra: Image.Image | None) -> Image.Image:
    """Fill `shape` (L mask) with `colour` lit by `light` (128 = flat), darkened towards its edges, on a backdrop
    with a soft shadow."""
    size = shape.size
    edge = ImageChops.subtract(shape, shape.filter(ImageFilter.MinFilter(31)).filter(ImageFilter.GaussianBlur(18)))
    lit = ImageChops.subtract(light, edge.point(lambda v: v // 4))
    lit = ImageChops.add(lit, _grain(size, seed), scale=1.0, offset=-128)
    if extra is not None:
        lit = ImageChops.subtract(lit, extra)
    # Light 128 = the colour itself, 0 = black; above 128 a sheen is screened on.
    factor = lit.point(lambda v: min(255, v * 2))
    fabric = ImageChops.multiply(Image.new("RGB", size, colour), _grey(factor))
    fabric = ImageChops.screen(fabric, _grey(lit.point(lambda v: max(0, v - 128) // 2)))
    backdrop = Image.new("RGB", size, BACKDROP)
    shadow = shape.filter(ImageFilter.GaussianBlur(24)).point(lambda v: v * 45 // 255)
    backdrop = ImageChops.subtract(backdrop, _grey(ImageChops.offset(shadow, 14, 22)))
    backdrop.paste(fabric, (0, 0), shape.filter(ImageFilter.GaussianBlur(1)))
    return backdrop


def _grey(channel: Image.Image) -> Image.Image:
    return Image.merge("RGB", (channel, channel, channel))


def tote(colour: RGB, seed: int = 1) -> Mockup:
    size = (SIDE, SIDE)
    shape = Image.new("L", size, 0)
    draw = ImageDraw.Draw(shape)
    draw.polygon([(230, 330), (794, 330), (820, 930), (204, 930)], fill=255)
    for cx in (390, 634):  # the handles
        draw.arc((cx - 95, 90, cx + 95, 470), 180, 360, fill=255, width=34)
    seams = Image.new("L", size, 0)
    seam_draw = ImageDraw.Draw(seams)
    seam_draw.line([(232, 368), (792, 368)], fill=60, width=4)  # the hem
    for cx in (390, 634):
        seam_draw.rectangle((cx - 112, 330, cx - 78, 420), outline=70, width=3)
        seam_draw.rectangle((cx + 78, 330, cx + 112, 420), outline=70, width=3)
    seams = seams.filter(ImageFilter.GaussianBlur(1.5))
    light = _folds(
        size,
        [
            ((0.36, 0.40), (0.31, 0.90), 34, -70),
            ((0.56, 0.38), (0.62, 0.91), 28, -60),
            ((0.45, 0.45), (0.47, 0.88), 40, 55),
            ((0.72, 0.50), (0.70, 0.90), 30, 45),
            ((0.25, 0.75), (0.78, 0.82), 26, -45),
        ],
    )
    image = _render(shape, colour, light, seed, seams)
    return Mockup(f"tote-{colour}", _png(image), {"x": 0.29, "y": 0.43, "width": 0.42, "height": 0.40})


def tshirt(colour: RGB, seed: int = 2) -> Mockup:
    size = (SIDE, SIDE)
    shape = Image.new("L", size, 0)
    draw = ImageDraw.Draw(shape)
    body = [
        (395, 110),
        (300, 150),
        (120, 300),
        (215, 430),
        (285, 385),
        (290, 930),
        (734, 930),
        (739, 385),
        (809, 430),
        (904, 300),
        (724, 150),
        (629, 110),
    ]
    draw.polygon(body, fill=255)
    draw.ellipse((400, 60, 624, 200), fill=0)  # the neck opening
    seams = Image.new("L", size, 0)
    seam_draw = ImageDraw.Draw(seams)
    seam_draw.arc((386, 52, 638, 214), 0, 180, fill=80, width=12)  # the collar rib
    seam_draw.line([(285, 385), (300, 160)], fill=45, width=4)  # the sleeve seams
    seam_draw.line([(739, 385), (724, 160)], fill=45, width=4)
    seam_draw.line([(292, 900), (732, 900)], fill=50, width=3)  # the hem
    seams = seams.filter(ImageFilter.GaussianBlur(1.5))
    light = _folds(
        size,
        [
            ((0.33, 0.40), (0.40, 0.88), 30, -65),
            ((0.66, 0.42), (0.60, 0.90), 26, -55),
            ((0.47, 0.30), (0.53, 0.86), 46, 50),
            ((0.30, 0.62), (0.70, 0.70), 20, -40),
            ((0.20, 0.33), (0.27, 0.38), 24, -50),
            ((0.80, 0.33), (0.73, 0.38), 24, -50),
        ],
    )
    image = _render(shape, colour, light, seed, seams)
    return Mockup(f"tshirt-{colour}", _png(image), {"x": 0.35, "y": 0.27, "width": 0.30, "height": 0.36})


def artwork(side: int = 800) -> bytes:
    """A sunset over mountains in a circle, on a transparent background (RGBA PNG), a little taller than wide."""
    width, height = side, round(side * 1.15)
    art = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    disc = Image.new("L", (width, height), 0)
    ImageDraw.Draw(disc).ellipse((20, 20, width - 20, width - 20), fill=255)
    sky = Image.new("RGBA", (width, height))
    sky_draw = ImageDraw.Draw(sky)
    for y in range(width):
        t = y / width
        sky_draw.line(
            [(0, y), (width, y)],
            fill=(round(255 - 40 * t), round(120 + 80 * (1 - t) * t * 2), round(70 + 120 * t), 255),
        )
    sky_draw.ellipse((width * 0.3, width * 0.25, width * 0.7, width * 0.65), fill=(255, 222, 89, 255))
    for i in range(5):  # stripes across the sun
        stripe = width * (0.47 + i * 0.04)
        sky_draw.rectangle((0, stripe, width, stripe + 6 + i * 2), fill=(236, 112, 99, 255))
    sky_draw.polygon(
        [
            (0, width * 0.78),
            (width * 0.3, width * 0.5),
            (width * 0.52, width * 0.72),
            (width * 0.7, width * 0.55),
            (width, width * 0.8),
            (width, width),
            (0, width),
        ],
        fill=(44, 62, 110, 255),
    )
    sky_draw.polygon(
        [(0, width * 0.86), (width * 0.45, width * 0.68), (width, width * 0.9), (width, width), (0, width)],
        fill=(28, 40, 80, 255),
    )
    art.paste(sky, (0, 0), disc)
    draw = ImageDraw.Draw(art)
    draw.ellipse((20, 20, width - 20, width - 20), outline=(28, 40, 80, 255), width=14)
    # A banner under the circle: three bars, like a line of lettering.
    for i, bar in enumerate((0.62, 0.8, 0.5)):
        top = width + 20 + i * 34
        inset = width * (1 - bar) / 2
        draw.rounded_rectangle((inset, top, width - inset, top + 20), radius=10, fill=(28, 40, 80, 255))
    for angle in range(0, 360, 30):  # small stars around
        r = width * 0.47
        cx = width / 2 + r * math.cos(math.radians(angle))
        cy = width / 2 + r * math.sin(math.radians(angle))
        draw.ellipse((cx - 5, cy - 5, cx + 5, cy + 5), fill=(255, 222, 89, 255))
    return _png(art)
