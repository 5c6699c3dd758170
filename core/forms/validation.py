"""JSON Schema checks of form schemas and form data, as field errors."""

from __future__ import annotations

import hashlib
import json

from core import safe_schema
from core.errors import Invalid


def fingerprint(schema: dict) -> str:
    """A stable hash of a schema: two schemas with the same fingerprint are the same form version."""
    canonical = json.dumps(schema, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_schema(schema: dict, field: str = "schema") -> None:
    """Refuse a schema that is not valid JSON Schema, breaks the bounds of
    :func:`core.safe_schema.check_schema` or does not describe an object (422)."""
    safe_schema.check_schema(schema, field)
    if schema.get("type") != "object":
        raise Invalid(f"{field}.type", "a form's schema must describe an object (\"type\": \"object\")")


def field_errors(schema: dict, data: object, prefix: str = "form.data") -> list[tuple[str, str]]:
    """Every way ``data`` breaks ``schema``, as ``(field path, message)`` pairs, sorted.

    A missing required property is reported at its own path (``form.data.vehicle_plate``), not at
    the object holding it. Raises :class:`core.safe_schema.UnusableSchema` when the schema cannot be
    evaluated within bounds.
    """
    problems: set[tuple[str, str]] = set()
    for error in safe_schema.iter_problems(schema, data):
        path = [str(p) for p in error.absolute_path]
        if error.validator == "required":
            missing = next((p for p in error.validator_value if repr(p) in error.message), None)
            if missing is not None:
                path.append(str(missing))
        problems.add((".".join([prefix, *path]), error.message))
    return sorted(problems)
