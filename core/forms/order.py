"""The order of a form's fields, kept where the database would lose it.

PostgreSQL's ``jsonb`` keeps an object's keys in its own order (shorter keys first), not in the
order they were written, so a form defined with ``ceiling_height``, ``wall``, ``ladder`` would come
back as ``wall``, ``ladder``, ``ceiling_height``. A tenant form's schema is therefore stored with
``x-order`` — the property names of every object, in their written order (arrays keep their order
in ``jsonb``) — and the pages read the properties through :func:`ordered`. JSON Schema validators
ignore the keyword.
"""

from __future__ import annotations

from typing import Any

ORDER = "x-order"


def with_order(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with ``x-order`` on every object that has properties (nested ones included)."""
    out = dict(schema)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {key: with_order(prop) if isinstance(prop, dict) else prop
                             for key, prop in out["properties"].items()}
        out[ORDER] = list(out["properties"])
    if isinstance(out.get("items"), dict):
        out["items"] = with_order(out["items"])
    return out


def ordered(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The object's properties in their written order (``x-order`` first, any others after)."""
    properties = schema.get("properties", {})
    keys = [key for key in schema.get(ORDER, ()) if key in properties]
    keys += [key for key in properties if key not in keys]
    return [(key, properties[key]) for key in keys]


def as_written(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` as it was written: the properties in their order, without ``x-order`` (what the
    API answers)."""
    out = {key: value for key, value in schema.items() if key != ORDER}
    if isinstance(out.get("properties"), dict):
        out["properties"] = {key: as_written(prop) if isinstance(prop, dict) else prop for key, prop in ordered(schema)}
    if isinstance(out.get("items"), dict):
        out["items"] = as_written(out["items"])
    return out
