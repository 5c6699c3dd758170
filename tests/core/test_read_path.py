"""One read path per context (docs/architecture.md, "Layers"): API controllers and console pages
build no SQL of their own; they read through the owning context's ``queries`` or ``service``
module, so tenancy, confidentiality, filters and order are applied in one place."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent


def sql_names_imported(path: Path) -> list[str]:
    """The names ``path`` imports from ``sqlalchemy`` itself (``select``, ``func``, ``or_``…); the
    session type comes from ``sqlalchemy.ext.asyncio`` and is not counted."""
    tree = ast.parse(path.read_text(), str(path))
    return [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy"
            for alias in node.names]


def test_controllers_and_pages_build_no_sql():
    handlers = [*ROOT.glob("core/**/controller.py"), *ROOT.glob("core/web/*.py")]
    assert len(handlers) > 60  # the glob found the tree
    offenders = {str(p.relative_to(ROOT)): names for p in handlers if (names := sql_names_imported(p))}
    assert offenders == {}, "read through the context's queries or service module instead"


def test_the_check_sees_an_import_of_select(tmp_path):
    handler = tmp_path / "controller.py"
    handler.write_text("from sqlalchemy import func, select\nfrom sqlalchemy.ext.asyncio import AsyncSession\n")
    assert sql_names_imported(handler) == ["func", "select"]
