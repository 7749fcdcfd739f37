"""The rules of a preview request, as values in and values out: how many inputs, which variant a colour and size
name, what a request gets for the row its key already has, and when a result expires."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from domain.errors import BadUserInput
from domain.previews.keys import label
from domain.previews.statuses import RUNNING, PreviewStatus

MAX_INPUTS = 100


class Answer(Enum):
    CACHED = "cached"  # a completed, unexpired render: answered at once, nothing runs
    RUNNING = "running"  # pending or processing: the request joins it
    RENDER = "render"  # no row, a failed one, or an expired result: one new render


def answer_for(status: str | None, expires_at: datetime | None, now: datetime) -> Answer:
    if status in RUNNING:
        return Answer.RUNNING
    if status == PreviewStatus.COMPLETED and expires_at is not None and expires_at > now:
        return Answer.CACHED
    return Answer.RENDER


def expiry(finished_at: datetime, ttl: timedelta) -> datetime:
    return finished_at + ttl


def check_input_count(count: int, *, field: str) -> None:
    if count < 1:
        raise BadUserInput("ask for at least one preview", field=field)
    if count > MAX_INPUTS:
        raise BadUserInput(f"at most {MAX_INPUTS} previews per request (got {count})", field=field)


@dataclass(frozen=True)
class VariantOption:
    """What matching needs of a catalog variant."""

    id: Any
    color: str | None
    size: str | None


def match_variant(
    options: Sequence[VariantOption], color: str | None, size: str | None, *, field: str
) -> VariantOption:
    """The first variant (in catalog order) of that colour and size. None of that colour: BAD_USER_INPUT naming
    `{field}.color`; the colour but not that size: naming `{field}.size`. Each lists what there is."""
    wanted_color, wanted_size = label(color), label(size)
    of_color = [o for o in options if label(o.color) == wanted_color]
    if not of_color:
        raise BadUserInput(
            f"this product has no variant of colour {_shown(color)}; it has {_listed(o.color for o in options)}",
            field=f"{field}.color",
        )
    for option in of_color:
        if label(option.size) == wanted_size:
            return option
    raise BadUserInput(
        f"this product has no variant of colour {_shown(color)} in size {_shown(size)}; "
        f"that colour comes in {_listed(o.size for o in of_color)}",
        field=f"{field}.size",
    )


def _shown(value: str | None) -> str:
    return repr(value.strip()) if value and value.strip() else "(none)"


def _listed(values: Any) -> str:
    seen: list[str] = []
    for value in values:
        shown = _shown(value)
        if shown not in seen:
            seen.append(shown)
    return ", ".join(seen) if seen else "no variants"
