"""The plugin guide documents every hook (as datasette's ``tests/test_docs.py`` does): each hook of
``core/hookspecs.py`` has its own heading ``### shouhou_x(arguments)`` in ``docs/plugins.md``,
with the hook's arguments, and every hookspec has a docstring."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from core import hookspecs

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
HEADING = re.compile(r"^###\s+`?(shouhou_\w+)\(([^)]*)\)`?\s*$", re.MULTILINE)


def hook_specs() -> dict[str, object]:
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("shouhou_") and hasattr(fn, "shouhou_spec")
    }


def documented() -> dict[str, list[str]]:
    """Hook headings of the guide: name -> arguments as written."""
    return {
        name: [a.strip() for a in args.split(",") if a.strip()] for name, args in HEADING.findall(GUIDE.read_text())
    }


SPECS = hook_specs()


def test_hookspecs_are_found():
    assert len(SPECS) >= 20 and "shouhou_warranty_decision" in SPECS


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_hook_has_a_heading_with_its_arguments(name):
    headings = documented()
    assert name in headings, f"{name} is not documented under its own heading in docs/plugins.md"
    assert headings[name] == list(inspect.signature(SPECS[name]).parameters), f"{name}: arguments differ"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_hookspec_has_a_docstring(name):
    assert (inspect.getdoc(SPECS[name]) or "").strip(), f"{name} has no docstring"


def test_no_heading_documents_a_hook_that_does_not_exist():
    assert sorted(set(documented()) - set(SPECS)) == []


def test_each_hook_is_documented_once():
    names = [name for name, _args in HEADING.findall(GUIDE.read_text())]
    assert len(names) == len(set(names))


def test_every_api_route_is_in_the_endpoint_index(shouhou_app):
    """docs/api.md lists every API route with its method (the index at its end)."""
    text = (Path(__file__).parent.parent / "docs" / "api.md").read_text()
    missing = [
        f"{method} {route.path}"
        for route in shouhou_app.routes
        if route.path.startswith("/api/")
        for handler in getattr(route, "route_handlers", [])
        for method in handler.http_methods - {"OPTIONS", "HEAD"}
        if f"| `{method}` | `{route.path}` |" not in text
    ]
    assert missing == [], f"document these in docs/api.md: {missing}"
