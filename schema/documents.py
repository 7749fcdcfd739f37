"""Parsed and validated documents, remembered: clients send the same few operations over and over, and parsing and
validating a document costs more than executing a small one (validation alone was ~40 % of `{ __typename }`)."""

from __future__ import annotations

from collections.abc import Iterator

from cachetools import LRUCache
from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

# Bounded: distinct texts from clients cannot grow memory (a remembered document holds its text and its tree).
MAX_DOCUMENTS = 128
MAX_QUERY_LENGTH = 8192


_documents: LRUCache[str, DocumentNode] = LRUCache(maxsize=MAX_DOCUMENTS)  # the least recently used goes first


class DocumentCache(SchemaExtension):
    """A query text that parsed and passed the standard validation once is neither parsed nor validated again
    (validation depends on the text and the schema only). Listed after QueryLimits: the limits, which depend on
    the variables, are still checked on every request, and a refused document is never remembered."""

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query
        if query and len(query) <= MAX_QUERY_LENGTH:
            document = _documents.get(query)
            if document is not None:
                self.execution_context.graphql_document = document  # Strawberry then skips parsing
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query, document = context.query, context.graphql_document
        known = query is not None and document is not None and _documents.get(query) is document
        if known and context.pre_execution_errors is None:
            context.pre_execution_errors = []  # validated before: Strawberry skips its validation
        yield
        if (
            not known
            and query is not None
            and document is not None
            and len(query) <= MAX_QUERY_LENGTH
            and context.pre_execution_errors == []
        ):
            _documents[query] = document
