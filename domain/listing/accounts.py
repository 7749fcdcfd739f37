"""Store accounts: a name, an IANA zone, a publisher and what to do with missed slots; checked whole, then written."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from db.models import ListingSlot, StoreAccount
from domain.errors import BadUserInput, NotFound
from domain.listing.clock import zone_named
from domain.listing.slots import editing
from domain.listing.statuses import MissedSlots, PublisherKind
from domain.tenancy import Principal, owned, parse_id
from domain.workspace_events import Change, Kind, announce
from integrations.fetcher import FetchError, check_public_url
from settings import get_settings

NAME_MAX = 100
SECRET_MIN = 16
SECRET_MAX = 256
URL_MAX = 2048


@dataclass(frozen=True)
class PublisherInput:
    kind: PublisherKind = PublisherKind.CATALOG
    url: str | None = None
    secret: str | None = None


@dataclass(frozen=True)
class StoreAccountInput:
    name: str
    timezone: str
    publisher: PublisherInput | None = None
    missed_slots: MissedSlots = MissedSlots.CATCH_UP


async def create_store_account(principal: Principal, data: StoreAccountInput) -> StoreAccount:
    name = data.name.strip()
    if not name or len(name) > NAME_MAX:
        raise BadUserInput(f"the name must be 1 to {NAME_MAX} characters", field="name")
    try:
        zone_named(data.timezone)
    except ValueError as exc:
        raise BadUserInput(str(exc), field="timezone") from exc
    publisher = data.publisher or PublisherInput()
    url, secret = await _check_publisher(publisher)
    account = await StoreAccount.create(
        workspace_id=principal.workspace_id,
        name=name,
        timezone=data.timezone,
        publisher_kind=publisher.kind,
        publisher_url=url,
        publisher_secret=secret,
        missed_slots=data.missed_slots,
    )
    await announce(principal.workspace_id, Kind.STORE_ACCOUNT, account.id, Change.CREATED)
    return account


async def _check_publisher(publisher: PublisherInput) -> tuple[str | None, str | None]:
    if publisher.kind == PublisherKind.CATALOG:
        for field, value in (("url", publisher.url), ("secret", publisher.secret)):
            if value:
                raise BadUserInput(f"a CATALOG publisher takes no {field}", field=f"publisher.{field}")
        return None, None
    url = (publisher.url or "").strip()
    if not url or len(url) > URL_MAX:
        raise BadUserInput(f"a WEBHOOK publisher needs its url (at most {URL_MAX} characters)", field="publisher.url")
    try:
        await check_public_url(url, allow_private=get_settings().allow_private_urls)
    except FetchError as exc:
        raise BadUserInput(exc.message, field="publisher.url") from exc
    secret = publisher.secret or ""
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise BadUserInput(
            f"a WEBHOOK publisher needs a secret of {SECRET_MIN} to {SECRET_MAX} characters (it signs every body)",
            field="publisher.secret",
        )
    return url, secret


async def list_store_accounts(principal: Principal) -> list[StoreAccount]:
    return await owned(StoreAccount, principal).filter(deleted_at__isnull=True).order_by("created_at", "id")


async def get_store_account(principal: Principal, account_id: object) -> StoreAccount:
    """The caller's account; NOT_FOUND for another workspace's and for a deleted one."""
    ident = parse_id(account_id, "StoreAccount")
    row = await owned(StoreAccount, principal).filter(deleted_at__isnull=True).get_or_none(id=ident)
    if row is None:
        raise NotFound.of("StoreAccount", account_id)
    return row


@dataclass(frozen=True)
class RotatedSecret:
    account_id: object
    secret: str  # shown this once; stored as the creation's secret is (in the account row), never returned again
    previous_valid_until: datetime | None  # None: there was no secret to keep (or no grace period)


def signing_secrets(account: StoreAccount, now: datetime) -> list[str]:
    """The secrets a delivery is signed with: the current one first, then the one it replaced while that one is
    in its grace period (a receiver still holding the old secret keeps verifying until it switches)."""
    current = [account.publisher_secret] if account.publisher_secret else []
    previous = account.previous_secret
    until = account.previous_secret_until
    if previous and until is not None and until > now and previous not in current:
        return [*current, previous]
    return current


async def rotate_webhook_secret(principal: Principal, account_id: object, now: datetime | None = None) -> RotatedSecret:
    """A new server-generated secret signs from now on; the one it replaces keeps signing (second) for
    VITRINE_WEBHOOK_SECRET_GRACE. Rotating again within the grace period drops the oldest secret at once."""
    now = now or datetime.now(UTC)
    grace = get_settings().webhook_secret_grace
    ident = parse_id(account_id, "StoreAccount")
    async with editing(ident, now, workspace_id=principal.workspace_id) as plan:
        account = plan.account
        if account.publisher_kind != PublisherKind.WEBHOOK:
            raise BadUserInput("only a WEBHOOK account has a secret to rotate", field="accountId")
        secret = secrets.token_urlsafe(32)
        old = account.publisher_secret
        until = now + grace if old and grace.total_seconds() > 0 else None
        await (
            StoreAccount.filter(id=account.id)
            .using_db(plan.tx)
            .update(
                publisher_secret=secret,
                previous_secret=old if until else None,
                previous_secret_until=until,
                updated_at=now,
            )
        )
    return RotatedSecret(account_id=account.id, secret=secret, previous_valid_until=until)


async def delete_store_account(principal: Principal, account_id: object, now: datetime | None = None) -> bool:
    """The account goes: its belt and every slot still on it (empty, scheduled, queued, in flight, failed,
    missed) are deleted, its publisher's URL and secrets wiped, and it is NOT_FOUND from then on. The row itself
    stays, marked deleted, so the listed log (ListedItem rows, which point at it) is kept as it was.

    Under the account's lock, like every plan edit: a slot being published either finished first (it is in the
    log) or finds its row gone, its claim lost, and writes nothing (domain/listing/processing.py)."""
    now = now or datetime.now(UTC)
    async with editing(parse_id(account_id, "StoreAccount"), now, workspace_id=principal.workspace_id) as plan:
        await ListingSlot.filter(account_id=plan.account.id).using_db(plan.tx).delete()
        await (
            StoreAccount.filter(id=plan.account.id)
            .using_db(plan.tx)
            .update(
                deleted_at=now,
                enabled=False,
                publisher_url=None,
                publisher_secret=None,
                previous_secret=None,
                previous_secret_until=None,
                updated_at=now,
            )
        )
        plan.belt = plan.stored = ()
        plan.changed = True  # subscribers of the plan read it again and get NOT_FOUND
        deleted = plan.account.id
    await announce(principal.workspace_id, Kind.STORE_ACCOUNT, deleted, Change.DELETED)
    return True


def zone_of(account: StoreAccount) -> ZoneInfo:
    return zone_named(account.timezone)
