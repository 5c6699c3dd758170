"""Rendering call scripts: Jinja2 in a sandbox, plain text, blanks for missing variables.

A template can read the variables it is given and nothing else: attribute escapes
(``''.__class__``), unsafe calls and huge repetitions raise :class:`ScriptError`. A variable the
call has no value for renders as a blank (``____``, as in the source scripts 「您好，__，__号为您服务」)
for the agent to fill, and is reported as missing.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from jinja2 import ChainableUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

BLANK = "____"
#: Longest rendered script and largest sequence a template may build by repetition.
MAX_LENGTH = 20_000

_missing: ContextVar[list[str]] = ContextVar("missing_script_variables")


class ScriptError(Exception):
    """A script that cannot be rendered: bad syntax, a forbidden access or a runtime error."""


class Namespace(dict):
    """A group of variables (``ticket``, ``customer``…) that knows its name, so a missing
    ``ticket.number`` is reported as such."""

    def __init__(self, path: str, values: dict[str, Any]) -> None:
        super().__init__({k: wrap(f"{path}.{k}", v) for k, v in values.items() if v is not None})
        self._path = path


def wrap(path: str, value: Any) -> Any:
    """Turn nested dicts into :class:`Namespace` objects."""
    return Namespace(path, value) if isinstance(value, dict) and not isinstance(value, Namespace) else value


class Blank(ChainableUndefined):
    """A missing variable: renders as a blank and records its name."""

    __slots__ = ()

    def __str__(self) -> str:
        owner = self._undefined_obj
        name = self._undefined_name or "?"
        found = _missing.get(None)
        if found is not None:
            found.append(f"{owner._path}.{name}" if isinstance(owner, Namespace) else name)
        return BLANK


class ScriptSandbox(SandboxedEnvironment):
    """The sandbox: no unsafe attributes (an error, not a silent blank), bounded repetition."""

    intercepted_binops = frozenset({"*", "**"})

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"access to {attribute!r} of a {type(obj).__name__} is not allowed in a script")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("exponent too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_LENGTH:
                    raise SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)


ENVIRONMENT = ScriptSandbox(autoescape=False, undefined=Blank, keep_trailing_newline=False)


def check_syntax(source: str) -> None:
    """Raise :class:`ScriptError` when ``source`` is not a valid template."""
    try:
        ENVIRONMENT.parse(source)
    except TemplateError as exc:
        raise ScriptError(_describe(exc)) from exc


def render(source: str, variables: dict[str, Any]) -> tuple[str, list[str]]:
    """Render ``source`` with ``variables``; return the text and the missing variable names."""
    found: list[str] = []
    token = _missing.set(found)
    try:
        text = ENVIRONMENT.from_string(source).render({k: wrap(k, v) for k, v in variables.items()})
    except Exception as exc:  # any failure of a tenant's or plugin's template is the template's fault
        raise ScriptError(_describe(exc)) from exc
    finally:
        _missing.reset(token)
    if len(text) > MAX_LENGTH:
        raise ScriptError(f"the rendered script is longer than {MAX_LENGTH} characters")
    return text.strip(), list(dict.fromkeys(found))


def _describe(exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    where = f" (line {line})" if line else ""
    return f"{type(exc).__name__}: {exc}{where}"
