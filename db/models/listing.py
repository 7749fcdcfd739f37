"""Listing plan: store accounts with their rule, one row per belt slot, and the log of what was listed.

A slot's time is its local wall-clock time (the truth, `local_time`) in the account's zone; `due_at` is the UTC
instant it stands for, stored when the slot is written so the scheduler finds due slots with one index range
scan on (status, due_at), whatever the number of accounts.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields

from db.models.base import Entity, LeasedWork
from db.models.catalog import Product
from db.models.tenancy import Workspace


class StoreAccount(Entity):
    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="store_accounts", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    timezone = fields.CharField(max_length=64)  # IANA name
    publisher_kind = fields.CharField(max_length=16)  # catalog|webhook
    publisher_url = fields.TextField(null=True)
    publisher_secret = fields.CharField(max_length=256, null=True)  # signs webhook bodies; never returned
    # After rotateWebhookSecret: the secret it replaced, still signing (second) until previous_secret_until.
    previous_secret = fields.CharField(max_length=256, null=True)
    previous_secret_until = fields.DatetimeField(null=True)
    # deleteStoreAccount: the belt and its slots go, the row stays (no URL, no secrets) so the listed log keeps
    # its account; a deleted account is NOT_FOUND everywhere.
    deleted_at = fields.DatetimeField(null=True)
    missed_slots = fields.CharField(max_length=16)  # catch_up|skip
    # The rule: N a day from an anchor (the wall-clock time of its first slot); none until it is first set.
    items_per_day = fields.IntField(null=True)
    enabled = fields.BooleanField(default=False)
    rule_anchor = fields.CharField(max_length=26, null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    workspace_id: object
    slots: fields.ReverseRelation[ListingSlot]

    class Meta:
        table = "store_account"
        indexes = (("workspace", "created_at"),)


class ListingSlot(LeasedWork):
    """One slot of a belt (status empty|scheduled|queued|processing|failed|missed): a row each, so two edits of
    one plan write different rows, under the account's lock."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="listing_slots", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyRelation[StoreAccount] = fields.ForeignKeyField(
        "models.StoreAccount", related_name="slots", on_delete=fields.CASCADE
    )
    local_time = fields.CharField(max_length=26)  # naive wall-clock, fixed-width ISO: sorts as time
    due_at = fields.DatetimeField()
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="listing_slots", null=True, on_delete=fields.SET_NULL
    )
    error = fields.TextField(null=True)

    workspace_id: object
    account_id: object
    product_id: object

    class Meta:
        table = "listing_slot"
        # ("product", "due_at"): a product page's slots, in time order (domain/listing/view.py slots_of_products)
        indexes = (("status", "due_at"), ("account", "local_time"), ("product", "due_at"))


class ListedItem(Entity):
    """The listed log: what a slot published. Unique per slot, so a redelivered message cannot list twice."""

    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="listed_items", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyRelation[StoreAccount] = fields.ForeignKeyField(
        "models.StoreAccount", related_name="listed", on_delete=fields.CASCADE
    )
    slot_id = fields.UUIDField(unique=True)
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="listed_items", null=True, on_delete=fields.SET_NULL
    )
    scheduled_local = fields.CharField(max_length=26)
    scheduled_at = fields.DatetimeField()
    listed_at = fields.DatetimeField()
    title = fields.CharField(max_length=500)
    description = fields.TextField()
    bullet_points: Any = fields.JSONField(default=list)
    image_key = fields.CharField(max_length=512, db_index=True)  # indexed: the media sweep looks keys up
    publisher_kind = fields.CharField(max_length=16)
    published_url = fields.TextField(null=True)

    workspace_id: object
    account_id: object
    product_id: object

    class Meta:
        table = "listed_item"
        indexes = (("account", "listed_at"),)
