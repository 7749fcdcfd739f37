"""CTA batch jobs: product URLs x variants. One CtaJobUrl per distinct URL (phase 1), one CtaInfo per variant."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from db.models.base import Entity, LeasedWork
from db.models.catalog import Product
from db.models.tenancy import User, Workspace


class CtaJob(Entity):
    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="cta_jobs", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="cta_jobs", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    input: Any = fields.JSONField()  # as submitted: [{url, variants}]
    # The variants made with the job, in the same transaction, and never added to later: its progress total, read
    # with the job instead of counted from its variants on every read.
    variant_count = fields.IntField(default=0)
    # How many of those variants are done and failed. Kept by the database, never written by code: triggers on
    # cta_info (migration 18, both dialects) add and take away as a variant's status changes, in the statement that
    # changes it, whoever writes it. A page of jobs then reads its progress without visiting a variant.
    done_count = fields.IntField(default=0)
    failed_count = fields.IntField(default=0)

    workspace_id: object
    urls: fields.ReverseRelation[CtaJobUrl]
    infos: fields.ReverseRelation[CtaInfo]

    class Meta:
        table = "cta_job"
        indexes = (("workspace", "created_at", "id"),)  # a workspace's jobs, newest first (the page order)


class CtaJobUrl(LeasedWork):
    """Phase 1: scrape one distinct URL of a job (status pending|scraping|scraped|failed)."""

    job: fields.ForeignKeyRelation[CtaJob] = fields.ForeignKeyField(
        "models.CtaJob", related_name="urls", on_delete=fields.CASCADE
    )
    url = fields.TextField()
    normalized_url = fields.CharField(max_length=2048)
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="cta_urls", null=True, on_delete=fields.SET_NULL
    )
    error = fields.TextField(null=True)

    job_id: object
    product_id: object

    class Meta:
        table = "cta_job_url"
        unique_together = (("job", "normalized_url"),)


class CtaInfo(LeasedWork):
    """Phase 2: one variant's creative (pending|analyzing|generating_image|generating_suggestion|done|failed)."""

    job: fields.ForeignKeyRelation[CtaJob] = fields.ForeignKeyField(
        "models.CtaJob", related_name="infos", on_delete=fields.CASCADE
    )
    job_url: fields.ForeignKeyRelation[CtaJobUrl] = fields.ForeignKeyField(
        "models.CtaJobUrl", related_name="infos", on_delete=fields.CASCADE
    )
    url = fields.TextField()
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="cta_infos", null=True, on_delete=fields.SET_NULL
    )
    variant_index = fields.IntField()
    suggestion: Any = fields.JSONField(null=True)
    # The generated background's media key: a column of its own, indexed, so the media sweep asks which of its
    # candidate files are still referenced without reading every suggestion.
    background_key = fields.CharField(max_length=512, null=True, db_index=True)
    retry_count = fields.IntField(default=0)
    error_message = fields.TextField(null=True)

    job_id: object
    job_url_id: object
    product_id: object

    class Meta:
        table = "cta_info"
        unique_together = (("job_url", "variant_index"),)
        indexes = (("job", "status"),)  # a job's variants, and its progress counts
