"""A product page's read: the task that fetches and extracts one product's page."""

from __future__ import annotations

from actors.feature import Feature
from domain import products

FEATURE = Feature("products", (products.SCRAPE_TASK,))
