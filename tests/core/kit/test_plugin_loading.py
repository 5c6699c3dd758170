"""Loading plugins (issue "The plugin kit"; DESIGN "Plugins"): a plugin declares the core versions
it needs and is refused outside them; a plugin that fails to import is reported and skipped.
Both are named by ``shouhou plugin list``; neither stops the others from loading."""

from __future__ import annotations

import sys
import textwrap
import uuid

import pytest
from click.testing import CliRunner

from core.cli import main
from core.hookspecs import hookimpl
from core.plugins import CORE_VERSION, ENTRY_POINT_GROUP, PluginInfo, PluginManager


def info(name: str, core_requires: str) -> PluginInfo:
    return PluginInfo(name=name, version="1.0.0", title={"en": name}, description={"en": ""}, core_requires=core_requires)


class Plugin:
    def __init__(self, name: str, core_requires: str) -> None:
        self.info = info(name, core_requires)

    @hookimpl
    def shouhou_plugin_info(self):
        """Who this test plugin is."""
        return self.info


@pytest.mark.parametrize("core_requires", [">=0.1,<1", ">=0.1", "~=0.1.0"])
def test_a_plugin_for_this_core_is_registered(core_requires):
    manager = PluginManager()
    assert manager.register(Plugin("fits", core_requires), "fits")
    assert manager.names == ["fits"] and manager.failures == []


@pytest.mark.parametrize(
    ("core_requires", "error"),
    [
        (">=2,<3", f"needs Shouhou core >=2,<3, this is {CORE_VERSION}"),
        ("<0.1", f"needs Shouhou core <0.1, this is {CORE_VERSION}"),
        ("version two", "invalid core_requires 'version two'"),
    ],
)
def test_a_plugin_for_another_core_is_refused_with_a_clear_message(core_requires, error):
    manager = PluginManager()
    assert not manager.register(Plugin("future", core_requires), "future")
    assert manager.names == [] and not manager.pm.has_plugin("future")
    assert [(f.name, f.error) for f in manager.failures] == [("future", error)]


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on ``sys.path`` where tests install distributions with ``shouhou.plugins`` entry
    points: ``site(entry_point_name, module_source_or_None)``."""
    monkeypatch.syspath_prepend(str(tmp_path))
    modules: list[str] = []

    def install(name: str, source: str | None) -> None:
        module = f"shouhou_{name}_{uuid.uuid4().hex[:8]}"
        dist = tmp_path / f"{module}-1.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
        (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = {module}:plugin\n")
        if source is not None:
            (tmp_path / f"{module}.py").write_text(textwrap.dedent(source))
            modules.append(module)

    yield install
    for module in modules:
        sys.modules.pop(module, None)


PLUGIN_MODULE = """
    import sys

    from core.hookspecs import hookimpl
    from core.plugins import PluginInfo


    @hookimpl
    def shouhou_plugin_info():
        return PluginInfo(name="{name}", version="2.0.0", title={{"en": "{name}"}}, description={{"en": ""}},
                          core_requires="{core_requires}")


    plugin = sys.modules[__name__]
"""


def install_examples(site) -> None:
    site("fine", PLUGIN_MODULE.format(name="fine", core_requires=">=0.1,<1"))
    site("future", PLUGIN_MODULE.format(name="future", core_requires=">=2,<3"))
    site("broken", None)  # the entry point names a module that is not there
    site("crashing", "raise RuntimeError('cannot reach the licence server')\n")


def test_a_plugin_that_fails_to_import_is_reported_and_skipped(site):
    install_examples(site)
    manager = PluginManager()
    manager.load_entrypoints(only=["fine", "future", "broken", "crashing"])
    assert manager.names == ["fine"], "the others do not stop a good plugin from loading"
    errors = {f.name: f.error for f in manager.failures}
    assert errors["broken"].startswith("ModuleNotFoundError: No module named 'shouhou_broken_")
    assert errors["crashing"] == "RuntimeError: cannot reach the licence server"
    assert errors["future"] == f"needs Shouhou core >=2,<3, this is {CORE_VERSION}"


def test_plugin_list_names_refused_and_broken_plugins(site):
    install_examples(site)
    result = CliRunner().invoke(main, ["plugin", "list"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "FAILED" not in lines["fine"] and "2.0.0" in lines["fine"]
    assert "FAILED" in lines["future"] and f"needs Shouhou core >=2,<3, this is {CORE_VERSION}" in lines["future"]
    assert "FAILED" in lines["broken"] and "ModuleNotFoundError" in lines["broken"]
    assert "FAILED" in lines["crashing"] and "licence server" in lines["crashing"]
