"""GraphQL types and fields for the caller's account."""

from __future__ import annotations

import strawberry

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
