"""GraphQL types and fields for the caller's account and its workspace's API tokens."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db import models
from resolvers import me as resolve


@strawberry.type
class Workspace:
    id: strawberry.ID
    name: str


@strawberry.type
class User:
    id: strawberry.ID
    email: str
    name: str
    workspace: Workspace


@strawberry.type
class MeQuery:
    @strawberry.field(description="The authenticated user.")
    async def me(self, info: strawberry.Info) -> User:
        user, workspace = await resolve.me(info)
        return User(
            id=strawberry.ID(str(user.id)),
            email=user.email,
            name=user.name,
            workspace=Workspace(id=strawberry.ID(str(workspace.id)), name=workspace.name),
        )


@strawberry.type(description="An API token of the caller's workspace. Never its secret (only a hash is stored).")
class ApiToken:
    id: strawberry.ID
    name: str = strawberry.field(description="Its label (`vitrine create-token --label`).")
    email: str = strawberry.field(description="The user it acts as.")
    ops: bool = strawberry.field(description="An operator's token (may run the diagnostics).")
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(description="To within five minutes.")
    expires_at: datetime | None = strawberry.field(description="null: never expires.")
    revoked_at: datetime | None
    active: bool = strawberry.field(description="Neither revoked nor expired.")

    @classmethod
    def from_row(cls, row: models.ApiToken, now: datetime) -> ApiToken:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.label,
            email=row.user.email,
            ops=row.ops,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            active=row.revoked_at is None and (row.expires_at is None or row.expires_at > now),
        )


@strawberry.type
class TokenQuery:
    @strawberry.field(description="The API tokens of the caller's workspace, newest first, revoked ones included.")
    async def api_tokens(self, info: strawberry.Info) -> list[ApiToken]:
        rows, now = await resolve.api_tokens(info)
        return [ApiToken.from_row(row, now) for row in rows]


@strawberry.type
class TokenMutation:
    @strawberry.mutation(
        description="Revoke one of the workspace's API tokens: refused at once over HTTP, open WebSockets closed "
        "within seconds. True if this call revoked it, false if it already was."
    )
    async def revoke_token(self, info: strawberry.Info, id: strawberry.ID) -> bool:
        return await resolve.revoke_token(info, id)
