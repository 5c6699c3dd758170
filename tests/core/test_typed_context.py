"""The tenant context travels typed (issue 18, item 2): every function of the core, the tenants
package and the plugins that takes a ``ctx`` says what it is, a ``TenantContext`` (plugins name it
through ``core.sdk``). The one other kind of ``ctx`` is the reaction hooks' ``EventContext``
(``core/hookspecs.py``), named here so a new one is a decision, not an accident. So does every
``session`` or ``db`` it works in."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "tenants", "plugins")

#: ``ctx`` parameters that are not the tenant context, by module: the annotation they must carry.
OTHER_CONTEXTS = {
    "core/hookspecs.py": "EventContext",  # the reaction hooks get the session and plugin settings only
}


def _parameters(names: tuple[str, ...]):
    """``(path, path:line function, annotation or None)`` of every parameter called one of
    ``names`` in the packages."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), relative)):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                args = node.args
                for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
                    if arg.arg in names:
                        annotation = ast.unparse(arg.annotation) if arg.annotation is not None else None
                        yield relative, f"{relative}:{node.lineno} {node.name}", annotation


def test_every_ctx_parameter_is_annotated():
    missing = [where for _path, where, annotation in _parameters(("ctx",)) if annotation is None]
    assert not missing, "annotate ctx (ctx: TenantContext, from core.sdk in plugins):\n" + "\n".join(missing)


def test_ctx_is_the_tenant_context_except_where_named():
    wrong = [f"{where}: {annotation}" for path, where, annotation in _parameters(("ctx",))
             if annotation is not None and annotation != OTHER_CONTEXTS.get(path, "TenantContext")]
    assert not wrong, "ctx is a TenantContext (or list the module in OTHER_CONTEXTS):\n" + "\n".join(wrong)


def test_the_walk_finds_the_services():
    """A guard on the guard: the walk sees the hundreds of ``ctx`` parameters the services take."""
    found = list(_parameters(("ctx",)))
    assert len(found) > 500
    assert any(where.startswith("plugins/") for _path, where, _annotation in found)


def test_every_session_parameter_is_annotated():
    """``session`` and ``db`` say which session they are (``AsyncSession``; a sync ``Session``
    where migrations and pool events work)."""
    found = list(_parameters(("session", "db")))
    missing = [where for _path, where, annotation in found if annotation is None]
    assert not missing, "annotate the session (session: AsyncSession):\n" + "\n".join(missing)
    assert len(found) > 1000
