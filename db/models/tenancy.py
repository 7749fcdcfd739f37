"""Workspaces, their users and the API tokens users authenticate with (only a hash is stored)."""

from __future__ import annotations

from tortoise import fields

from db.models.base import Entity


class Workspace(Entity):
    name = fields.CharField(max_length=100, unique=True)

    class Meta:
        table = "workspace"


class User(Entity):
    workspace: fields.ForeignKeyRelation[Workspace] = fields.ForeignKeyField(
        "models.Workspace", related_name="users", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254)
    name = fields.CharField(max_length=100)

    workspace_id: object

    class Meta:
        table = "user"
        unique_together = (("workspace", "email"),)


class ApiToken(Entity):
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    label = fields.CharField(max_length=100, default="")
    # An operator's token (`vitrine create-token --ops`): may use the diagnostics (runProbe), which hold workers.
    ops = fields.BooleanField(default=False)
    last_used_at = fields.DatetimeField(null=True)
    # Refused from then on; null = never expires (`create-token --expires-in never`).
    expires_at = fields.DatetimeField(null=True)
    # Revoked tokens keep their row (an audit trail: who had one, until when) and are refused.
    revoked_at = fields.DatetimeField(null=True)

    user_id: object

    class Meta:
        table = "api_token"
