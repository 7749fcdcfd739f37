"""The `idempotencyKey` argument every create mutation takes (domain/idempotency.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry

IdempotencyKeyArg = Annotated[
    str | None,
    strawberry.argument(
        name="idempotencyKey",
        description="Retry-safe: the same key with the same input within 24 h answers the first result; "
        "another input is refused (BAD_USER_INPUT). Keys are per workspace and operation.",
    ),
]
