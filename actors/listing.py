"""Listing actor: list one due slot of a plan (copy, image, publish, move to the log)."""

from __future__ import annotations

import dramatiq

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import run_task
from domain import listing


@dramatiq.actor(actor_name=listing.PUBLISH_SLOT)
def publish_slot(slot_id: str) -> None:
    run_task(listing.PUBLISH_SLOT, slot_id)
