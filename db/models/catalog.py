"""Products: scraped from a page (one per workspace and normalised URL) or created in the catalog."""

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
    # Ranked, best first: [{url, score, source, reasons, alt, width, height}]
    images: Any = fields.JSONField(default=list)
    primary_image_url = fields.TextField(null=True)
    scraped_at = fields.DatetimeField(null=True)
    # The page fetch is itself leased work: one scrape at a time per product, whoever asks.
    scrape_status = fields.CharField(max_length=16, default="new")  # new|scraping|ready|failed
    scrape_attempt = fields.IntField(default=0)
    scrape_lease_expires_at = fields.DatetimeField(null=True)
    scrape_error = fields.TextField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    workspace_id: object

    class Meta:
        table = "product"
        unique_together = (("workspace", "normalized_url"),)
