"""Strict JSON for everything a client sends as JSON: POST bodies, GET `variables`/`extensions`, WebSocket
messages.

Python's decoder turns some hostile inputs into exceptions other than a JSONDecodeError, which used to
surface as plain-text 500s: invalid UTF-8 (UnicodeDecodeError), nesting near 1 000 levels (RecursionError),
an integer of more than 4 300 digits (ValueError). Here each is an `InvalidJson` -- a JSONDecodeError, so
every caller (Strawberry's HTTP view, its WebSocket adapter) already treats it as "bad JSON" -- with a message
that says what is wrong. Nesting is capped well below the interpreter's limit, because whatever reads the
value afterwards (GraphQL coercion, json.dumps when it is stored) recurses too. NaN and Infinity, which are
not JSON, are refused as well.
"""

from __future__ import annotations

import json

MAX_JSON_DEPTH = 64


class InvalidJson(json.JSONDecodeError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "", 0)
        self.msg = message
        self.args = (message,)

    def __str__(self) -> str:
        return self.msg


def _no_constants(name: str) -> object:
    raise InvalidJson(f"{name} is not a JSON value.")


def loads(data: str | bytes) -> object:
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidJson("The body is not valid UTF-8.") from None
    else:
        text = data
    try:
        value = json.loads(text, parse_constant=_no_constants)
    except InvalidJson:
        raise
    except RecursionError:
        raise InvalidJson(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.") from None
    except json.JSONDecodeError as exc:
        raise InvalidJson(f"Unable to parse JSON: {exc}") from None
    except ValueError:  # int() over sys.get_int_max_str_digits()
        raise InvalidJson("A JSON number has too many digits.") from None
    if depth_exceeds(value, MAX_JSON_DEPTH):
        raise InvalidJson(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
    return value


def depth_exceeds(value: object, limit: int) -> bool:
    """Whether lists/objects nest deeper than `limit` (a scalar is depth 0), without recursion."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth + 1 > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
