"""JSON Schemas written by tenants (form schemas) or shipped by plugins (asset-type attributes),
checked when saved and validated within bounds.

Nothing is ever fetched: a ``$ref`` may only point inside the same schema (``#`` or ``#/…``), and
validation resolves references with :data:`REGISTRY`, which holds only the JSON Schema meta-schemas
jsonschema keeps in memory and has no way to retrieve anything else. A schema is refused when saved if
it is larger than :data:`MAX_SCHEMA_BYTES`, nested deeper than :data:`MAX_SCHEMA_DEPTH`, has a
``$ref`` that loops back to itself without reading deeper into the data, expands (through
``$ref``) to more than :data:`MAX_SCHEMA_EXPANSION` subschemas for one value, or has a ``pattern``
that RE2 cannot run (:mod:`core.safe_regex`). ``pattern``, ``patternProperties`` and the ``regex``
format are evaluated with RE2, and a validation stops after :data:`MAX_VALIDATION_MS`.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import unquote

from jsonschema import FormatChecker, SchemaError, ValidationError
from jsonschema.validators import extend, validator_for
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import specification_with

from core.errors import Invalid
from core.safe_regex import UnsafePattern, compile_pattern

#: Largest schema a tenant may save, as compact JSON (bytes).
MAX_SCHEMA_BYTES = 64 * 1024
#: Deepest nesting of objects and arrays in a saved schema.
MAX_SCHEMA_DEPTH = 32
#: Most subschemas one value may be checked against through ``$ref``, ``allOf``, ``anyOf``… in place.
MAX_SCHEMA_EXPANSION = 2_000
#: Longest a validation may run before it is stopped (milliseconds).
MAX_VALIDATION_MS = 250

#: An empty registry without a ``retrieve`` callable: jsonschema adds only the meta-schemas it holds
#: in memory, and any other reference is unresolvable instead of fetched.
REGISTRY = Registry()

#: Keywords whose value is data, not a schema: their content is not checked as schema.
DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "description", "title", "$comment"})
#: Keywords applying subschemas to the same value (in place), each a schema or a list or map of schemas.
IN_PLACE_KEYWORDS = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas")
REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")

_deadline: ContextVar[float | None] = ContextVar("schema_validation_deadline", default=None)


class ValidationTimeout(Exception):
    """A validation that ran longer than :data:`MAX_VALIDATION_MS`."""


class UnusableSchema(Exception):
    """A stored or shipped schema that cannot be evaluated (a reference outside it, a loop, a
    pattern RE2 cannot run, or too slow); the message says why."""


# -- checks when a schema is saved --------------------------------------------------------------


def check_schema(schema: dict, field: str = "schema") -> None:
    """Refuse (422 naming ``field`` and the path inside it) a schema that is too large or deep,
    refers outside itself, loops, expands too much, has a pattern RE2 cannot run or is not valid
    JSON Schema."""
    _check_depth(schema, field)
    size = len(json.dumps(schema, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_SCHEMA_BYTES:
        raise Invalid(field, f"the schema is {size} bytes; at most {MAX_SCHEMA_BYTES} are allowed")
    dialect = schema.get("$schema")
    if dialect is not None and (not isinstance(dialect, str) or specification_with(dialect, default=None) is None):
        raise Invalid(f"{field}.$schema", "unknown JSON Schema dialect; leave it out or name a published draft")
    refs = list(_walk(schema, field, ()))
    cls = validator_for(schema)
    try:
        cls(cls.META_SCHEMA, registry=REGISTRY, format_checker=FORMAT_CHECKER).validate(schema)
    except ValidationError as exc:
        path = ".".join([field, *map(str, exc.absolute_path)])
        raise Invalid(path, exc.message) from exc
    _check_expansion(schema, field, refs)


def _check_depth(schema: dict, field: str) -> None:
    """Refuse nesting deeper than :data:`MAX_SCHEMA_DEPTH`, data keywords included (walked
    without recursion, so no nesting can exhaust the stack)."""
    stack: list[tuple[Any, tuple]] = [(schema, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_SCHEMA_DEPTH:
            raise Invalid(".".join([field, *map(str, path[:MAX_SCHEMA_DEPTH])]),
                          f"the schema is nested deeper than {MAX_SCHEMA_DEPTH} levels")
        if isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(node))


def _walk(node: Any, field: str, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Check references and patterns; yield ``(path of the schema holding it, target)`` for
    every ``$ref``."""
    where = ".".join([field, *map(str, path)])
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, field, (*path, i))
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        here = f"{where}.{key}"
        if key in DATA_KEYWORDS:
            continue
        if key in REF_KEYWORDS and isinstance(value, str):
            if key != "$ref" or not (value == "#" or value.startswith("#/")):
                raise Invalid(here, "only references inside the same schema (\"#\" or \"#/…\") are allowed")
            yield path, value
        elif key in ("$id", "$anchor", "$dynamicAnchor") and isinstance(value, str) and (path or key != "$id"):
            raise Invalid(here, f"{key} is not allowed inside a schema; refer to parts with \"#/…\"")
        elif key == "pattern" and isinstance(value, str):
            _check_pattern(value, here)
        elif key == "patternProperties" and isinstance(value, dict):
            for pattern in value:
                _check_pattern(pattern, f"{here}.{pattern}")
        yield from _walk(value, field, (*path, key))


def _check_pattern(pattern: str, where: str) -> None:
    try:
        compile_pattern(pattern)
    except UnsafePattern as exc:
        raise Invalid(where, str(exc)) from exc


def _at(schema: dict, path: tuple) -> Any:
    node: Any = schema
    for step in path:
        node = node[step]
    return node


def _resolve(schema: dict, target: str) -> tuple | None:
    """The path a local reference ``#/a/b`` points to, or None when it points nowhere."""
    node: Any = schema
    path: tuple = ()
    for raw in filter(None, target[1:].split("/")):
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node, step = node[part], part
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node, step = node[int(part)], int(part)
        else:
            return None
        path = (*path, step)
    return path


def _in_place(node: dict, path: tuple) -> Iterator[tuple]:
    """The paths of the subschemas ``node`` applies to the same value, its ``$ref`` excepted."""
    for key in IN_PLACE_KEYWORDS:
        sub = node.get(key)
        if isinstance(sub, list):
            yield from ((*path, key, i) for i, child in enumerate(sub) if isinstance(child, dict))
        elif isinstance(sub, dict) and key == "dependentSchemas":
            yield from ((*path, key, name) for name, child in sub.items() if isinstance(child, dict))
        elif isinstance(sub, dict):
            yield (*path, key)


def _check_expansion(schema: dict, field: str, refs: list[tuple[tuple, str]]) -> None:
    """Refuse a ``$ref`` that points nowhere, loops back to the same value, or makes one value
    be checked against more than :data:`MAX_SCHEMA_EXPANSION` subschemas."""
    weights: dict[tuple, int] = {}
    open_paths: set[tuple] = set()

    def where(path: tuple, *more: str) -> str:
        return ".".join([field, *map(str, path), *more])

    def weight(path: tuple) -> int:
        if path in weights:
            return weights[path]
        if path in open_paths:
            raise Invalid(where(path), "a $ref loops back here without reading deeper into the data")
        open_paths.add(path)
        node = _at(schema, path)
        total = 1
        if isinstance(node, dict):
            total += sum(weight(child) for child in _in_place(node, path))
            target = node.get("$ref")
            if isinstance(target, str):
                resolved = _resolve(schema, target)
                if resolved is None:
                    raise Invalid(where(path, "$ref"), f"{target!r} points nowhere in this schema")
                total += weight(resolved)
        if total > MAX_SCHEMA_EXPANSION:
            raise Invalid(where(path), f"one value would be checked against more than {MAX_SCHEMA_EXPANSION} subschemas")
        open_paths.discard(path)
        weights[path] = total
        return total

    try:
        for path, _ in refs:
            weight(path)
    except RecursionError as exc:
        raise Invalid(field, "references are chained too deeply") from exc


# -- validation within bounds -------------------------------------------------------------------


def _timed(keyword):
    """A keyword implementation that first checks the validation's deadline."""

    @functools.wraps(keyword)
    def check(validator, value, instance, schema):
        deadline = _deadline.get()
        if deadline is not None and time.monotonic() > deadline:
            raise ValidationTimeout(f"validation took longer than {MAX_VALIDATION_MS} ms")
        return keyword(validator, value, instance, schema)

    return check


def _compiled(pattern: str):
    try:
        return compile_pattern(pattern)
    except UnsafePattern as exc:
        raise SchemaError(str(exc)) from exc


def _pattern(validator, pattern, instance, schema):
    """``pattern`` with RE2."""
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator, patterns, instance, schema):
    """``patternProperties`` with RE2."""
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _compiled(pattern).search(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _is_regex(instance: object) -> bool:
    """The ``regex`` format: a string RE2 can compile."""
    if isinstance(instance, str):
        compile_pattern(instance)
    return True


def _format_checker() -> FormatChecker:
    checker = FormatChecker(())
    checker.checkers = dict(validator_for({}).FORMAT_CHECKER.checkers)
    checker.checks("regex", raises=UnsafePattern)(_is_regex)
    return checker


#: The formats of the latest draft, with ``regex`` checked by RE2.
FORMAT_CHECKER = _format_checker()


@functools.cache
def _bounded_class(base: type) -> type:
    keywords = dict(base.VALIDATORS)
    if "pattern" in keywords:
        keywords["pattern"] = _pattern
    if "patternProperties" in keywords:
        keywords["patternProperties"] = _pattern_properties
    return extend(base, validators={name: _timed(fn) for name, fn in keywords.items()})


def iter_problems(schema: dict, data: object) -> list[ValidationError]:
    """Every error of ``data`` against ``schema``, found with RE2 patterns, no reference outside
    :data:`REGISTRY` and within :data:`MAX_VALIDATION_MS`. Raises :class:`UnusableSchema` when the
    schema cannot be evaluated."""
    cls = _bounded_class(validator_for(schema))
    token = _deadline.set(time.monotonic() + MAX_VALIDATION_MS / 1000)
    try:
        return list(cls(schema, registry=REGISTRY, format_checker=FORMAT_CHECKER).iter_errors(data))
    except (SchemaError, Unresolvable, RecursionError, ValidationTimeout) as exc:
        reason = exc.message if isinstance(exc, SchemaError) else str(exc) or type(exc).__name__
        raise UnusableSchema(reason) from exc
    finally:
        _deadline.reset(token)
