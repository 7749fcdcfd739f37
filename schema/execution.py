"""Field execution without the per-field ceremony where none is needed: a page of 100 jobs is ~800 plain values.

graphql-core executes every field alike: a path object, a resolve-info object, the resolver, an awaitable check,
then a walk of the return type to complete the value. For a *plain leaf field* (schema.plain_fields) that is an
attribute read and a serialisation, and a list of *plain objects* (a page's `edges { cursor node { … } }`) is a
list of dicts built from attribute reads, so this executor does exactly that when it can. Every other field, and
any read that does not give a value (None for a non-null field, an error), takes graphql-core's own path, which
then produces the usual result or error. Answers keep the order of the query's fields.

A subscription event is executed once per state, operation and variables for all the subscribers that received
the same shared read (domain.live): the state of an object is the same for everyone allowed to follow it, so is
the answer to the same selection of it. A shared answer with errors is not reused: each subscriber then executes
its own.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from typing import Any

from graphql import ExecutionResult, GraphQLList, GraphQLObjectType, GraphQLSchema, OperationType
from graphql.execution.executor import CollectedErrors
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from domain import live
from schema.plain_fields import (
    MISS,
    Leaf,
    Reader,
    compile_reader,
    leaf_plan,
    object_type_of,
    plan_object,
    read_all,
    read_leaf,
)

# Per schema and object type: field name -> how to read it, or None when it is not a plain leaf.
_plans: weakref.WeakKeyDictionary[GraphQLSchema, dict[str, dict[str, Leaf | None]]] = weakref.WeakKeyDictionary()


class LeanExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a direct path for plain leaf fields, and one execution per shared
    subscription state."""

    def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        scope = live.shared_scope()
        if scope is None or self.operation.operation is not OperationType.SUBSCRIPTION:
            return super().execute_operation(*args, **kwargs)
        try:
            variables = json.dumps(self.variable_values.coerced, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return super().execute_operation(*args, **kwargs)
        # One read may be sent as several events (previewTaskUpdated sends each changed task of it): an answer is
        # shared only for an equal event value (the same state, turned into the same schema object).
        key = f"subscription answer {id(self.operation)} {variables}"
        answers: list[tuple[Any, Any, Any]] = scope.setdefault(key, [])
        root = self.root_value
        shared = next((entry[1:] for entry in answers if entry[1] is self.operation and _same(entry[0], root)), None)
        if shared is None:
            answer = super().execute_operation(*args, **kwargs)
            if not self.is_awaitable(answer):
                answers.append((root, self.operation, answer))
                return answer
            future = asyncio.ensure_future(answer)
            answers.append((root, self.operation, future))
            shared = (self.operation, future)

        async def own() -> Any:
            answer = super(LeanExecution, self).execute_operation(*args, **kwargs)
            return await answer if self.is_awaitable(answer) else answer

        async def reused(future: asyncio.Future[Any]) -> Any:
            answer = await asyncio.shield(future)
            return await own() if not isinstance(answer, ExecutionResult) or answer.errors else answer

        if isinstance(shared[1], asyncio.Future):
            return reused(shared[1])
        answer = shared[1]
        return own() if not isinstance(answer, ExecutionResult) or answer.errors else answer

    def build_per_event_executor(self, payload: Any) -> Any:
        # graphql-core copies the executor for every event of every subscriber with copy.copy (the pickle
        # protocol's path); the same shallow copy, spelled directly, costs a fraction of it.
        executor = object.__new__(type(self))
        executor.__dict__.update(self.__dict__)
        executor.root_value = payload
        executor.collected_errors = CollectedErrors()
        return executor

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        middleware = self.middleware_manager
        if middleware is not None and middleware.middlewares:  # an extension sees every field resolve
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        plans = self._plans_of(parent_type)
        read: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            name = node.name.value
            try:
                leaf = plans[name]
            except KeyError:
                leaf = plans[name] = leaf_plan(parent_type.fields.get(name))
            value = read_leaf(leaf, source_value) if leaf is not None and not node.arguments else MISS
            if value is MISS:
                rest[response_name] = field_details_list
            else:
                read[response_name] = value
        if not rest:
            return read
        if not read:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if isinstance(others, dict):
            return _in_query_order(grouped_field_set, read, others)

        async def merged() -> dict[str, Any]:
            return _in_query_order(grouped_field_set, read, await others)

        return merged()

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
            reader = self._object_reader(item[0], field_details_list) if item is not None else None
            if item is not None and reader is not None:
                answers = read_all(reader, result, nullable_items=item[1])
                if answers is not None:
                    return answers
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)

    def _object_reader(self, object_type: GraphQLObjectType, field_details_list: Any) -> Reader | None:
        # Per execution: the collected selection depends on the variables (@skip, @include). The list of field
        # details is kept with its reader so that its id is not reused while this execution runs.
        readers: dict[tuple[str, int], tuple[Any, Reader | None]] = self.__dict__.setdefault("_object_readers", {})
        key = (object_type.name, id(field_details_list))
        known = readers.get(key)
        if known is None:
            plan = plan_object(object_type, field_details_list, self.collect_subfields)
            known = readers[key] = (field_details_list, None if plan is None else compile_reader(plan))
        return known[1]

    def _plans_of(self, parent_type: GraphQLObjectType) -> dict[str, Leaf | None]:
        by_type: dict[str, dict[str, Leaf | None]] | None = self.__dict__.get("_leaf_plans")
        if by_type is None:
            by_type = _plans.get(self.schema)
            if by_type is None:
                by_type = _plans[self.schema] = {}
            self.__dict__["_leaf_plans"] = by_type
        plans = by_type.get(parent_type.name)
        if plans is None:
            plans = by_type[parent_type.name] = {}
        return plans


def _in_query_order(grouped_field_set: Any, read: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    return {
        name: read[name] if name in read else others[name]
        for name in grouped_field_set
        if name in read or name in others  # a field graphql-core leaves out (unknown) stays out
    }


def _same(one: Any, other: Any) -> bool:
    try:
        return bool(one is other or one == other)
    except Exception:  # a value that cannot be compared is never shared
        return False
