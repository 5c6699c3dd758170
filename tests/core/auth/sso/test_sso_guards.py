"""The guards around tenant-supplied identity providers (hostile URLs, sizes, time), the client
secret's encryption and key rotation, and the role mapping."""

from __future__ import annotations

import json
import threading
import time

import msgspec
import pytest
from werkzeug.serving import make_server

from core.auth.sso import discovery
from core.auth.sso.errors import IdpMisbehaved, IdpUnreachable, UnsafeAddress
from core.auth.sso.fetch import get_json
from core.auth.sso.roles import mapped_role
from core.auth.sso.secret_box import SecretUnreadable, open_sealed, reseal, seal
from core.testing import free_port


class HostileProvider:
    """A loopback HTTP server answering each path its own way."""

    def __init__(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = make_server("127.0.0.1", port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def app(self, environ, start_response):
        """WSGI: /big (a huge document), /slow (drips), /moved (a redirect), /.well-known/… (a
        document naming another issuer)."""
        path = environ["PATH_INFO"]
        if path == "/big":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"x": "' + b"a" * 2_000_000 + b'"}']
        if path == "/slow":
            start_response("200 OK", [("Content-Type", "application/json")])

            def drip():
                for _ in range(50):
                    time.sleep(0.1)
                    yield b" "
            return drip()
        if path == "/moved":
            start_response("302 Found", [("Location", "http://169.254.169.254/latest/meta-data")])
            return [b""]
        if path == "/.well-known/openid-configuration":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps({"issuer": "https://someone-else.example", "authorization_endpoint": "x",
                                "token_endpoint": "y", "jwks_uri": "z"}).encode()]
        start_response("404 Not Found", [])
        return [b""]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile():
    server = HostileProvider()
    yield server
    server.stop()


@pytest.fixture
def loose(shouhou_settings):
    """Settings allowing loopback issuers, with a small size cap and a short deadline."""
    return msgspec.structs.replace(shouhou_settings, sso_allow_private_issuers=True,
                                   sso_max_response_bytes=64 * 1024, sso_http_timeout_seconds=1.0)


async def test_private_and_plain_http_addresses_are_refused_by_default(shouhou_settings, hostile):
    with pytest.raises(UnsafeAddress, match="https"):
        await get_json(shouhou_settings, f"{hostile.url}/x", "discovery")
    for url in ("https://127.0.0.1/x", "https://10.1.2.3/x", "https://169.254.169.254/x", "https://[::1]/x",
                "https://[::ffff:192.168.1.1]/x", "https://localhost/x"):
        with pytest.raises(UnsafeAddress, match="private, loopback"):
            await get_json(shouhou_settings, url, "discovery")
    with pytest.raises(UnsafeAddress):
        await get_json(shouhou_settings, "https://user:pw@idp.example.com/x", "discovery")


async def test_answers_are_bounded_in_size_and_time(loose, hostile):
    with pytest.raises(IdpMisbehaved, match="larger than 65536 bytes"):
        await get_json(loose, f"{hostile.url}/big", "discovery")
    started = time.monotonic()
    with pytest.raises(IdpUnreachable, match="no answer within 1 s"):
        await get_json(loose, f"{hostile.url}/slow", "discovery")
    assert time.monotonic() - started < 2.5


async def test_redirects_are_not_followed(loose, hostile):
    with pytest.raises(IdpMisbehaved, match="HTTP 302"):
        await get_json(loose, f"{hostile.url}/moved", "discovery")


async def test_a_discovery_document_naming_another_issuer_is_refused(loose, hostile):
    """OpenID Connect Discovery §4.3: the document's issuer must be the issuer asked."""
    discovery.forget()
    with pytest.raises(IdpMisbehaved, match="names issuer"):
        await discovery.provider(loose, hostile.url)


async def test_a_provider_that_is_down_is_unreachable(loose):
    with pytest.raises(IdpUnreachable):
        await discovery.provider(loose, f"http://127.0.0.1:{free_port()}", fresh=True)


def test_client_secrets_survive_a_key_rotation(shouhou_settings):
    """Sealed under the old key; readable once the old key is listed as previous; resealed under
    the new key alone; unreadable with neither."""
    old = msgspec.structs.replace(shouhou_settings, secret_key="old-key-" + "x" * 40, previous_secret_keys="")
    sealed = seal(old, "client-secret")
    assert "client-secret" not in sealed and open_sealed(old, sealed) == "client-secret"
    rotating = msgspec.structs.replace(old, secret_key="new-key-" + "y" * 40, previous_secret_keys=old.secret_key)
    assert open_sealed(rotating, sealed) == "client-secret"
    resealed = reseal(rotating, sealed)
    new_only = msgspec.structs.replace(rotating, previous_secret_keys="")
    assert open_sealed(new_only, resealed) == "client-secret"
    with pytest.raises(SecretUnreadable):
        open_sealed(new_only, sealed)


@pytest.mark.parametrize(("claims", "expected"), [
    ({"groups": ["staff", "shouhou-agents"]}, "agent"),
    ({"groups": ["shouhou-agents", "it-admins"]}, "admin"),  # the most powerful mapped role wins
    ({"groups": "shouhou-managers"}, "manager"),             # a single string
    ({"groups": ["marketing"]}, None),                       # nothing mapped
    ({"groups": [{"name": "it-admins"}]}, None),             # not strings: ignored
    ({}, None),
])
def test_roles_map_from_the_claim(claims, expected):
    role_map = {"shouhou-agents": "agent", "shouhou-managers": "manager", "it-admins": "admin"}
    assert mapped_role(claims, "groups", role_map) == expected


def test_a_nested_claim_is_reached_by_a_dotted_name():
    claims = {"realm_access": {"roles": ["desk-viewer"]}}
    assert mapped_role(claims, "realm_access.roles", {"desk-viewer": "viewer"}) == "viewer"


async def test_reseal_moves_every_stored_secret_to_the_new_key(tenant_a, shouhou_settings, shouhou_sessions):
    """``shouhou sso reseal``: after a rotation every tenant's secret opens with the new key alone."""
    import uuid

    from sqlalchemy import select

    from core.auth.sso.models import SsoConfig
    from core.auth.sso.service import reseal_all
    from core.db.tenancy import bind_tenant

    saved = await tenant_a.put("/api/v1/tenant/sso", json={
        "issuer": "https://idp.example.com", "client_id": "shouhou", "label": "IdP", "client_secret": "pssst"})
    assert saved.status_code == 200, saved.text
    rotating = msgspec.structs.replace(shouhou_settings, secret_key="rotated-" + "z" * 40,
                                       previous_secret_keys=shouhou_settings.secret_key)
    assert await reseal_all(shouhou_sessions, rotating) >= 1
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        stored = await session.scalar(select(SsoConfig.client_secret))
    assert open_sealed(msgspec.structs.replace(rotating, previous_secret_keys=""), stored) == "pssst"
    back = msgspec.structs.replace(shouhou_settings, previous_secret_keys=rotating.secret_key)
    await reseal_all(shouhou_sessions, back)  # the shared test database goes back to the test key
