"""CTA actors: scrape a job's URL once (its success sends the variants' messages), generate one variant."""

from __future__ import annotations

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import task_actor
from domain import cta

scrape_url = task_actor(cta.SCRAPE)
generate = task_actor(cta.GENERATE)
