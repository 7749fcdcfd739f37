"""GraphQLMetrics, the Strawberry extension counting and timing GraphQL operations into observability's metrics.

Here, not in observability.py: the worker and the scheduler import observability for logging and counters, and
must not load Strawberry and graphql-core for it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

import observability
from observability import CHILDREN_MAX, GRAPHQL_OPERATION_DURATION, GRAPHQL_OPERATIONS

log = logging.getLogger("observability")  # the logger this extension always used, before it had a module

# The labelled children of the two metrics per label values, as observability's HTTP ones (bounded the same way).
graphql_children: dict[tuple[str, str, str], tuple[Any, Any]] = {}


class GraphQLMetrics(SchemaExtension):
    """Counts GraphQL operations by type, name and outcome, and times them by type."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        raised = False
        try:
            yield
        except Exception:
            raised = True
            raise
        finally:
            # A metric must never turn an answered operation into a failure.
            try:
                self._record(time.perf_counter() - started, raised)
            except Exception:
                log.exception("could not record GraphQL operation metrics")

    def _record(self, duration: float, raised: bool) -> None:
        context = self.execution_context
        try:
            operation_type = context.operation_type.value
        except RuntimeError:  # unparsable document, or an operation name it does not define
            operation_type = "unknown"
        result_errors = getattr(context.result, "errors", None)
        failed = raised or bool(context.pre_execution_errors) or bool(result_errors)
        # Parse, validation, limit and variable errors have no path; after execution Strawberry puts the resolvers'
        # errors (which do) in pre_execution_errors as well.
        valid = operation_type != "unknown" and all(e.path for e in context.pre_execution_errors or [])
        name = observability.operation_names.label(
            context.operation_name, valid=valid
        )  # looked up each time: it can be replaced
        key = (operation_type, name, "error" if failed else "ok")
        children = graphql_children.get(key)
        if children is None:
            children = (GRAPHQL_OPERATIONS.labels(*key), GRAPHQL_OPERATION_DURATION.labels(operation_type))
            if len(graphql_children) < CHILDREN_MAX:
                graphql_children[key] = children
        children[0].inc()
        children[1].observe(duration)
