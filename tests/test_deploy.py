"""The multi-node topology's scripts (``deploy/``) parse, the HAProxy configuration that
``deploy/up`` renders is one HAProxy accepts, and that HAProxy paces each credential to its
tenant's figure (the drill itself is run by hand: docs/operations.md)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SCRIPTS = ["up", "down", "drill", "follow-primary", "balancer-rates"]


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_script_parses(name):
    subprocess.run(["bash", "-n", DEPLOY / name], check=True)


def haproxy_binary() -> str:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        subprocess.run(["apt-get", "install", "-y", "-q", "haproxy"], check=True, capture_output=True)
    return haproxy


def render(folder: Path, haproxy_port: int, app_port: int) -> Path:
    """deploy/haproxy.cfg as deploy/up fills it in, both app nodes at ``app_port``."""
    values = {"@DIR@": str(folder), "@HAPROXY_PORT@": str(haproxy_port), "@STATS_PORT@": str(free_port()),
              "@APP1_PORT@": str(app_port), "@APP2_PORT@": str(app_port)}
    config = (DEPLOY / "haproxy.cfg").read_text()
    for marker, value in values.items():
        config = config.replace(marker, value)
    assert not re.search(r"@[A-Z0-9_]+@", config)
    (folder / "haproxy.cfg").write_text(config)
    shutil.copy(DEPLOY / "503.http", folder / "503.http")
    (folder / "tenant_rates.map").write_text("* 5\n")
    return folder / "haproxy.cfg"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_haproxy_accepts_the_rendered_configuration(tmp_path):
    checked = subprocess.run([haproxy_binary(), "-c", "-f", render(tmp_path, 18100, 18101)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    answer = (DEPLOY / "503.http").read_bytes()
    assert answer.startswith(b"HTTP/1.1 503") and b"Retry-After: " in answer


class Node(BaseHTTPRequestHandler):
    """An app node that answers everything (the balancer is what is under test)."""

    def do_GET(self):
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def balancer(tmp_path):
    """HAProxy with deploy/haproxy.cfg in front of a node; the map: 5 a second by default, 40 for
    one tenant with its own quota."""
    node = ThreadingHTTPServer(("127.0.0.1", 0), Node)
    threading.Thread(target=node.serve_forever, daemon=True).start()
    port = free_port()
    config = render(tmp_path, port, node.server_address[1])
    (tmp_path / "tenant_rates.map").write_text("* 5\n" + "c" * 32 + " 40\n")
    process = subprocess.Popen([haproxy_binary(), "-db", "-f", config], stderr=subprocess.PIPE)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5)
    try:
        for _ in range(100):
            try:
                if client.get("/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield client
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
        node.shutdown()


def burst(client: httpx.Client, credential: str | None, count: int) -> list[httpx.Response]:
    headers = {"Authorization": f"Bearer {credential}"} if credential else {}
    return [client.get("/api/v1/tickets", headers=headers) for _ in range(count)]


def test_the_balancer_paces_each_credential_to_its_tenants_figure_and_leaves_the_others_alone(balancer):
    """Issue 17 (quotas): a flooding client is refused its surplus at the balancer, with the API's
    429 and Retry-After, while another tenant, a tenant with its own higher quota and requests
    without a credential pass untouched; a second later it may send again."""
    flooding = burst(balancer, "a" * 32 + ".secret-one", 20)
    statuses = [r.status_code for r in flooding]
    assert statuses[:5] == [200] * 5
    assert statuses.count(200) <= 6 and statuses[-1] == 429
    refused = next(r for r in flooding if r.status_code == 429)
    assert refused.headers["Retry-After"] == "1"
    assert refused.json() == {"status_code": 429, "errors": [],
                              "detail": "this company's request quota is used up for now; try again shortly"}
    assert [r.status_code for r in burst(balancer, "b" * 32 + ".secret-two", 5)] == [200] * 5
    assert [r.status_code for r in burst(balancer, "c" * 32 + ".secret-three", 30)] == [200] * 30
    # An integrator's API key or access token names its tenant another way; the same figures hold.
    assert [r.status_code for r in burst(balancer, f"shk_{'c' * 32}_abcd_secret", 30)] == [200] * 30
    assert [r.status_code for r in burst(balancer, f"sht_{'d' * 32}_secret", 8)].count(429) >= 2
    keyed = [balancer.get("/api/v1/tickets", headers={"X-API-Key": f"shk_{'e' * 32}_abcd_s"}).status_code
             for _ in range(8)]
    assert keyed.count(429) >= 2
    assert [r.status_code for r in burst(balancer, None, 30)] == [200] * 30
    # Another credential naming the flooding tenant has a count of its own.
    assert burst(balancer, "a" * 32 + ".forged", 1)[0].status_code == 200
    time.sleep(2.1)
    assert burst(balancer, "a" * 32 + ".secret-one", 1)[0].status_code == 200
