"""Error policy: domain errors carry their code to the client; anything unexpected is masked and logged once."""

from __future__ import annotations

import logging

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from domain.errors import DomainError
from observability import current_request_id

log = logging.getLogger("vitrine.graphql")

INTERNAL_MESSAGE = "Internal server error. Quote the request id when you report it."


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    # Parse/validation errors have no original error; domain and GraphQL errors are meant for the client.
    return original is not None and not isinstance(original, DomainError | GraphQLError)


class MaskInternalErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected, error_message=INTERNAL_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id()
        log.error(
            "unexpected error in %s",
            ".".join(map(str, error.path or [])) or "operation",
            exc_info=error.original_error,
            extra={"request_id": request_id},
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
        return masked
