"""The catalog: products (scraped from a page, one per workspace and normalised URL, or created by hand), their
variants, the media assets their images are stored as, and the merchant's uploads and works (artwork)."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from db.models.base import Entity
from db.models.tenancy import Workspace


class Product(Entity):
    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="products", on_delete=fields.CASCADE
    )
    source_url = fields.TextField(null=True)
    # Unique per workspace: two jobs racing on one URL share one product (the constraint makes it so).
    normalized_url = fields.CharField(max_length=2048, null=True)
    title = fields.CharField(max_length=500, default="")
    description = fields.TextField(default="")
    brand = fields.CharField(max_length=200, null=True)
    price = fields.CharField(max_length=32, null=True)
    currency = fields.CharField(max_length=3, null=True)
    sku = fields.CharField(max_length=64, null=True)
    availability = fields.CharField(max_length=32, null=True)  # schema.org: InStock, OutOfStock, PreOrder, …
    canonical_url = fields.TextField(null=True)
    # Ranked, best first: [{url, score, source, reasons, alt, width, height}]; images stored in media also carry
    # {assetId, key} (the key is content-addressed, so it never changes for the same bytes).
    images: Any = fields.JSONField(default=list)
    primary_image_url = fields.TextField(null=True)
    scraped_at = fields.DatetimeField(null=True)
    # The page fetch is a task of the kernel (domain/products.py) leased on these columns: one at a time per product.
    scrape_status = fields.CharField(max_length=16, default="new")  # new|queued|scraping|ready|failed|unreachable
    scrape_attempt = fields.IntField(default=0)
    scrape_lease_expires_at = fields.DatetimeField(null=True, db_index=True)  # the reaper looks for expired leases
    scrape_error = fields.TextField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # Scraped for a CTA job only, or part of the catalog (created there, or imported from its page).
    in_catalog = fields.BooleanField(default=False)

    workspace_id: object
    variants: fields.ReverseRelation[Variant]

    class Meta:
        table = "product"
        unique_together = (("workspace", "normalized_url"),)
        indexes = (("workspace", "in_catalog", "created_at", "id"),)


class MediaAsset(Entity):
    """Stored bytes, content-addressed: one file per distinct content (its key derives from the sha256), one row
    per workspace and content. Uploads, works and variants point here; so can previews and generations later."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="media_assets", on_delete=fields.CASCADE
    )
    sha256 = fields.CharField(max_length=64)
    key = fields.CharField(max_length=512)
    content_type = fields.CharField(max_length=64)
    width = fields.IntField()
    height = fields.IntField()
    size = fields.BigIntField()

    workspace_id: object

    class Meta:
        table = "media_asset"
        unique_together = (("workspace", "sha256"),)


class Variant(Entity):
    """A sellable variant of a catalog product: its mockup image and where artwork goes on it."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="variants", on_delete=fields.CASCADE
    )
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="variants", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=200, default="")
    color = fields.CharField(max_length=100, null=True)
    size = fields.CharField(max_length=50, null=True)
    image: fields.ForeignKeyNullableRelation[MediaAsset] = fields.ForeignKeyField(
        "models.MediaAsset", related_name="variants", null=True, on_delete=fields.NO_ACTION
    )
    image_url = fields.TextField(null=True)  # where the image came from
    # Fractions (0-1) of the image: {x, y, width, height}.
    print_area: Any = fields.JSONField()
    # Unique per product: two imports racing on one page still give it one default variant.
    position = fields.IntField()

    workspace_id: object
    product_id: object
    image_id: object

    class Meta:
        table = "variant"
        unique_together = (("product", "position"),)


class Upload(Entity):
    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="uploads", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=16)  # PRODUCT|ARTWORK|OTHER
    original_name = fields.CharField(max_length=255, default="")
    asset: fields.ForeignKeyRelation[MediaAsset] = fields.ForeignKeyField(
        "models.MediaAsset", related_name="uploads", on_delete=fields.NO_ACTION
    )

    workspace_id: object
    asset_id: object

    class Meta:
        table = "upload"
        indexes = (("workspace", "kind", "created_at", "id"), ("workspace", "created_at", "id"))


class Work(Entity):
    """A piece of artwork to put on products, from an upload or an image URL."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="works", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    asset: fields.ForeignKeyRelation[MediaAsset] = fields.ForeignKeyField(
        "models.MediaAsset", related_name="works", on_delete=fields.NO_ACTION
    )
    source_upload: fields.ForeignKeyNullableRelation[Upload] = fields.ForeignKeyField(
        "models.Upload", related_name="works", null=True, on_delete=fields.SET_NULL
    )
    source_url = fields.TextField(null=True)

    workspace_id: object
    asset_id: object
    source_upload_id: object

    class Meta:
        table = "work"
        indexes = (("workspace", "created_at", "id"),)
