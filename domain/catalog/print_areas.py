"""Print areas: where artwork goes on a variant's image, as fractions (0-1) of that image."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from domain.errors import BadUserInput

# Rounding in a client (0.1 + 0.7 + 0.2) must not refuse an area that ends exactly at the edge.
_EDGE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class PrintArea:
    x: float
    y: float
    width: float
    height: float

    def to_json(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y, "width": self.width, "height": self.height}

    @classmethod
    def from_json(cls, value: Any) -> PrintArea:
        value = value or {}
        return cls(float(value["x"]), float(value["y"]), float(value["width"]), float(value["height"]))


# Where artwork goes when nobody said: the middle half of the image (a sensible start for a tote or a shirt).
DEFAULT_PRINT_AREA = PrintArea(0.25, 0.25, 0.5, 0.5)


def check_print_area(x: float, y: float, width: float, height: float, *, field: str) -> PrintArea:
    """A print area inside its image: each value a finite fraction, a non-empty size, x+width and y+height ≤ 1."""
    for name, value in (("x", x), ("y", y), ("width", width), ("height", height)):
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise BadUserInput(f"`{name}` must be a number between 0 and 1", field=f"{field}.{name}")
        if not 0 <= value <= 1:
            raise BadUserInput(f"`{name}` is {value}: it must be between 0 and 1", field=f"{field}.{name}")
    for name, value in (("width", width), ("height", height)):
        if value <= 0:
            raise BadUserInput(f"`{name}` must be greater than 0", field=f"{field}.{name}")
    if x + width > 1 + _EDGE_TOLERANCE:
        raise BadUserInput(f"x + width is {x + width:g}: the area must end inside the image", field=f"{field}.width")
    if y + height > 1 + _EDGE_TOLERANCE:
        raise BadUserInput(f"y + height is {y + height:g}: the area must end inside the image", field=f"{field}.height")
    # Within the tolerance an area may overshoot by a rounding error: store it ending exactly at the edge.
    return PrintArea(
        float(x), float(y), float(width if x + width <= 1 else 1 - x), float(height if y + height <= 1 else 1 - y)
    )
