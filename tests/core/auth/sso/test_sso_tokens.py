"""ID-token checks at their edges (issue 14: "ID-token validation, clock-skew tolerance"): tokens
signed by keys served from a real HTTP key endpoint on loopback, checked by the adapter."""

from __future__ import annotations

import json
import threading
import time

import msgspec
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from werkzeug.serving import make_server

from core.auth.sso import discovery
from core.auth.sso.errors import SignInRefused
from core.auth.sso.oidc import OidcAdapter
from core.testing import free_port

ISSUER = "https://idp.example.com"
CLIENT = "shouhou"
NONCE = "n-0S6_WzA2Mj"
SKEW = 60


class KeyServer:
    """A JWKS endpoint whose key set the test can rotate; counts its fetches."""

    def __init__(self) -> None:
        self.keys = [RSAKey.generate_key(2048, parameters={"kid": "k1"})]
        #: Published as they are (a careless provider may publish a symmetric key).
        self.extra: list[dict] = []
        self.fetches = 0
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/jwks"
        self.server = make_server("127.0.0.1", port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def app(self, _environ, start_response):
        """WSGI: the public halves of the current keys."""
        self.fetches += 1
        body = json.dumps({"keys": [k.as_dict(private=False) for k in self.keys] + self.extra}).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def key_server():
    server = KeyServer()
    yield server
    server.stop()


@pytest.fixture
def adapter(shouhou_settings):
    settings = msgspec.structs.replace(shouhou_settings, sso_allow_private_issuers=True,
                                       sso_clock_skew_seconds=SKEW)
    discovery.forget()
    return OidcAdapter(settings=settings, issuer=ISSUER, client_id=CLIENT, client_secret=None)


def provider(key_server) -> discovery.Provider:
    return discovery.Provider(issuer=ISSUER, authorization_endpoint=f"{ISSUER}/authorize",
                              token_endpoint=f"{ISSUER}/token", jwks_uri=key_server.url, algorithms=("RS256",))


def claims(**changes) -> dict:
    now = int(time.time())
    base = {"iss": ISSUER, "sub": "alice", "aud": CLIENT, "iat": now, "exp": now + 300, "nonce": NONCE}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def sign(key, body: dict, alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": key.kid}, body, key)


async def check(adapter, key_server, token: str, nonce: str = NONCE) -> dict:
    return await adapter.check_id_token(provider(key_server), token, nonce)


async def test_a_valid_token_gives_its_claims(adapter, key_server):
    checked = await check(adapter, key_server, sign(key_server.keys[0], claims(email="a@x.cn")))
    assert checked["sub"] == "alice" and checked["email"] == "a@x.cn"


@pytest.mark.parametrize(("changes", "accepted"), [
    ({"exp": -(SKEW - 5)}, True),    # expired within the tolerance
    ({"exp": -(SKEW + 5)}, False),   # expired beyond it
    ({"nbf": SKEW - 5}, True),       # not yet valid, within the tolerance
    ({"nbf": SKEW + 5}, False),
    ({"iat": SKEW - 5}, True),       # issued "in the future" by a fast clock, within the tolerance
    ({"iat": SKEW + 5}, False),
])
async def test_clock_skew_tolerance_at_its_edges(adapter, key_server, changes, accepted):
    """``exp``, ``nbf`` and ``iat`` are checked with ``sso_clock_skew_seconds`` of leeway, no more."""
    now = int(time.time())
    body = claims(**{name: now + offset for name, offset in changes.items()})
    token = sign(key_server.keys[0], body)
    if accepted:
        assert (await check(adapter, key_server, token))["sub"] == "alice"
    else:
        with pytest.raises(SignInRefused):
            await check(adapter, key_server, token)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"aud": "someone-else"}, "'aud'"),
    ({"aud": ["someone-else", CLIENT]}, "azp"),       # several audiences: azp must name us
    ({"iss": "https://evil.example.com"}, "'iss'"),
    ({"nonce": "another-nonce"}, "'nonce'"),
    ({"nonce": None}, "nonce"),
    ({"sub": None}, "sub"),
    ({"exp": None}, "exp"),
])
async def test_claims_that_are_not_ours_are_refused(adapter, key_server, changes, reason):
    with pytest.raises(SignInRefused) as refused:
        await check(adapter, key_server, sign(key_server.keys[0], claims(**changes)))
    assert reason in refused.value.detail


async def test_several_audiences_with_our_azp_are_accepted(adapter, key_server):
    token = sign(key_server.keys[0], claims(aud=["someone-else", CLIENT], azp=CLIENT))
    assert (await check(adapter, key_server, token))["azp"] == CLIENT


async def test_signatures_by_other_keys_or_symmetric_or_none_are_refused(adapter, key_server):
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    with pytest.raises(SignInRefused, match="signature"):
        await check(adapter, key_server, sign(stranger, claims()))
    secret = OctKey.generate_key(256, parameters={"kid": "k1"})
    with pytest.raises(SignInRefused):
        await check(adapter, key_server, sign(secret, claims(), alg="HS256"))
    header, body = (part.rstrip("=") for part in (_b64({"alg": "none"}), _b64(claims())))
    with pytest.raises(SignInRefused):
        await check(adapter, key_server, f"{header}.{body}.")


async def test_a_rotated_key_is_fetched_once_then_cached(adapter, key_server):
    """An unknown key id makes one fresh fetch of the key set (the provider rotated its keys);
    known keys come from the cache."""
    await check(adapter, key_server, sign(key_server.keys[0], claims()))
    await check(adapter, key_server, sign(key_server.keys[0], claims()))
    assert key_server.fetches == 1
    rotated = RSAKey.generate_key(2048, parameters={"kid": "k2"})
    key_server.keys = [rotated]
    assert (await check(adapter, key_server, sign(rotated, claims())))["sub"] == "alice"
    assert key_server.fetches == 2


def _b64(value: dict) -> str:
    import base64

    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


async def test_a_published_symmetric_key_cannot_sign_tokens(adapter, key_server):
    """A provider publishing an ``oct`` key in its key set cannot make Shouhou accept HMAC tokens
    signed with it (a public "key" would let anyone sign)."""
    secret = OctKey.generate_key(256, parameters={"kid": "shared"})
    key_server.extra = [secret.as_dict()]
    with pytest.raises(SignInRefused):
        await check(adapter, key_server, sign(secret, claims(), alg="HS256"))
