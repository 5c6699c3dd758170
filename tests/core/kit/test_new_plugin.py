"""``shouhou plugin new`` (issue "The plugin kit"): the scaffolded package builds and installs,
its entry point registers the plugin, and its own test passes against this core."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import core
from core.cli import main
from core.kit.scaffold import core_requires

ROOT = Path(core.__file__).resolve().parent.parent


def scaffold(parent: Path, name: str = "waterpurifier"):
    return CliRunner().invoke(main, ["plugin", "new", name, "--dir", str(parent)])


def test_the_new_package_installs_and_its_test_passes(tmp_path):
    """Installed with pip into a folder of its own (not the shared environment, so parallel test
    sessions never see it), then its generated tests run in a separate pytest process."""
    result = scaffold(tmp_path)
    assert result.exit_code == 0, result.output
    package = tmp_path / "shouhou-waterpurifier"
    site = tmp_path / "site"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(package)],
        capture_output=True, text=True, timeout=300,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    assert list(site.glob("shouhou_waterpurifier-*.dist-info/entry_points.txt")), "the entry point is installed"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(site)])}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q"], cwd=package, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "2 passed" in run.stdout


def test_the_new_package_has_its_own_pyproject_entry_point_and_core_range(tmp_path):
    assert scaffold(tmp_path).exit_code == 0
    package = tmp_path / "shouhou-waterpurifier"
    pyproject = (package / "pyproject.toml").read_text()
    assert 'name = "shouhou-waterpurifier"' in pyproject
    assert '[project.entry-points."shouhou.plugins"]\nwaterpurifier = "shouhou_waterpurifier:plugin"' in pyproject
    assert f'"shouhou{core_requires()}"' in pyproject
    plugin = (package / "shouhou_waterpurifier" / "__init__.py").read_text()
    assert f'core_requires="{core_requires()}"' in plugin and "@hookimpl" in plugin
    for path in package.rglob("*.py"):
        compile(path.read_text(), str(path), "exec")


@pytest.mark.parametrize(("version", "expected"), [("0.1.0", ">=0.1,<1"), ("1.4.2", ">=1.4,<2")])
def test_core_range_of_a_new_plugin(version, expected):
    assert core_requires(version) == expected


@pytest.mark.parametrize("name", ["Water", "1st", "water-purifier", "x", "a" * 41, "../escape"])
def test_bad_names_are_refused(tmp_path, name):
    result = scaffold(tmp_path, name)
    assert result.exit_code != 0 and "plugin name" in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(tmp_path):
    (tmp_path / "shouhou-waterpurifier").mkdir()
    result = scaffold(tmp_path)
    assert result.exit_code != 0 and "already exists" in result.output
