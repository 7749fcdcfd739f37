"""The GraphQL multipart request spec (https://github.com/jaydenseric/graphql-multipart-request-spec), read strictly.

A multipart request has an `operations` field (the GraphQL request as JSON, each file's place a `null`), a `map`
field (a JSON object: file part name -> the paths in `operations` it fills) and the file parts. Strawberry's own
reading (`strawberry.file_uploads.utils.replace_placeholders_with_files`) trusts every shape and fails with a
KeyError, TypeError, IndexError or ValueError -- an HTTP 500 with a traceback -- on a malformed `map`. Here every
malformation is a `MultipartError` whose message names the problem; the view answers it with 400 `BAD_REQUEST`.

Stricter than the spec's "may": a file or text part that `map` does not name is refused rather than ignored (it
is almost always a client's mistake, such as a mistyped part name, and ignoring it turns into a confusing
variable error); so is a part sent twice, a key repeated in `map`'s JSON, and a path named twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from starlette.datastructures import UploadFile

SPEC = "(GraphQL multipart request spec)"


class MultipartError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def operations_with_files(
    parts: Iterable[tuple[str, str | UploadFile]], decode_json: Callable[[str], object]
) -> dict[str, Any] | list[Any]:
    """`operations` with each file put at the paths `map` gives it. `parts` are the form's (name, value) pairs
    in the order sent; `decode_json` reads a JSON text field (and raises json.JSONDecodeError)."""
    fields: dict[str, str | UploadFile] = {}
    for name, value in parts:
        if name in fields:
            raise MultipartError(f"The form part {name!r} is sent more than once.")
        fields[name] = value

    operations = _json_field(fields.pop("operations", None), "operations", decode_json)
    if not isinstance(operations, dict | list):
        raise MultipartError("`operations` must be a JSON object (or a list of them for a batch).")
    files_map = _json_field(fields.pop("map", None), "map", decode_json)
    if not isinstance(files_map, dict):
        raise MultipartError(f"`map` must be a JSON object of file part names to lists of paths {SPEC}.")

    placed: set[str] = set()
    for name, paths in files_map.items():
        if not isinstance(paths, list) or not paths or not all(isinstance(path, str) for path in paths):
            raise MultipartError(
                f'`map[{json.dumps(name)}]` must be a non-empty list of paths (strings such as "variables.file").'
            )
        part = fields.get(name)
        if part is None:
            raise MultipartError(f"`map` names the file part {name!r}, which was not sent.")
        if not isinstance(part, UploadFile):
            raise MultipartError(f"The form part {name!r} that `map` names is a text field, not a file.")
        for path in paths:
            if path in placed:
                raise MultipartError(f"The path {path!r} is named more than once in `map`.")
            placed.add(path)
            _place(operations, path, part)

    unnamed = sorted(set(fields) - set(files_map))
    if unnamed:
        raise MultipartError(f"The form part {unnamed[0]!r} is not named in `map`.")
    return operations


def _json_field(value: str | UploadFile | None, name: str, decode_json: Callable[[str], object]) -> object:
    if value is None:
        raise MultipartError(f"The `{name}` field is missing {SPEC}.")
    if not isinstance(value, str):
        raise MultipartError(f"`{name}` must be a text field, not a file.")
    try:
        decoded = decode_json(value)
    except json.JSONDecodeError as exc:
        raise MultipartError(f"`{name}` is not JSON ({exc.msg}).") from None
    if name == "map" and isinstance(decoded, dict):
        _refuse_duplicate_keys(value)
    return decoded


def _refuse_duplicate_keys(text: str) -> None:
    """A JSON object may repeat a key and parsers keep the last, so a second entry for a part would silently
    drop the first. Only `map`'s own keys matter (its values are lists of strings). `text` has parsed once."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise MultipartError(f"`map` has the key {key!r} more than once.")
            seen.add(key)
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)


def _place(operations: dict[str, Any] | list[Any], path: str, file: UploadFile) -> None:
    """Put `file` at `path` (keys and list indexes joined by dots), which must lead to a `null` placeholder."""
    keys = path.split(".")
    target: Any = operations
    for depth, key in enumerate(keys):
        parent = ".".join(keys[:depth]) or "operations"
        if isinstance(target, dict):
            if key not in target:
                raise MultipartError(
                    f"The `map` path {path!r} does not exist in `operations` ({parent} has no {key!r})."
                )
            index: str | int = key
        elif isinstance(target, list):
            if not (key.isascii() and key.isdigit()) or int(key) >= len(target):
                raise MultipartError(
                    f"The `map` path {path!r} does not exist in `operations` "
                    f"({parent} is a list of {len(target)}, and {key!r} is not an index in it)."
                )
            index = int(key)
        else:
            kind = "null" if target is None else type(target).__name__
            raise MultipartError(
                f"The `map` path {path!r} does not exist in `operations` ({parent} is {kind}, not an object or list)."
            )
        if depth == len(keys) - 1:
            if target[index] is not None:
                raise MultipartError(f"The `map` path {path!r} must lead to a null placeholder in `operations`.")
            target[index] = file
        else:
            target = target[index]
