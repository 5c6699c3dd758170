"""A company form built field by field on a page, as the JSON Schema ``POST /api/v1/forms`` takes.

Each row of the builder is one field: its key (``a-z``, digits, ``_``), its label in Chinese and
in English, its type, the choices of a choice field (one per line) and whether it must be filled.
:func:`schema_from_rows` turns the rows into the schema (labels as ``x-label``, so the intake and
ticket pages show them in the reader's language) and names the row field of every mistake;
:func:`rows_from_schema` reads a schema back into rows, for a form this builder made (a form
defined through the API with nested groups is shown, not edited, here).
"""

from __future__ import annotations

import re
from typing import Any

from core.forms.order import ordered
from core.i18n.translate import N_
from core.web.forms import REQUIRED

#: The field types the builder offers, with their names on the page.
FIELD_TYPES: dict[str, str] = {
    "text": N_("Text"), "integer": N_("Whole number"), "number": N_("Number"), "date": N_("Date"),
    "choice": N_("Choice from a list"), "yes_no": N_("Yes or no (a tick box)"),
}
#: The schema of each type (a choice adds its ``enum``).
SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "maxLength": 500}, "integer": {"type": "integer"}, "number": {"type": "number"},
    "date": {"type": "string", "format": "date"}, "choice": {"type": "string"}, "yes_no": {"type": "boolean"},
}
#: Blank rows offered below a form's fields (save, and more come).
BLANK_ROWS = 3
MAX_FIELDS = 60
MAX_CHOICES = 50
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
BAD_KEY = N_("Use lower-case letters, digits and _ (starting with a letter)")
TWICE = N_("Another field has this key")
NO_CHOICES = N_("List the choices, one per line")
TOO_MANY_FIELDS = N_("At most 60 fields")
TOO_MANY_CHOICES = N_("At most 50 choices")
NO_FIELDS = N_("Add at least one field")


def rows_posted(values: dict[str, str]) -> list[dict[str, str]]:
    """The builder's rows as posted (``field.<i>.<part>``), in order, blank rows left out."""
    found: dict[int, dict[str, str]] = {}
    for name, value in values.items():
        if match := re.fullmatch(r"field\.(\d+)\.(\w+)", name):
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value.strip()
    return [found[i] | {"index": str(i)} for i in sorted(found)
            if any(found[i].get(part) for part in ("key", "label_zh_Hans", "label_en", "choices"))]


def schema_from_rows(rows: list[dict[str, str]]) -> tuple[dict[str, Any], dict[str, str]]:
    """The JSON Schema of the rows, and the errors by input name (``field.<i>.<part>``)."""
    errors: dict[str, str] = {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    if not rows:
        errors["field.0.key"] = NO_FIELDS
    if len(rows) > MAX_FIELDS:
        errors[f"field.{rows[MAX_FIELDS]['index']}.key"] = TOO_MANY_FIELDS
    for row in rows[:MAX_FIELDS]:
        at = f"field.{row['index']}."
        key, kind = row.get("key", ""), row.get("type", "text")
        if not KEY.match(key):
            errors[at + "key"] = REQUIRED if not key else BAD_KEY
        elif key in properties:
            errors[at + "key"] = TWICE
        if not row.get("label_zh_Hans"):
            errors[at + "label_zh_Hans"] = REQUIRED
        if kind not in SCHEMAS:
            errors[at + "type"] = REQUIRED
            continue
        prop: dict[str, Any] = {**SCHEMAS[kind], "title": row.get("label_en") or row.get("label_zh_Hans", ""),
                                "x-label": {"zh_Hans": row.get("label_zh_Hans", ""),
                                            "en": row.get("label_en") or row.get("label_zh_Hans", "")}}
        if kind == "choice":
            choices = list(dict.fromkeys(c.strip() for c in row.get("choices", "").splitlines() if c.strip()))
            if not choices:
                errors[at + "choices"] = NO_CHOICES
            elif len(choices) > MAX_CHOICES:
                errors[at + "choices"] = TOO_MANY_CHOICES
            prop["enum"] = choices[:MAX_CHOICES]
        properties.setdefault(key, prop)
        if row.get("required") == "on" and kind != "yes_no":
            required.append(key)
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(dict.fromkeys(required))
    return schema, errors


def _kind_of(prop: dict[str, Any]) -> str | None:
    if "enum" in prop and prop.get("type") == "string":
        return "choice"
    for kind, shape in SCHEMAS.items():
        if kind != "choice" and all(prop.get(k) == v for k, v in shape.items() if k != "maxLength"):
            if kind == "text" and prop.get("format"):
                continue
            return kind
    return None


def rows_from_schema(schema: dict[str, Any]) -> list[dict[str, str]] | None:
    """The builder's rows of a flat schema (what :func:`schema_from_rows` makes); ``None`` when
    the schema has fields the builder cannot show (groups, repeated rows, fixed values)."""
    required = set(schema.get("required", ()))
    rows = []
    for i, (key, prop) in enumerate(ordered(schema)):
        kind = _kind_of(prop)
        if kind is None or "const" in prop:
            return None
        label = prop.get("x-label") or {}
        rows.append({"index": str(i), "key": key, "type": kind,
                     "label_zh_Hans": label.get("zh_Hans") or prop.get("title", ""),
                     "label_en": label.get("en", ""), "choices": "\n".join(prop.get("enum", ())),
                     "required": "on" if key in required else ""})
    return rows


def builder_values(rows: list[dict[str, str]]) -> dict[str, str]:
    """The rows as the builder's input values, renumbered from 0, with :data:`BLANK_ROWS` blank
    rows after them."""
    values: dict[str, str] = {}
    for i, row in enumerate(rows):
        for part, value in row.items():
            if part != "index":
                values[f"field.{i}.{part}"] = value
    return values


def row_count(values: dict[str, str]) -> int:
    """How many rows the builder shows: the filled ones and :data:`BLANK_ROWS` more."""
    indexes = [int(m.group(1)) for name in values if (m := re.fullmatch(r"field\.(\d+)\.\w+", name))]
    return max(indexes, default=-1) + 1 + BLANK_ROWS
