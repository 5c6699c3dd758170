"""The multi-node topology's scripts (``deploy/``) parse, and the HAProxy configuration that
``deploy/up`` renders is one HAProxy accepts (the drill itself is run by hand: docs/operations.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SCRIPTS = ["up", "down", "drill", "follow-primary"]


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_script_parses(name):
    subprocess.run(["bash", "-n", DEPLOY / name], check=True)


def test_haproxy_accepts_the_rendered_configuration(tmp_path):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        subprocess.run(["apt-get", "install", "-y", "-q", "haproxy"], check=True, capture_output=True)
    values = {"@DIR@": str(tmp_path), "@HAPROXY_PORT@": "18100", "@STATS_PORT@": "18199",
              "@APP1_PORT@": "18101", "@APP2_PORT@": "18102"}
    config = (DEPLOY / "haproxy.cfg").read_text()
    for marker, value in values.items():
        config = config.replace(marker, value)
    assert not re.search(r"@[A-Z0-9_]+@", config)
    (tmp_path / "haproxy.cfg").write_text(config)
    shutil.copy(DEPLOY / "503.http", tmp_path / "503.http")
    checked = subprocess.run([haproxy, "-c", "-f", tmp_path / "haproxy.cfg"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    answer = (DEPLOY / "503.http").read_bytes()
    assert answer.startswith(b"HTTP/1.1 503") and b"Retry-After: " in answer
