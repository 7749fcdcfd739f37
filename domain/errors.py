"""Domain errors: each carries the API error code, a message a person can act on, and the field at fault."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, field: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details

    @property
    def extensions(self) -> dict[str, Any]:
        """Read by graphql-core when it wraps this error: becomes the GraphQL error's `extensions`."""
        ext: dict[str, Any] = {"code": self.code, **self.details}
        if self.field is not None:
            ext["field"] = self.field
        return ext


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class NotFound(DomainError):
    code = "NOT_FOUND"

    @classmethod
    def of(cls, kind: str, ident: object) -> NotFound:
        return cls(f"{kind} {ident} does not exist.")


class BadUserInput(DomainError):
    code = "BAD_USER_INPUT"


class ConfirmationRequired(DomainError):
    code = "CONFIRMATION_REQUIRED"


class RateLimited(DomainError):
    code = "RATE_LIMITED"


class TransientFailure(DomainError):
    """Worth retrying later (a timeout, a 429, a 5xx): the task kernel retries it on the kind's schedule."""

    transient = True
