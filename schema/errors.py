"""The error policy of the whole edge: every error a client gets carries `extensions.code` from one small
set, and nothing unexpected reaches a client (it is masked, and logged once with the request id).

| code | when | HTTP (application/json) |
|---|---|---|
| GRAPHQL_PARSE_FAILED | the document is not GraphQL | 200 (400 with graphql-response+json) |
| GRAPHQL_VALIDATION_FAILED | the document does not fit the schema | 200 (400) |
| QUERY_TOO_COMPLEX | over a document limit: tokens, depth, aliases, nesting, cost | 200 (400) |
| BAD_REQUEST | the request itself: body, JSON, method, which operation, a subscription over HTTP | 400 / 405 |
| BAD_USER_INPUT | a value is refused (`extensions.field` names it when it is one field) | 200 |
| PAYLOAD_TOO_LARGE | the body is over VITRINE_MAX_BODY_BYTES | 413 |
| UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, CONFIRMATION_REQUIRED | domain errors | 200 |
| INTERNAL_SERVER_ERROR | our fault: the message only quotes the request id | 200 |

`police` applies it to every result the schema hands out (schema/__init__.py: `execute` and `subscribe`), so it
also covers the errors Strawberry builds from exceptions outside the extension hooks.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql.error import GraphQLError, GraphQLSyntaxError
from graphql.validation.validate import ValidationAbortedError
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.execution import ExecutionResult, PreExecutionError

from domain.errors import DomainError
from observability import current_request_id

log = logging.getLogger("vitrine.graphql")

GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
BAD_REQUEST = "BAD_REQUEST"
BAD_USER_INPUT = "BAD_USER_INPUT"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
ERROR_CODES = frozenset(
    {
        GRAPHQL_PARSE_FAILED,
        GRAPHQL_VALIDATION_FAILED,
        QUERY_TOO_COMPLEX,
        BAD_REQUEST,
        BAD_USER_INPUT,
        PAYLOAD_TOO_LARGE,
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "NOT_FOUND",
        "RATE_LIMITED",
        "CONFIRMATION_REQUIRED",
        INTERNAL_SERVER_ERROR,
    }
)

INTERNAL_MESSAGE = "Internal server error. Quote the request id when you report it."
_TOO_DEEP = "The document is nested too deeply."
_TOO_COMPLEX_SYNTAX = ("Document contains more than", "Document is nested too deeply", "Source contains more than")
_REQUEST_ERRORS = (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError)


def coded(message: str, code: str, **extensions: Any) -> GraphQLError:
    """An error for the client, with its code (and `field` or other extensions)."""
    return GraphQLError(message, extensions={"code": code, **extensions})


def police(result: ExecutionResult) -> None:
    """Give every error of `result` a code; replace unexpected ones by a masked error (logged here, once)."""
    if result.errors:
        pre_execution = isinstance(result, PreExecutionError)
        result.errors = [_policed(error, pre_execution) for error in result.errors]


def _policed(error: GraphQLError, pre_execution: bool) -> GraphQLError:
    code = (error.extensions or {}).get("code")
    if code in ERROR_CODES:
        return error
    original = error.original_error
    if isinstance(original, DomainError):
        return _with_code(error, original.code if original.code in ERROR_CODES else INTERNAL_SERVER_ERROR)
    if isinstance(original, RecursionError):
        return _replaced(error, _TOO_DEEP, QUERY_TOO_COMPLEX)
    if isinstance(error, ValidationAbortedError):
        return _replaced(error, "Validation aborted: the document is too complex to check.", QUERY_TOO_COMPLEX)
    if isinstance(error, GraphQLSyntaxError):
        too_big = any(marker in error.message for marker in _TOO_COMPLEX_SYNTAX)
        return _with_code(error, QUERY_TOO_COMPLEX if too_big else GRAPHQL_PARSE_FAILED)
    if isinstance(original, _REQUEST_ERRORS):
        return _with_code(error, BAD_REQUEST)
    is_client_error = original is None or isinstance(original, GraphQLError)
    if error.path is None and not pre_execution and error.message.startswith("Variable '$"):
        return _with_code(error, BAD_USER_INPUT)  # graphql-core coercing a variable (the scalar's message)
    if is_client_error:
        if error.path is None:
            return _with_code(error, GRAPHQL_VALIDATION_FAILED if pre_execution else BAD_REQUEST)
        return _with_code(error, BAD_USER_INPUT)  # an argument graphql-core could not coerce
    return _masked(error)


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


def _replaced(error: GraphQLError, message: str, code: str) -> GraphQLError:
    """A fresh error: the original's message (and traceback) stay on the server."""
    return GraphQLError(
        message, nodes=error.nodes, source=error.source, positions=error.positions, extensions={"code": code}
    )


def _masked(error: GraphQLError) -> GraphQLError:
    request_id = current_request_id()
    log.error(
        "unexpected error in %s",
        ".".join(map(str, error.path or [])) or "operation",
        exc_info=error.original_error or error,
        extra={"request_id": request_id},
    )
    return GraphQLError(
        INTERNAL_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": INTERNAL_SERVER_ERROR, "requestId": request_id},
    )
