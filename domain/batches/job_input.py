"""A generation job's input as stored: `{...settings.input, product_images}`, with every image a stored asset
(`{key, source, id}`) rather than a URL, so a job (or its retry) never depends on a URL that expires. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.batches.image_choices import StoredImage
from domain.batches.workflows import PRODUCT_IMAGES, REFERENCE_ORDER
from domain.provenance import InputImage


@dataclass(frozen=True)
class JobInput:
    values: dict[str, str]  # the settings' choices and text: aspect_ratio, purpose, custom_instructions
    references: dict[str, StoredImage]  # the settings' images by role, in REFERENCE_ORDER
    product_images: list[StoredImage]  # this variant's choice, in the order chosen

    @classmethod
    def of(
        cls, values: Mapping[str, str], references: Mapping[str, StoredImage], product_images: list[StoredImage]
    ) -> JobInput:
        ordered = {role: references[role] for role in REFERENCE_ORDER if role in references}
        return cls(dict(values), ordered, list(product_images))

    def settings_json(self) -> dict[str, Any]:
        """The settings' part (what every job of a batch shares)."""
        return {**self.values, **{role: image.to_json() for role, image in self.references.items()}}

    def to_json(self) -> dict[str, Any]:
        return {**self.settings_json(), PRODUCT_IMAGES: [image.to_json() for image in self.product_images]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> JobInput:
        references = {
            role: StoredImage.from_json(data[role]) for role in REFERENCE_ORDER if isinstance(data.get(role), dict)
        }
        values = {k: str(v) for k, v in data.items() if k != PRODUCT_IMAGES and k not in references}
        return cls(values, references, [StoredImage.from_json(image) for image in data.get(PRODUCT_IMAGES) or []])

    def provenance_inputs(self) -> list[InputImage]:
        products = [InputImage("product", image.source, image.id, image.key) for image in self.product_images]
        others = [InputImage(role, image.source, image.id, image.key) for role, image in self.references.items()]
        return products + others
