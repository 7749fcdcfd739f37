"""Per-workspace rate limits: one table names every guarded mutation and its budget; one limiter enforces it.

A budget is a `limits` rate ("60/minute", a moving window) per workspace. Every mutation that creates rows or starts
work spends from one budget before its resolver runs (schema/rate_limits.py applies `spend` to exactly the
operations named here), so a refused call has read and written nothing. The defaults are generous: a merchant
clicking fast never meets them, a script looping does. Every attempt counts, refused input included: a loop of
bad inputs costs the server too (a createProduct whose images cannot be fetched fetched them first).

The window lives in Redis when REDIS_URL is set, so every API process shares one budget per workspace, and in the
process's memory in the embedded default (one API process). `VITRINE_RATE_LIMITS` overrides budgets
(`createProduct=5/minute,previews=off`) or switches them all off (`off`); `VITRINE_CTA_JOBS_PER_MINUTE` is the
default of the `createCtaJob` budget.

If the limiter's storage fails (Redis away), calls are let through and the failure is logged: the outbox already
lets creates succeed while the broker is away, and a limiter must not be the reason they stop.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from domain.errors import RateLimited

if TYPE_CHECKING:
    from settings import Settings

log = logging.getLogger("vitrine.rate_limits")

# What one call of an operation costs, from its (converted, snake_case) GraphQL arguments.
Cost = Callable[[Mapping[str, Any]], int]


def _one(arguments: Mapping[str, Any]) -> int:
    return 1


def _inputs(arguments: Mapping[str, Any]) -> int:
    return max(1, len(arguments.get("inputs") or ()))


@dataclass(frozen=True)
class Budget:
    """A per-workspace allowance, spent by the operations named in it."""

    name: str  # its name in VITRINE_RATE_LIMITS and in the storage key
    default: str | Callable[[Settings], str]  # a `limits` rate, e.g. "60/minute"
    operations: Mapping[str, Cost]  # Mutation fields (GraphQL names) that spend from it, and what one call costs
    reason: str = ""

    def rate(self, settings: Settings) -> str:
        return self.default(settings) if callable(self.default) else self.default


# THE table: every Mutation field is either spending from a budget here or listed in EXEMPT with a reason
# (tests/test_rate_limits.py holds the schema to that).
BUDGETS: tuple[Budget, ...] = (
    Budget(
        "createCtaJob",
        lambda s: f"{s.cta_jobs_per_minute}/minute",
        {"createCtaJob": _one},
        "a job scrapes up to VITRINE_MAX_URLS pages and starts up to 10 generations per page",
    ),
    Budget("retryCta", "60/minute", {"retryCtaInfo": _one, "retryFailedCtaInfos": _one}, "scrapes and generates again"),
    Budget("createProduct", "60/minute", {"createProduct": _one}, "fetches every image URL of the input"),
    Budget("importProduct", "30/minute", {"importProduct": _one}, "fetches and scrapes a product page"),
    Budget("uploadImage", "120/minute", {"uploadImage": _one}, "stores and decodes an image of up to 40 MP"),
    Budget("createWork", "60/minute", {"createWork": _one}, "may fetch an image URL"),
    Budget(
        "previews",
        "600/minute",
        {"requestPreview": _one, "requestPreviews": _inputs},
        "each input may start a render; requestPreviews costs one per input",
    ),
    Budget("clearPreviewCache", "60/minute", {"clearPreviewCache": _one}, "deletes files and rows in bulk"),
    Budget("createBatch", "30/minute", {"createBatch": _one}, "up to 100 jobs of up to 4 images each"),
    Budget("retryBatch", "30/minute", {"retryBatch": _one}, "runs a batch's failed jobs again"),
    Budget("createStoreAccount", "60/minute", {"createStoreAccount": _one}, "a row, and a belt once it has a rule"),
    Budget(
        "listingRules",
        "60/minute",
        {"setSchedulingRule": _one, "resetListingPlan": _one},
        "lays up to 96 slots",
    ),
    Budget(
        "listingSlots",
        "240/minute",
        {"deployProduct": _one, "removeSlot": _one, "retrySlot": _one},
        "fills, empties or retries a slot",
    ),
    Budget(
        "rotateWebhookSecret",
        "10/minute",
        {"rotateWebhookSecret": _one},
        "mints a secret; each rotation drops the older one, so a runaway client must not churn a store's secrets",
    ),
    Budget("runProbe", "60/minute", {"runProbe": _one}, "holds a worker (operators only)"),
)

# Mutation fields that spend no budget, and why.
EXEMPT: Mapping[str, str] = {
    "deleteCtaJob": "deletes the caller's own rows; creates nothing and starts no work",
    "updateCtaSuggestion": "edits one row's copy in place; creates nothing and starts no work",
    "deleteStoreAccount": "deletes the caller's own account and its slots; creates nothing and starts no work",
    "revokeToken": "marks one of the caller's tokens revoked; creates nothing, and must work when a token leaked",
}

OPERATIONS: Mapping[str, tuple[Budget, Cost]] = {
    operation: (budget, cost) for budget in BUDGETS for operation, cost in budget.operations.items()
}
OFF = "off"


def parse_overrides(text: str) -> dict[str, str]:
    """`VITRINE_RATE_LIMITS`: `off`, or comma-separated `budget=rate` (`rate`: a `limits` rate or `off`).
    Raises ValueError naming what is wrong."""
    text = text.strip()
    if text.lower() == OFF:
        return {budget.name: OFF for budget in BUDGETS}
    names = {budget.name for budget in BUDGETS}
    overrides: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, equals, rate = (x.strip() for x in part.partition("="))
        if not equals or name not in names:
            raise ValueError(f"{part!r}: expected budget=rate with a budget among {', '.join(sorted(names))}")
        if rate.lower() != OFF:
            try:
                amount = parse(rate).amount
            except ValueError:
                amount = 0
            if amount < 1:
                raise ValueError(f"{part!r}: {rate!r} is not a rate such as 60/minute, 5/second or off")
        overrides[name] = rate.lower() if rate.lower() == OFF else rate
    return overrides


def rates(settings: Settings) -> dict[str, RateLimitItem | None]:
    """Each budget's rate for these settings (None: off)."""
    overrides = parse_overrides(settings.rate_limits)
    chosen = {budget.name: overrides.get(budget.name, budget.rate(settings)) for budget in BUDGETS}
    return {name: None if rate == OFF else parse(rate) for name, rate in chosen.items()}


@dataclass
class Limiter:
    storage: Storage
    items: dict[str, RateLimitItem | None]
    _close: Callable[[], Any] | None = None
    strategy: MovingWindowRateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.strategy = MovingWindowRateLimiter(self.storage)

    async def spend(self, workspace_id: uuid.UUID, operation: str, arguments: Mapping[str, Any]) -> None:
        """Spend `operation`'s cost from the workspace's budget, or raise RateLimited (retryAfter: seconds until
        the oldest spending in the window expires, freeing a slot). Operations outside the table spend nothing."""
        entry = OPERATIONS.get(operation)
        if entry is None:
            return
        budget, cost_of = entry
        item = self.items.get(budget.name)
        if item is None:
            return
        cost = min(max(1, cost_of(arguments)), item.amount)  # one call never costs more than the whole budget
        keys = (budget.name, str(workspace_id))
        try:
            if await self.strategy.hit(item, *keys, cost=cost):
                return
            reset_at, _ = await self.strategy.get_window_stats(item, *keys)
        except StorageError:  # the storage failed (Redis away): let the call through
            log.warning("rate limiter unavailable; %s allowed without a check", operation, exc_info=True)
            return
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise RateLimited(
            f"{operation}: this workspace's budget {budget.name} ({item}) is spent; try again in {retry_after} s",
            retryAfter=retry_after,
        )

    async def close(self) -> None:
        if self._close is not None:
            await self._close()


def build(settings: Settings) -> Limiter:
    """Redis storage (shared by every API process) when REDIS_URL is set, else this process's memory."""
    items = rates(settings)
    if settings.redis_url is None:
        return Limiter(MemoryStorage(), items)
    from redis.asyncio import ConnectionPool

    pool = ConnectionPool.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
    storage = RedisStorage(
        "async+" + settings.redis_url,
        implementation="redispy",
        key_prefix="vitrine-limits",
        wrap_exceptions=True,
        connection_pool=pool,  # type: ignore[arg-type]
    )
    return Limiter(storage, items, pool.disconnect)


_limiter: Limiter | None = None


def install(limiter: Limiter | None) -> None:
    """Set at API start-up from the process's settings (main.create_app)."""
    global _limiter
    _limiter = limiter


def limiter() -> Limiter:
    global _limiter
    if _limiter is None:
        from settings import get_settings

        _limiter = build(get_settings())
    return _limiter


async def spend(workspace_id: uuid.UUID, operation: str, arguments: Mapping[str, Any]) -> None:
    await limiter().spend(workspace_id, operation, arguments)
