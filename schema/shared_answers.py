"""One execution of a subscription event for every subscriber that received the same shared read -- unless a
field reads the caller.

domain.live hands the subscribers of one object the same state; the answer to the same selection of that state is
the same for all of them as long as no field depends on who asks. That is not left to a rule in a docstring: the
execution that is to be shared runs with the subscriber's context behind a `CallerWatch`, which lets through only
what the context's class declares caller-free (`CALLER_FREE`, e.g. the settings and the per-state dataloaders)
and notes any other read -- the principal, the token, the request, the socket's connection params. An answer
whose execution read the caller is that subscriber's alone; every other subscriber then executes its own, with
its own context. So is an answer with errors, or an execution that failed.

The caller is reachable from a field only through `info.context` (no context variable holds it): a field cannot
read it without the watch noticing.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from typing import Any

from graphql import ExecutionResult

Execute = Callable[[], Any]  # runs graphql-core's execution of the operation: an ExecutionResult or an awaitable


class CallerWatch:
    """A context as a shared execution sees it: every attribute of the context, noting reads of the caller's."""

    __slots__ = ("_context", "_free", "read_caller")

    def __init__(self, context: Any) -> None:
        object.__setattr__(self, "_context", context)
        object.__setattr__(self, "_free", getattr(type(context), "CALLER_FREE", frozenset()))
        object.__setattr__(self, "read_caller", False)

    def __getattr__(self, name: str) -> Any:  # only for names that are not the watch's own
        if name not in self._free:
            object.__setattr__(self, "read_caller", True)
        return getattr(self._context, name)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, "read_caller", True)  # writing to the caller's context is the caller's business
        setattr(self._context, name, value)

    def __getitem__(self, key: Any) -> Any:  # a dict used as context: any key may be the caller's
        object.__setattr__(self, "read_caller", True)
        return self._context[key]


class _Shared:
    __slots__ = ("answer", "operation", "root", "watch")

    def __init__(self, root: Any, operation: Any, answer: Any, watch: CallerWatch) -> None:
        self.root, self.operation, self.answer, self.watch = root, operation, answer, watch


def shared_answer(executor: Any, scope: dict[str, Any], execute: Execute, execute_own: Execute) -> Any:
    """The answer for this subscriber's event: the one shared in `scope` (the subscribers that received the same
    read) for the same operation, variables and event value, when it is shareable; otherwise its own.

    `execute` runs the operation with `executor.context_value` as it is at that moment; `execute_own` runs it for
    this subscriber alone (with its own context)."""
    try:
        variables = json.dumps(executor.variable_values.coerced, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return execute_own()
    # One read may be sent as several events (previewTaskUpdated sends each changed task of it): an answer is
    # shared only for an equal event value (the same state, turned into the same schema object).
    answers: list[_Shared] = scope.setdefault(f"subscription answer {id(executor.operation)} {variables}", [])
    root, operation = executor.root_value, executor.operation
    shared = next((s for s in answers if s.operation is operation and _same(s.root, root)), None)
    if shared is None:  # this subscriber executes for everyone, its context watched
        watch = CallerWatch(executor.context_value)
        executor.context_value = watch
        answer = execute()
        if executor.is_awaitable(answer):
            answer = asyncio.ensure_future(answer)
        answers.append(_Shared(root, operation, answer, watch))
        if not isinstance(answer, asyncio.Future):
            return answer
        return asyncio.shield(answer)  # its answer, whatever it read; a subscriber leaving cancels only its wait
    if not isinstance(shared.answer, asyncio.Future):
        return shared.answer if _shareable(shared, shared.answer) else execute_own()
    return _reused(shared, shared.answer, execute_own)


async def _reused(shared: _Shared, future: asyncio.Future[Any], execute_own: Execute) -> Any:
    try:
        answer = await asyncio.shield(future)
    except Exception:  # the shared execution failed: this subscriber's own execution reports its own error
        answer = None
    if answer is not None and _shareable(shared, answer):
        return answer
    own = execute_own()
    return await own if inspect.isawaitable(own) else own


def _shareable(shared: _Shared, answer: Any) -> bool:
    return isinstance(answer, ExecutionResult) and not answer.errors and not shared.watch.read_caller


def _same(one: Any, other: Any) -> bool:
    try:
        return bool(one is other or one == other)
    except Exception:  # a value that cannot be compared is never shared
        return False
