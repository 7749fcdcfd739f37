"""Idempotency keys: a client that retries a create (after a timeout, say) with the same key gets the first
result back instead of a second one, for 24 hours.

- A key is scoped to (workspace, operation). The request is fingerprinted (sha256 of its canonical JSON): the
  same key with a different request is refused as BAD_USER_INPUT on `idempotencyKey`.
- The key's row is written in the same transaction as the rows the request creates, and a unique constraint
  on (workspace, operation, key) decides races: of concurrent identical calls one commits; the others fail on
  the constraint, roll back everything they wrote, and answer the winner's result.
- After 24 h the key is free again (its old row is deleted when the key is next used).

A use case adopts it in two lines (domain.cta.create_cta_job is the first):

    claim = idempotency.claim(workspace_id, "createCtaJob", key, request)   # None when no key was sent
    return await idempotency.run_once(claim, create, load)                  # create() calls `record` in its tx

Every other create (createProduct, uploadImage, requestPreviews, deployProduct, ...) goes through `once`, which
needs nothing from the create's own transactions: the key's row is inserted first as a reservation (the same
unique constraint decides races: one request reserves, the others wait for its result), the create runs, and
the row then keeps the result (JSON: an id, a list of ids). A create that fails (bad input, say) deletes its
reservation, so a refused first attempt never burns the key. A reservation left by a crashed server is taken
over after STALE.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from time import monotonic
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from db.models import IdempotencyKey
from domain.errors import BadUserInput, TransientFailure

T = TypeVar("T")
TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255
FIELD = "idempotencyKey"
PENDING = uuid.UUID(int=0)  # result_id of a reservation whose create is still running (`once`)
STALE = timedelta(minutes=10)  # a reservation this old belongs to a request that died: another may take it over
WAIT_SECONDS = 60.0  # how long a repeat waits for the first request's create to finish
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Claim:
    workspace_id: uuid.UUID
    operation: str
    key: str
    request_hash: str


class KeyTaken(Exception):
    """A concurrent request recorded this key first: this request's transaction must roll back."""


def fingerprint(request: object) -> str:
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim(workspace_id: uuid.UUID, operation: str, key: str | None, request: object) -> Claim | None:
    """The claim a request makes with its key (None without one); the key itself is checked here."""
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise BadUserInput(f"idempotencyKey must be 1-{MAX_KEY_LENGTH} characters", field=FIELD)
    return Claim(workspace_id, operation, key, fingerprint(request))


async def replay(claim: Claim, now: datetime | None = None) -> uuid.UUID | None:
    """The result the key produced in the last 24 h, or None if it is free."""
    row = await IdempotencyKey.get_or_none(workspace_id=claim.workspace_id, operation=claim.operation, key=claim.key)
    if row is None:
        return None
    if row.created_at <= (now or datetime.now(UTC)) - TTL:
        await IdempotencyKey.filter(id=row.id).delete()  # expired: the key may be used again
        return None
    if row.request_hash != claim.request_hash:
        raise BadUserInput(
            "this idempotencyKey was used for a different request in the last 24 hours; send a new key",
            field=FIELD,
        )
    return row.result_id


async def record(claim: Claim | None, result_id: uuid.UUID, *, using_db: BaseDBAsyncClient) -> None:
    """Inside the transaction that created `result_id`. Raises KeyTaken if another request got there first."""
    if claim is None:
        return
    try:
        await IdempotencyKey.create(
            workspace_id=claim.workspace_id,
            operation=claim.operation,
            key=claim.key,
            request_hash=claim.request_hash,
            result_id=result_id,
            using_db=using_db,
        )
    except IntegrityError:
        raise KeyTaken from None


async def run_once(
    claim: Claim | None, create: Callable[[], Awaitable[T]], load: Callable[[uuid.UUID], Awaitable[T]]
) -> T:
    """`create()` unless the key already produced a result (then `load` it). `create` must `record` the claim
    in its transaction."""
    if claim is None:
        return await create()
    first = await replay(claim)
    if first is not None:
        return await load(first)
    try:
        return await create()
    except KeyTaken:
        winner = await replay(claim)
        if winner is None:  # the winner's row vanished in between: it was > 24 h old or its workspace was deleted
            return await create()
        return await load(winner)


async def once(
    workspace_id: uuid.UUID,
    operation: str,
    key: str | None,
    request: object,
    create: Callable[[], Awaitable[T]],
    dump: Callable[[T], Any],
    load: Callable[[Any], Awaitable[T]],
) -> T:
    """`create()` once per (workspace, operation, key) in 24 h: a repeat with the same request answers
    `load(dump(first result))`; with another request, BAD_USER_INPUT on `idempotencyKey`. Without a key,
    just `create()`. `dump` turns the result into JSON (ids), `load` reads it back."""
    claimed = claim(workspace_id, operation, key, request)
    if claimed is None:
        return await create()
    deadline = monotonic() + WAIT_SECONDS
    while True:
        row = await _current(claimed)
        if row is None:
            try:
                reservation = await IdempotencyKey.create(
                    workspace_id=claimed.workspace_id,
                    operation=claimed.operation,
                    key=claimed.key,
                    request_hash=claimed.request_hash,
                    result_id=PENDING,
                )
            except IntegrityError:
                continue  # a concurrent request reserved it first: read its row
            return await _fill(reservation, create, dump)
        if row.result is not None:
            return await load(json.loads(row.result))
        if monotonic() > deadline:
            raise TransientFailure("the first request with this idempotencyKey is still running; retry later")
        await asyncio.sleep(POLL_SECONDS)


async def _current(claimed: Claim) -> IdempotencyKey | None:
    """The key's live row (expired or abandoned ones are deleted); refuses a different request."""
    row = await IdempotencyKey.get_or_none(
        workspace_id=claimed.workspace_id, operation=claimed.operation, key=claimed.key
    )
    if row is None:
        return None
    now = datetime.now(UTC)
    abandoned = row.result is None and row.result_id == PENDING and row.created_at <= now - STALE
    if row.created_at <= now - TTL or abandoned:
        await IdempotencyKey.filter(id=row.id, created_at=row.created_at).delete()
        return None
    if row.request_hash != claimed.request_hash:
        raise BadUserInput(
            "this idempotencyKey was used for a different request in the last 24 hours; send a new key",
            field=FIELD,
        )
    return row


async def _fill(reservation: IdempotencyKey, create: Callable[[], Awaitable[T]], dump: Callable[[T], Any]) -> T:
    try:
        result = await create()
    except BaseException:
        # Refused or failed: free the key (even when cancelled) so the client's corrected retry may use it.
        await asyncio.shield(IdempotencyKey.filter(id=reservation.id).delete())
        raise
    encoded = json.dumps(dump(result), separators=(",", ":"), default=str)
    await asyncio.shield(IdempotencyKey.filter(id=reservation.id).update(result=encoded))
    return result
