"""AI-provider protocols (creative provider, image re-ranker), their value types, errors, image helpers."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PIL import Image

# Every background a provider returns is a square PNG of this side, whatever the upstream produced.
BACKGROUND_SIZE = 1024
# Read from the header before decoding, so a decompression bomb is refused cheaply (DESIGN: 40 MP).
MAX_INPUT_PIXELS = 40_000_000


@dataclass(frozen=True, slots=True)
class ProductBrief:
    """What a provider knows about the product: scraped fields, any of which but the title may be missing."""

    title: str
    description: str | None = None
    brand: str | None = None
    price: Decimal | None = None
    currency: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The copy of one creative, stored as `CtaInfo.suggestion` and shown to the merchant for editing."""

    headline: str
    subheadline: str
    call_to_action: str
    description: str

    def to_json(self) -> dict[str, str]:
        return {
            "headline": self.headline,
            "subheadline": self.subheadline,
            "callToAction": self.call_to_action,
            "description": self.description,
        }


@runtime_checkable
class CreativeProvider(Protocol):
    """Makes the copy and the background of one CTA variant; `variant_index` lets variants differ. The CTA's pair
    of capabilities (capabilities.py: CopyWriter and BackgroundPainter); the other features ask for theirs."""

    name: str

    async def generate_copy(self, brief: ProductBrief, variant_index: int) -> Suggestion: ...

    async def generate_background(self, brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
        """PNG bytes, BACKGROUND_SIZE x BACKGROUND_SIZE."""
        ...


@runtime_checkable
class ImageReranker(Protocol):
    """Reorders a product's ranked image candidates; on ProviderError the caller keeps its own ranking."""

    async def rerank(self, title: str, image_urls: list[str]) -> list[str]:
        """The same URLs (a permutation of `image_urls`), best first."""
        ...


class ProviderError(Exception):
    """A provider call failed. `transient` tells the caller whether trying again later may succeed."""

    transient: bool = False

    def __init__(self, message: str, *, transient: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if transient is not None:
            self.transient = transient


class ProviderRefused(ProviderError):
    """The model or its safety system declined the request; retrying the same input will not help."""


class MalformedOutput(ProviderError):
    """The provider answered, but not with what was asked (bad JSON, missing fields, undecodable image)."""


class ProviderRateLimited(ProviderError):
    """Rate limited (HTTP 429, not an exhausted quota); worth retrying later, which the task kernel does."""

    transient = True


class ProviderUnavailable(ProviderError):
    """The provider could not be reached, timed out or failed on its side (5xx); worth retrying later, which the task
    kernel does."""

    transient = True


def decode_image(data: bytes, *, what: str, error: type[ProviderError] = ProviderError) -> Image.Image:
    """Decode `data` (any format Pillow reads, first frame, EXIF-rotated) or raise `error` naming `what`."""
    # Pillow is imported by the code that handles images, not by every process that imports these types.
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_INPUT_PIXELS:
            raise error(f"{what} is too large ({width}x{height} pixels)")
        image.draft("RGB", (BACKGROUND_SIZE, BACKGROUND_SIZE))  # JPEG: decode at reduced scale, much faster
        image.load()
        return ImageOps.exif_transpose(image)
    except ProviderError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise error(f"{what} could not be decoded: {exc}") from exc


def encode_square_png(image: Image.Image, side: int = BACKGROUND_SIZE) -> bytes:
    """Centre-crop to a square, resize to `side` x `side` and encode as RGB PNG."""
    from PIL import Image, ImageOps

    square = ImageOps.fit(image.convert("RGB"), (side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    square.save(buffer, format="PNG")
    return buffer.getvalue()
