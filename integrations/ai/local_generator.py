"""The local image generator: the chosen product images composited with Pillow on a scene painted for the
workflow (studio, lifestyle, ad) in the asked aspect ratio. Deterministic and offline, like the rest of `local`."""

from __future__ import annotations

import colorsys
import hashlib
import io
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cachetools import LRUCache
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from integrations import cpu
from integrations.ai.base import ProviderError, decode_image
from integrations.ai.capabilities import GenerationRequest, Progress
from integrations.ai.local import _cut_out, _palette, tone

RGB = tuple[int, int, int]

# Exact ratios, the long side at most 1024 pixels.
CANVAS_SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "4:5": (800, 1000),
    "3:4": (768, 1024),
    "16:9": (1024, 576),
    "9:16": (576, 1024),
}
# Where the hero sits, nudged per variation (fractions of the free area around its middle).
_HERO_SHIFTS = ((0.0, 0.02), (-0.06, 0.0), (0.06, 0.0), (0.0, -0.03))
_MAX_EXTRA_PRODUCTS = 3


class LocalImageGenerator:
    """No key, no network: `count` compositions, each variation with its own palette, layout and hero image."""

    name = "local"
    model = "pillow-compositor-1"

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        if request.aspect_ratio not in CANVAS_SIZES:
            raise ProviderError(f"the local generator has no canvas for aspect ratio {request.aspect_ratio!r}")
        if not request.product_images:
            raise ProviderError("no product image to compose")
        composition = Composition(
            product_images=tuple(request.product_images),
            references=tuple(request.references.items()),
            workflow=request.workflow,
            aspect_ratio=request.aspect_ratio,
            prompt=request.prompt,
        )
        images = []
        for index in range(request.count):
            # Decoding, cutting out, painting and encoding: one call in a worker process per image.
            images.append(await cpu.run(render_variation, composition, index))
            if progress is not None:
                await progress(round(100 * (index + 1) / request.count))
        return images


@dataclass(frozen=True)
class Composition:
    """What the images of one request are made from, as plain data a worker process can be sent."""

    product_images: tuple[bytes, ...]
    references: tuple[tuple[str, bytes], ...]  # moodboard, model_image, background_image
    workflow: str
    aspect_ratio: str
    prompt: str = ""


def render_variation(composition: Composition, index: int) -> bytes:
    """Variation `index` of the composition as PNG bytes: decode (kept for the next variation), compose, encode."""
    products, references = _decoded(composition)
    return compose(composition, products, references, index)


# The variations of one request usually reach the same worker one after the other: keep its decoded images.
# cachetools' caches are not thread-safe: the lock guards every use (renders run in threads of one process).
_DECODED: LRUCache[bytes, tuple[list[Image.Image], dict[str, Image.Image]]] = LRUCache(maxsize=2)
_DECODED_LOCK = threading.Lock()


def _decoded(composition: Composition) -> tuple[list[Image.Image], dict[str, Image.Image]]:
    digest = hashlib.sha256()
    for data in composition.product_images:
        digest.update(hashlib.sha256(data).digest())
    for name, data in composition.references:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = digest.digest()
    with _DECODED_LOCK:
        cached = _DECODED.get(key)
    if cached is not None:
        return cached
    products = _prepare_all(composition.product_images, "product image")
    references = {
        name: decode_image(data, what=f"the {name.replace('_', ' ')}") for name, data in composition.references
    }
    with _DECODED_LOCK:  # the images are only read from here on, so sharing them between calls is safe
        _DECODED[key] = (products, references)
    return products, references


def _prepare_all(images: Sequence[bytes], what: str) -> list[Image.Image]:
    prepared = []
    for position, data in enumerate(images):
        image = decode_image(data, what=f"{what} {position + 1}").convert("RGBA")
        image.thumbnail((1024, 1024), Image.Resampling.LANCZOS)
        prepared.append(_cut_out(image))
    return prepared


def compose(
    composition: Composition, products: list[Image.Image], references: dict[str, Image.Image], index: int
) -> bytes:
    """Variation `index` of the composition as PNG bytes, the same for the same inputs."""
    size = width, height = CANVAS_SIZES[composition.aspect_ratio]
    seed = hashlib.sha256(f"{composition.workflow}\0{composition.aspect_ratio}\0{composition.prompt}\0{index}".encode())
    for product in products:
        seed.update(product.tobytes()[:4096])
    rng = random.Random(seed.digest())
    source = references.get("moodboard") or products[index % len(products)]
    colours = _palette(source)
    tones = _tones(colours[index % len(colours)], colours[(index + 1) % len(colours)], index)

    paint = _SCENES.get(composition.workflow, _paint_studio)
    canvas = paint(size, tones, rng)
    if "background_image" in references:
        backdrop = ImageOps.fit(references["background_image"].convert("RGB"), (width, height))
        canvas = Image.blend(backdrop.filter(ImageFilter.GaussianBlur(3)), canvas, 0.18)

    left = 0.0
    if "model_image" in references:
        left = _place_card(canvas, references["model_image"], tones)
    hero = products[index % len(products)]
    others = [p for i, p in enumerate(products) if i != index % len(products)][:_MAX_EXTRA_PRODUCTS]
    wide = width > height
    # The hero in the middle of what is free; the other chosen images beside it (wide) or below it in a row.
    right = 0.74 if wide and others else 1.0
    bottom = 0.74 if not wide and others else 1.0
    shift = _HERO_SHIFTS[index % len(_HERO_SHIFTS)]
    centre = (left + (right - left) * (0.5 + shift[0]), bottom * (0.5 + shift[1]))
    room = min((right - left) * width, bottom * height) / min(size)
    _place(canvas, hero, centre, 0.72 * room, tones)
    span = (height if wide else (1 - left) * width) / (len(others) + 1) / min(size)  # room per extra image
    for slot, product in enumerate(others):
        step = (slot + 1) / (len(others) + 1)
        spot = (0.87, step) if wide else (left + (1 - left) * step, 0.87)
        _place(canvas, product, spot, min(0.2, 0.85 * span), tones)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass(frozen=True)
class _Tones:
    light: RGB
    mid: RGB
    deep: RGB
    accent: RGB


def _tones(base: RGB, accent: RGB, index: int) -> _Tones:
    h, s, _ = colorsys.rgb_to_hsv(*(c / 255 for c in base))
    ah, as_, _ = colorsys.rgb_to_hsv(*(c / 255 for c in accent))
    if s < 0.08:  # a grey product lends no hue: tint gently, differently per variation
        h, s = (index * 0.618) % 1.0, 0.16
    if as_ < 0.08:
        ah, as_ = (h + 0.5) % 1.0, 0.3

    return _Tones(
        light=tone(h, s * 0.25, 0.97),
        mid=tone(h, min(s * 0.55, 0.45), 0.85),
        deep=tone(h, min(s * 0.8 + 0.1, 0.65), 0.42),
        accent=tone(ah, min(max(as_, 0.35), 0.75), 0.82),
    )


def _gradient(size: tuple[int, int], start: RGB, end: RGB, angle: float = 0) -> Image.Image:
    mask = Image.linear_gradient("L")
    if angle:
        mask = mask.resize((364, 364)).rotate(angle, resample=Image.Resampling.BICUBIC).crop((54, 54, 310, 310))
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask.resize(size))


def _paint_studio(size: tuple[int, int], tones: _Tones, rng: random.Random) -> Image.Image:
    """A seamless paper sweep: light above, a soft floor below, a glow where the product stands."""
    width, height = size
    canvas = _gradient(size, tones.light, tones.mid)
    floor = Image.new("L", size, 0)
    ImageDraw.Draw(floor).rectangle((0, int(height * rng.uniform(0.66, 0.72)), width, height), fill=80)
    canvas = Image.composite(Image.new("RGB", size, tones.deep), canvas, floor.filter(ImageFilter.GaussianBlur(40)))
    glow = Image.new("L", size, 0)
    r = int(min(size) * 0.42)
    ImageDraw.Draw(glow).ellipse((width // 2 - r, height // 2 - r, width // 2 + r, height // 2 + r), fill=120)
    return Image.composite(Image.new("RGB", size, tones.light), canvas, glow.filter(ImageFilter.GaussianBlur(70)))


def _paint_lifestyle(size: tuple[int, int], tones: _Tones, rng: random.Random) -> Image.Image:
    """A warm room: window light falling across a wall, a table top, blurred highlights."""
    width, height = size
    canvas = _gradient(size, tones.light, tones.mid, angle=rng.uniform(20, 40))
    light = Image.new("L", size, 0)
    draw = ImageDraw.Draw(light)
    for _ in range(3):
        x = rng.randint(0, width)
        band = rng.randint(width // 12, width // 6)
        draw.polygon([(x, 0), (x + band, 0), (x + band - width // 3, height), (x - width // 3, height)], fill=90)
    canvas = Image.composite(
        Image.new("RGB", size, (255, 250, 240)), canvas, light.filter(ImageFilter.GaussianBlur(30))
    )
    table = int(height * rng.uniform(0.7, 0.76))
    ImageDraw.Draw(canvas).rectangle((0, table, width, height), fill=tones.deep)
    ImageDraw.Draw(canvas).line((0, table, width, table), fill=tones.accent, width=max(2, height // 200))
    _bokeh(canvas, tones.accent, rng, 0.6)
    return canvas


def _paint_ad(size: tuple[int, int], tones: _Tones, rng: random.Random) -> Image.Image:
    """Bold colour blocks: a diagonal split, a podium disc behind the product, a band for a headline."""
    width, height = size
    canvas = Image.new("RGB", size, tones.mid)
    cut = rng.uniform(0.35, 0.65)
    ImageDraw.Draw(canvas).polygon(
        [(int(width * cut), 0), (width, 0), (width, height), (int(width * (cut - 0.3)), height)], fill=tones.accent
    )
    r = int(min(size) * rng.uniform(0.3, 0.36))
    cx, cy = width // 2, int(height * 0.52)
    ImageDraw.Draw(canvas).ellipse((cx - r, cy - r, cx + r, cy + r), fill=tones.light)
    ImageDraw.Draw(canvas).rectangle((0, 0, width, int(height * 0.09)), fill=tones.deep)
    return canvas


_SCENES: dict[str, Callable[[tuple[int, int], _Tones, random.Random], Image.Image]] = {
    "studio": _paint_studio,
    "lifestyle": _paint_lifestyle,
    "ad": _paint_ad,
}


def _bokeh(canvas: Image.Image, colour: RGB, rng: random.Random, top: float) -> None:
    layer = Image.new("L", canvas.size, 0)
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(3, 6)):
        r = rng.randint(20, max(21, min(canvas.size) // 9))
        x, y = rng.randint(0, canvas.width), rng.randint(0, int(canvas.height * top))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(40, 90))
    canvas.paste(
        Image.composite(Image.new("RGB", canvas.size, colour), canvas, layer.filter(ImageFilter.GaussianBlur(16)))
    )


def _place(canvas: Image.Image, product: Image.Image, centre: tuple[float, float], scale: float, tones: _Tones) -> None:
    """Put `product` with its longest side `scale` of the canvas's shorter side, centred at `centre`, on a soft
    shadow; a photo that could not be cut out is shown as a card with rounded corners."""
    target = max(8, int(min(canvas.size) * scale))
    factor = target / max(product.size)
    size = (max(1, round(product.width * factor)), max(1, round(product.height * factor)))
    product = product.resize(size, Image.Resampling.LANCZOS)
    if product.getchannel("A").getextrema()[0] == 255:
        corners = Image.new("L", size, 0)
        ImageDraw.Draw(corners).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=size[0] // 14, fill=255)
        product.putalpha(corners)
    x = int(canvas.width * centre[0] - size[0] / 2)
    y = int(canvas.height * centre[1] - size[1] / 2)
    shadow = Image.new("L", canvas.size, 0)
    shadow.paste(product.getchannel("A").point(lambda v: v * 0.4), (x + size[0] // 30, y + size[1] // 25))
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(4, target // 24)))
    dark = (tones.deep[0] // 3, tones.deep[1] // 3, tones.deep[2] // 3)
    canvas.paste(Image.composite(Image.new("RGB", canvas.size, dark), canvas, shadow))
    canvas.paste(product, (x, y), product)


def _place_card(canvas: Image.Image, picture: Image.Image, tones: _Tones) -> float:
    """The model image as a rounded card on the left; returns where the rest of the scene starts (0-1)."""
    width, height = canvas.size
    box = (int(width * 0.4), int(height * 0.84))
    card = ImageOps.fit(picture.convert("RGB"), box)
    mask = Image.new("L", box, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, box[0] - 1, box[1] - 1), radius=min(box) // 12, fill=255)
    x, y = int(width * 0.04), (height - box[1]) // 2
    ImageDraw.Draw(canvas).rounded_rectangle(
        (x - 4, y - 4, x + box[0] + 4, y + box[1] + 4), radius=min(box) // 12, fill=tones.light
    )
    canvas.paste(card, (x, y), mask)
    return (x + box[0]) / width
