"""Helpers for the catalog tests: images of every accepted type, what is on disk, and counting SQL statements."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from db.models import MediaAsset, Product, Upload, Variant, Work

PRODUCT_FIELDS = """id title description price currency sku availability sourceUrl primaryImageUrl images { url score }
  variants { id title color size imageUrl printArea { x y width height } }"""
CREATE_PRODUCT = f"mutation($input: CreateProductInput!) {{ createProduct(input: $input) {{ {PRODUCT_FIELDS} }} }}"
IMPORT_PRODUCT = f"mutation($url: String!) {{ importProduct(url: $url) {{ {PRODUCT_FIELDS} }} }}"
PRODUCTS = f"""query($first: Int, $after: String, $search: String) {{
  products(first: $first, after: $after, search: $search) {{
    totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {PRODUCT_FIELDS} }} }} }} }}"""


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, size, color if mode == "RGB" else 3).save(buffer, format=fmt)
    return buffer.getvalue()


def stored_files(media_dir: Path) -> list[Path]:
    """Every file under the media folder, staging included: a refusal must leave this empty."""
    return sorted(p for p in media_dir.rglob("*") if p.is_file()) if media_dir.exists() else []


async def catalog_rows() -> dict[str, int]:
    return {
        "products": await Product.filter(in_catalog=True).count(),
        "variants": await Variant.all().count(),
        "assets": await MediaAsset.all().count(),
        "uploads": await Upload.all().count(),
        "works": await Work.all().count(),
    }


def errors_of(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["extensions"].get("code"), e["extensions"].get("field")) for e in body.get("errors") or []]
