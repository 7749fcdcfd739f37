"""Batch generation: a batch of generation jobs (one per catalog variant), the images they generate, and the
folders those images are filed into (one per variant of the batch, one shared by the whole batch)."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from db.models.base import Entity, LeasedWork
from db.models.catalog import Variant
from db.models.tenancy import User, Workspace


class Batch(Entity):
    """What the merchant started: a name, the settings every job shares, and the credits it was created with.
    Its progress and status come from its jobs (annotated counts), so no job ever writes this row."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="batches", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="batches", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    settings: Any = fields.JSONField()  # {schemaKey, numberOfVariations, input} as validated
    credits = fields.IntField()

    workspace_id: object
    user_id: object
    jobs: fields.ReverseRelation[GenerationJob]
    folders: fields.ReverseRelation[Folder]

    class Meta:
        table = "batch"
        indexes = (("workspace", "created_at", "id"),)


class Folder(Entity):
    """A place images are filed: a variant's folder in a batch (batch and variant set), or the batch's shared
    folder (`shared`, variant unset)."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="folders", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=300)
    batch: fields.ForeignKeyNullableRelation[Batch] = fields.ForeignKeyField(
        "models.Batch", related_name="folders", null=True, on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyNullableRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="folders", null=True, on_delete=fields.CASCADE
    )
    shared = fields.BooleanField(default=False)

    workspace_id: object
    batch_id: object
    variant_id: object
    items: fields.ReverseRelation[FolderItem]

    class Meta:
        table = "folder"
        indexes = (("workspace", "variant", "created_at"), ("batch", "shared"))


class GenerationJob(LeasedWork):
    """One variant of a batch: generate the batch's number of images from this variant's chosen images.
    Status pending|generating|done|failed (domain/batches/statuses.py)."""

    batch: fields.ForeignKeyRelation[Batch] = fields.ForeignKeyField(
        "models.Batch", related_name="jobs", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="generation_jobs", on_delete=fields.CASCADE
    )
    # The variant's own folder in this batch: every output is filed here and in the batch's shared folder.
    folder: fields.ForeignKeyRelation[Folder] = fields.ForeignKeyField(
        "models.Folder", related_name="jobs", on_delete=fields.CASCADE
    )
    position = fields.IntField()  # the variant's place in the batch input
    # {...settings.input, product_images}; every image is a stored asset: {key, source, id}.
    input: Any = fields.JSONField()
    error = fields.TextField(null=True)
    retry_count = fields.IntField(default=0)  # retryBatch runs that put this job back after it failed

    batch_id: object
    variant_id: object
    folder_id: object
    images: fields.ReverseRelation[GeneratedImage]

    class Meta:
        table = "generation_job"
        unique_together = (("batch", "variant"),)


class GeneratedImage(Entity):
    """An image a generation made, with how it was made (`provenance`). A variant's images are candidates for
    its later batches."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="generated_images", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="generated_images", on_delete=fields.CASCADE
    )
    job: fields.ForeignKeyNullableRelation[GenerationJob] = fields.ForeignKeyField(
        "models.GenerationJob", related_name="images", null=True, on_delete=fields.SET_NULL
    )
    key = fields.CharField(max_length=512, db_index=True)  # indexed: the media sweep looks keys up
    width = fields.IntField()
    height = fields.IntField()
    # Input images, prompt, provider and model, settings, time taken (domain/provenance.py).
    provenance: Any = fields.JSONField()

    workspace_id: object
    variant_id: object
    job_id: object

    class Meta:
        table = "generated_image"
        indexes = (("variant", "created_at"), ("variant", "key"), ("job",))


class FolderItem(Entity):
    """An image filed in a folder; each image at most once per folder (the unique constraint makes it so)."""

    folder: fields.ForeignKeyRelation[Folder] = fields.ForeignKeyField(
        "models.Folder", related_name="items", on_delete=fields.CASCADE
    )
    image: fields.ForeignKeyRelation[GeneratedImage] = fields.ForeignKeyField(
        "models.GeneratedImage", related_name="folder_items", on_delete=fields.CASCADE
    )

    folder_id: object
    image_id: object

    class Meta:
        table = "folder_item"
        unique_together = (("folder", "image"),)
