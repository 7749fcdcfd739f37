"""What the AI can do for Vitrine, one protocol per capability, so each feature asks for exactly what it uses
and a provider (local, openai) implements the capabilities it has.

| capability        | used by                         |
|-------------------|---------------------------------|
| CopyWriter        | CTA copy, listing copy          |
| BackgroundPainter | CTA backgrounds                 |
| Compositor        | preview renders (artwork on a product's print area) |
| ImageGenerator    | batch generation, listing images |
| ImageRanker       | product page image ranking      |

The listing plan asks for a ListingWriter (its copy: title, description, bullet points) and paints its image
with the BackgroundPainter (the product set in a scene).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from integrations.ai.base import ImageReranker, ProductBrief, Suggestion

Progress = Callable[[int], Awaitable[None]]  # 0-100, reported as the work goes


@dataclass(frozen=True, slots=True)
class PrintArea:
    """Where artwork goes on a product image, as fractions (0-1) of its width and height."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class GenerationRequest:
    """One generation job: its chosen product images and the workflow's settings."""

    product_images: Sequence[bytes]
    workflow: str  # e.g. studio, lifestyle, ad
    count: int  # how many images to make
    aspect_ratio: str = "1:1"
    brief: ProductBrief | None = None
    options: dict[str, str] = field(default_factory=dict)  # purpose, custom instructions, ...
    prompt: str = ""  # what the workflow asks for, in words (sent as is by providers that take a prompt)
    references: Mapping[str, bytes] = field(default_factory=dict)  # moodboard, model_image, background_image


@dataclass(frozen=True, slots=True)
class Recipe:
    """How a provider made an image, for its provenance: which provider and model, and the prompt it sent."""

    provider: str
    model: str | None
    prompt: str | None


@runtime_checkable
class CopyWriter(Protocol):
    async def generate_copy(self, brief: ProductBrief, variant_index: int) -> Suggestion: ...


@dataclass(frozen=True, slots=True)
class ListingCopy:
    """A store listing's text: a title, a paragraph, and a few short selling points."""

    title: str
    description: str
    bullet_points: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"title": self.title, "description": self.description, "bulletPoints": list(self.bullet_points)}


@runtime_checkable
class ListingWriter(Protocol):
    async def write_listing(self, brief: ProductBrief) -> ListingCopy: ...


@runtime_checkable
class BackgroundPainter(Protocol):
    async def generate_background(self, brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
        """PNG bytes, BACKGROUND_SIZE x BACKGROUND_SIZE."""
        ...


@runtime_checkable
class Compositor(Protocol):
    name: str  # the provider: recorded in every render's provenance

    def recipe(self, area: PrintArea) -> Recipe:
        """How `composite` makes its image for `area` (model and prompt), for the render's provenance."""
        ...

    async def composite(
        self, artwork: bytes, product_image: bytes, area: PrintArea, progress: Progress | None = None
    ) -> bytes:
        """PNG bytes of the product image with the artwork printed into `area`."""
        ...


@runtime_checkable
class ImageGenerator(Protocol):
    name: str  # the provider, and the model it generates with: recorded in every image's provenance
    model: str

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        """`request.count` PNG images."""
        ...


ImageRanker = ImageReranker

__all__ = [
    "BackgroundPainter",
    "Compositor",
    "CopyWriter",
    "GenerationRequest",
    "ImageGenerator",
    "ImageRanker",
    "ListingCopy",
    "ListingWriter",
    "PrintArea",
    "Progress",
    "Recipe",
]
