"""Redis clients that survive a Redis restart: a dropped connection is retried on a fresh one."""

from __future__ import annotations

from typing import Any

import redis
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

RETRIES = 6  # about 5 s of attempts (0.1 s doubling to 2 s): a restart, not an outage
RETRY_ON = [RedisConnectionError, RedisTimeoutError]
HEALTH_CHECK_SECONDS = 10


def _backoff() -> ExponentialBackoff:
    return ExponentialBackoff(cap=2.0, base=0.1)


def sync_client(url: str, **kwargs: Any) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        retry=Retry(_backoff(), RETRIES),
        retry_on_error=RETRY_ON,
        health_check_interval=HEALTH_CHECK_SECONDS,
        **kwargs,
    )


def async_client(url: str, **kwargs: Any) -> aioredis.Redis:
    return aioredis.Redis.from_url(
        url,
        retry=AsyncRetry(_backoff(), RETRIES),
        retry_on_error=RETRY_ON,
        health_check_interval=HEALTH_CHECK_SECONDS,
        **kwargs,
    )
