"""The GraphQL schema: feature types merged into the Query/Mutation/Subscription roots, plus the limits."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql.error import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext

from observability import GraphQLMetrics
from schema.catalog import CatalogMutation, CatalogQuery
from schema.cta import CtaMutation, CtaQuery, CtaSubscription
from schema.diagnostics import DiagnosticsMutation, DiagnosticsQuery, DiagnosticsSubscription
from schema.errors import MaskInternalErrors
from schema.listing import ListingMutation, ListingQuery, ListingSubscription
from schema.me import MeQuery
from settings import Settings

Query = merge_types("Query", (MeQuery, CtaQuery, CatalogQuery, DiagnosticsQuery, ListingQuery))
Mutation = merge_types("Mutation", (CtaMutation, CatalogMutation, DiagnosticsMutation, ListingMutation))
Subscription = merge_types("Subscription", (CtaSubscription, DiagnosticsSubscription, ListingSubscription))


class VitrineSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Unexpected errors are logged once, with the request id, by MaskInternalErrors; the rest are answers.
        return None


def build_schema(settings: Settings) -> strawberry.Schema:
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        MaskInternalErrors,
        GraphQLMetrics,
    ]
    return VitrineSchema(query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions)
