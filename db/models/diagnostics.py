"""Probes: a round trip API -> outbox -> broker -> worker -> database -> event bus, for checking a deployment."""

from __future__ import annotations

from tortoise import fields

from db.models.base import LeasedWork
from db.models.tenancy import Workspace


class Probe(LeasedWork):
    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="probes", on_delete=fields.CASCADE
    )
    message = fields.CharField(max_length=200)
    work_ms = fields.IntField(default=0)
    processed_by = fields.CharField(max_length=100, null=True)
    result = fields.TextField(null=True)

    workspace_id: object

    class Meta:
        table = "probe"
