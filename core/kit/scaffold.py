"""Rendering a new plugin package: its own ``pyproject.toml`` (entry point ``shouhou.plugins``),
the plugin module with its hooks, a rules table and a test on the ``core.testing`` fixtures."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from packaging.version import Version

from core.plugins import CORE_VERSION, ENTRY_POINT_GROUP

NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

#: Template -> file of the new package (``{package}`` and ``{name}`` are filled in).
FILES = (
    ("pyproject.toml.j2", "pyproject.toml"),
    ("README.md.j2", "README.md"),
    ("plugin.py.j2", "{package}/__init__.py"),
    ("rules.py.j2", "{package}/rules.py"),
    ("test_plugin.py.j2", "tests/test_{name}.py"),
)


def core_requires(version: str = CORE_VERSION) -> str:
    """The core range a new plugin declares: this minor version up to the next major."""
    v = Version(version)
    return f">={v.major}.{v.minor},<{v.major + 1}"


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise ValueError(
            f"plugin name {name!r} must be 2-40 lowercase letters, digits or underscores, starting with a letter"
        )


def new_plugin(name: str, parent: Path) -> Path:
    """Write the package ``shouhou-<name>`` into ``parent`` and return its folder."""
    check_name(name)
    target = Path(parent) / f"shouhou-{name}"
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    env = Environment(
        loader=PackageLoader("core.kit", "templates"), keep_trailing_newline=True, undefined=StrictUndefined
    )
    values = {
        "name": name,
        "package": f"shouhou_{name}",
        "title": name.replace("_", " ").title(),
        "core_requires": core_requires(),
        "entry_point_group": ENTRY_POINT_GROUP,
    }
    for template, path in FILES:
        out = target / path.format(**values)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(env.get_template(template).render(values), encoding="utf-8")
    return target
