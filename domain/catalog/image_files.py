"""What an image file really is: its type sniffed from the bytes, its size read from the header before any decoding
(so a decompression bomb is refused for the price of a few reads), then one decode of the first frame -- for a PNG,
a check of its whole image data as it streams, which finds the same damage without holding the frame."""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# The types we store, sniffed from magic bytes: never the file name or the client's content type.
PNG, JPEG, WEBP, GIF = "image/png", "image/jpeg", "image/webp", "image/gif"
EXTENSIONS = {PNG: "png", JPEG: "jpg", WEBP: "webp", GIF: "gif"}
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP", GIF: "GIF"}
SNIFF_BYTES = 16
ACCEPTED = "PNG, JPEG, WebP or GIF"
# JPEG headers may sit behind large APP segments (EXIF, ICC); give up on a file that hides its size further in.
_MAX_JPEG_MARKERS = 256


class ImageRefused(ValueError):
    """Not an image we store; the message says why in words a merchant can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImageInfo:
    content_type: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def pixels(self) -> int:
        return self.width * self.height


def sniff(head: bytes) -> str | None:
    """The type the first bytes say (PNG, JPEG, WebP, GIF), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    return None


def read_dimensions(content_type: str, stream: BinaryIO) -> tuple[int, int]:
    """(width, height) from the header of an image of `content_type`, reading only as far as the header; the first
    frame (or, for animations, the canvas every frame fits in). ImageRefused when the header is not readable."""
    stream.seek(0)
    try:
        if content_type == PNG:
            return _png(stream)
        if content_type == GIF:
            return _gif(stream)
        if content_type == WEBP:
            return _webp(stream)
        if content_type == JPEG:
            return _jpeg(stream)
    except (struct.error, EOFError):
        pass
    else:
        raise ValueError(f"no header reader for {content_type}")
    raise ImageRefused("the image header is damaged or cut short")


def _read(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


def _png(stream: BinaryIO) -> tuple[int, int]:
    head = _read(stream, 24)
    if head[12:16] != b"IHDR":
        raise EOFError  # the first chunk must be IHDR
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _gif(stream: BinaryIO) -> tuple[int, int]:
    width, height = struct.unpack("<HH", _read(stream, 10)[6:10])  # the logical screen
    return width, height


def _webp(stream: BinaryIO) -> tuple[int, int]:
    head = _read(stream, 30)
    chunk, data = head[12:16], head[20:30]
    if chunk == b"VP8 ":  # lossy: a key frame's start code, then 14-bit dimensions
        if data[3:6] != b"\x9d\x01\x2a":
            raise EOFError
        width, height = struct.unpack("<HH", data[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":  # lossless: signature byte, then 14 bits each of width-1 and height-1
        if data[0] != 0x2F:
            raise EOFError
        bits = int.from_bytes(data[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended (alpha, animation): the canvas, 24 bits each of width-1 and height-1
        return int.from_bytes(data[4:7], "little") + 1, int.from_bytes(data[7:10], "little") + 1
    raise EOFError


def _jpeg(stream: BinaryIO) -> tuple[int, int]:
    _read(stream, 2)  # SOI
    for _ in range(_MAX_JPEG_MARKERS):
        byte = _read(stream, 1)
        if byte != b"\xff":
            raise EOFError
        marker = _read(stream, 1)[0]
        while marker == 0xFF:  # fill bytes
            marker = _read(stream, 1)[0]
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before them
            raise EOFError
        (length,) = struct.unpack(">H", _read(stream, 2))
        if length < 2:
            raise EOFError
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start-of-frame header
            _, height, width = struct.unpack(">BHH", _read(stream, 5))
            if height == 0:
                raise EOFError  # height given later (DNL): too rare to be worth the risk
            return width, height
        stream.seek(length - 2, 1)
    raise EOFError


def inspect_image(source: Path | bytes, *, max_pixels: int) -> ImageInfo:
    """Check the file at `source` (a path, or the bytes themselves) is a whole PNG, JPEG, WebP or GIF of at most
    `max_pixels` (first frame) and say what it is. The type and size come from the header; only then is the
    first frame decoded, which refuses truncated and corrupt files. Blocking: run it in a worker thread."""
    with open_source(source) as stream:
        content_type = sniff(stream.read(SNIFF_BYTES))
        if content_type is None:
            raise ImageRefused(f"the file is not a {ACCEPTED} image")
        width, height = read_dimensions(content_type, stream)
    check_pixels(width, height, max_pixels)
    _decode_first_frame(source, content_type, max_pixels)
    return ImageInfo(content_type, width, height)


def open_source(source: Path | bytes) -> BinaryIO:
    """A binary stream over a file's path or over bytes held in memory (an object store's staged upload)."""
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


def check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width < 1 or height < 1:
        raise ImageRefused(f"the image header gives an empty size ({width}x{height})")
    if width * height > max_pixels:
        megapixels = width * height / 1_000_000
        raise ImageRefused(
            f"the image is {width}x{height} pixels ({megapixels:.0f} MP); at most {max_pixels / 1_000_000:g} MP "
            "are allowed"
        )


def _decode_first_frame(source: Path | bytes, content_type: str, max_pixels: int) -> None:
    # Pillow is imported where an upload is decoded: the processes that only declare tasks (the scheduler) skip it.
    from PIL import Image, ImageFile, UnidentifiedImageError

    # LOAD_TRUNCATED_IMAGES is process-wide; a cut-short file must fail here whatever it is set to elsewhere.
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is on: truncated uploads would be accepted")
    try:
        with open_source(source) as stream, Image.open(stream, formats=[_PILLOW_FORMATS[content_type]]) as image:
            width, height = image.size  # Pillow's own reading of the header (GIF: may grow to the first frame)
            check_pixels(width, height, max_pixels)
            if content_type == PNG:
                check_png_data(source)  # every byte inflated and checked, in ~1 MB instead of the whole frame
                return
            if content_type == JPEG:
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))  # every byte still decoded, 1/64 memory
            image.load()
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageRefused(f"the image could not be decoded ({exc})") from exc


# --- PNG: the image data checked as it streams ---------------------------------------------------------------
# Pillow's load() holds the whole frame (3 bytes a pixel for RGB: 120 MB at 39.9 MP) just to find out whether
# the data is whole; this reads the same things -- chunk lengths and CRCs, the zlib stream, every row's filter
# type, enough bytes for every row of every Adam7 pass -- with one read buffer and one inflated piece in memory.

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}  # colour type -> bit depths
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
_READ = 64 * 1024
_INFLATE = 256 * 1024
_MAX_CHUNK = 2**31 - 1


def png_rows(width: int, height: int, bits_per_pixel: int, interlaced: bool) -> list[tuple[int, int]]:
    """(bytes per row including its filter byte, number of rows) for each pass of the image data, in order."""
    passes = _ADAM7 if interlaced else ((0, 0, 1, 1),)
    rows = []
    for x0, y0, dx, dy in passes:
        pass_width = math.ceil((width - x0) / dx) if width > x0 else 0
        pass_height = math.ceil((height - y0) / dy) if height > y0 else 0
        if pass_width and pass_height:
            rows.append((1 + math.ceil(pass_width * bits_per_pixel / 8), pass_height))
    return rows


def check_png_data(source: Path | bytes) -> None:
    """ImageRefused unless the PNG at `source` (a path or bytes) holds whole, well-formed image data for its
    header's size and type: chunks complete with matching CRCs up to the end of the image data, a PLTE before it
    for a palette image, one zlib stream inflating to the bytes of all rows (anything after them is ignored, as
    decoders do), and a valid filter type (0-4) at the start of every row. What follows the image data (IEND) is
    not needed."""
    with open_source(source) as stream:
        if stream.read(8) != _PNG_SIGNATURE:
            raise ImageRefused("the image could not be decoded (no PNG signature)")
        chunks = _png_chunk_pieces(stream)
        kind, header = next(chunks, (b"", b""))
        if kind != b"IHDR" or len(header) != 13:
            raise ImageRefused("the image could not be decoded (the PNG does not start with its header)")
        width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", header)
        if depth not in _PNG_DEPTHS.get(colour, ()) or compression or filtering or interlace not in (0, 1):
            raise ImageRefused(f"the image could not be decoded (unsupported PNG: colour type {colour}, depth {depth})")
        rows = _PngRows(png_rows(width, height, _PNG_CHANNELS[colour] * depth, interlace == 1))
        palette = False
        for kind, piece in chunks:
            if kind == b"IDAT":
                if colour == 3 and not palette:
                    raise ImageRefused("the image could not be decoded (a palette image without its palette)")
                if rows.feed(piece):
                    return
            elif rows.started or kind == b"IEND":
                break  # the image data ended before every row was there
            elif kind == b"PLTE":
                palette = True
        raise ImageRefused("the image could not be decoded (image file is truncated)")


def _png_chunk_pieces(stream: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    """(chunk type, a piece of its data of at most _READ bytes) as the file is read; a chunk without data is one
    empty piece. A chunk's CRC is checked after its last piece, before the next chunk's first."""
    while head := stream.read(8):
        if len(head) < 8:
            raise ImageRefused("the image could not be decoded (image file is truncated)")
        length, kind = struct.unpack(">I4s", head)
        if length > _MAX_CHUNK or not kind.isalpha():
            raise ImageRefused("the image could not be decoded (a damaged PNG chunk)")
        crc = zlib.crc32(kind)
        remaining = length
        while True:
            piece = stream.read(min(remaining, _READ))
            if len(piece) < min(remaining, _READ):
                raise ImageRefused("the image could not be decoded (image file is truncated)")
            crc = zlib.crc32(piece, crc)
            remaining -= len(piece)
            if remaining == 0:
                break
            yield kind, piece
        tail = stream.read(4)
        if len(tail) < 4:
            raise ImageRefused("the image could not be decoded (image file is truncated)")
        if int.from_bytes(tail, "big") != crc:
            raise ImageRefused(f"the image could not be decoded (bad checksum in {kind.decode('ascii')})")
        yield kind, piece


class _PngRows:
    """Inflates the image data piece by piece, checking every row's filter type, until all rows are there."""

    def __init__(self, passes: list[tuple[int, int]]) -> None:
        # Each pass as (offset of its first row in the inflated data, bytes per row, rows).
        self.passes: list[tuple[int, int, int]] = []
        offset = 0
        for stride, count in passes:
            self.passes.append((offset, stride, count))
            offset += stride * count
        self.expected = offset
        self.inflated = 0
        self.started = False
        self.inflater = zlib.decompressobj()

    def feed(self, data: bytes) -> bool:
        """True once every row has been inflated and checked."""
        self.started = True
        while data and self.inflated < self.expected:
            try:
                out = self.inflater.decompress(data, min(_INFLATE, self.expected - self.inflated))
            except zlib.error as exc:
                raise ImageRefused(f"the image could not be decoded (damaged image data: {exc})") from None
            data = self.inflater.unconsumed_tail
            self._check_filters(self.inflated, out)
            self.inflated += len(out)
            if self.inflater.eof:
                break
        return self.inflated >= self.expected

    def _check_filters(self, start: int, out: bytes) -> None:
        end = start + len(out)
        for first, stride, count in self.passes:
            last = first + stride * count
            if last <= start or first >= end:
                continue
            row_start = first + max(0, math.ceil((start - first) / stride)) * stride
            filters = out[row_start - start : min(end, last) - start : stride]
            if filters and max(filters) > 4:
                raise ImageRefused("the image could not be decoded (a row with an unknown filter type)")
