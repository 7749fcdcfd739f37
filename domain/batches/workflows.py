"""The generation workflows the server knows (`schemaKey`), the fields each takes in `settings.input`, and the
prompt a workflow's settings make. Pure: checking an input names the offending field, and unknown keys are
refused rather than silently dropped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.batches.image_choices import MEDIA_PREFIX, ImageChoice, choose
from domain.errors import BadUserInput

ASPECT_RATIOS = ("1:1", "4:5", "3:4", "16:9", "9:16")
DEFAULT_ASPECT_RATIO = "1:1"
PRODUCT_IMAGES = "product_images"  # comes only from each variant's own choice, never from the settings


class FieldKind(StrEnum):
    CHOICE = "choice"  # one of `choices`
    TEXT = "text"  # free text of at most `max_length` characters
    IMAGE = "image"  # one of the workspace's uploads, by its URL


@dataclass(frozen=True)
class WorkflowField:
    name: str
    kind: FieldKind
    description: str
    choices: tuple[str, ...] = ()
    max_length: int = 0


FIELDS: dict[str, WorkflowField] = {
    field.name: field
    for field in (
        WorkflowField("aspect_ratio", FieldKind.CHOICE, "Shape of every output (default 1:1).", choices=ASPECT_RATIOS),
        WorkflowField("purpose", FieldKind.TEXT, "Where the image will be used, e.g. an Instagram ad.", max_length=200),
        WorkflowField("moodboard", FieldKind.IMAGE, "An upload whose colours and mood the scene should follow."),
        WorkflowField("model_image", FieldKind.IMAGE, "An upload of a person to show with the product."),
        WorkflowField("background_image", FieldKind.IMAGE, "An upload to use as the scene behind the product."),
        WorkflowField(
            "custom_instructions", FieldKind.TEXT, "Anything else the generator should know.", max_length=1000
        ),
    )
}


@dataclass(frozen=True)
class Workflow:
    key: str
    title: str
    description: str
    scene: str  # what the workflow asks of the generator, in words (the heart of its prompt)
    fields: tuple[str, ...]


WORKFLOWS: dict[str, Workflow] = {
    workflow.key: workflow
    for workflow in (
        Workflow(
            "studio",
            "Studio",
            "Clean product shots on a seamless studio backdrop.",
            "a clean professional studio product photo on a seamless backdrop with soft, even light and a gentle "
            "shadow",
            ("aspect_ratio", "background_image", "custom_instructions"),
        ),
        Workflow(
            "lifestyle",
            "Lifestyle",
            "The product in an everyday scene, optionally with a model or a mood to follow.",
            "a natural lifestyle photo of the product in use in a warm, lived-in everyday setting with daylight",
            ("aspect_ratio", "moodboard", "model_image", "background_image", "custom_instructions"),
        ),
        Workflow(
            "ad",
            "Ad creative",
            "A bold advertising visual with room for a headline, for the purpose you name.",
            "a bold advertising visual with strong colour blocks, the product as the hero and calm space for a "
            "headline",
            ("aspect_ratio", "purpose", "moodboard", "model_image", "custom_instructions"),
        ),
    )
}


@dataclass(frozen=True)
class SettingsDraft:
    """Checked settings: the workflow, how many images per job, its text and choice values, its chosen images."""

    workflow: Workflow
    number_of_variations: int
    values: dict[str, str]
    images: dict[str, ImageChoice]

    @property
    def aspect_ratio(self) -> str:
        return self.values.get("aspect_ratio", DEFAULT_ASPECT_RATIO)


MAX_VARIATIONS = 4


def check_settings(
    schema_key: object, number_of_variations: object, data: object, media_path: str = MEDIA_PREFIX
) -> SettingsDraft:
    """`settings` of createBatch: a known workflow, 1-4 variations, an input that fits the workflow's fields."""
    if not isinstance(schema_key, str) or schema_key not in WORKFLOWS:
        known = ", ".join(WORKFLOWS)
        raise BadUserInput(f"unknown workflow {schema_key!r}; the server knows: {known}", field="settings.schemaKey")
    workflow = WORKFLOWS[schema_key]
    count = check_variations(number_of_variations, field="settings.numberOfVariations")
    values, images = check_input(workflow, {} if data is None else data, media_path)
    return SettingsDraft(workflow, count, values, images)


def check_variations(count: object, *, field: str) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_VARIATIONS:
        raise BadUserInput(f"the number of variations must be between 1 and {MAX_VARIATIONS}", field=field)
    return count


def check_input(
    workflow: Workflow, data: object, media_path: str = MEDIA_PREFIX
) -> tuple[dict[str, str], dict[str, ImageChoice]]:
    if not isinstance(data, Mapping):
        raise BadUserInput("the input must be a JSON object of the workflow's fields", field="settings.input")
    values: dict[str, str] = {}
    images: dict[str, ImageChoice] = {}
    for name, value in data.items():
        field = f"settings.input.{name}"
        if name == PRODUCT_IMAGES:
            raise BadUserInput(
                "product_images comes from each variant's own choice (variants[].productImageUrls), not from the "
                "settings",
                field=field,
            )
        if name not in workflow.fields:
            raise BadUserInput(
                f"the {workflow.key} workflow has no field {name!r}; its fields: {', '.join(workflow.fields)}",
                field=field,
            )
        if value is None:
            continue
        spec = FIELDS[name]
        if spec.kind is FieldKind.IMAGE:
            what = f"one of your uploads as the {name.replace('_', ' ')}"
            images[name] = choose(value, field=field, what=what, media_path=media_path)
        elif spec.kind is FieldKind.CHOICE:
            if value not in spec.choices:
                raise BadUserInput(f"{name} must be one of {', '.join(spec.choices)}", field=field)
            values[name] = str(value)
        else:
            values[name] = _text(value, spec, field)
    return values, images


def _text(value: Any, spec: WorkflowField, field: str) -> str:
    if not isinstance(value, str):
        raise BadUserInput(f"{spec.name} must be text", field=field)
    text = value.strip()
    if len(text) > spec.max_length:
        raise BadUserInput(f"{spec.name} is longer than {spec.max_length} characters", field=field)
    if any(ord(c) < 0x20 and c not in "\t\n\r" for c in text):
        raise BadUserInput(f"{spec.name} contains control characters", field=field)
    return text


def generation_prompt(
    workflow: Workflow,
    values: Mapping[str, str],
    *,
    product: str,
    product_images: int,
    references: Sequence[str],
) -> str:
    """The prompt of one job: the workflow's scene, the settings' words, and what each input image is (product
    images first, then the references in the order given, as providers send them)."""
    lines = [
        f"Create {workflow.scene} for an online shop. The product is: {product}.",
        "Keep the product exactly as it appears in the product images: same shape, colours, labels and proportions.",
        f"Images 1 to {product_images} show the product." if product_images > 1 else "Image 1 shows the product.",
    ]
    for offset, role in enumerate(references, start=product_images + 1):
        lines.append(f"Image {offset} is the {_REFERENCE_USE[role]}.")
    lines.append(f"Aspect ratio {values.get('aspect_ratio', DEFAULT_ASPECT_RATIO)}.")
    if values.get("purpose"):
        lines.append(f"It is for: {values['purpose']}.")
    if values.get("custom_instructions"):
        lines.append(f"Also: {values['custom_instructions']}")
    lines.append("No added text, logos or watermarks.")
    return "\n".join(lines)


_REFERENCE_USE = {
    "moodboard": "moodboard: follow its colours, light and mood",
    "model_image": "model: show this person with the product",
    "background_image": "background: use it as the scene behind the product",
}
REFERENCE_ORDER = ("moodboard", "model_image", "background_image")
