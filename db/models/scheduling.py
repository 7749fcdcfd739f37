"""Tick locks: a periodic job runs at most once per period whichever process (or how many) ticks."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class TickLock(Model):
    name = fields.CharField(max_length=64, primary_key=True)
    locked_until = fields.DatetimeField()
    holder = fields.CharField(max_length=128)
    last_run_at = fields.DatetimeField(null=True)

    class Meta:
        table = "tick_lock"
