"""The image work around the OpenAI image API: inputs made into uploads, base64 answers into our PNGs.

Pure Pillow, no SDK, so each function runs in a worker process of integrations/cpu.py (bytes or text in, PNG
bytes out) and a worker never imports the openai package."""

from __future__ import annotations

import base64
import binascii
import io

from PIL import Image, ImageOps

from integrations.ai.base import MalformedOutput, decode_image, encode_square_png

# Sent to the edit endpoint: large enough for detail, small enough to upload fast.
UPLOAD_SIDE = 1024
# The output sizes GPT image models offer, by the product photo's shape.
LANDSCAPE, PORTRAIT, SQUARE = "1536x1024", "1024x1536", "1024x1024"


def output_size(width: int, height: int) -> str:
    ratio = width / height
    if ratio >= 1.25:
        return LANDSCAPE
    if ratio <= 0.8:
        return PORTRAIT
    return SQUARE


def upload_png(data: bytes, what: str = "the product image") -> bytes:
    """An input image as a PNG of at most UPLOAD_SIDE px a side (transparency kept): what the edit endpoint takes."""
    image = decode_image(data, what=what)
    image = image.convert("RGBA") if image.mode in ("RGBA", "LA", "P", "PA") else image.convert("RGB")
    image.thumbnail((UPLOAD_SIDE, UPLOAD_SIDE), Image.Resampling.LANCZOS)
    return _png(image)


def product_upload(data: bytes) -> tuple[bytes, str]:
    """The product photo for a preview (RGB, at most UPLOAD_SIDE a side) and the output size its shape asks for."""
    image = decode_image(data, what="the product image").convert("RGB")
    size = output_size(*image.size)
    image.thumbnail((UPLOAD_SIDE, UPLOAD_SIDE), Image.Resampling.LANCZOS)
    return _png(image), size


def square_png(encoded: str) -> bytes:
    """A background answer: BACKGROUND_SIZE square RGB PNG."""
    return encode_square_png(_decoded(encoded, "image"))


def fitted_png(encoded: str, size: tuple[int, int]) -> bytes:
    """A generated image cropped and scaled to exactly `size`."""
    return _png(ImageOps.fit(_decoded(encoded, "image").convert("RGB"), size, Image.Resampling.LANCZOS))


def preview_png(encoded: str) -> bytes:
    """A preview answer as an RGB PNG, at the size it came."""
    return _png(_decoded(encoded, "preview").convert("RGB"))


def _decoded(encoded: str, noun: str) -> Image.Image:
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedOutput(f"OpenAI's {noun} is not valid base64: {exc}") from exc
    return decode_image(raw, what=f"OpenAI's {noun}", error=MalformedOutput)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
