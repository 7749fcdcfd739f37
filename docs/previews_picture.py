"""Draws docs/previews.png: one work printed by the local compositor on a tote and a T-shirt, two colours each.

    .venv/bin/python docs/previews_picture.py

The product photos and the artwork are procedural (tests/mockups.py), so the picture is reproducible offline.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from integrations.ai.capabilities import PrintArea
from integrations.ai.local_compositor import composite_print
from tests.mockups import Mockup, artwork, tote, tshirt

TILE = 300
CAPTION = 34
OUT = Path(__file__).resolve().parent / "previews.png"


def _tile(png: bytes, caption: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    image.thumbnail((TILE, TILE), Image.Resampling.LANCZOS)
    tile = Image.new("RGB", (TILE, TILE + CAPTION), (255, 255, 255))
    backdrop = Image.new("RGBA", image.size, (238, 236, 232, 255))  # the artwork's transparency on the backdrop
    tile.paste(Image.alpha_composite(backdrop, image).convert("RGB"), ((TILE - image.width) // 2, 0))
    draw = ImageDraw.Draw(tile)
    width = draw.textlength(caption, font=font)
    draw.text(((TILE - width) / 2, TILE + 7), caption, fill=(40, 40, 40), font=font)
    return tile


def main() -> None:
    font = ImageFont.load_default(size=18)
    art = artwork()
    products: list[tuple[Mockup, str]] = [
        (tote((226, 214, 190)), "tote, natural"),
        (tote((40, 52, 88)), "tote, navy"),
        (tshirt((250, 250, 248)), "T-shirt, white"),
        (tshirt((178, 34, 52)), "T-shirt, red"),
    ]
    tiles = [_tile(art, "the work (artwork)", font)]
    tiles += [_tile(composite_print(art, m.png, PrintArea(**m.print_area)), caption, font) for m, caption in products]
    tiles.insert(3, _tile(products[2][0].png, "T-shirt before", font))
    grid = Image.new("RGB", (3 * TILE, 2 * (TILE + CAPTION)), (255, 255, 255))
    for index, tile in enumerate(tiles):
        grid.paste(tile, ((index % 3) * TILE, (index // 3) * (TILE + CAPTION)))
    grid.save(OUT, format="PNG", optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
