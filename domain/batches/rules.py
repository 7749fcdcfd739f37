"""The rules of a batch's input, checked whole before anything is read or written: a name, 1-100 distinct
variants with 1-4 chosen images each, and settings that fit their workflow. Plus the credits estimate. Pure."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.batches.image_choices import MEDIA_PREFIX, ImageChoice, choose
from domain.batches.workflows import SettingsDraft, check_settings, check_variations
from domain.errors import BadUserInput, NotFound

MAX_VARIANTS = 100
MAX_IMAGES = 4
NAME_MAX = 200


@dataclass(frozen=True)
class BatchVariantInput:
    variant_id: str
    product_image_urls: Sequence[str]


@dataclass(frozen=True)
class BatchSettingsInput:
    schema_key: str
    number_of_variations: int
    input: Any = None  # JSON: the workflow's fields


@dataclass(frozen=True)
class BatchInput:
    name: str | None
    variants: Sequence[BatchVariantInput]
    settings: BatchSettingsInput


@dataclass(frozen=True)
class VariantChoice:
    variant_id: uuid.UUID
    images: tuple[ImageChoice, ...]
    field: str  # variants[3]


@dataclass(frozen=True)
class BatchDraft:
    name: str | None  # None: the default name, made when the batch is written
    variants: tuple[VariantChoice, ...]
    settings: SettingsDraft

    @property
    def credits(self) -> int:
        return estimate_credits(len(self.variants), self.settings.number_of_variations)

    def image_choices(self) -> list[ImageChoice]:
        return [image for variant in self.variants for image in variant.images] + list(self.settings.images.values())


def check_batch_input(data: BatchInput, media_path: str = MEDIA_PREFIX) -> BatchDraft:
    """The request checked; image URLs are matched to keys where the media store's URLs put them (`media_path`)."""
    name = check_name(data.name)
    if not data.variants:
        raise BadUserInput("choose at least one variant", field="variants")
    if len(data.variants) > MAX_VARIANTS:
        raise BadUserInput(f"at most {MAX_VARIANTS} variants per batch (got {len(data.variants)})", field="variants")
    seen: dict[uuid.UUID, int] = {}
    variants = []
    for index, variant in enumerate(data.variants):
        field = f"variants[{index}]"
        variant_id = _variant_id(variant.variant_id, f"{field}.variantId")
        if variant_id in seen:
            raise BadUserInput(
                f"the same variant as variants[{seen[variant_id]}]: each variant once per batch",
                field=f"{field}.variantId",
            )
        seen[variant_id] = index
        variants.append(VariantChoice(variant_id, _images(variant.product_image_urls, field, media_path), field))
    settings = check_settings(
        data.settings.schema_key, data.settings.number_of_variations, data.settings.input, media_path
    )
    return BatchDraft(name, tuple(variants), settings)


def check_name(name: str | None) -> str | None:
    text = (name or "").strip()
    if not text:
        return None
    if len(text) > NAME_MAX:
        raise BadUserInput(f"the name is longer than {NAME_MAX} characters", field="name")
    if any(ord(c) < 0x20 for c in text):
        raise BadUserInput("the name contains control characters", field="name")
    return text


def default_batch_name(user_name: str, now: datetime) -> str:
    return f"{user_name}-Batch-{now:%Y-%m-%d %H:%M}"


def _variant_id(value: object, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound(f"Variant {value} does not exist.", field=field) from None


def _images(urls: Sequence[str], field: str, media_path: str) -> tuple[ImageChoice, ...]:
    if not urls:
        raise BadUserInput("choose at least one image for this variant", field=f"{field}.productImageUrls")
    if len(urls) > MAX_IMAGES:
        raise BadUserInput(
            f"at most {MAX_IMAGES} images per variant (got {len(urls)})", field=f"{field}.productImageUrls"
        )
    chosen: list[ImageChoice] = []
    for index, url in enumerate(urls):
        image = choose(
            url,
            field=f"{field}.productImageUrls[{index}]",
            what="one of this variant's candidate images",
            media_path=media_path,
        )
        twin = next((i for i, earlier in enumerate(chosen) if earlier.key == image.key), None)
        if twin is not None:
            raise BadUserInput(f"the same image as productImageUrls[{twin}]", field=image.field)
        chosen.append(image)
    return tuple(chosen)


def estimate_credits(variant_count: object, number_of_variations: object) -> int:
    """One credit per generated image: variants x variations."""
    if not isinstance(variant_count, int) or isinstance(variant_count, bool) or not 1 <= variant_count <= MAX_VARIANTS:
        raise BadUserInput(f"the variant count must be between 1 and {MAX_VARIANTS}", field="variantCount")
    count = check_variations(number_of_variations, field="numberOfVariations")
    return variant_count * count
