"""Variants of catalog products: reading them for many products at once, their image URLs, the default variant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from db.models import MediaAsset, Product, Variant
from domain.catalog.assets import url_of
from domain.catalog.print_areas import DEFAULT_PRINT_AREA, PrintArea
from domain.errors import NotFound
from domain.tenancy import Principal, owned, parse_id

DEFAULT_TITLE = "Default"


async def variants_of_products(product_ids: Sequence[Any]) -> dict[Any, list[Variant]]:
    """One query (with their image assets joined) for the variants of many products: the dataloader's batch."""
    grouped: dict[Any, list[Variant]] = {product_id: [] for product_id in product_ids}
    rows = await Variant.filter(product_id__in=list(product_ids)).select_related("image").order_by("position")
    for variant in rows:
        grouped[variant.product_id].append(variant)
    return grouped


def image_url_of(variant: Variant) -> str | None:
    """The stored image as a signed media URL (the variant's image was fetched once and kept)."""
    image: MediaAsset | None = variant.image  # loaded by select_related
    if image is not None:
        return url_of(image.key)
    return variant.image_url


def print_area_of(variant: Variant) -> PrintArea:
    return PrintArea.from_json(variant.print_area)


def default_variant(product: Product, image: MediaAsset, image_url: str | None) -> Variant:
    """The one variant a product gets when nobody described any: its primary image, artwork in the middle."""
    return Variant(
        workspace_id=product.workspace_id,
        product_id=product.id,
        title=DEFAULT_TITLE,
        image_id=image.id,
        image_url=image_url,
        print_area=DEFAULT_PRINT_AREA.to_json(),
        position=0,
    )


async def get_variants(principal: Principal, variant_ids: Sequence[object], *, field: str) -> list[Variant]:
    """The caller's variants in the order asked, images joined. An unknown id, or another workspace's, is NOT_FOUND
    naming its place in the input (`field[2]`): the way later features (previews, batches) take variants."""
    wanted = [parse_id(ident, "Variant") for ident in variant_ids]
    rows = {row.id: row for row in await owned(Variant, principal).filter(id__in=wanted).select_related("image")}
    for index, ident in enumerate(wanted):
        if ident not in rows:
            raise NotFound(f"Variant {variant_ids[index]} does not exist.", field=f"{field}[{index}]")
    return [rows[ident] for ident in wanted]
