"""Where a CTA job's rows stand, and the live-event topic of a job."""

from __future__ import annotations

from enum import StrEnum


class CtaUrlStatus(StrEnum):
    """Phase 1: one distinct product URL of a job, scraped once."""

    PENDING = "pending"
    SCRAPING = "scraping"
    SCRAPED = "scraped"
    FAILED = "failed"


class CtaInfoStatus(StrEnum):
    """Phase 2: one variant's creative."""

    PENDING = "pending"
    ANALYZING = "analyzing"
    GENERATING_IMAGE = "generating_image"
    GENERATING_SUGGESTION = "generating_suggestion"
    DONE = "done"
    FAILED = "failed"


RUNNING = (CtaInfoStatus.ANALYZING, CtaInfoStatus.GENERATING_IMAGE, CtaInfoStatus.GENERATING_SUGGESTION)
FINAL = (CtaInfoStatus.DONE, CtaInfoStatus.FAILED)


def job_topic(job_id: object) -> str:
    return f"cta_job:{job_id}"
