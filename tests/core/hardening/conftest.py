"""A live server on loopback (uvicorn in a thread, its own engine on the test database) and a tenant
with every plugin enabled, for the property-based and schemathesis runs, which speak real HTTP."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from core.testing import PASSWORD


@dataclass
class LiveApi:
    """The server's base URL and an admin's bearer header."""

    url: str
    headers: dict[str, str]


@pytest.fixture(scope="module")
def live_api(shouhou_settings, shouhou_plugins):
    """Serve a fresh app on 127.0.0.1 (a free port) and sign up a tenant with every plugin on."""
    from core.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(shouhou_settings, shouhou_plugins), host="127.0.0.1",
                                          port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the live server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    slug = f"f-{uuid.uuid4().hex[:10]}"
    email = f"admin@{slug}.test"
    with httpx.Client(base_url=url, timeout=120) as http:
        signup = http.post("/api/v1/signup", json={"company_name": "模糊测试", "slug": slug,
                                                    "admin_email": email, "admin_password": PASSWORD})
        assert signup.status_code == 201, signup.text
        login = http.post("/api/v1/auth/login", json={"tenant": slug, "email": email, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        for plugin in http.get("/api/v1/plugins", headers=headers).json():
            enabled = http.put(f"/api/v1/tenant/plugins/{plugin['name']}", json={"enabled": True}, headers=headers)
            assert enabled.status_code == 200, enabled.text
    yield LiveApi(url=url, headers=headers)
    server.should_exit = True
    thread.join(timeout=30)
