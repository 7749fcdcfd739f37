"""Reading HTML elements: tag names, class tokens, and the patterns class tokens are matched with."""

from __future__ import annotations

import re
from typing import Any


def whole_tokens(*patterns: str) -> re.Pattern[str]:
    """Patterns a whole class token (or id) must match: "slider-nav-small" is no navigation, "site-nav" is."""
    return re.compile("(?:" + "|".join(patterns) + ")")


def token_parts(*patterns: str) -> re.Pattern[str]:
    """Patterns found inside a token, at word boundaries."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")


def tag_of(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def class_tokens(element: Any) -> list[str]:
    """Class names and id, lower case with "_" as "-"; custom elements (<product-card>) count their tag too."""
    words = f"{element.get('class', '')} {element.get('id', '')}".lower().replace("_", "-").split()
    tag = tag_of(element)
    return [*words, tag] if "-" in tag else words
