"""Product actors: read a product page (a request such as importProduct enqueued it and waits for its signal)."""

from __future__ import annotations

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import task_actor
from domain import products

scrape_product = task_actor(products.SCRAPE_PRODUCT)
