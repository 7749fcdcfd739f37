"""Every Tortoise model of Vitrine, importable from one module (the ORM's app is `db.models`)."""

from db.models.batches import Batch, Folder, FolderItem, GeneratedImage, GenerationJob
from db.models.catalog import MediaAsset, Product, Upload, Variant, Work
from db.models.cta import CtaInfo, CtaJob, CtaJobUrl
from db.models.diagnostics import Probe
from db.models.idempotency import IdempotencyKey
from db.models.listing import ListedItem, ListingSlot, StoreAccount
from db.models.outbox import OutboxMessage
from db.models.previews import PreviewTask
from db.models.scheduling import TickLock
from db.models.tenancy import ApiToken, User, Workspace

__all__ = [
    "ApiToken",
    "Batch",
    "CtaInfo",
    "CtaJob",
    "CtaJobUrl",
    "Folder",
    "FolderItem",
    "GeneratedImage",
    "GenerationJob",
    "IdempotencyKey",
    "ListedItem",
    "ListingSlot",
    "MediaAsset",
    "OutboxMessage",
    "PreviewTask",
    "Probe",
    "Product",
    "StoreAccount",
    "TickLock",
    "Upload",
    "User",
    "Variant",
    "Work",
    "Workspace",
]
