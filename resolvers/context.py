"""Per-request (or per-socket) GraphQL context: settings, the caller, and the request's dataloaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from domain.auth import authenticate, local_principal
from domain.errors import Unauthenticated
from domain.tenancy import Principal
from settings import Settings


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
                self._principal = await authenticate(authorization)
            elif self.settings.auth == "local":
                self._principal = await local_principal()
            else:
                raise Unauthenticated("Send an API token as `Authorization: Bearer <token>`.")
        return self._principal

    def loader(self, name: str, factory: Any) -> Any:
        """A dataloader per request. Over WebSocket the context lives as long as the socket, so subscriptions
        must not use cached loaders across events (they call `fresh_loaders()` per event)."""
        if name not in self.loaders:
            self.loaders[name] = factory()
        return self.loaders[name]

    def fresh_loaders(self) -> None:
        self.loaders.clear()


async def caller(info: strawberry.Info) -> Principal:
    context: Context = info.context
    return await context.principal()
