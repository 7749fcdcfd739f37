"""Per-request (or per-socket) GraphQL context: settings, the caller, and the request's dataloaders."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from domain import live
from domain.auth import authenticate, hash_token, local_principal
from domain.errors import Unauthenticated
from domain.tenancy import Principal
from settings import Settings

K = TypeVar("K")
V = TypeVar("V")

# Who a bearer token is, remembered this long per API process: a token deleted from the database still works for
# at most this many seconds in a process that saw it in the last ones. Tokens that fail are never remembered.
TOKEN_MEMORY_SECONDS = 5.0
# The local user of `VITRINE_AUTH=local` (one per database, created on first use) does not change.
LOCAL_MEMORY_SECONDS = 300.0


class _Recent(Generic[K, V]):
    """The last answers to a lookup, each for `seconds` (monotonic clock), at most `size` of them."""

    def __init__(self, seconds: float, size: int) -> None:
        self.seconds, self.size = seconds, size
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] < time.monotonic():
            del self._entries[key]
            return None
        return entry[1]

    def put(self, key: K, value: V) -> None:
        self._entries[key] = (time.monotonic() + self.seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


_token_principals: _Recent[tuple[str, str], Principal] = _Recent(TOKEN_MEMORY_SECONDS, 4096)
_local_principals: _Recent[str, Principal] = _Recent(LOCAL_MEMORY_SECONDS, 16)


async def _token_principal(database_url: str, authorization: str) -> Principal:
    key = (database_url, hash_token(authorization))
    principal = _token_principals.get(key)
    if principal is None:
        principal = await authenticate(authorization)  # raises for a token that is not (or no longer) valid
        _token_principals.put(key, principal)
    return principal


async def _local_principal(database_url: str) -> Principal:
    principal = _local_principals.get(database_url)
    if principal is None:
        principal = await local_principal()
        _local_principals.put(database_url, principal)
    return principal


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    settings: Settings
    # Strawberry fills this from the graphql-transport-ws `connection_init` payload (WebSocket only).
    connection_params: dict[str, Any] = field(default_factory=dict)
    loaders: dict[str, Any] = field(default_factory=dict)
    _principal: Principal | None = None

    def authorization(self) -> str | None:
        header = self.request.headers.get("authorization")
        if header:
            return header
        value = (self.connection_params or {}).get("Authorization")
        return str(value) if value else None

    async def principal(self) -> Principal:
        if self._principal is None:
            authorization = self.authorization()
            if authorization:
                self._principal = await _token_principal(self.settings.database_url, authorization)
            elif self.settings.auth == "local":
                self._principal = await _local_principal(self.settings.database_url)
            else:
                raise Unauthenticated("Send an API token as `Authorization: Bearer <token>`.")
        return self._principal

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

    def fresh_loaders(self) -> None:
        """Forget this context's dataloaders (a subscription's per-state loaders are fresh anyway)."""
        self.loaders.clear()


async def caller(info: strawberry.Info) -> Principal:
    context: Context = info.context
    return await context.principal()
