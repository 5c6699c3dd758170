"""Fixtures of the single sign-on tests: a real OpenID provider (``oidc-provider-mock``, a WSGI
app) served by werkzeug on a loopback port, and the Shouhou app served by uvicorn with private
issuers allowed and its public URL set to its own address (the IdP redirects the browser there)."""

from __future__ import annotations

import threading
import time
import uuid
from base64 import b64encode
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import msgspec
import pytest
import uvicorn
from oidc_provider_mock import app as oidc_app
from werkzeug.serving import make_server

from core.testing import free_port

#: The client id Shouhou is registered under at the provider in these tests.
CLIENT_ID = "shouhou-test"
CLIENT_SECRET = "s3cret-of-the-client"


@dataclass
class Misbehaviour:
    """Switches of the test provider: ``audience`` makes it mint codes and ID tokens for another
    client than the one asking (a token meant for someone else)."""

    audience: str | None = None


class Misbehaving:
    """WSGI middleware in front of the real provider, applying :class:`Misbehaviour`."""

    def __init__(self, app, switches: Misbehaviour) -> None:
        self.app = app
        self.switches = switches

    def __call__(self, environ, start_response):
        other = self.switches.audience
        if other and environ["PATH_INFO"] == "/oauth2/authorize":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            query["client_id"] = [other]
            environ["QUERY_STRING"] = urlencode(query, doseq=True)
        if other and environ["PATH_INFO"] == "/oauth2/token":
            environ["HTTP_AUTHORIZATION"] = "Basic " + b64encode(f"{other}:x".encode()).decode()
        return self.app(environ, start_response)


@dataclass
class Provider:
    """A running test provider."""

    url: str
    server: object
    thread: threading.Thread
    switches: Misbehaviour = field(default_factory=Misbehaviour)

    async def set_user(self, sub: str, **claims) -> None:
        """Tell the provider who ``sub`` is (its claims go into the ID token)."""
        async with httpx.AsyncClient() as http:
            response = await http.put(f"{self.url}/users/{sub}", json=claims)
        assert response.status_code == 204, response.text

    def stop(self) -> None:
        """Take the provider down (it no longer answers)."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_provider(**options) -> Provider:
    """Serve a fresh provider on 127.0.0.1 (its issuer is ``http://127.0.0.1:<port>``)."""
    switches = Misbehaviour()
    port = free_port()
    server = make_server("127.0.0.1", port, Misbehaving(oidc_app(require_nonce=True, **options), switches),
                         threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return Provider(url=f"http://127.0.0.1:{port}", server=server, thread=thread, switches=switches)


@pytest.fixture(scope="session")
def idp():
    """The identity provider of the tests."""
    provider = start_provider()
    yield provider
    provider.stop()


@pytest.fixture
def expired_idp():
    """A provider whose ID tokens expired ten minutes before they were issued."""
    provider = start_provider(access_token_max_age=timedelta(minutes=-10))
    yield provider
    provider.stop()


@pytest.fixture
def fresh_idp():
    """A provider of one test's own (the test may stop it)."""
    provider = start_provider()
    yield provider
    if provider.thread.is_alive():
        provider.stop()


@pytest.fixture(scope="session")
def sso_server(shouhou_settings):
    """Shouhou over HTTP (uvicorn in a thread) with loopback issuers allowed and ``public_url``
    its own address; yields that address."""
    from core.app import create_app
    from core.defaults import build_plugin_manager

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = msgspec.structs.replace(shouhou_settings, sso_allow_private_issuers=True, public_url=base,
                                       sso_http_timeout_seconds=3.0)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, build_plugin_manager()), host="127.0.0.1",
                                           port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the SSO test server did not start"
        time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
async def browser_http(sso_server):
    """``browser_http()``: an HTTP client to the SSO server keeping cookies, like a browser."""
    clients = []

    def make() -> httpx.AsyncClient:
        http = httpx.AsyncClient(base_url=sso_server, timeout=10)
        clients.append(http)
        return http

    yield make
    for http in clients:
        await http.aclose()


def sso_body(issuer: str, **changes) -> dict:
    """Settings of a tenant's provider for the tests."""
    return {
        "issuer": issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "label": "Acme 统一身份",
        "role_claim": "groups", "role_map": {"shouhou-managers": "manager", "shouhou-agents": "agent",
                                             "it-admins": "admin"},
        **changes,
    }


@pytest.fixture
def configure_sso(sso_server):
    """``await configure_sso(tenant, issuer, **changes)``: the tenant admin saves the SSO settings
    through the API of the SSO server; returns the answer's JSON."""

    async def configure(tenant, issuer: str, **changes) -> dict:
        async with httpx.AsyncClient(base_url=sso_server, headers=tenant.headers) as http:
            response = await http.put("/api/v1/tenant/sso", json=sso_body(issuer, **changes))
        assert response.status_code == 200, response.text
        return response.json()

    return configure


def new_sub() -> str:
    return f"person-{uuid.uuid4().hex[:8]}"


async def authorize_at(provider_url_with_query: str, sub: str) -> httpx.Response:
    """Sign ``sub`` in at the provider's authorization form (as the person would)."""
    async with httpx.AsyncClient(timeout=10) as http:
        return await http.post(provider_url_with_query, data={"sub": sub})


async def sso_login(http: httpx.AsyncClient, slug: str, sub: str) -> tuple[httpx.Response, str]:
    """Walk the whole sign-in by hand: start at Shouhou, authorize at the provider, come back.
    Returns Shouhou's answer to the callback and the callback URL (to replay it)."""
    start = await http.get(f"/sso/{slug}/start")
    assert start.status_code == 303, start.text
    authorize = start.headers["location"]
    at_idp = await authorize_at(authorize, sub)
    assert at_idp.status_code in (302, 303), at_idp.text
    callback = at_idp.headers["location"]
    parts = urlsplit(callback)
    answer = await http.get(f"{parts.path}?{parts.query}")
    return answer, callback
