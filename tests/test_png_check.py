"""A PNG's image data is checked as it streams (chunks, CRCs, the zlib stream, every row's filter type, enough data
for every row of every Adam7 pass) instead of being decoded whole: the same verdicts as a decode, with one row's
worth of memory instead of the frame's (120 MB for a 39.9 MP RGB upload)."""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from domain.catalog.image_files import ImageRefused, check_png_data, png_rows

ROOT = Path(__file__).resolve().parent.parent


def chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def png(width: int, height: int, raw: bytes, *, colour: int = 2, interlace: int = 0, extra: bytes = b"") -> bytes:
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, colour, 0, 0, interlace])
    idat = zlib.compress(raw)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def adam7_rgb(width: int, height: int, pixels: bytes) -> bytes:
    """Interlaced image data (filter type 0 on every row) of RGB `pixels`, pass by pass (Pillow cannot write one)."""
    raw = bytearray()
    for x0, y0, dx, dy in (
        (0, 0, 8, 8),
        (4, 0, 8, 8),
        (0, 4, 4, 8),
        (2, 0, 4, 4),
        (0, 2, 2, 4),
        (1, 0, 2, 2),
        (0, 1, 1, 2),
    ):
        if width <= x0 or height <= y0:
            continue
        for y in range(y0, height, dy):
            raw += b"\x00"
            for x in range(x0, width, dx):
                raw += pixels[(y * width + x) * 3 : (y * width + x) * 3 + 3]
    return bytes(raw)


def decodes_with_pillow(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (OSError, SyntaxError, ValueError):
        return False
    return True


def verdict(tmp_path: Path, data: bytes) -> str | None:
    path = tmp_path / "check.png"
    path.write_bytes(data)
    try:
        check_png_data(path)
    except ImageRefused as refused:
        return refused.message
    return None


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"])
@pytest.mark.parametrize("size", [(1, 1), (7, 3), (33, 17), (301, 199)])
def test_every_kind_of_png_pillow_writes_is_accepted(tmp_path: Path, mode: str, size: tuple[int, int]) -> None:
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).convert("L" if mode == "I;16" else mode)
    buffer = io.BytesIO()
    (image.convert("I;16") if mode == "I;16" else image).save(buffer, format="PNG")
    assert verdict(tmp_path, buffer.getvalue()) is None


def test_an_interlaced_png_is_accepted_and_its_passes_are_counted(tmp_path: Path) -> None:
    width, height = 13, 11
    pixels = os.urandom(width * height * 3)
    interlaced = png(width, height, adam7_rgb(width, height, pixels), interlace=1)
    assert decodes_with_pillow(interlaced) and verdict(tmp_path, interlaced) is None
    with Image.open(io.BytesIO(interlaced)) as image:
        assert image.tobytes() == pixels  # the hand-made passes are what a decoder reads
    assert sum(stride * rows for stride, rows in png_rows(width, height, 24, True)) == len(
        adam7_rgb(width, height, pixels)
    )
    # The rows of a plain image under a header claiming Adam7: the passes' rows do not fit them.
    plain = b"".join(b"\x00" + pixels[y * width * 3 : (y + 1) * width * 3] for y in range(height))
    assert "could not be decoded" in (verdict(tmp_path, png(width, height, plain, interlace=1)) or "")


def test_damaged_image_data_is_refused(tmp_path: Path) -> None:
    width, height = 40, 30
    rows = [b"\x01" + os.urandom(width * 3) for _ in range(height)]
    good = png(width, height, b"".join(rows))
    assert verdict(tmp_path, good) is None and decodes_with_pillow(good)

    bad_filter = png(width, height, b"".join([*rows[:17], b"\x05" + rows[17][1:], *rows[18:]]))
    assert verdict(tmp_path, bad_filter) == "the image could not be decoded (a row with an unknown filter type)"
    assert not decodes_with_pillow(bad_filter)

    short = png(width, height, b"".join(rows[:-1]))  # a whole zlib stream, one row short (Pillow lets it pass)
    assert verdict(tmp_path, short) == "the image could not be decoded (image file is truncated)"

    idat_at = good.index(b"IDAT")
    flipped = bytearray(good)
    flipped[idat_at + 20] ^= 0x10
    assert "could not be decoded" in (verdict(tmp_path, bytes(flipped)) or "")  # zlib error or IDAT checksum

    palette_without_plte = png(width, height, b"".join(b"\x00" + bytes(width) for _ in range(height)), colour=3)
    assert "without its palette" in (verdict(tmp_path, palette_without_plte) or "")

    bad_depth = bytearray(good)
    bad_depth[24] = 4  # RGB at 4 bits is not a PNG type (the header's CRC fixed to match)
    bad_depth[29:33] = zlib.crc32(bytes(bad_depth[12:29])).to_bytes(4, "big")
    assert "unsupported PNG" in (verdict(tmp_path, bytes(bad_depth)) or "")


def test_a_cut_anywhere_in_the_image_data_is_refused(tmp_path: Path) -> None:
    data = png(64, 48, b"".join(b"\x00" + os.urandom(64 * 3) for _ in range(48)))
    end_of_idat = data.index(b"IEND") - 4  # the IDAT chunk's CRC ends here
    for cut in range(33, end_of_idat, 7):
        assert verdict(tmp_path, data[:cut]) is not None, cut
    assert verdict(tmp_path, data[:end_of_idat]) is None  # without IEND: every row is there, as decoders accept


MEASURE = """
import sys
from pathlib import Path
from domain.catalog.image_files import inspect_image
from PIL import Image, PngImagePlugin  # noqa: F401  (imported by the check on first use: not its memory)

def peak_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])

before = peak_kb()
info = inspect_image(Path(sys.argv[1]), max_pixels=40_000_000)
print(info.width, info.height, peak_kb() - before)
"""


def test_a_large_png_is_checked_in_little_memory(tmp_path: Path) -> None:
    # In a process of its own, whose peak resident set (VmHWM) is read before and after the check: decoding this
    # 10 MP RGB image whole would add 30 MB to it.
    width, height = 4000, 2500
    row = b"\x00" + bytes(range(256)) * math.ceil(width * 3 / 256)
    path = tmp_path / "large.png"
    path.write_bytes(png(width, height, row[: 1 + width * 3] * height))
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert output[:2] == [str(width), str(height)]
    assert int(output[2]) < 8 * 1024, f"checking a 10 MP PNG raised the peak by {int(output[2]) / 1024:.1f} MB"
