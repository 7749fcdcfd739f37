"""Outbox: broker messages written in the same transaction as the rows they are about, sent after commit."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from db.models.base import Entity


class OutboxMessage(Entity):
    # [{"actor": name, "args": [...], "options": {...}}]: independent messages, each with its own delay.
    messages: Any = fields.JSONField()
    send_attempts = fields.IntField(default=0)

    class Meta:
        table = "outbox_message"
        ordering = ["created_at"]
