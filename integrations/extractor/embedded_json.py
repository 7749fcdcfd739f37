"""JSON embedded in pages, read leniently: script bodies and attributes as shops really write them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any


def _json_loads(text: str) -> Any:
    # Numbers stay strings: a price of 29.00 is "29.00", not the float 29.0.
    return json.loads(text, strict=False, parse_float=str)


def parse_json_lenient(raw: str) -> list[Any]:
    """Every JSON value in a script body, forgiving what shops get wrong: comment and CDATA wrappers,
    trailing commas, several objects in a row."""
    text = raw.strip()
    text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
    text = re.sub(r"(?:-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip().rstrip(";")
    if not text:
        return []
    try:
        return [_json_loads(text)]
    except ValueError:
        pass
    repaired = re.sub(r",\s*([}\]])", r"\1", text)
    decoder = json.JSONDecoder(strict=False, parse_float=str)
    values: list[Any] = []
    index = 0
    while index < len(repaired):
        while index < len(repaired) and repaired[index] in " \t\r\n,;":
            index += 1
        if index >= len(repaired):
            break
        try:
            value, index = decoder.raw_decode(repaired, index)
        except ValueError:
            break
        values.append(value)
    return values


def walk_json(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_json(item)
