"""Store accounts: a name, an IANA zone, a publisher and what to do with missed slots; checked whole, then written."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from db.models import StoreAccount
from domain.errors import BadUserInput
from domain.listing.clock import zone_named
from domain.listing.statuses import MissedSlots, PublisherKind
from domain.tenancy import Principal, get_owned, owned
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
    return await StoreAccount.create(
        workspace_id=principal.workspace_id,
        name=name,
        timezone=data.timezone,
        publisher_kind=publisher.kind,
        publisher_url=url,
        publisher_secret=secret,
        missed_slots=data.missed_slots,
    )


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
    return await owned(StoreAccount, principal).order_by("created_at", "id")


async def get_store_account(principal: Principal, account_id: object) -> StoreAccount:
    return await get_owned(StoreAccount, principal, account_id, "StoreAccount")


def zone_of(account: StoreAccount) -> ZoneInfo:
    return zone_named(account.timezone)
