"""Where a listing slot stands, what the plan shows of it, the account's choices, and the live-event topic."""

from __future__ import annotations

from enum import StrEnum


class SlotStatus(StrEnum):
    """A slot row's state. EMPTY, SCHEDULED, QUEUED and PROCESSING are the belt; the others left it."""

    EMPTY = "empty"  # waiting for a product
    SCHEDULED = "scheduled"  # a product waits for the slot's time
    QUEUED = "queued"  # due and sent to the workers (the task kernel's waiting state; retries come back here)
    PROCESSING = "processing"  # a worker writes the copy, paints the image and publishes
    LISTED = "listed"  # published; the row moves to the listed log at once
    FAILED = "failed"  # kept failing: stays visible with its error until removed
    MISSED = "missed"  # its time passed while the scheduler was down (missedSlots: SKIP): visible for review


ON_BELT = (SlotStatus.EMPTY, SlotStatus.SCHEDULED, SlotStatus.QUEUED, SlotStatus.PROCESSING)
BUSY = (SlotStatus.QUEUED, SlotStatus.PROCESSING)
SHOWN = (*ON_BELT, SlotStatus.FAILED, SlotStatus.MISSED)


class PlanSlotStatus(StrEnum):
    """What the plan shows (the API's five states): queued and processing are both "being published"."""

    EMPTY = "empty"
    SCHEDULED = "scheduled"
    PROCESSING = "processing"
    FAILED = "failed"
    MISSED = "missed"


def shown_as(status: str) -> PlanSlotStatus:
    return PlanSlotStatus.PROCESSING if status in BUSY else PlanSlotStatus(status)


class PublisherKind(StrEnum):
    CATALOG = "catalog"  # the generated copy and image are written back to the product
    WEBHOOK = "webhook"  # a signed JSON POST of the listing to the account's URL


class MissedSlots(StrEnum):
    """What happens to filled slots whose time passed while the scheduler was not running."""

    CATCH_UP = "catch_up"  # publish them now, oldest first
    SKIP = "skip"  # mark them MISSED, visible in the plan


def plan_topic(account_id: object) -> str:
    return f"listing_plan:{account_id}"
