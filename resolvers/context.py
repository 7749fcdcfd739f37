"""Per-request (or per-socket) GraphQL context: settings, the caller, and the request's dataloaders."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

import strawberry
from cachetools import TTLCache
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketState
from strawberry.dataloader import DataLoader

from domain import live
from domain.auth import authenticate, bearer_token, hash_token, is_expired, local_principal
from domain.errors import Unauthenticated
from domain.tenancy import Principal
from settings import Settings

# Who a bearer token is, remembered this long per API process. A token revoked by this process is forgotten at
# once and an expired one is refused at once (its expiry is remembered with it); one revoked by another process
# (`vitrine revoke-token`, another API process) or deleted from the database still works for at most this long in
# a process that saw it in the last second. Tokens that fail are never remembered.
TOKEN_MEMORY_SECONDS = 1.0
# An open WebSocket's token is read again from the database this often (and every operation on it goes through the
# memory above): once it is revoked or expired the socket is closed with 4401.
WS_TOKEN_RECHECK_SECONDS = 5.0
WS_CLOSE_UNAUTHORIZED = 4401
log = logging.getLogger(__name__)
# The local user of `VITRINE_AUTH=local` (one per database, created on first use) does not change.
LOCAL_MEMORY_SECONDS = 300.0


# Used on the event loop's thread only, so cachetools' lack of locking is no concern here.
_token_principals: TTLCache[tuple[str, str], Principal] = TTLCache(4096, TOKEN_MEMORY_SECONDS, timer=time.monotonic)
_local_principals: TTLCache[str, Principal] = TTLCache(16, LOCAL_MEMORY_SECONDS, timer=time.monotonic)


def forget_token(token_hash: str) -> None:
    """A revocation by this process takes effect on its next request: main.create_app registers this with
    `domain.auth.on_revoked`."""
    for key in [key for key in _token_principals if key[1] == token_hash]:
        _token_principals.pop(key, None)


async def _token_principal(database_url: str, authorization: str) -> Principal:
    key = (database_url, hash_token(bearer_token(authorization)))
    principal = _token_principals.get(key)
    if principal is not None and is_expired(principal.token_expires_at):
        _token_principals.pop(key, None)
        principal = None
    if principal is None:
        principal = await authenticate(authorization)  # raises for a token that is not (or no longer) valid
        _token_principals[key] = principal
    return principal


async def _local_principal(database_url: str) -> Principal:
    principal = _local_principals.get(database_url)
    if principal is None:
        principal = await local_principal()
        _local_principals[database_url] = principal
    return principal


@dataclass
class Context:
    # What a field may read while one subscription answer is executed for every subscriber of a state
    # (schema.shared_answers): the settings and the per-state dataloaders are the same for everyone. Reading
    # anything else (the principal, the token, the request or socket) makes the answer that subscriber's own.
    CALLER_FREE: ClassVar[frozenset[str]] = frozenset({"settings", "loader"})

    request: Request | WebSocket
    response: Response | WebSocket | None
    settings: Settings
    # Strawberry fills this from the graphql-transport-ws `connection_init` payload (WebSocket only).
    connection_params: dict[str, Any] = field(default_factory=dict)
    loaders: dict[str, Any] = field(default_factory=dict)
    _principal: Principal | None = None
    _watchdog: asyncio.Task[None] | None = None

    def authorization(self) -> str | None:
        header = self.request.headers.get("authorization")
        if header:
            return header
        value = (self.connection_params or {}).get("Authorization")
        return str(value) if value else None

    async def principal(self) -> Principal:
        if self._principal is None or (isinstance(self.request, WebSocket) and self._principal.token_id is not None):
            # A socket lives on: each operation on it asks again who its token is (revoked, expired?).
            authorization = self.authorization()
            if authorization:
                self._principal = await _token_principal(self.settings.database_url, authorization)
            elif self.settings.auth == "local":
                self._principal = await _local_principal(self.settings.database_url)
            else:
                raise Unauthenticated("Send an API token as `Authorization: Bearer <token>`.")
        return self._principal

    def watch_token(self) -> None:
        """WebSocket with a token: close it (4401) once the token is revoked or expired, even while only a
        subscription runs on it."""
        if self._watchdog is None and isinstance(self.request, WebSocket) and self.authorization():
            self._watchdog = asyncio.create_task(self._watch_token(self.request))

    def stop_watching(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None

    async def _watch_token(self, socket: WebSocket) -> None:
        authorization = self.authorization() or ""
        while socket.application_state != WebSocketState.DISCONNECTED:
            delay = WS_TOKEN_RECHECK_SECONDS
            expires_at = self._principal.token_expires_at if self._principal else None
            if expires_at is not None:  # wake when it expires if that comes first
                delay = min(delay, max(0.0, (expires_at - _now()).total_seconds()) + 0.05)
            await asyncio.sleep(delay)
            try:
                await authenticate(authorization)  # from the database, past this process's memory
            except Unauthenticated as exc:
                forget_token(hash_token(bearer_token(authorization)))
                with contextlib.suppress(Exception):
                    await socket.close(code=WS_CLOSE_UNAUTHORIZED, reason=exc.message[:120])
                return
            except Exception:  # the database away for a moment: try again at the next round
                log.warning("could not re-check a WebSocket's token", exc_info=True)

    def loader(self, name: str, factory: Any) -> Any:
        """A dataloader per request. While a subscription's state is resolved, one per state instead, shared by
        every subscriber that received it (domain.live.shared_scope): the nested lists of a state are read once
        for all of them, and afresh for the next state."""
        loaders = live.shared_scope()
        if loaders is None:
            loaders = self.loaders
        if name not in loaders:
            loaders[name] = factory()
        return loaders[name]

    async def load_grouped(self, name: str, read: Grouped, key: Any) -> Any:
        """`key`'s value through this request's dataloader `name` over `read`, a domain function that reads many
        keys in one statement and answers key -> value: the lists under a page cost one read, not one per row."""
        return await self.loader(name, lambda: DataLoader(load_fn=_in_order(read))).load(key)

    def fresh_loaders(self) -> None:
        """Forget this context's dataloaders (a subscription's per-state loaders are fresh anyway)."""
        self.loaders.clear()


def _now() -> datetime:
    return datetime.now(UTC)


async def caller(info: strawberry.Info) -> Principal:
    context: Context = info.context
    return await context.principal()


Grouped = Callable[[Sequence[Any]], Awaitable[Mapping[Any, Any]]]


def _in_order(read: Grouped) -> Callable[[list[Any]], Awaitable[list[Any]]]:
    async def load(keys: list[Any]) -> list[Any]:
        found = await read(keys)
        return [found[key] for key in keys]

    return load
