"""A plugin's settings form, generated from the JSON Schema of its msgspec settings Struct.

Each property becomes one field: integers and numbers a number input (with ``minimum`` and
``maximum``), booleans a checkbox, enums a select, strings a text input, arrays and objects a
JSON text area. The label is the property's ``x-label`` (``{"zh_Hans": …, "en": …}``, set with
``core.sdk.setting_label``), else its ``title``, else its name; its hint the ``x-hint`` in the
reader's language, else its ``description``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.i18n import DEFAULT_LOCALE, pick
from core.i18n.translate import N_, gettext

NOT_A_WHOLE_NUMBER = N_("Enter a whole number")
NOT_A_NUMBER = N_("Enter a number")
NOT_JSON = N_("Enter valid JSON")
FROM_TO = N_("Enter a number from %(minimum)s to %(maximum)s")
AT_LEAST = N_("Enter a number of at least %(minimum)s")
AT_MOST = N_("Enter a number of at most %(maximum)s")


@dataclass(frozen=True)
class SettingsField:
    name: str
    label: str
    widget: str  # number | checkbox | select | text | json
    hint: str = ""
    step: str = ""
    minimum: Any = None
    maximum: Any = None
    options: tuple[str, ...] = ()
    required: bool = False
    kind: str = "string"


def _resolve(node: dict, defs: dict) -> dict:
    if "$ref" in node:
        return {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    for key in ("anyOf", "oneOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"]
            if len(options) == 1:
                return {**_resolve(options[0], defs), **{k: v for k, v in node.items() if k != key}}
    return node


def settings_fields(schema: dict, locale: str) -> list[SettingsField]:
    """The form fields of a settings schema, in declaration order."""
    defs = schema.get("$defs", {})
    root = _resolve(schema, defs)
    required = set(root.get("required", ()))
    fields = []
    for name, raw in root.get("properties", {}).items():
        prop = _resolve(raw, defs)
        kind = prop.get("type", "string")
        label = pick(prop.get("x-label"), locale) or prop.get("title") or name.replace("_", " ")
        hint = pick(prop.get("x-hint"), locale) or prop.get("description", "")
        common = {"name": name, "label": label, "hint": hint, "required": name in required}
        if "enum" in prop:
            fields.append(SettingsField(widget="select", options=tuple(map(str, prop["enum"])), kind="enum", **common))
        elif kind in ("integer", "number"):
            fields.append(
                SettingsField(
                    widget="number",
                    step="1" if kind == "integer" else "any",
                    minimum=prop.get("minimum", prop.get("exclusiveMinimum")),
                    maximum=prop.get("maximum", prop.get("exclusiveMaximum")),
                    kind=kind,
                    **common,
                )
            )
        elif kind == "boolean":
            fields.append(SettingsField(widget="checkbox", kind=kind, **common))
        elif kind in ("array", "object"):
            fields.append(SettingsField(widget="json", kind=kind, **common))
        else:
            fields.append(SettingsField(widget="text", kind="string", **common))
    return fields


def display_values(fields: list[SettingsField], settings: dict) -> dict[str, str]:
    """Stored settings as the strings the form shows."""
    out = {}
    for f in fields:
        value = settings.get(f.name)
        if f.widget == "json":
            out[f.name] = json.dumps(value, ensure_ascii=False) if value is not None else ""
        elif f.widget == "checkbox":
            out[f.name] = "on" if value else ""
        elif isinstance(value, float):
            out[f.name] = _number(value)
        else:
            out[f.name] = "" if value is None else str(value)
    return out


def _number(value: Any) -> str:
    """A number as the form shows it: 15, not 15.0."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def out_of_range(f: SettingsField, value: float, locale: str) -> str | None:
    """The message for a number outside the field's bounds, in ``locale`` (None when inside)."""
    low, high = f.minimum, f.maximum
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    if low is not None and high is not None:
        return gettext(locale, FROM_TO) % {"minimum": _number(low), "maximum": _number(high)}
    if low is not None:
        return gettext(locale, AT_LEAST) % {"minimum": _number(low)}
    return gettext(locale, AT_MOST) % {"maximum": _number(high)}


def parse_values(fields: list[SettingsField], form: dict[str, str],
                 locale: str = DEFAULT_LOCALE) -> tuple[dict[str, Any], dict[str, str]]:
    """Posted strings back to settings values; returns ``(settings, errors)``. Empty fields are
    left out so that the plugin's default applies; a number outside its bounds is answered in
    ``locale``, with the bounds."""
    settings: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields:
        raw = form.get(f.name, "").strip()
        if f.widget == "checkbox":
            settings[f.name] = raw == "on"
            continue
        if raw == "":
            continue
        try:
            if f.kind == "integer":
                settings[f.name] = int(raw)
            elif f.kind == "number":
                settings[f.name] = float(raw)
            elif f.widget == "json":
                settings[f.name] = json.loads(raw)
            else:
                settings[f.name] = raw
        except ValueError:
            errors[f.name] = {"integer": NOT_A_WHOLE_NUMBER, "number": NOT_A_NUMBER}.get(f.kind, NOT_JSON)
            continue
        if f.widget == "number" and (message := out_of_range(f, settings[f.name], locale)):
            errors[f.name] = message
    return settings, errors
