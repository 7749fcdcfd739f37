"""Preview tasks: one row per (workspace, cache key) — a work printed on a product's variant of one colour and
size — rendered by the task kernel, kept as the cached result until it expires or the cache is cleared."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from db.models.base import LeasedWork
from db.models.catalog import Product, Variant, Work
from db.models.tenancy import User, Workspace


class PreviewTask(LeasedWork):
    """status pending|processing|completed|failed; one render at a time per row (the task kernel's claim)."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="preview_tasks", on_delete=fields.CASCADE
    )
    requested_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="preview_tasks", null=True, on_delete=fields.SET_NULL
    )
    work: fields.ForeignKeyRelation[Work] = fields.ForeignKeyField(
        "models.Work", related_name="preview_tasks", on_delete=fields.CASCADE
    )
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="preview_tasks", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="preview_tasks", on_delete=fields.CASCADE
    )
    color = fields.CharField(max_length=100, default="")  # the variant's, as the catalog spells it
    size = fields.CharField(max_length=50, default="")
    # Unique per workspace: any number of identical requests, in any process, share one row (and one render).
    cache_key = fields.CharField(max_length=1024)
    progress = fields.IntField(default=0)  # 0-100
    result_key = fields.CharField(max_length=512, null=True, db_index=True)  # the rendered PNG (swept by key)
    error_message = fields.TextField(null=True)
    expires_at = fields.DatetimeField(null=True)  # a completed result answers requests until then
    # How the result was made (domain/provenance.py): the work and variant images, compositor, prompt, time taken.
    provenance: Any = fields.JSONField(null=True)

    workspace_id: object
    requested_by_id: object
    work_id: object
    product_id: object
    variant_id: object

    class Meta:
        table = "preview_task"
        unique_together = (("workspace", "cache_key"),)
        indexes = (("workspace", "work"), ("workspace", "product"))
