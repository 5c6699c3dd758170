"""Rendering call scripts: Jinja2 in a sandbox, plain text, blanks for missing variables.

A template can read the variables it is given and nothing else: attribute escapes
(``''.__class__``), unsafe calls and huge repetitions raise :class:`ScriptError`. A variable the
call has no value for renders as a blank (``____``, as in the source scripts 「您好，__，__号为您服务」)
for the agent to fill, and is reported as missing.

A template's work is bounded: ``range`` gives at most :data:`MAX_RANGE` numbers, a render takes at
most :data:`MAX_STEPS` steps (loop turns and calls) and :data:`MAX_RENDER_MS`, writes at most
:data:`MAX_LENGTH` characters, and no call, filter or format asks for a number or width above
:data:`MAX_LENGTH`. :func:`render_bounded` renders in a worker thread, off the event loop, and gives
up after :data:`RENDER_TIMEOUT_S` even if the template never yields.
"""

from __future__ import annotations

import functools
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import anyio
from jinja2 import ChainableUndefined, TemplateError, nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment, SecurityError

BLANK = "____"
#: Longest rendered script, largest sequence a template may build by repetition, and largest
#: number a call or filter may be given (a width, a count).
MAX_LENGTH = 20_000
#: Most numbers ``range()`` may give in a script.
MAX_RANGE = 1_000
#: Most steps (loop turns and calls) one render may take.
MAX_STEPS = 10_000
#: Longest one render may compute (milliseconds of the rendering thread's own CPU time, so that a
#: busy machine's waiting does not count against a script), checked at every step.
MAX_RENDER_MS = 200
#: Hard limit of a render in the worker thread (seconds of the wall clock): the caller stops
#: waiting then. The CPU budget above stops a script that yields; this is the backstop for one step
#: that never does, set well above it so that a busy machine's waiting for a core does not fail a
#: harmless message.
RENDER_TIMEOUT_S = 3.0

#: A format string asking for a width or precision of 6 digits or more (100 000 characters).
_WIDE_FORMAT = re.compile(r"[0-9]{6}")

_missing: ContextVar[list[str]] = ContextVar("missing_script_variables")
_budget: ContextVar[Budget | None] = ContextVar("script_render_budget", default=None)


class ScriptError(Exception):
    """A script that cannot be rendered: bad syntax, a forbidden access or a runtime error.
    ``exceeded`` is true when it broke one of the bounds (range, steps, time, length)."""

    def __init__(self, message: str, exceeded: bool = False) -> None:
        super().__init__(message)
        self.exceeded = exceeded


class LimitExceeded(SecurityError):
    """A template went over one of the bounds."""


@dataclass
class Budget:
    """What one render may still do: steps taken and the thread CPU time it must end by."""

    deadline: float
    steps: int = 0

    def spend(self) -> None:
        """Count one step; raise :class:`LimitExceeded` past :data:`MAX_STEPS` or the deadline."""
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise LimitExceeded(f"the script takes more than {MAX_STEPS} steps (loop turns and calls)")
        if time.thread_time() > self.deadline:
            raise LimitExceeded(f"the script takes longer than {MAX_RENDER_MS} ms to render")


def _spend() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.spend()


def _check_numbers(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_LENGTH:
            raise LimitExceeded(f"the number {value} is larger than {MAX_LENGTH}, the most a script may ask for")


def _check_format(text: object) -> None:
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise LimitExceeded("a format string may not ask for a width or precision of 6 digits or more")


def _check_growth(name: str, text: Any, args: tuple) -> tuple:
    """Refuse a ``join``, ``replace`` or ``indent`` whose result would be longer than
    :data:`MAX_LENGTH` (each can multiply lengths in one step); returns ``args`` with a joined
    iterable read into a list."""
    if name == "join" and args:
        items = args[0] if isinstance(args[0], list | tuple | str) else list(args[0])
        grown = len(items) * len(text) + sum(len(item) for item in items if isinstance(item, str))
        args = (items, *args[1:])
    elif name == "replace" and len(args) >= 2 and isinstance(text, str) and all(isinstance(a, str) for a in args[:2]):
        old, new = args[:2]
        grown = len(text) + (text.count(old) if old else len(text) + 1) * (len(new) - len(old))
    elif name == "indent" and args and isinstance(text, str) and isinstance(args[0], str):
        grown = len(text) + (text.count("\n") + 1) * len(args[0])
    else:
        return args
    if grown > MAX_LENGTH:
        raise LimitExceeded(f"{name} would make a text longer than {MAX_LENGTH} characters")
    return args


def bounded_range(*args: int) -> range:
    """``range`` of at most :data:`MAX_RANGE` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise LimitExceeded(f"range() may give at most {MAX_RANGE} numbers, not {len(numbers)}")
    return numbers


def _bounded_filter(name: str, fn: Any) -> Any:
    """A filter whose arguments (after the value) are bounded like a call's; ``format``'s value is
    its format string."""
    skip = 2 if getattr(fn, "jinja_pass_arg", None) else 1

    @functools.wraps(fn)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _spend()
        if name == "format" and len(args) >= skip:
            _check_format(args[skip - 1])
        _check_numbers(args[skip:], kwargs)
        if name in ("replace", "indent") and len(args) >= skip:
            args = (*args[:skip], *_check_growth(name, args[skip - 1], args[skip:]))
        elif name == "join" and len(args) >= skip:  # the value is the iterable, the separator follows
            sep = args[skip] if len(args) > skip else kwargs.get("d", "")
            items = _check_growth("join", sep if isinstance(sep, str) else "", (args[skip - 1],))[0]
            args = (*args[: skip - 1], items, *args[skip:])
        return fn(*args, **kwargs)

    return bounded


class CountedLoops(CodeGenerator):
    """Compiles every ``{% for %}`` so that each turn of the loop is a step of the budget."""

    def visit_Template(self, node: nodes.Template, frame=None) -> None:
        for loop in list(node.find_all(nodes.For)):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("counted"), [loop.iter], [], None, None, lineno=loop.iter.lineno
            )
        super().visit_Template(node, frame)


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
    """The sandbox: no unsafe attributes (an error, not a silent blank), bounded repetition,
    ranges, loops, calls, numbers and formats."""

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = CountedLoops

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = bounded_range
        self.filters = {name: _bounded_filter(name, fn) for name, fn in self.filters.items()}

    def counted(self, iterable: Any) -> Any:
        """The items of a loop, each one a step of the budget."""
        for item in iterable:
            _spend()
            yield item

    def wrap_str_format(self, value: Any) -> Any:
        """``str.format`` and ``format_map``, refused for format strings asking for huge widths."""
        if isinstance(getattr(value, "__self__", None), str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_format(value.__self__)
        return super().wrap_str_format(value)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:
        """Every call is a step; numbers are bounded, and so is what ``str.join`` and
        ``str.replace`` make."""
        _spend()
        _check_numbers(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = _check_growth(getattr(__obj, "__name__", ""), owner, args)
        return super().call(__context, __obj, *args, **kwargs)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"access to {attribute!r} of a {type(obj).__name__} is not allowed in a script")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise LimitExceeded("exponent too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_LENGTH:
                    raise LimitExceeded("repetition too large")
        return super().call_binop(context, operator, left, right)


ENVIRONMENT = ScriptSandbox(autoescape=False, undefined=Blank, keep_trailing_newline=False)


def check_syntax(source: str) -> None:
    """Raise :class:`ScriptError` when ``source`` is not a valid template."""
    try:
        ENVIRONMENT.parse(source)
    except TemplateError as exc:
        raise ScriptError(_describe(exc)) from exc


def render(source: str, variables: dict[str, Any]) -> tuple[str, list[str]]:
    """Render ``source`` with ``variables`` within the bounds; return the text and the missing
    variable names. Runs on the calling thread: from async code use :func:`render_bounded`."""
    found: list[str] = []
    token = _missing.set(found)
    budget = _budget.set(Budget(deadline=time.thread_time() + MAX_RENDER_MS / 1000))
    try:
        parts: list[str] = []
        length = 0
        for part in ENVIRONMENT.from_string(source).generate({k: wrap(k, v) for k, v in variables.items()}):
            length += len(part)
            if length > MAX_LENGTH:
                raise LimitExceeded(f"the rendered script is longer than {MAX_LENGTH} characters")
            parts.append(part)
    except Exception as exc:  # any failure of a tenant's or plugin's template is the template's fault
        raise ScriptError(_describe(exc), exceeded=isinstance(exc, LimitExceeded | RecursionError)) from exc
    finally:
        _budget.reset(budget)
        _missing.reset(token)
    return "".join(parts).strip(), list(dict.fromkeys(found))


async def render_bounded(source: str, variables: dict[str, Any]) -> tuple[str, list[str]]:
    """:func:`render` in a worker thread, given up after :data:`RENDER_TIMEOUT_S`."""
    try:
        with anyio.fail_after(RENDER_TIMEOUT_S):
            return await anyio.to_thread.run_sync(render, source, variables, abandon_on_cancel=True)
    except TimeoutError as exc:
        raise ScriptError(f"the script takes longer than {RENDER_TIMEOUT_S} s to render", exceeded=True) from exc


def _describe(exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    where = f" (line {line})" if line else ""
    return f"{type(exc).__name__}: {exc}{where}"
