"""CTA batch generation: product URLs x variants; each URL scraped once, variant i on ranked image i mod n.

Reads top to bottom: `rules` (pure), `statuses`, `jobs` (the merchant's use cases), `pipeline` (the two task
kinds the workers run).
"""

from domain.cta.jobs import (
    COUNTS,
    OPTIONAL,
    JobCounts,
    JobRow,
    counts_of,
    create_cta_job,
    delete_job,
    generated_background_url,
    get_info,
    get_job,
    infos_of_jobs,
    is_completed,
    list_jobs,
    product_background_url,
    progress_of,
    retry_failed,
    retry_info,
    update_suggestion,
    urls_of_jobs,
)
from domain.cta.pipeline import GENERATE, SCRAPE, product_brief
from domain.cta.statuses import FINAL, RUNNING, CtaInfoStatus, CtaUrlStatus, job_topic

__all__ = [
    "COUNTS",
    "FINAL",
    "GENERATE",
    "OPTIONAL",
    "RUNNING",
    "SCRAPE",
    "CtaInfoStatus",
    "CtaUrlStatus",
    "JobCounts",
    "JobRow",
    "counts_of",
    "create_cta_job",
    "delete_job",
    "generated_background_url",
    "get_info",
    "get_job",
    "infos_of_jobs",
    "is_completed",
    "job_topic",
    "list_jobs",
    "product_background_url",
    "product_brief",
    "progress_of",
    "retry_failed",
    "retry_info",
    "update_suggestion",
    "urls_of_jobs",
]
