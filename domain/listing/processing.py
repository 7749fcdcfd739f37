"""Listing one slot, as a task of the kernel: the copy, the image, the publisher, then the move to the listed log.

The move to the log is one transaction under the account's lock: the claim's final write (so a worker that lost
its claim writes nothing), the log entry (unique per slot: a redelivered message cannot list twice), the catalog
write-back, the slot's removal from the belt, a new empty slot, and the next due slot sent. A webhook is POSTed
just before, right after checking the claim is still ours, with the slot's id as its idempotency key, so a retry
after a lost answer is recognisable to the receiver.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.models import ListedItem, ListingSlot, Product, StoreAccount
from domain import media_sweep
from domain.cta import product_brief
from domain.errors import NotFound
from domain.listing import dispatch
from domain.listing.publishing import Listing, base_image_entries, publisher_of, write_back
from domain.listing.slots import Plan, editing
from domain.listing.statuses import PublisherKind, SlotStatus, plan_topic
from domain.ports import ports
from domain.tasks import Claim, RetrySchedule, TaskFailed, TaskKind, TransientFailure
from domain.tasks.retry import backoff_from_settings
from integrations.ai.base import ProviderError
from integrations.fetcher import FetchError
from integrations.publishers import Receipt

MEDIA_FOLDER = "listing"


def _retry_schedule() -> RetrySchedule:
    """A publisher's or the provider's timeouts, 429 and 5xx: five more tries, at most 5 minutes apart."""
    return backoff_from_settings(retries=5, cap=timedelta(minutes=5))


async def _list_slot(claim: Claim[ListingSlot]) -> None:
    slot = claim.row
    account = await StoreAccount.get_or_none(id=slot.account_id, deleted_at__isnull=True)
    if account is None:  # deleted since the slot was claimed: its row is gone, nothing to publish or write
        await claim.finish(status=SlotStatus.FAILED, error=None)  # writes nothing (no row): the claim is lost
        return
    product = await Product.get_or_none(id=slot.product_id) if slot.product_id else None
    if product is None:
        raise TaskFailed("the product of this slot no longer exists")
    await claim.publish(slot=str(slot.id), status=SlotStatus.PROCESSING)
    brief = product_brief(product)
    try:
        copy = await ports().listing_writer.write_listing(brief)
        image = await ports().creative.generate_background(brief, await _product_image(product), slot.id.int % 16)
        key = await claim.save_media(image, folder=f"{MEDIA_FOLDER}/{account.id}", extension="png")
        listing = Listing(slot=slot, account=account, product=product, copy=copy, image_key=key, image=image)
        await claim.advance(status=SlotStatus.PROCESSING, error=None)  # Superseded if another worker has it now
        receipt = await publisher_of(account).publish(listing.publication())
    except (ProviderError, FetchError) as exc:
        raise (TransientFailure if exc.transient else TaskFailed)(_cause(exc, account)) from exc
    await _move_to_log(claim, listing, receipt)


async def _product_image(product: Product) -> bytes:
    for entry in base_image_entries(product):
        if entry.get("key"):
            try:
                return await ports().media.read(str(entry["key"]))
            except (FileNotFoundError, ValueError):
                continue
    url = next((str(e["url"]) for e in base_image_entries(product) if e.get("url")), product.primary_image_url)
    if not url:
        raise TaskFailed("the product has no image to make the listing image from")
    async with ports().new_fetcher() as fetcher:
        return (await fetcher.fetch_image(url)).data


def _cause(exc: ProviderError | FetchError, account: StoreAccount) -> str:
    if (
        isinstance(exc, FetchError)
        and account.publisher_kind == PublisherKind.WEBHOOK
        and exc.url == account.publisher_url
    ):
        return f"The webhook did not take the listing: {exc.message}"
    if isinstance(exc, FetchError):
        return f"Could not download the product image: {exc.message}"
    return f"The AI provider failed: {exc.message}"


async def _move_to_log(claim: Claim[ListingSlot], listing: Listing, receipt: Receipt) -> None:
    slot = claim.row
    now = datetime.now(UTC)
    try:
        async with editing(slot.account_id, now) as plan:
            if not await claim.finish(status=SlotStatus.LISTED, error=None):
                return  # taken over: the worker that holds the claim now logs it
            await _log(plan, listing, receipt, now)
    except NotFound:
        await _gone(claim)


async def _gone(claim: Claim[ListingSlot]) -> None:
    """The account was deleted while its slot was in flight (deleteStoreAccount deletes the slot's row under the
    account's lock): nothing is logged and no slot comes back; the final write finds no row and the claim is lost."""
    await claim.finish(status=SlotStatus.FAILED, error=None)


async def _log(plan: Plan, listing: Listing, receipt: Receipt, now: datetime) -> None:
    slot = listing.slot
    await ListedItem.create(
        workspace_id=slot.workspace_id,
        account_id=slot.account_id,
        slot_id=slot.id,
        product_id=listing.product.id,
        scheduled_local=slot.local_time,
        scheduled_at=slot.due_at,
        listed_at=now,
        title=listing.copy.title[:500],
        description=listing.copy.description,
        bullet_points=list(listing.copy.bullet_points),
        image_key=listing.image_key,
        publisher_kind=listing.account.publisher_kind,
        published_url=receipt.published_url,
        using_db=plan.tx,
    )
    if listing.account.publisher_kind == PublisherKind.CATALOG:
        await write_back(listing, plan.tx)
    await ListingSlot.filter(id=slot.id).using_db(plan.tx).delete()
    plan.changed = True
    plan.leave(slot.id)
    await dispatch.turn(plan, late_after=None)


async def _record_failure(claim: Claim[ListingSlot], message: str) -> None:
    """It kept failing: FAILED with its error, visible in the plan; the belt is topped up and the next slot sent."""
    slot = claim.row
    try:
        async with editing(slot.account_id, datetime.now(UTC)) as plan:
            if not await claim.finish(status=SlotStatus.FAILED, error=message):
                return
            plan.changed = True
            plan.leave(slot.id)
            await dispatch.turn(plan, late_after=None)
    except NotFound:
        await _gone(claim)


MEDIA_KEYS = media_sweep.keys_in(ListedItem, "image_key")  # swept once actors.setup registers it

LIST_SLOT_TASK = TaskKind(
    name=dispatch.PUBLISH_SLOT,
    model=ListingSlot,
    waiting=SlotStatus.QUEUED,
    running=(SlotStatus.PROCESSING,),
    work=_list_slot,
    fail=_record_failure,
    topic=lambda row: plan_topic(row.account_id),
    retry=_retry_schedule,
    error_field="error",
)
