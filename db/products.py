"""Product queries that need care: the one-scrape-at-a-time claim on a product's page fetch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import Q

from db.models import Product


async def claim_scrape(product: Product, *, now: datetime, lease: timedelta, stale_before: datetime) -> bool:
    """Take the right to fetch this product's page: it is new, failed, stale, or its scraper's lease ran out."""
    takeable = (
        Q(scrape_status__in=["new", "failed"])
        | Q(scrape_status="ready", scraped_at__lt=stale_before)
        | Q(scrape_status="scraping", scrape_lease_expires_at__lt=now)
    )
    token = product.scrape_attempt + 1
    updated = (
        await Product.filter(id=product.id, scrape_attempt=product.scrape_attempt)
        .filter(takeable)
        .update(scrape_status="scraping", scrape_attempt=token, scrape_lease_expires_at=now + lease)
    )
    if updated:
        product.scrape_status, product.scrape_attempt = "scraping", token
    return bool(updated)


async def finish_scrape(product: Product, **changes: Any) -> bool:
    """Write the scrape's outcome if our claim still stands."""
    updated = await Product.filter(id=product.id, scrape_attempt=product.scrape_attempt).update(
        scrape_lease_expires_at=None, updated_at=datetime.now(UTC), **changes
    )
    return bool(updated)
