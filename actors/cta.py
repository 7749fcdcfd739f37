"""CTA actors: scrape a job's URL once, fan out one generation per variant, generate one variant."""

from __future__ import annotations

import dramatiq

from actors.broker import broker
from actors.runtime import is_final_attempt, run_job
from domain import cta


@dramatiq.actor(actor_name=cta.SCRAPE)
def scrape_url(url_id: str) -> str | None:
    return run_job(cta.scrape_url(url_id, is_final_attempt()))


@dramatiq.actor(actor_name=cta.FAN_OUT)
def fan_out(url_id: str | None = None) -> None:
    """Last step of the URL's pipeline: receives `scrape_url`'s result, sends a group of `generate` messages."""
    info_ids = run_job(cta.variants_to_generate(url_id)) or []
    if info_ids:
        dramatiq.group([generate.message(info_id) for info_id in info_ids], broker=broker).run()


@dramatiq.actor(actor_name=cta.GENERATE)
def generate(info_id: str) -> None:
    run_job(cta.generate(info_id, is_final_attempt()))
