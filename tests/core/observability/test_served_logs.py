"""The server as operators run it (``shouhou serve``, uvicorn in its own process) writes JSON lines
only: the app's access line with its request id, and uvicorn's own lines, in one shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from core.testing import free_port

BIN = Path(sys.executable).parent


def test_a_served_node_logs_json_lines_with_the_request_id(tmp_path):
    env = {**os.environ, "SHOUHOU_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/logs.db", "SHOUHOU_ENV": "test",
           "SHOUHOU_SECRET_KEY": "x" * 32, "SHOUHOU_STORAGE_DIR": str(tmp_path / "files"),
           "SHOUHOU_LOG_FORMAT": "json", "SHOUHOU_RUN_SWEEPS_IN_PROCESS": "false"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run([BIN / "shouhou", "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    server = subprocess.Popen([BIN / "shouhou", "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(200):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/live").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/tickets", headers={"X-Request-ID": "served-1"})
        assert answer.status_code == 401
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines
    assert all(line.startswith("{") for line in lines), lines
    parsed = [json.loads(line) for line in lines]
    access = [line for line in parsed if line.get("request_id") == "served-1"]
    assert len(access) == 1 and access[0]["logger"] == "shouhou.access" and access[0]["status"] == 401
    assert any(line.get("logger", "").startswith("uvicorn") for line in parsed)
