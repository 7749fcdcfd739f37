"""Idempotency keys: which result a client's key produced, per workspace and operation (domain/idempotency.py)."""

from __future__ import annotations

from tortoise import fields

from db.models.base import Entity
from db.models.tenancy import Workspace


class IdempotencyKey(Entity):
    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="idempotency_keys", on_delete=fields.CASCADE
    )
    operation = fields.CharField(max_length=64)
    key = fields.CharField(max_length=255)
    request_hash = fields.CharField(max_length=64)  # sha256 of the request: the same key must mean the same request
    result_id = fields.UUIDField()  # the row the first request created (all zeros: see `result`)
    # For creates through domain.idempotency.once: the first result as JSON (an id, a list of ids); NULL while
    # that first request is still running (its reservation).
    result = fields.TextField(null=True)

    workspace_id: object

    class Meta:
        table = "idempotency_key"
        # Concurrent requests with one key: the second insert fails here, so only one result is ever kept.
        unique_together = (("workspace", "operation", "key"),)
