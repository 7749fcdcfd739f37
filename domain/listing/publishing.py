"""Publishers, the domain side: the listing document a slot publishes, which publisher an account uses, and the
catalog write-back (the generated copy and image written into the product, in the transaction that logs it)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from db.models import ListingSlot, Product, StoreAccount
from domain.listing.accounts import signing_secrets
from domain.listing.statuses import PublisherKind
from domain.ports import ports
from integrations.ai.capabilities import ListingCopy
from integrations.publishers import CatalogPublisher, Publication, Publisher

LISTING_IMAGE_SOURCE = "listing"


@dataclass(frozen=True)
class Listing:
    """What one slot publishes: its copy and the stored key of its image."""

    slot: ListingSlot
    account: StoreAccount
    product: Product
    copy: ListingCopy
    image_key: str
    image: bytes

    def publication(self) -> Publication:
        slot, product = self.slot, self.product
        return Publication(
            document={
                "event": "listing.published",
                "slotId": str(slot.id),
                "accountId": str(self.account.id),
                "account": self.account.name,
                "scheduledAt": _utc_text(slot.due_at),
                "localTime": slot.local_time,
                "timezone": self.account.timezone,
                "product": {
                    "id": str(product.id),
                    "title": product.title,
                    "sku": product.sku,
                    "price": product.price,
                    "currency": product.currency,
                    "sourceUrl": product.source_url,
                },
                **self.copy.to_json(),
                "image": {
                    "contentType": "image/png",
                    "sha256": hashlib.sha256(self.image).hexdigest(),
                    "base64": base64.b64encode(self.image).decode(),
                },
                "imageUrl": ports().media.signed_url(self.image_key),
            },
            idempotency_key=str(slot.id),
        )


def publisher_of(account: StoreAccount, now: datetime | None = None) -> Publisher:
    """A webhook account signs with its secret, and with the one it replaced while that is in its grace period."""
    if account.publisher_kind == PublisherKind.WEBHOOK and account.publisher_url and account.publisher_secret:
        return ports().webhook_publisher(account.publisher_url, signing_secrets(account, now or datetime.now(UTC)))
    return CatalogPublisher()


async def write_back(listing: Listing, tx: BaseDBAsyncClient) -> None:
    """CATALOG: the product takes the listing's title, its description with the bullet points, and the generated
    image first among its images (replacing the image of an earlier listing)."""
    product = await Product.filter(id=listing.product.id).using_db(tx).select_for_update().first()
    if product is None:
        return
    copy = listing.copy
    bullets = "\n".join(f"• {point}" for point in copy.bullet_points)
    images = [entry for entry in product.images or [] if entry.get("source") != LISTING_IMAGE_SOURCE]
    generated = {"url": listing.image_key, "key": listing.image_key, "score": 1.0, "source": LISTING_IMAGE_SOURCE}
    await (
        Product.filter(id=product.id)
        .using_db(tx)
        .update(
            title=copy.title[:500],
            description=f"{copy.description}\n\n{bullets}" if bullets else copy.description,
            images=[generated, *images],
        )
    )


def base_image_entries(product: Product) -> list[dict[str, Any]]:
    """The product's own images, best first: a listing's generated image is never the base of the next one."""
    return [entry for entry in product.images or [] if entry.get("source") != LISTING_IMAGE_SOURCE]


def _utc_text(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
