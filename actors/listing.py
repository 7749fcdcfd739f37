"""Listing actor: list one due slot of a plan (copy, image, publish, move to the log)."""

from __future__ import annotations

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import task_actor
from domain import listing

publish_slot = task_actor(listing.PUBLISH_SLOT)
