"""The cache key of a preview, and how a requested colour or size is compared with the catalog's. Pure."""

from __future__ import annotations


def cache_key(work_id: object, product_id: object, color: str, size: str) -> str:
    """`preview:{workId}:{productId}:{color}:{size}`, per workspace. A colon or percent sign inside the colour or
    size is escaped, so two different requests never share a key (`a:b` + `c` is not `a` + `b:c`)."""
    return f"preview:{work_id}:{product_id}:{_escaped(color)}:{_escaped(size)}"


def _escaped(value: str) -> str:
    return value.replace("%", "%25").replace(":", "%3A")


def label(value: str | None) -> str:
    """What a colour or size means for matching: case and runs of spaces do not matter; none is empty."""
    return " ".join((value or "").split()).casefold()
