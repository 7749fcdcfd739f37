"""GraphQL surface of the listing plan (operation names and arguments are the frontend's contract)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from db import models
from domain import listing as rules
from domain.listing import MissedSlots, PlanSlotStatus, PlanView, PublisherKind
from domain.listing.accounts import PublisherInput, StoreAccountInput
from resolvers import listing as resolve
from schema.idempotency import IdempotencyKeyArg
from schema.task_attempts import TaskAttempts, attempts_of

strawberry.enum(PlanSlotStatus, name="ListingSlotStatus", description="Where a slot of the plan stands.")
strawberry.enum(PublisherKind, description="Where a listing goes: written back to the product, or POSTed.")
strawberry.enum(MissedSlots, description="What happens to slots whose time passed while the scheduler was down.")


@strawberry.type(description="Where the account's listings go. The webhook secret is never returned.")
class StorePublisher:
    kind: PublisherKind
    url: str | None


@strawberry.type
class SchedulingRule:
    items_per_day: int
    enabled: bool


@strawberry.type
class StoreAccount:
    id: strawberry.ID
    name: str
    timezone: str
    publisher: StorePublisher
    missed_slots: MissedSlots
    rule: SchedulingRule | None = strawberry.field(description="None until a rule is set.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.StoreAccount) -> StoreAccount:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            timezone=row.timezone,
            publisher=StorePublisher(kind=PublisherKind(row.publisher_kind), url=row.publisher_url),
            missed_slots=MissedSlots(row.missed_slots),
            rule=SchedulingRule(items_per_day=row.items_per_day, enabled=row.enabled) if row.items_per_day else None,
            created_at=row.created_at,
        )


@strawberry.type(description="A webhook account's new signing secret, shown this once.")
class WebhookSecret:
    account_id: strawberry.ID
    secret: str = strawberry.field(description="Signs every delivery from now on (`v1=`, first); never shown again.")
    previous_valid_until: datetime | None = strawberry.field(
        description="Until then the replaced secret signs too (a second `v1=`); None if there was none to keep."
    )

    @classmethod
    def from_domain(cls, rotated: rules.RotatedSecret) -> WebhookSecret:
        return cls(
            account_id=strawberry.ID(str(rotated.account_id)),
            secret=rotated.secret,
            previous_valid_until=rotated.previous_valid_until,
        )


@strawberry.type
class ListingSlot(TaskAttempts):
    id: strawberry.ID
    scheduled_at: datetime = strawberry.field(description="The slot's time as a UTC instant.")
    local_time: str = strawberry.field(description="The slot's wall-clock time in the account's zone (ISO 8601).")
    status: PlanSlotStatus
    product_id: strawberry.ID | None
    error: str | None = strawberry.field(
        description="Why it failed or was missed (or, while a retry waits, what failed), in the merchant's words."
    )

    @classmethod
    def from_row(cls, row: models.ListingSlot) -> ListingSlot:
        told = rules.slot_report(row)
        return cls(
            id=strawberry.ID(str(row.id)),
            scheduled_at=row.due_at,
            local_time=datetime.fromisoformat(row.local_time).isoformat(),
            status=rules.shown_as(row.status),
            product_id=strawberry.ID(str(row.product_id)) if row.product_id else None,
            error=told.error_message,
            **attempts_of(told),
        )


@strawberry.type(description="A belt slot a product fills, with the store account whose belt it is on.")
class ProductListingSlot(ListingSlot):
    account: StoreAccount

    @classmethod
    def from_slot(cls, row: models.ListingSlot) -> ProductListingSlot:
        slot = ListingSlot.from_row(row)  # every field a plan's slot has, whatever they are
        fields = {field.name: getattr(slot, field.name) for field in dataclasses.fields(slot)}
        return cls(**fields, account=StoreAccount.from_row(row.account))


@strawberry.type
class ListedItem:
    id: strawberry.ID
    slot_id: strawberry.ID
    product_id: strawberry.ID | None
    scheduled_at: datetime
    local_time: str
    listed_at: datetime
    title: str
    description: str
    bullet_points: list[str]
    image_url: str = strawberry.field(description="The generated image, as a signed media URL.")
    published_url: str | None = strawberry.field(description="Where the store shows it, if the webhook said.")

    @classmethod
    def from_row(cls, row: models.ListedItem) -> ListedItem:
        return cls(
            id=strawberry.ID(str(row.id)),
            slot_id=strawberry.ID(str(row.slot_id)),
            product_id=strawberry.ID(str(row.product_id)) if row.product_id else None,
            scheduled_at=row.scheduled_at,
            local_time=datetime.fromisoformat(row.scheduled_local).isoformat(),
            listed_at=row.listed_at,
            title=row.title,
            description=row.description,
            bullet_points=list(row.bullet_points or []),
            image_url=rules.image_url(row),
            published_url=row.published_url,
        )


@strawberry.type
class ListingPlan:
    account: StoreAccount
    next_run_at: datetime | None = strawberry.field(description="When the next scheduled product goes out.")
    slots: list[ListingSlot]
    _view: strawberry.Private[PlanView]

    @classmethod
    def from_view(cls, view: PlanView) -> ListingPlan:
        return cls(
            account=StoreAccount.from_row(view.account),
            next_run_at=view.next_run_at,
            slots=[ListingSlot.from_row(row) for row in view.slots],
            _view=view,
        )

    @strawberry.field(description="The listed log, newest first (default 20, at most 100).")
    def listed(self, first: int | None = None) -> list[ListedItem]:
        return [ListedItem.from_row(row) for row in resolve.listed(self._view, first)]


@strawberry.input
class StorePublisherInput:
    kind: PublisherKind = PublisherKind.CATALOG
    url: str | None = None
    secret: str | None = None


@strawberry.input
class CreateStoreAccountInput:
    name: str
    timezone: str = strawberry.field(description="An IANA zone name, e.g. Europe/Berlin.")
    publisher: StorePublisherInput | None = None
    missed_slots: MissedSlots = MissedSlots.CATCH_UP


@strawberry.type
class ListingQuery:
    @strawberry.field
    async def store_accounts(self, info: strawberry.Info) -> list[StoreAccount]:
        return [StoreAccount.from_row(row) for row in await resolve.accounts(info)]

    @strawberry.field
    async def listing_plan(self, info: strawberry.Info, account_id: strawberry.ID) -> ListingPlan:
        return ListingPlan.from_view(await resolve.plan(info, account_id))


@strawberry.type
class ListingMutation:
    @strawberry.mutation
    async def create_store_account(
        self, info: strawberry.Info, input: CreateStoreAccountInput, idempotency_key: IdempotencyKeyArg = None
    ) -> StoreAccount:
        publisher = input.publisher or StorePublisherInput()
        data = StoreAccountInput(
            name=input.name,
            timezone=input.timezone,
            publisher=PublisherInput(kind=publisher.kind, url=publisher.url, secret=publisher.secret),
            missed_slots=input.missed_slots,
        )
        return StoreAccount.from_row(await resolve.create_account(info, data, idempotency_key))

    @strawberry.mutation(
        description="N slots a day, the first at now + the lead time. Needs confirm: true while products are "
        "scheduled (they would be unscheduled); the same itemsPerDay again only switches the rule on or off."
    )
    async def set_scheduling_rule(
        self,
        info: strawberry.Info,
        account_id: strawberry.ID,
        items_per_day: int,
        enabled: bool,
        confirm: bool | None = None,
    ) -> ListingPlan:
        return ListingPlan.from_view(await resolve.set_rule(info, account_id, items_per_day, enabled, bool(confirm)))

    @strawberry.mutation(description="A fresh belt of empty slots with the current rule (confirm if products wait).")
    async def reset_listing_plan(
        self, info: strawberry.Info, account_id: strawberry.ID, confirm: bool | None = None
    ) -> ListingPlan:
        return ListingPlan.from_view(await resolve.reset(info, account_id, bool(confirm)))

    @strawberry.mutation(description="The first empty slot takes the product and keeps its time.")
    async def deploy_product(
        self,
        info: strawberry.Info,
        account_id: strawberry.ID,
        product_id: strawberry.ID,
        idempotency_key: IdempotencyKeyArg = None,
    ) -> ListingPlan:
        return ListingPlan.from_view(await resolve.deploy(info, account_id, product_id, idempotency_key))

    @strawberry.mutation(
        description="A filled slot empties (time kept); an empty slot goes and one is appended after the last; "
        "a failed or missed slot is dismissed."
    )
    async def remove_slot(self, info: strawberry.Info, slot_id: strawberry.ID) -> ListingPlan:
        return ListingPlan.from_view(await resolve.remove(info, slot_id))

    @strawberry.mutation(
        description="A FAILED slot is retried in place: back on the belt with its time and product, published "
        "next (after the slot being published, if one is)."
    )
    async def retry_slot(self, info: strawberry.Info, slot_id: strawberry.ID) -> ListingPlan:
        return ListingPlan.from_view(await resolve.retry(info, slot_id))

    @strawberry.mutation(
        description="A new server-made secret for a WEBHOOK account, returned once; the replaced one keeps signing "
        "(a second `v1=`) until previousValidUntil (VITRINE_WEBHOOK_SECRET_GRACE)."
    )
    async def rotate_webhook_secret(self, info: strawberry.Info, account_id: strawberry.ID) -> WebhookSecret:
        return WebhookSecret.from_domain(await resolve.rotate_secret(info, account_id))

    @strawberry.mutation(
        description="Deletes the account, its belt and its pending slots (one being published writes nothing); "
        "what was listed stays in the log. The account is NOT_FOUND afterwards."
    )
    async def delete_store_account(self, info: strawberry.Info, id: strawberry.ID) -> bool:
        return await resolve.delete_account(info, id)


@strawberry.type
class ListingSubscription:
    @strawberry.subscription(description="The plan now, then after every change.")
    async def listing_plan_updated(
        self, info: strawberry.Info, account_id: strawberry.ID
    ) -> AsyncGenerator[ListingPlan, None]:
        async for view in await resolve.plan_updates(info, account_id):
            yield ListingPlan.from_view(view)
