"""Pure rules of CTA jobs: input validation and merging, default names, round-robin images, suggestion edits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from domain.errors import BadUserInput
from domain.product_urls import normalize_product_url

MAX_VARIANTS = 10
MAX_URL_LENGTH = 2000
MAX_NAME_LENGTH = 200
MAX_SUGGESTION_BYTES = 16_384
SUGGESTION_TEXT_FIELDS = {"headline": 200, "subheadline": 300, "callToAction": 80, "description": 2000}
# A creative without a headline is not one: an edit may change it, never empty it.
REQUIRED_SUGGESTION_FIELDS = frozenset({"headline"})
# Written by the pipeline, not by people: an edit may not change them.
SUGGESTION_SYSTEM_FIELDS = ("productBackgroundUrl", "generatedBackgroundKey")

T = TypeVar("T")


@dataclass(frozen=True)
class CtaItem:
    url: str
    variants: int


@dataclass(frozen=True)
class MergedUrl:
    url: str  # as first submitted
    normalized_url: str
    variants: int
    first_index: int  # the input item it came from, for error fields


def merge_items(items: Sequence[CtaItem], max_urls: int) -> list[MergedUrl]:
    """Validate every item, then merge repeats of one normalised URL: their variants add up, and the cap of
    MAX_VARIANTS applies to that sum (it is per product page, however many times the page is listed)."""
    if not items:
        raise BadUserInput("add at least one product URL", field="items")
    if len(items) > max_urls:
        raise BadUserInput(f"at most {max_urls} product URLs per job (got {len(items)})", field="items")
    merged: dict[str, MergedUrl] = {}
    for index, item in enumerate(items):
        url = item.url.strip()
        check_url_shape(url, field=f"items[{index}].url")
        if not 1 <= item.variants <= MAX_VARIANTS:
            raise BadUserInput(
                f"variants must be between 1 and {MAX_VARIANTS} (got {item.variants})", field=f"items[{index}].variants"
            )
        key = normalize_product_url(url)
        seen = merged.get(key)
        merged[key] = (
            MergedUrl(url, key, item.variants, index)
            if seen is None
            else MergedUrl(seen.url, key, seen.variants + item.variants, seen.first_index)
        )
    for entry in merged.values():
        if entry.variants > MAX_VARIANTS:
            raise BadUserInput(
                f"at most {MAX_VARIANTS} variants per product page: {entry.url} is listed more than once "
                f"(the same page once normalised) with {entry.variants} variants in all",
                field=f"items[{entry.first_index}].variants",
            )
    return list(merged.values())


def check_url_shape(url: str, field: str) -> None:
    if len(url) > MAX_URL_LENGTH:
        raise BadUserInput(f"the URL is longer than {MAX_URL_LENGTH} characters", field=field)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise BadUserInput(f"{url!r} is not a URL", field=field) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BadUserInput(f"{url!r} is not an http(s) URL", field=field)
    if not parts.hostname:
        raise BadUserInput(f"{url!r} has no host", field=field)


def default_job_name(user_name: str, now: datetime) -> str:
    return f"{user_name}-CTA-{now:%Y-%m-%d %H:%M}"


def check_job_name(name: str | None) -> str | None:
    if name is None or not name.strip():
        return None
    if len(name.strip()) > MAX_NAME_LENGTH:
        raise BadUserInput(f"the name is longer than {MAX_NAME_LENGTH} characters", field="name")
    return name.strip()


def assign_images_round_robin(images: Sequence[T], variant_index: int) -> T:
    """Variant i uses ranked image i mod n."""
    if not images:
        raise ValueError("no images to assign")
    if variant_index < 0:
        raise ValueError("variant index must be >= 0")
    return images[variant_index % len(images)]


def edit_suggestion(current: dict[str, Any] | None, edit: object) -> dict[str, Any]:
    """A person's edit of the copy: known text fields only, bounded, pipeline-written fields preserved."""
    if not isinstance(edit, dict):
        raise BadUserInput("suggestion must be a JSON object", field="suggestion")
    if len(json.dumps(edit)) > MAX_SUGGESTION_BYTES:
        raise BadUserInput(f"suggestion is larger than {MAX_SUGGESTION_BYTES} bytes", field="suggestion")
    result = dict(current or {})
    for key, value in edit.items():
        limit = SUGGESTION_TEXT_FIELDS.get(key)
        if limit is None:
            allowed = ", ".join(SUGGESTION_TEXT_FIELDS)
            raise BadUserInput(f"unknown suggestion field {key!r}; editable: {allowed}", field=f"suggestion.{key}")
        if not isinstance(value, str) or len(value) > limit:
            raise BadUserInput(f"{key} must be text of at most {limit} characters", field=f"suggestion.{key}")
        if key in REQUIRED_SUGGESTION_FIELDS and not value.strip():
            raise BadUserInput(f"{key} cannot be empty", field=f"suggestion.{key}")
        result[key] = value.strip()
    return result
