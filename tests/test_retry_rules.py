"""The pure rules behind the retry states: when the next attempt is due (`RetrySchedule.next_attempt_at`), what a
row says of its attempts (`retry_state`), and the merchant's words for a failure (`domain.failure_words`)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.failure_words import (
    _NEXT,
    _NEXT_FROM,
    _REASONS,
    _SUBJECTS,
    _TASK_SUBJECTS,
    _TASK_WHO,
    _WHO,
    Feature,
    in_words,
)
from domain.tasks.retry import RetrySchedule, retry_state

delays = st.lists(st.integers(min_value=0, max_value=3_600_000), max_size=6).map(
    lambda ms: RetrySchedule(tuple(timedelta(milliseconds=m) for m in ms))
)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
scales = st.floats(min_value=0.001, max_value=1.0, allow_nan=False)


@given(delays, st.integers(min_value=1, max_value=10), moments, scales)
def test_the_next_attempt_is_the_schedules_delay_after_the_failure_or_none_once_it_is_used_up(
    schedule: RetrySchedule, failures: int, failed_at: datetime, scale: float
) -> None:
    due = schedule.next_attempt_at(failures, failed_at, scale)
    if failures >= schedule.attempts:
        assert due is None  # the last attempt allowed has failed: final
    else:
        assert due == failed_at + schedule.delays[failures - 1] * scale
        assert due >= failed_at


@given(delays, moments)
def test_attempts_failing_at_once_start_where_the_schedule_says(schedule: RetrySchedule, first: datetime) -> None:
    """Chained from the first attempt's start, the rule gives every attempt's start (`starts`), then None."""
    at, seen = first, [first]
    for failures in itertools.count(1):
        due = schedule.next_attempt_at(failures, at)
        if due is None:
            break
        seen.append(due)
        at = due
    assert seen == [first + offset for offset in schedule.starts()]
    assert len(seen) == schedule.attempts


def test_delays_count_failures_from_one() -> None:
    with pytest.raises(ValueError):
        RetrySchedule.fixed(5).next_attempt_at(0, datetime.now(UTC))


@given(
    delays,
    st.sampled_from(["waiting", "running", "finished"]),
    st.booleans(),
    st.integers(min_value=0, max_value=10),
    st.none() | moments,
)
def test_a_rows_retry_state(
    schedule: RetrySchedule, status: str, claimed: bool, retries: int, next_at: datetime | None
) -> None:
    waiting, running = status == "waiting", status == "running"
    state = retry_state(
        schedule, waiting=waiting, running=running, claimed=claimed, retries=retries, next_attempt_at=next_at
    )
    assert state.max_attempts == schedule.attempts
    # The next attempt's time only while the row waits for a retry the kernel scheduled.
    assert state.next_attempt_at == (next_at if waiting and retries > 0 else None)
    if waiting:
        assert state.attempts == retries  # each failed and was given back
    elif running:
        assert state.attempts == retries + 1  # the one under way counts
    else:
        assert state.attempts == (retries + 1 if claimed else 0)  # never ran: failed with its page, or not sent
    if state.next_attempt_at is not None:
        assert state.attempts >= 1  # "attempt N+1 of M" never says attempt 1 is a retry


def _every_sentence() -> set[str]:
    """Every sentence `in_words` can say: subjects x reasons x what to do next, nothing else."""
    subjects = set(_SUBJECTS.values()) | set(_TASK_SUBJECTS.values())
    whos = set(_WHO.values()) | set(_TASK_WHO.values())
    reasons = {reason.format(who=who) for reason in _REASONS.values() for who in whos}
    ends = {" It will be tried again."} | {f" {n}" for n in (*_NEXT.values(), *_NEXT_FROM.values()) if n} | {""}
    return {f"{subject}: {reason}.{end}" for subject in subjects for reason in reasons for end in ends}


SENTENCES = _every_sentence()
DETAILS = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "Could not read https://shop.example/p: https://shop.example/p answered HTTP 503 (service unavailable)",
            "The AI provider failed: image edit: the API failed: Error code: 500 - {'error': 'boom'} (HTTP 500)",
            "The webhook did not take the listing: https://store.example/hook answered HTTP 429",
            "Could not download the product image https://cdn.example/a.png: it timed out",
            "an internal error stopped this task; it has been logged",
            "The AI provider failed: OpenAI background for 'Tote': could not reach the API (Connection error.)",
        ]
    ).flatmap(lambda known: st.text(max_size=30).map(lambda noise: known + noise)),
)


@given(st.sampled_from(list(Feature)), DETAILS, st.booleans())
def test_failures_are_told_in_our_words_only(feature: Feature, detail: str, final: bool) -> None:
    """Whatever a provider or a server wrote, the merchant reads one of our sentences (the detail is elsewhere)."""
    words = in_words(feature, detail, final=final)
    if not detail:
        assert words is None
        return
    assert words in SENTENCES
    assert words.endswith("It will be tried again.") != final


@pytest.mark.parametrize(
    ("feature", "detail", "words"),
    [
        (
            Feature.CTA_PAGE,
            "Could not read https://s.example/p: https://s.example/p answered HTTP 503 (service unavailable)",
            "The product page could not be read: the shop's server answered with an error. You can retry.",
        ),
        (
            Feature.CTA_PAGE,
            "Could not read https://s.example/p: https://s.example/p was blocked by the site: it answered with a bot "
            "check (cloudflare) instead of the page (HTTP 403)",
            "The product page could not be read: the site showed a bot check instead of the page. "
            "The site may let us in later; you can retry.",
        ),
        (
            Feature.CTA_PAGE,
            "Could not read https://s.example/gift: no product images found on the page",
            "The product page could not be read: there is no product image to work from. "
            "Add an image to the product, then retry.",
        ),
        (
            Feature.CTA_VARIANT,
            "The AI provider failed: image edit: the API failed: Error code: 500 - … (HTTP 500)",
            "This variant could not be made: the AI service answered with an error. You can retry.",
        ),
        (
            Feature.CTA_VARIANT,
            "The AI provider failed: OpenAI background for 'Tote': could not reach the API (Connection error.)",
            "This variant could not be made: the AI service could not be reached. "
            "You can retry once the AI service is back.",
        ),
        (
            Feature.PREVIEW,
            "image edit: rate limited: slow down (HTTP 429)",
            "The preview could not be rendered: the AI service is busy and asked us to slow down. "
            "You can retry in a few minutes.",
        ),
        (
            Feature.LISTING_SLOT,
            "The webhook did not take the listing: https://store.example/hook answered HTTP 410 (gone)",
            "Your store's webhook did not take the listing: the address was not found. Check the address.",
        ),
        (
            Feature.BATCH_JOB,
            "an internal error stopped this task; it has been logged",
            "The images of this variant could not be generated: something went wrong on our side. "
            "You can retry; it has been logged.",
        ),
    ],
)
def test_known_causes_read_as_a_merchant_would_say_them(feature: Feature, detail: str, words: str) -> None:
    assert in_words(feature, detail, final=True) == words
