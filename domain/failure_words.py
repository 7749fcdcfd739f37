"""A task's failure in the merchant's words, the one place that maps failure causes to words for every feature.

The kernel and the features record the technical detail of a failure (`errorDetail` in the API: "Could not read
https://shop.example/p: https://shop.example/p answered HTTP 503 (service unavailable)", "The AI provider failed:
Error code: 500 - … (HTTP 500)"). What a merchant reads is made from it here: what could not be done (the product
page, the product image, the AI service, the store's webhook, or the feature's own task), why in plain words (the
server answered with an error, it did not answer in time, …) and, for a final failure, what to do next. Nothing of
the provider's or the server's own text reaches these words.

The detail is read, not parsed for everything: the causes below are the ones our integrations name (the fetcher's
"answered HTTP 503", a provider's "(HTTP 500)", "timed out", "could not be reached"); anything else reads as the
task's subject and a general cause, with the detail still one click away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Feature(StrEnum):
    """Whose task failed: says what could not be done when the detail names nothing more precise."""

    CTA_PAGE = "cta_page"
    CTA_VARIANT = "cta_variant"
    PREVIEW = "preview"
    BATCH_JOB = "batch_job"
    LISTING_SLOT = "listing_slot"


class Source(StrEnum):
    PAGE = "page"
    IMAGE = "image"
    PROVIDER = "provider"
    WEBHOOK = "webhook"
    TASK = "task"


class Cause(StrEnum):
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    BLOCKED = "blocked"
    REFUSED = "refused"
    UNUSABLE = "unusable"
    NO_PRODUCT = "no_product"
    NO_IMAGE = "no_image"
    DELETED = "deleted"
    MISSING_FILE = "missing_file"
    QUOTA = "quota"
    INTERNAL = "internal"
    OTHER = "other"


@dataclass(frozen=True)
class Failure:
    source: Source
    cause: Cause


_SUBJECTS: dict[Source, str] = {
    Source.PAGE: "The product page could not be read",
    Source.IMAGE: "The product image could not be downloaded",
    Source.WEBHOOK: "Your store's webhook did not take the listing",
}
_TASK_SUBJECTS: dict[Feature, str] = {
    Feature.CTA_PAGE: "The product page could not be read",
    Feature.CTA_VARIANT: "This variant could not be made",
    Feature.PREVIEW: "The preview could not be rendered",
    Feature.BATCH_JOB: "The images of this variant could not be generated",
    Feature.LISTING_SLOT: "The listing could not be published",
}
_WHO: dict[Source, str] = {
    Source.PAGE: "the shop's server",
    Source.IMAGE: "the server of the image",
    Source.PROVIDER: "the AI service",
    Source.WEBHOOK: "your store's server",
}
# Who failed when the detail names no one: the shop for a page's read, else the AI service the task calls.
_TASK_WHO: dict[Feature, str] = {
    Feature.CTA_PAGE: "the shop's server",
    Feature.CTA_VARIANT: "the AI service",
    Feature.PREVIEW: "the AI service",
    Feature.BATCH_JOB: "the AI service",
    Feature.LISTING_SLOT: "the AI service",
}
_REASONS: dict[Cause, str] = {
    Cause.SERVER_ERROR: "{who} answered with an error",
    Cause.RATE_LIMITED: "{who} is busy and asked us to slow down",
    Cause.TIMEOUT: "{who} did not answer in time",
    Cause.UNREACHABLE: "{who} could not be reached",
    Cause.NOT_FOUND: "the address was not found",
    Cause.FORBIDDEN: "{who} refused access",
    Cause.BLOCKED: "the site showed a bot check instead of the page",
    Cause.REFUSED: "the request was declined (its content may not be allowed)",
    Cause.UNUSABLE: "what came back was not usable",
    Cause.NO_PRODUCT: "the product no longer exists",
    Cause.NO_IMAGE: "there is no product image to work from",
    Cause.DELETED: "the work or product it was made from was deleted",
    Cause.MISSING_FILE: "an image it uses is missing from storage",
    Cause.QUOTA: "the AI service account has run out of quota",
    Cause.INTERNAL: "something went wrong on our side",
    Cause.OTHER: "something went wrong",
}
# What a merchant can do after a final failure; None: say nothing (retrying will not help without a change).
_NEXT: dict[Cause, str | None] = {
    Cause.SERVER_ERROR: "You can retry.",
    Cause.RATE_LIMITED: "You can retry in a few minutes.",
    Cause.TIMEOUT: "You can retry.",
    Cause.UNREACHABLE: "Check the address, then retry.",
    Cause.NOT_FOUND: "Check the address.",
    Cause.FORBIDDEN: "Check that the address is public.",
    Cause.BLOCKED: "The site may let us in later; you can retry.",
    Cause.REFUSED: "Try another image or product.",
    Cause.UNUSABLE: "Try another image or product.",
    Cause.NO_PRODUCT: None,
    Cause.NO_IMAGE: "Add an image to the product, then retry.",
    Cause.DELETED: None,
    Cause.MISSING_FILE: "Retry once it is back, or choose another image.",
    Cause.QUOTA: "Retry once the account has credit again.",
    Cause.INTERNAL: "You can retry; it has been logged.",
    Cause.OTHER: "You can retry.",
}
# Where who failed changes what the merchant can do: an AI service out of reach has no address of theirs to check.
_NEXT_FROM: dict[tuple[Source, Cause], str] = {
    (Source.PROVIDER, Cause.UNREACHABLE): "You can retry once the AI service is back.",
}

_STATUS = re.compile(r"(?:HTTP|Error code:?|answered|returned|status)\s*(\d{3})\b", re.IGNORECASE)
# Causes our own code names outright: they say more than any HTTP status the text also carries.
_PLAIN: tuple[tuple[Cause, re.Pattern[str]], ...] = (
    (Cause.INTERNAL, re.compile(r"internal error stopped this task")),
    (Cause.NO_PRODUCT, re.compile(r"product of this slot no longer exists|product no longer exists", re.I)),
    (Cause.NO_IMAGE, re.compile(r"has no image|no product images", re.I)),
    (Cause.DELETED, re.compile(r"was deleted", re.I)),
    (Cause.MISSING_FILE, re.compile(r"can no longer be read from storage", re.I)),
    (Cause.QUOTA, re.compile(r"out of quota|insufficient.quota", re.I)),
    (Cause.BLOCKED, re.compile(r"bot check|captcha|challenge page", re.I)),
)
# Then the HTTP status, if any; then these, read from the integration's own wording.
_MARKERS: tuple[tuple[Cause, re.Pattern[str]], ...] = (
    (Cause.TIMEOUT, re.compile(r"timed out|time-?out|did not answer in time|still being read", re.I)),
    (Cause.RATE_LIMITED, re.compile(r"rate.?limit|too many requests", re.I)),
    (
        Cause.UNREACHABLE,
        re.compile(
            r"could not be reached|could not reach|connection (was )?refused|connection error|does not resolve"
            r"|not resolve",
            re.I,
        ),
    ),
    (Cause.NOT_FOUND, re.compile(r"not found|no longer be read", re.I)),
    (Cause.REFUSED, re.compile(r"refused|rejected|declined|safety|moderation|not allowed", re.I)),
    (Cause.UNUSABLE, re.compile(r"not a usable|not an image|unexpected|malformed|could not decode|too large", re.I)),
)


def classify(detail: str) -> Failure:
    """Which outside party failed, and why, as far as the detail our integrations write says."""
    source = _source_of(detail)
    for cause, marker in _PLAIN:
        if marker.search(detail):
            return Failure(Source.TASK if cause == Cause.INTERNAL else source, cause)
    status = _STATUS.search(detail)
    if status:
        code = int(status.group(1))
        if code == 429:
            return Failure(source, Cause.RATE_LIMITED)
        if code >= 500:
            return Failure(source, Cause.SERVER_ERROR)
        if code in (404, 410):
            return Failure(source, Cause.NOT_FOUND)
        if code in (401, 403):
            return Failure(source, Cause.FORBIDDEN)
        if code in (408, 425):
            return Failure(source, Cause.TIMEOUT)
    for cause, marker in _MARKERS:
        if marker.search(detail):
            return Failure(source, cause)
    return Failure(source, Cause.OTHER)


def _source_of(detail: str) -> Source:
    text = detail.lower()
    if text.startswith("the webhook"):
        return Source.WEBHOOK
    if text.startswith("could not read ") or text.startswith("the page"):
        return Source.PAGE
    if text.startswith("could not download the product image"):
        return Source.IMAGE
    if any(mark in text for mark in ("ai provider", "error code:", "the api", "image generator", "openai")):
        return Source.PROVIDER
    return Source.TASK


def in_words(feature: Feature, detail: str | None, *, final: bool) -> str | None:
    """The merchant's words for a failure whose technical detail is `detail` (None: no failure to tell).
    `final`: the task has failed for good (the words end with what to do); else a retry is coming."""
    if not detail:
        return None
    failure = classify(detail)
    subject = _SUBJECTS.get(failure.source) or _TASK_SUBJECTS[feature]
    who = _WHO.get(failure.source) or _TASK_WHO[feature]
    reason = _REASONS[failure.cause].format(who=who)
    if not final:
        return f"{subject}: {reason}. It will be tried again."
    follow_up = _NEXT_FROM.get((failure.source, failure.cause), _NEXT[failure.cause])
    return f"{subject}: {reason}." + (f" {follow_up}" if follow_up else "")
