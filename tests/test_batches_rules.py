"""The pure rules of batches, without a database: media URLs back to keys, the input checks and the fields they
name, the workflows' fields, the credits estimate, a batch's status from its job counts, the prompt."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.batches.image_choices import media_key_of
from domain.batches.rules import (
    MAX_IMAGES,
    MAX_VARIANTS,
    BatchInput,
    BatchSettingsInput,
    BatchVariantInput,
    check_batch_input,
    estimate_credits,
)
from domain.batches.statuses import BatchStatus, JobCounts
from domain.batches.workflows import ASPECT_RATIOS, FIELDS, WORKFLOWS, FieldKind, check_settings, generation_prompt
from domain.errors import BadUserInput, DomainError
from integrations.media import LocalMediaStorage

STORAGE = LocalMediaStorage(Path("/nonexistent"), b"secret", timedelta(hours=1))
segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
keys = st.lists(segment, min_size=1, max_size=4).map("/".join).map(lambda k: f"{k}.png")


@given(keys, st.sampled_from(["", "http://127.0.0.1:8000", "https://app.shop.example"]))
def test_a_signed_url_names_its_key_whatever_its_origin_or_signature(key: str, origin: str) -> None:
    url = origin + STORAGE.signed_url(key)
    assert media_key_of(url) == key
    assert media_key_of(url.split("?")[0] + "?expires=1&signature=forged") == key


@pytest.mark.parametrize(
    "url",
    ["https://shop.example/tote.png", "/static/x.png", "/media/", "/media/../secret.png", "/media/a//b.png", "", "  "],
)
def test_anything_else_names_no_key(url: str) -> None:
    assert media_key_of(url) is None


def draft_input(variants: list[list[str]] | None = None, **settings: Any) -> BatchInput:
    chosen = variants if variants is not None else [["/media/a.png"]]
    values = {"schema_key": "studio", "number_of_variations": 1, "input": None, **settings}
    return BatchInput(
        name=None,
        variants=[BatchVariantInput(str(uuid.uuid4()), urls) for urls in chosen],
        settings=BatchSettingsInput(**values),
    )


def field_of(data: BatchInput) -> tuple[str, str | None]:
    with pytest.raises(DomainError) as refused:
        check_batch_input(data)
    return refused.value.code, refused.value.field


@given(st.integers(1, MAX_VARIANTS), st.integers(1, MAX_IMAGES), st.data())
def test_the_first_bad_image_is_named_by_variant_and_position(variants: int, images: int, data: st.DataObject) -> None:
    chosen = [[f"/media/v{v}/i{i}.png" for i in range(images)] for v in range(variants)]
    bad_variant = data.draw(st.integers(0, variants - 1))
    bad_image = data.draw(st.integers(0, images - 1))
    chosen[bad_variant][bad_image] = "https://made-up.example/image.png"
    assert field_of(draft_input(chosen)) == (
        "BAD_USER_INPUT",
        f"variants[{bad_variant}].productImageUrls[{bad_image}]",
    )
    chosen[bad_variant][bad_image] = f"/media/v{bad_variant}/other.png"
    draft = check_batch_input(draft_input(chosen))
    assert draft.credits == variants and len(draft.image_choices()) == variants * images


def test_counts_and_repeats_are_refused() -> None:
    assert field_of(draft_input([])) == ("BAD_USER_INPUT", "variants")
    assert field_of(draft_input([["/media/a.png"]] * (MAX_VARIANTS + 1))) == ("BAD_USER_INPUT", "variants")
    assert field_of(draft_input([[]])) == ("BAD_USER_INPUT", "variants[0].productImageUrls")
    five = [f"/media/{i}.png" for i in range(5)]
    assert field_of(draft_input([["/media/a.png"], five])) == ("BAD_USER_INPUT", "variants[1].productImageUrls")
    twice = ["/media/a.png?expires=1", "/media/b.png", "/media/a.png?expires=2"]
    assert field_of(draft_input([twice])) == ("BAD_USER_INPUT", "variants[0].productImageUrls[2]")
    same = uuid.uuid4()
    data = BatchInput(
        None,
        [BatchVariantInput(str(same), ["/media/a.png"]), BatchVariantInput(str(same).upper(), ["/media/a.png"])],
        BatchSettingsInput("studio", 1),
    )
    assert field_of(data) == ("BAD_USER_INPUT", "variants[1].variantId")
    bad_id = BatchInput(None, [BatchVariantInput("42", ["/media/a.png"])], BatchSettingsInput("studio", 1))
    assert field_of(bad_id) == ("NOT_FOUND", "variants[0].variantId")


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"schema_key": "poster"}, "settings.schemaKey"),
        ({"number_of_variations": 0}, "settings.numberOfVariations"),
        ({"number_of_variations": 5}, "settings.numberOfVariations"),
        ({"number_of_variations": True}, "settings.numberOfVariations"),
        ({"input": ["aspect_ratio", "1:1"]}, "settings.input"),
        ({"input": {"product_images": ["/media/a.png"]}}, "settings.input.product_images"),
        ({"input": {"mood": "calm"}}, "settings.input.mood"),
        ({"input": {"purpose": "ads"}}, "settings.input.purpose"),  # studio takes no purpose
        ({"input": {"aspect_ratio": "1:2"}}, "settings.input.aspect_ratio"),
        ({"input": {"custom_instructions": 42}}, "settings.input.custom_instructions"),
        ({"input": {"custom_instructions": "bell\x07"}}, "settings.input.custom_instructions"),
        ({"schema_key": "ad", "input": {"purpose": "p" * 201}}, "settings.input.purpose"),
        (
            {"schema_key": "lifestyle", "input": {"model_image": "https://x.example/m.png"}},
            "settings.input.model_image",
        ),
    ],
)
def test_settings_must_fit_their_workflow(settings: dict[str, Any], field: str) -> None:
    assert field_of(draft_input(**settings)) == ("BAD_USER_INPUT", field)


def test_each_workflow_takes_its_own_fields() -> None:
    assert {"studio", "lifestyle", "ad"} <= set(WORKFLOWS)
    for workflow in WORKFLOWS.values():
        assert workflow.fields[0] == "aspect_ratio" and set(workflow.fields) <= set(FIELDS)
        values: dict[str, Any] = {}
        for name in workflow.fields:
            kind = FIELDS[name].kind
            values[name] = {FieldKind.CHOICE: "9:16", FieldKind.TEXT: " Warm light ", FieldKind.IMAGE: "/media/u.png"}[
                kind
            ]
        draft = check_settings(workflow.key, 4, values)
        assert draft.aspect_ratio == "9:16" and draft.number_of_variations == 4
        assert set(draft.values) | set(draft.images) == set(workflow.fields)
        assert all(choice.key == "u.png" for choice in draft.images.values())
        assert all(v == "Warm light" for k, v in draft.values.items() if k != "aspect_ratio")
    assert check_settings("studio", 1, None).aspect_ratio == "1:1"
    assert set(ASPECT_RATIOS) == {"1:1", "4:5", "3:4", "16:9", "9:16"}


@given(st.integers(-5, 110), st.integers(-2, 7))
def test_credits_are_variants_times_variations_within_the_ranges(variants: int, variations: int) -> None:
    if 1 <= variants <= MAX_VARIANTS and 1 <= variations <= 4:
        assert estimate_credits(variants, variations) == variants * variations
    else:
        with pytest.raises(BadUserInput) as refused:
            estimate_credits(variants, variations)
        assert refused.value.field == ("variantCount" if not 1 <= variants <= MAX_VARIANTS else "numberOfVariations")


@given(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20), st.integers(0, 20))
def test_a_batch_status_follows_its_job_counts(pending: int, generating: int, done: int, failed: int) -> None:
    counts = JobCounts(pending, generating, done, failed)
    assert counts.total == pending + generating + done + failed
    assert counts.is_completed == (counts.total > 0 and pending + generating == 0)
    status = counts.status
    if counts.is_completed:
        partly = BatchStatus.FAILED if done == 0 else BatchStatus.PARTIALLY_FAILED
        assert status == (BatchStatus.COMPLETED if failed == 0 else partly)
    else:
        assert status in (BatchStatus.PENDING, BatchStatus.PROCESSING)
        assert (status == BatchStatus.PENDING) == (generating + done + failed == 0)


def test_the_prompt_says_what_each_image_is() -> None:
    prompt = generation_prompt(
        WORKFLOWS["ad"],
        {"aspect_ratio": "4:5", "purpose": "Instagram story", "custom_instructions": "Use teal."},
        product="Canvas Tote - Natural",
        product_images=2,
        references=["moodboard", "model_image"],
    )
    assert "Canvas Tote - Natural" in prompt and "advertising visual" in prompt
    assert "Images 1 to 2 show the product." in prompt
    assert "Image 3 is the moodboard" in prompt and "Image 4 is the model" in prompt
    assert "Aspect ratio 4:5." in prompt and "Instagram story" in prompt and "Use teal." in prompt
