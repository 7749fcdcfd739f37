"""Listing plan: per store account a rule "N a day" keeps a belt of N future slots that the server rolls for ever.

Reads top to bottom: `clock` and `belt` (pure: wall-clock times and the belt algebra), `statuses`, `accounts`,
`slots` (a plan under its account's lock, written back row by row), `plan` (the merchant's edits), `view`
(reading a plan), `dispatch` (roll and send the next due slot), `publishing` (the listing document, publishers,
the catalog write-back), `processing` (the task kind that lists one slot) and `tick` (the scheduler's periodic job).
"""

from domain.listing import processing, tick
from domain.listing.accounts import (
    PublisherInput,
    RotatedSecret,
    StoreAccountInput,
    create_store_account,
    delete_store_account,
    get_store_account,
    list_store_accounts,
    rotate_webhook_secret,
)
from domain.listing.dispatch import PUBLISH_SLOT
from domain.listing.plan import deploy_product, remove_slot, reset_listing_plan, retry_slot, set_scheduling_rule
from domain.listing.statuses import MissedSlots, PlanSlotStatus, PublisherKind, SlotStatus, plan_topic, shown_as
from domain.listing.view import (
    LISTED_DEFAULT,
    LISTED_MAX,
    PlanView,
    get_plan,
    image_url,
    listed_of,
    plan_of,
    slot_report,
    slots_of_products,
)

__all__ = [
    "LISTED_DEFAULT",
    "LISTED_MAX",
    "PUBLISH_SLOT",
    "MissedSlots",
    "PlanSlotStatus",
    "PlanView",
    "PublisherInput",
    "PublisherKind",
    "RotatedSecret",
    "SlotStatus",
    "StoreAccountInput",
    "create_store_account",
    "delete_store_account",
    "deploy_product",
    "get_plan",
    "get_store_account",
    "image_url",
    "list_store_accounts",
    "listed_of",
    "plan_of",
    "plan_topic",
    "processing",
    "remove_slot",
    "reset_listing_plan",
    "retry_slot",
    "rotate_webhook_secret",
    "set_scheduling_rule",
    "shown_as",
    "slot_report",
    "slots_of_products",
    "tick",
]
