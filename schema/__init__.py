"""The GraphQL schema: feature types merged into the Query/Mutation/Subscription roots, plus the limits and
the error policy every result passes through."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from typing import Any

import strawberry
from graphql.error import GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from schema.batches import BatchMutation, BatchQuery, BatchSubscription
from schema.catalog import CatalogMutation, CatalogQuery
from schema.cta import CtaMutation, CtaQuery, CtaSubscription
from schema.diagnostics import DiagnosticsMutation, DiagnosticsQuery, DiagnosticsSubscription
from schema.documents import DocumentCache
from schema.errors import police
from schema.execution import LeanExecution
from schema.limits import Limits, QueryLimits, requested_operation
from schema.listing import ListingMutation, ListingQuery, ListingSubscription
from schema.me import MeQuery, TokenMutation, TokenQuery
from schema.metrics import GraphQLMetrics
from schema.previews import PreviewMutation, PreviewQuery, PreviewSubscription
from schema.rate_limits import guard_mutations
from schema.scalars import OVERRIDES
from schema.workspace import WorkspaceSubscription
from settings import Settings

Query = merge_types(
    "Query",
    (MeQuery, TokenQuery, CtaQuery, CatalogQuery, PreviewQuery, BatchQuery, ListingQuery, DiagnosticsQuery),
)
Mutation = merge_types(
    "Mutation",
    (
        CtaMutation,
        CatalogMutation,
        PreviewMutation,
        BatchMutation,
        ListingMutation,
        DiagnosticsMutation,
        TokenMutation,
    ),
)
GUARDED = guard_mutations(Mutation)  # per-workspace rate limits (domain/rate_limits.py)
Subscription = merge_types(
    "Subscription",
    (
        CtaSubscription,
        PreviewSubscription,
        BatchSubscription,
        ListingSubscription,
        DiagnosticsSubscription,
        WorkspaceSubscription,
    ),
)


class VitrineSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Unexpected errors are logged once, with the request id, by the error policy; the rest are answers.
        return None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        # A subscription only runs through `subscribe` (WebSocket): executed once over HTTP it can only fail.
        allowed = set(allowed_operation_types or (OperationType.QUERY, OperationType.MUTATION))
        requested = requested_operation.set((operation_name,))  # for QueryLimits: the name as the request gave it
        try:
            result = await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed - {OperationType.SUBSCRIPTION},
                operation_extensions,
            )
        finally:
            requested_operation.reset(requested)
        police(result)
        return result

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> AsyncGenerator[ExecutionResult, None]:
        # What the WebSocket protocols run (`subscribe` goes through here too).
        results = await super().stream(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            operation_extensions,
            allowed_operation_types,
        )
        return _policed(results, operation_name)  # type: ignore[arg-type]


async def _policed(
    results: AsyncGenerator[ExecutionResult, None], operation_name: str | None
) -> AsyncGenerator[ExecutionResult, None]:
    # The stream parses and validates when first iterated, in the task that iterates it (one per operation).
    requested_operation.set((operation_name,))
    try:
        async for result in results:
            police(result)
            yield result
    finally:
        await results.aclose()


def build_schema(settings: Settings) -> strawberry.Schema:
    limits = Limits(
        max_cost=settings.max_query_cost, max_depth=settings.max_query_depth, max_aliases=settings.max_aliases
    )
    extensions: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: QueryLimits(limits),
        DocumentCache,  # after QueryLimits, which must see every request
        GraphQLMetrics,
    ]
    return VitrineSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        execution_context_class=LeanExecution,
        scalar_overrides=OVERRIDES,
    )
