"""Vitrine's execution context: Strawberry's (graphql-core's `execution_context_class` extension point) with two
methods overridden, and nothing else.

- `complete_list_value`: a list of *plain objects* (a page's `edges { cursor node { … } }`, schema.plain_fields) is
  read by one generated reader per selection instead of graphql-core's per-field ceremony (a path, a resolve-info,
  the resolver, an awaitable check and a walk of the return type for each of ~900 values of a page of 100). Any
  other list, and any list an item of which does not read cleanly, takes graphql-core's own path, which then
  produces the usual result or error.
- `execute_operation`: a subscription event is executed once for every subscriber that received the same shared
  read (domain.live), unless a field of it reads the caller (schema.shared_answers enforces that).

Both are methods of graphql-core 3.3's executor; pyproject.toml declares `graphql-core>=3.3,<3.4` for this reason
and uv.lock pins it. With a schema extension that resolves fields (graphql-core middleware), lists take the
ordinary path so that the extension sees every field.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from graphql import GraphQLList, GraphQLObjectType, OperationType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from domain import live
from schema.plain_fields import Reader, compile_reader, object_type_of, plan_object, read_all
from schema.shared_answers import shared_answer


class LeanExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with generated readers for lists of plain objects, and one execution per
    shared subscription state."""

    def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        scope = live.shared_scope()
        execute = partial(super().execute_operation, *args, **kwargs)
        if scope is None or self.operation.operation is not OperationType.SUBSCRIPTION:
            return execute()
        return shared_answer(self, scope, execute, execute)

    def complete_list_value(
        self,
        return_type: GraphQLList[Any],
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, list | tuple) and not (self.middleware_manager and self.middleware_manager.middlewares):
            item = object_type_of(return_type.of_type)
            reader = self.reader_for(item[0], field_details_list) if item is not None else None
            if item is not None and reader is not None:
                answers = read_all(reader, result, nullable_items=item[1])
                if answers is not None:
                    return answers
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)

    def reader_for(self, object_type: GraphQLObjectType, field_details_list: Any) -> Reader | None:
        """The reader of this selection, or None when it is not plain. Per execution: the collected selection
        depends on the variables (@skip, @include). The field details are kept with their reader so that their id
        is not reused while this execution runs."""
        readers: dict[tuple[str, int], tuple[Any, Reader | None]] = self.__dict__.setdefault("plain_readers", {})
        key = (object_type.name, id(field_details_list))
        known = readers.get(key)
        if known is None:
            plan = plan_object(object_type, field_details_list, self.collect_subfields)
            known = readers[key] = (field_details_list, None if plan is None else compile_reader(plan))
        return known[1]
