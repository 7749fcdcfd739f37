"""The local creative provider: templated copy and Pillow-rendered backgrounds, deterministic and offline."""

from __future__ import annotations

import colorsys
import hashlib
import html
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cachetools import LRUCache
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from integrations import cpu
from integrations.ai.base import BACKGROUND_SIZE, ProductBrief, Suggestion, decode_image, encode_square_png
from integrations.ai.capabilities import Recipe

RGB = tuple[int, int, int]
BACKGROUND_RENDERER = "pillow-background-1"  # the "model" a local background's provenance names

# Flood-filling the backdrop of a product photo is a Python-level loop; a small working copy keeps it fast.
_CUTOUT_WORK_SIDE = 192
_CUTOUT_SENTINEL: RGB = (255, 0, 254)

_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩", "CNY": "¥"}
_ZERO_DECIMAL_CURRENCIES = {"JPY", "KRW"}
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")  # noqa: RUF001 — en and em dashes are meant
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TAG = re.compile(r"<[^>]+>")


class LocalCreativeProvider:
    """No key, no network: the default provider, and the one tests and demos run on."""

    name = "local"

    async def generate_copy(self, brief: ProductBrief, variant_index: int) -> Suggestion:
        return write_copy(brief, variant_index)

    async def generate_background(self, brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
        # Rendering takes tens of milliseconds of CPU: off the event loop and its GIL (a worker process).
        return await cpu.run(render_background, brief, product_image, variant_index)

    def describe_background(self, brief: ProductBrief, variant_index: int) -> Recipe:
        """For the background's provenance: rendered by Pillow from the product photo, no prompt."""
        return Recipe(provider=self.name, model=BACKGROUND_RENDERER, prompt=None)


# --- copy ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    name: str  # the product's name without the brand or the shop's suffix
    full_name: str  # with the brand in front when there is one
    brand: str | None
    price: str | None
    summary: str | None  # the first sentence or two of the scraped description


def write_copy(brief: ProductBrief, variant_index: int) -> Suggestion:
    """Copy for one variant: each field rotates through its own templates, so neighbouring variants differ."""
    facts = _facts(brief)
    i = max(variant_index, 0)
    return Suggestion(
        headline=_pick(_HEADLINES, facts, i),
        subheadline=_pick(_SUBHEADLINES, facts, i),
        call_to_action=_pick(_CALLS_TO_ACTION, facts, i),
        description=_description(facts, i),
    )


# A template is a list of alternatives, best first; the first whose facts are all present is used, so a
# missing brand, price or description never leaves a hole or a dangling word in the sentence.
_Alternative = tuple[tuple[str, ...], Callable[[_Facts], str]]


def _pick(templates: list[list[_Alternative]], facts: _Facts, index: int) -> str:
    for needs, render in templates[index % len(templates)]:
        if all(getattr(facts, need) for need in needs):
            return render(facts)
    raise AssertionError("every template ends with an alternative that needs nothing")


_HEADLINES: list[list[_Alternative]] = [
    [((), lambda f: f.full_name)],
    [((), lambda f: f"Meet the {f.name}")],
    [((), lambda f: f"Your new favourite: the {f.name}")],
    [((), lambda f: f"The {f.name}, made for every day")],
    [
        (("brand",), lambda f: f"{f.brand} presents the {f.name}"),
        ((), lambda f: f"Say hello to the {f.name}"),
    ],
]

_SUBHEADLINES: list[list[_Alternative]] = [
    [
        (("brand", "price"), lambda f: f"{f.brand} quality for {f.price}"),
        (("price",), lambda f: f"All yours for {f.price}"),
        (("brand",), lambda f: f"Designed by {f.brand}"),
        ((), lambda f: "Designed to be used and loved"),
    ],
    [
        (("price",), lambda f: f"Now just {f.price}, while stock lasts"),
        ((), lambda f: "Made to last, chosen with care"),
    ],
    [
        (("brand",), lambda f: f"The {f.brand} piece everyone asks about"),
        ((), lambda f: "The piece everyone asks about"),
    ],
    [
        (("price",), lambda f: f"Treat yourself for {f.price}"),
        ((), lambda f: "Everything you want, nothing you don't"),
    ],
]

_CALLS_TO_ACTION: list[list[_Alternative]] = [
    [((), lambda f: "Shop now")],
    [((), lambda f: "Get yours")],
    [(("price",), lambda f: f"Buy now for {f.price}"), ((), lambda f: "Buy now")],
    [((), lambda f: "Order today")],
    [((), lambda f: "Discover more")],
    [((), lambda f: "Add to cart")],
]

_DESCRIPTION_FALLBACKS: list[Callable[[_Facts], str]] = [
    lambda f: f"The {f.name}{_by(f)} is picked for quality and made to be used every day.",
    lambda f: f"Looking for something that lasts? The {f.name}{_by(f)} is built for exactly that.",
    lambda f: f"Simple, well made and easy to love: the {f.name}{_by(f)}.",
]


def _by(facts: _Facts) -> str:
    return f" by {facts.brand}" if facts.brand else ""


def _description(facts: _Facts, index: int) -> str:
    if facts.summary:
        return facts.summary
    text = _DESCRIPTION_FALLBACKS[index % len(_DESCRIPTION_FALLBACKS)](facts)
    return f"{text} Now {facts.price}." if facts.price else text


def _facts(brief: ProductBrief) -> _Facts:
    brand = _clean(brief.brand) or None
    name = _product_name(_clean(brief.title), brand)
    full_name = f"{brand} {name}" if brand and brand.lower() not in name.lower() else name
    return _Facts(
        name=name,
        full_name=full_name,
        brand=brand,
        price=format_price(brief.price, brief.currency),
        summary=_summary(brief.description),
    )


def _clean(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _product_name(title: str, brand: str | None) -> str:
    """`Acme Linen Shirt - Blue | Acme Store` -> `Linen Shirt`: drop the shop suffix and the brand prefix."""
    if not title:
        return "product"
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if brand:
        parts = [p for p in parts if p.lower() != brand.lower()] or parts
    name = parts[0] if parts else title
    if brand and name.lower().startswith(brand.lower() + " ") and len(name) > len(brand) + 2:
        name = name[len(brand) + 1 :].strip()
    # Templates put "the" in front of the name; a title that already starts with an article would double it.
    name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.IGNORECASE) or name
    return _shorten(name, 60)


def _summary(description: str | None) -> str | None:
    text = _clean(description)
    if not text:
        return None
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        if summary and len(summary) + len(sentence) > 220:
            break
        summary = f"{summary} {sentence}".strip()
    return _shorten(summary, 240)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–")  # noqa: RUF001 — en dash is meant
    return f"{cut}…"


def format_price(price: Decimal | None, currency: str | None) -> str | None:
    """Decimal("49.90"), "EUR" → "€49.90"; round amounts lose their ".00"; no price or a zero price → None."""
    if price is None:
        return None
    try:
        amount = Decimal(price)
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount <= 0:
        return None
    code = (currency or "").strip().upper()
    if code in _ZERO_DECIMAL_CURRENCIES or amount == amount.to_integral_value():
        number = f"{amount:,.0f}"
    else:
        number = f"{amount:,.2f}"
    if code in _CURRENCY_SYMBOLS:
        return f"{_CURRENCY_SYMBOLS[code]}{number}"
    return f"{number} {code}" if code else number


# --- background -----------------------------------------------------------------------------------------


def render_background(brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
    """A 1024x1024 PNG: a backdrop in the product's own colours with the product composited on it.

    The layout cycles with the variant index and the palette rotates with it, so every variant looks
    different; the only randomness comes from a generator seeded by the inputs, so output is repeatable.
    """
    digest = hashlib.sha256(product_image).digest()
    product = _prepared_product(product_image, digest)
    palette = _palette(product)
    i = max(variant_index, 0)
    seed = hashlib.sha256(b"%s\0%s\0%d" % (brief.title.encode(), digest, i))
    rng = random.Random(seed.digest())

    layout = _LAYOUTS[i % len(_LAYOUTS)]
    base = palette[i % len(palette)]
    accent = palette[(i + 1) % len(palette)]
    # Beyond the first cycle of layouts, turn the hue so variant 4 is not variant 0 again.
    turn = (i // len(_LAYOUTS)) * 0.09
    scheme = _scheme(base, accent, turn, i)

    canvas = layout.paint(scheme, rng)
    _bokeh(canvas, scheme.accent, rng)
    _place_product(canvas, product, layout, scheme)

    return encode_square_png(canvas)


# cachetools' caches are not thread-safe: the lock guards every use (renders run in threads of one process).
_PREPARED: LRUCache[bytes, Image.Image] = LRUCache(maxsize=4)
_PREPARED_LOCK = threading.Lock()


def _prepared_product(data: bytes, digest: bytes) -> Image.Image:
    """The decoded, cut-out product. Variants of one product share its image and the cut-out is the slowest
    step, so the last few are kept, keyed by digest (not by the bytes, which may be megabytes each)."""
    with _PREPARED_LOCK:
        cached = _PREPARED.get(digest)
    if cached is not None:
        return cached.copy()
    product = _cut_out(_decode(data))
    with _PREPARED_LOCK:
        _PREPARED[digest] = product
    return product.copy()


def _decode(data: bytes) -> Image.Image:
    image = decode_image(data, what="the product image").convert("RGBA")
    image.thumbnail((BACKGROUND_SIZE, BACKGROUND_SIZE), Image.Resampling.LANCZOS)
    return image


def _cut_out(image: Image.Image) -> Image.Image:
    """Make a photo's plain backdrop transparent so the product sits on our scene, not in a box.

    Only a backdrop connected to the border is removed (flood fill from the corners), so light areas
    inside the product survive. A busy photo, whose corners disagree, is kept whole.
    """
    low, _ = image.getchannel("A").getextrema()
    if isinstance(low, int | float) and low < 250:
        return image  # already has transparency: trust it
    rgb = image.convert("RGB")
    small = rgb.copy()
    small.thumbnail((_CUTOUT_WORK_SIDE, _CUTOUT_WORK_SIDE))
    w, h = small.size
    corners = [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)]
    colours = [small.getpixel(c) for c in corners]
    reference = colours[0]
    assert isinstance(reference, tuple)
    if any(max(abs(a - b) for a, b in zip(c, reference, strict=True)) > 24 for c in colours if isinstance(c, tuple)):
        return image
    for corner in corners:
        if small.getpixel(corner) != _CUTOUT_SENTINEL:
            ImageDraw.floodfill(small, corner, _CUTOUT_SENTINEL, thresh=28)
    bands = ImageChops.difference(small, Image.new("RGB", small.size, _CUTOUT_SENTINEL)).split()
    mask = ImageChops.lighter(ImageChops.lighter(bands[0], bands[1]), bands[2]).point(lambda v: 255 if v else 0)
    kept = sum(mask.histogram()[255:]) / (w * h)
    if kept < 0.03 or kept > 0.97:
        return image  # nothing (or everything) would remain: not a product on a plain backdrop
    # Erode a little before feathering: the anti-aliased rim of the old backdrop would show as a halo.
    mask = mask.resize(image.size, Image.Resampling.BILINEAR).filter(ImageFilter.MinFilter(5))
    mask = mask.filter(ImageFilter.GaussianBlur(1.2))
    cut = image.copy()
    cut.putalpha(mask)
    bbox = mask.point(lambda v: 255 if v > 32 else 0).getbbox()
    return cut.crop(bbox) if bbox else cut


def _palette(product: Image.Image, size: int = 5) -> list[RGB]:
    """The product's dominant colours, most frequent first, ignoring transparent pixels."""
    small = product.copy()
    small.thumbnail((64, 64))
    pixels = [
        (p[0], p[1], p[2]) for p in small.convert("RGBA").get_flattened_data() if isinstance(p, tuple) and p[3] > 128
    ]
    if not pixels:
        return [(128, 128, 128)]
    strip = Image.new("RGB", (len(pixels), 1))
    strip.putdata(pixels)
    quantized = strip.quantize(colors=size, method=Image.Quantize.MEDIANCUT)
    counts = sorted(quantized.getcolors() or [], reverse=True)
    lut = quantized.getpalette() or []
    palette: list[RGB] = []
    for _, index in counts:
        assert isinstance(index, int)  # a "P" image's colours are palette indexes
        colour = (lut[3 * index], lut[3 * index + 1], lut[3 * index + 2])
        if colour not in palette:
            palette.append(colour)
    return palette or [(128, 128, 128)]


@dataclass(frozen=True)
class _Scheme:
    light: RGB
    mid: RGB
    deep: RGB
    accent: RGB


def tone(hue: float, sat: float, val: float) -> RGB:
    """An RGB colour from hue, saturation and value (0-1, clamped): how the painted scenes pick their tones."""
    r, g, b = colorsys.hsv_to_rgb(hue, min(max(sat, 0.0), 1.0), min(max(val, 0.0), 1.0))
    return round(r * 255), round(g * 255), round(b * 255)


def _scheme(base: RGB, accent: RGB, turn: float, index: int) -> _Scheme:
    """Backdrop tones from one product colour: pale enough for copy, saturated enough to feel branded."""
    h, s, _ = colorsys.rgb_to_hsv(*(c / 255 for c in base))
    ah, as_, _ = colorsys.rgb_to_hsv(*(c / 255 for c in accent))
    if s < 0.08:
        # A grey or white product has no hue to borrow; tint gently, differently per variant.
        h, s = (index * 0.618) % 1.0, 0.14
    if as_ < 0.08:
        ah, as_ = (h + 0.5) % 1.0, 0.25
    h, ah = (h + turn) % 1.0, (ah + turn) % 1.0

    return _Scheme(
        light=tone(h, s * 0.25, 0.97),
        mid=tone(h, min(s * 0.55, 0.45), 0.85),
        deep=tone(h, min(s * 0.8 + 0.1, 0.65), 0.45),
        accent=tone(ah, min(max(as_, 0.3), 0.7), 0.8),
    )


def _gradient(start: RGB, end: RGB, mask: Image.Image) -> Image.Image:
    size = (BACKGROUND_SIZE, BACKGROUND_SIZE)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask.resize(size))


@dataclass(frozen=True)
class _Layout:
    name: str
    paint: Callable[[_Scheme, random.Random], Image.Image]
    centre: tuple[float, float]  # where the product's centre goes, as fractions of the canvas
    scale: float  # the product's longest side, as a fraction of the canvas


def _paint_studio(scheme: _Scheme, rng: random.Random) -> Image.Image:
    canvas = _gradient(scheme.light, scheme.mid, Image.linear_gradient("L"))
    floor = Image.new("L", canvas.size, 0)
    top = int(BACKGROUND_SIZE * rng.uniform(0.68, 0.74))
    ImageDraw.Draw(floor).rectangle((0, top, BACKGROUND_SIZE, BACKGROUND_SIZE), fill=90)
    return Image.composite(
        Image.new("RGB", canvas.size, scheme.deep), canvas, floor.filter(ImageFilter.GaussianBlur(40))
    )


def _paint_diagonal(scheme: _Scheme, rng: random.Random) -> Image.Image:
    # Rotate a gradient 1.42 times the crop's side: its inscribed circle then covers the whole 256-pixel crop,
    # so no empty corner of the rotated square shows.
    big = Image.linear_gradient("L").resize((364, 364))
    mask = big.rotate(rng.uniform(30, 60), resample=Image.Resampling.BICUBIC)
    canvas = _gradient(scheme.light, scheme.accent, mask.crop((54, 54, 310, 310)))
    glow = Image.new("L", canvas.size, 0)
    radius = int(BACKGROUND_SIZE * rng.uniform(0.3, 0.38))
    cx, cy = int(BACKGROUND_SIZE * 0.6), int(BACKGROUND_SIZE * 0.55)
    ImageDraw.Draw(glow).ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=150)
    return Image.composite(
        Image.new("RGB", canvas.size, scheme.light), canvas, glow.filter(ImageFilter.GaussianBlur(60))
    )


def _paint_spotlight(scheme: _Scheme, rng: random.Random) -> Image.Image:
    radial = Image.radial_gradient("L")  # 0 in the centre, 255 at the edge
    zoom = rng.uniform(0.75, 0.9)
    side = int(256 * zoom)
    offset = (256 - side) // 2
    return _gradient(scheme.light, scheme.deep, radial.crop((offset, offset, offset + side, offset + side)))


def _paint_split(scheme: _Scheme, rng: random.Random) -> Image.Image:
    horizon = int(BACKGROUND_SIZE * rng.uniform(0.6, 0.66))
    canvas = Image.new("RGB", (BACKGROUND_SIZE, BACKGROUND_SIZE), scheme.mid)
    ImageDraw.Draw(canvas).rectangle((0, horizon, BACKGROUND_SIZE, BACKGROUND_SIZE), fill=scheme.accent)
    arch = Image.new("L", canvas.size, 0)
    r = int(BACKGROUND_SIZE * 0.3)
    cx = int(BACKGROUND_SIZE * 0.36)
    ImageDraw.Draw(arch).rounded_rectangle((cx - r, horizon - 2 * r, cx + r, horizon), radius=r, fill=255)
    canvas = Image.composite(Image.new("RGB", canvas.size, scheme.light), canvas, arch)
    return canvas.filter(ImageFilter.GaussianBlur(2))


_LAYOUTS = [
    _Layout("studio", _paint_studio, centre=(0.5, 0.5), scale=0.6),
    _Layout("diagonal", _paint_diagonal, centre=(0.6, 0.55), scale=0.55),
    _Layout("spotlight", _paint_spotlight, centre=(0.5, 0.47), scale=0.58),
    _Layout("split", _paint_split, centre=(0.36, 0.44), scale=0.5),
]


def _bokeh(canvas: Image.Image, colour: RGB, rng: random.Random) -> None:
    """A few soft, translucent discs: depth for the scene, and a seeded difference between variants."""
    layer = Image.new("L", canvas.size, 0)
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(3, 6)):
        r = rng.randint(30, 110)
        x, y = rng.randint(0, BACKGROUND_SIZE), rng.randint(0, int(BACKGROUND_SIZE * 0.6))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(40, 90))
    layer = layer.filter(ImageFilter.GaussianBlur(18))
    canvas.paste(Image.composite(Image.new("RGB", canvas.size, colour), canvas, layer))


def _place_product(canvas: Image.Image, product: Image.Image, layout: _Layout, scheme: _Scheme) -> None:
    target = int(BACKGROUND_SIZE * layout.scale)
    factor = target / max(product.size)
    size = (max(1, round(product.width * factor)), max(1, round(product.height * factor)))
    product = product.resize(size, Image.Resampling.LANCZOS)
    if product.getchannel("A").getextrema()[0] == 255:
        # A photo we could not cut out is shown as a card; rounded corners make that look intended.
        corners = Image.new("L", size, 0)
        ImageDraw.Draw(corners).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=size[0] // 14, fill=255)
        product.putalpha(corners)
    x = int(BACKGROUND_SIZE * layout.centre[0] - size[0] / 2)
    y = int(BACKGROUND_SIZE * layout.centre[1] - size[1] / 2)

    # Shadow: the product's silhouette, dropped and blurred, plus a contact ellipse where it stands.
    shadow = Image.new("L", canvas.size, 0)
    silhouette = product.getchannel("A").point(lambda v: v * 0.45)
    shadow.paste(silhouette, (x + size[0] // 30, y + size[1] // 25))
    contact = ImageDraw.Draw(shadow)
    bottom = y + size[1]
    contact.ellipse((x + size[0] * 0.1, bottom - 14, x + size[0] * 0.9, bottom + 14), fill=110)
    shadow = shadow.filter(ImageFilter.GaussianBlur(22))
    canvas.paste(Image.composite(Image.new("RGB", canvas.size, _darker(scheme.deep)), canvas, shadow))
    canvas.paste(product, (x, y), product)


def _darker(colour: RGB) -> RGB:
    r, g, b = colour
    return r // 3, g // 3, b // 3
