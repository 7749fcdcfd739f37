"""Abstract model bases: uuid keys, timestamps and the columns of leased (crash-safe) work."""

from __future__ import annotations

import uuid

from tortoise import fields
from tortoise.models import Model


class Entity(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True


class LeasedWork(Entity):
    """A row worked on by actors (a task of the kernel, domain/tasks): `attempt` is the claim token,
    `lease_expires_at` when the reaper may step in, `retries` how many automatic retries its schedule has used,
    `next_attempt_at` when the automatic retry the kernel scheduled is due (set when it gives the row back after a
    passing failure, cleared by any other hand-back and by the next claim)."""

    status = fields.CharField(max_length=32, db_index=True)
    attempt = fields.IntField(default=0)
    lease_expires_at = fields.DatetimeField(null=True, db_index=True)
    retries = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True
