"""CTA actors: scrape a job's URL once (its success sends the variants' messages), generate one variant."""

from __future__ import annotations

import dramatiq

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import run_task
from domain import cta


@dramatiq.actor(actor_name=cta.SCRAPE)
def scrape_url(url_id: str) -> None:
    run_task(cta.SCRAPE, url_id)


@dramatiq.actor(actor_name=cta.GENERATE)
def generate(info_id: str) -> None:
    run_task(cta.GENERATE, info_id)
