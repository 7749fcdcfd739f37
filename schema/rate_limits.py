"""Where the per-workspace rate limits meet the schema: every Mutation field the table (domain/rate_limits.py)
names spends its budget before its resolver runs, so resolvers stay as they are and a refused call writes nothing."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver
from strawberry.schema.name_converter import NameConverter

from domain import rate_limits
from resolvers.context import caller


class RateLimit(FieldExtension):
    """Authenticate, spend the operation's cost from the caller's workspace budget (or RATE_LIMITED), resolve."""

    def __init__(self, operation: str) -> None:
        self.operation = operation

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        principal = await caller(info)
        await rate_limits.spend(principal.workspace_id, self.operation, kwargs)
        return await next_(source, info, **kwargs)


def guard_mutations(mutation: type) -> dict[str, RateLimit]:
    """Give each field of the Mutation root that the table names its RateLimit (once; the root type is built once
    per process, schemas from it many times). Returns the guarded fields by GraphQL name."""
    names = NameConverter()
    guarded: dict[str, RateLimit] = {}
    for field in mutation.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        name = names.get_graphql_name(field)
        if name not in rate_limits.OPERATIONS:
            continue
        extension = next((e for e in field.extensions if isinstance(e, RateLimit)), None)
        if extension is None:
            extension = RateLimit(name)
            field.extensions.append(extension)
        guarded[name] = extension
    return guarded
