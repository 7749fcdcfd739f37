"""Retry schedules: when a task that failed for a passing reason runs again, and when it gives up. Pure, but for
`backoff_from_settings`, which reads the process's base delay, and `waited`, which reads its time scale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetrySchedule:
    """`delays[n]` is the wait after the (n+1)-th failure; one attempt more than there are delays."""

    delays: tuple[timedelta, ...]

    @classmethod
    def fixed(cls, *seconds: float) -> RetrySchedule:
        return cls(tuple(timedelta(seconds=s) for s in seconds))

    @classmethod
    def exponential(cls, first: timedelta, retries: int, cap: timedelta) -> RetrySchedule:
        """`first`, twice `first`, four times `first` and so on (each at most `cap`), `retries` of them."""
        return cls(tuple(min(first * (2**n), cap) for n in range(retries)))

    @property
    def attempts(self) -> int:
        return len(self.delays) + 1

    def delay_after(self, failures: int) -> timedelta | None:
        """The wait before the next attempt once `failures` attempts have failed; None: give up now."""
        if failures < 1:
            raise ValueError("delay_after counts failures from 1")
        return self.delays[failures - 1] if failures <= len(self.delays) else None

    def next_attempt_at(self, failures: int, failed_at: datetime, scale: float = 1.0) -> datetime | None:
        """When the next automatic attempt is due once `failures` attempts have failed, the last at `failed_at`,
        with the kernel's delay scale (`waited`); None: the schedule is used up, the failure is final."""
        declared = self.delay_after(failures)
        return None if declared is None else failed_at + declared * scale

    def starts(self) -> list[timedelta]:
        """When each attempt starts, counted from the first, if every attempt fails at once (for docs and tests)."""
        at, out = timedelta(0), [timedelta(0)]
        for delay in self.delays:
            at += delay
            out.append(at)
        return out


NO_RETRIES = RetrySchedule(())


def backoff_from_settings(retries: int, cap: timedelta) -> RetrySchedule:
    """Timeouts, 429 and 5xx: `retries` more tries, doubling from VITRINE_RETRY_MIN_BACKOFF_MS, at most `cap` apart."""
    from settings import get_settings

    first = timedelta(milliseconds=get_settings().retry_min_backoff_ms)
    return RetrySchedule.exponential(first, retries=retries, cap=max(first, cap))


def delay_scale() -> float:
    from settings import get_settings

    return float(get_settings().retry_delay_scale)


@dataclass(frozen=True)
class RetryState:
    """What a merchant is told of a task's retries: attempts made, attempts allowed, when the next one is due."""

    attempts: int
    max_attempts: int
    next_attempt_at: datetime | None


def retry_state(
    schedule: RetrySchedule,
    *,
    waiting: bool,
    running: bool,
    claimed: bool,
    retries: int,
    next_attempt_at: datetime | None,
) -> RetryState:
    """The retry state of a row from what it stores. Waiting, it has made `retries` attempts (each failed and was
    given back); running, the one under way counts too; finished (done or failed), the last one it ran counts,
    unless it never ran (`claimed` False: failed with its URL, or not yet sent). The next attempt's time is shown
    only while the row waits for the retry the kernel scheduled."""
    made = retries if waiting else retries + 1 if running or claimed else 0
    due = next_attempt_at if waiting and retries > 0 else None
    return RetryState(attempts=made, max_attempts=schedule.attempts, next_attempt_at=due)


def waited(declared: timedelta) -> timedelta:
    """How long the kernel waits for a delay a schedule declares: times VITRINE_RETRY_DELAY_SCALE (1 in production).

    The one place the scale applies, so a test or drill runs a kind's real schedule faster, in the same proportions,
    without declaring another one (a clock to fake would have to reach the broker's delayed messages too)."""
    from settings import get_settings

    return declared * get_settings().retry_delay_scale
