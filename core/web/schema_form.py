"""A plugin's or tenant's form (JSON Schema) on a page: its fields, the posted values read back
into form data, and the schema's complaints as words for the user.

Strings, numbers, integers, booleans, enums and dates become inputs; a nested object a group of
fields; an array of objects a repeated group (rows). Every input is named by its data path under
``form.data`` (``form.data.items.0.quantity``): the field errors of
:func:`core.forms.service.validate_submission` name the same paths, so each error lands beside its
field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.forms.order import ordered
from core.i18n import pick
from core.i18n.translate import N_
from core.web.forms import INVALID, REQUIRED

PREFIX = "form.data"

#: The schema validator's messages (for programmers) and what the user is told instead; the
#: first pattern found in the message wins.
MESSAGES: tuple[tuple[str, str], ...] = (
    ("is a required property", REQUIRED),
    ("should be non-empty", REQUIRED),
    ("is too short", REQUIRED),
    ("is not of type 'integer'", N_("Enter a whole number")),
    ("is not of type 'number'", N_("Enter a number")),
    ("is not a 'date'", N_("Enter a date")),
    ("is not one of", N_("Choose one of the options")),
    ("is less than the minimum", N_("The value is too small")),
    ("is greater than the maximum", N_("The value is too large")),
    ("does not match", N_("The format is not valid")),
)


def friendly(message: str) -> str:
    """The user's words for a schema validator's ``message``."""
    return next((text for pattern, text in MESSAGES if pattern in message), INVALID)


@dataclass
class SchemaField:
    """One input, group or repeated group of a form."""

    name: str
    label: str
    widget: str  # text | number | integer | checkbox | select | date | group | rows
    required: bool = False
    hint: str = ""
    options: tuple[str, ...] = ()
    children: list[SchemaField] = field(default_factory=list)
    rows: list[list[SchemaField]] = field(default_factory=list)


def _label(prop: dict, key: str, locale: str) -> str:
    return pick(prop.get("x-label"), locale) or prop.get("title") or key.replace("_", " ")


def row_count(values: dict[str, Any], name: str) -> int:
    """How many rows of the repeated group ``name`` the posted values hold."""
    found = re.compile(re.escape(name) + r"\.(\d+)\.")
    indexes = [int(m.group(1)) for key in values if (m := found.match(key))]
    return max(indexes, default=-1) + 1


def fields_of(schema: dict, locale: str, values: dict[str, Any] | None = None, add: str = "",
              prefix: str = PREFIX) -> list[SchemaField]:
    """The fields of an object schema, in declaration order (a ``const`` property has none); a
    repeated group shows the rows posted (at least ``minItems``, at least one), one more when
    ``add`` names it."""
    values = values or {}
    required = set(schema.get("required", ()))
    out = []
    for key, prop in ordered(schema):
        if "const" in prop:
            continue  # a fixed value leaves nothing to choose
        name, kind = f"{prefix}.{key}", prop.get("type", "string")
        common = {"name": name, "label": _label(prop, key, locale), "required": key in required,
                  "hint": prop.get("description", "")}
        if "enum" in prop:
            out.append(SchemaField(widget="select", options=tuple(map(str, prop["enum"])), **common))
        elif kind == "object":
            out.append(SchemaField(widget="group", children=fields_of(prop, locale, values, add, name), **common))
        elif kind == "array" and prop.get("items", {}).get("type") == "object":
            count = max(row_count(values, name), prop.get("minItems", 0), 1) + (add == name)
            rows = [fields_of(prop["items"], locale, values, add, f"{name}.{i}") for i in range(count)]
            out.append(SchemaField(widget="rows", rows=rows, **common))
        elif kind == "boolean":
            out.append(SchemaField(widget="checkbox", **common))
        elif kind in ("integer", "number"):
            out.append(SchemaField(widget=kind, **common))
        else:
            out.append(SchemaField(widget="date" if prop.get("format") == "date" else "text", **common))
    return out


def _number(raw: str, kind: str) -> Any:
    try:
        return int(raw) if kind == "integer" else float(raw)
    except ValueError:
        return raw  # the schema says what is wrong with it


def _value(prop: dict, values: dict[str, Any], name: str) -> Any:
    kind = prop.get("type", "string")
    if kind == "object":
        return read_data(prop, values, name) or None
    if kind == "array" and prop.get("items", {}).get("type") == "object":
        rows = [read_data(prop["items"], values, f"{name}.{i}") for i in range(row_count(values, name))]
        return [row for row in rows if row] or None
    if kind == "boolean":
        return True if values.get(name) == "on" else None
    raw = str(values.get(name, "")).strip()
    if raw == "":
        return None
    return _number(raw, kind) if kind in ("integer", "number") and "enum" not in prop else raw


def read_data(schema: dict, values: dict[str, Any], prefix: str = PREFIX) -> dict[str, Any]:
    """The form data posted for an object schema: blank inputs, unticked boxes and empty rows are
    left out (a required one is then reported by the schema)."""
    data = {}
    for key, prop in schema.get("properties", {}).items():
        value = _value(prop, values, f"{prefix}.{key}")
        if value is not None:
            data[key] = value
    return data
