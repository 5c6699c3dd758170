"""An issuer's discovery document (``/.well-known/openid-configuration``) and signing keys, each
fetched through :mod:`core.auth.sso.fetch` and cached per process for
``sso_discovery_ttl_seconds`` in a bounded cache (least recently used entries go first)."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from core.auth.sso.errors import IdpMisbehaved
from core.auth.sso.fetch import check_url, get_json
from core.settings import Settings

#: At most this many documents and key sets are cached (tenants' issuers are many and hostile).
CACHE_ENTRIES = 512
#: Signature algorithms accepted on ID tokens (asymmetric only: never ``none``, never HS*).
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
_REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")


@dataclass(frozen=True)
class Provider:
    """What Shouhou needs from a discovery document."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: tuple[str, ...]


class _Cache:
    """A small LRU cache with expiry."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], tuple[float, object]] = OrderedDict()

    def get(self, key: tuple[str, str]):
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            self._items.pop(key, None)
            return None
        self._items.move_to_end(key)
        return item[1]

    def put(self, key: tuple[str, str], value: object, ttl: float) -> None:
        self._items[key] = (time.monotonic() + ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def drop(self, key: tuple[str, str]) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()


_cache = _Cache(CACHE_ENTRIES)


def forget(issuer: str | None = None) -> None:
    """Drop the cached document and keys of ``issuer`` (every issuer when ``None``), e.g. after a
    tenant changed its settings or ran the connection test."""
    if issuer is None:
        _cache.clear()
        return
    _cache.drop(("discovery", issuer))


def discovery_url(issuer: str) -> str:
    """Where an issuer publishes its configuration (OpenID Connect Discovery 1.0, §4)."""
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


async def provider(settings: Settings, issuer: str, *, fresh: bool = False) -> Provider:
    """The issuer's configuration, from the cache unless ``fresh``. The document must name the
    same issuer (§4.3) and endpoints that pass the address rules."""
    key = ("discovery", issuer)
    cached = None if fresh else _cache.get(key)
    if cached is not None:
        return cached
    check_url(issuer, settings, "issuer")
    document = await get_json(settings, discovery_url(issuer), "discovery")
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise IdpMisbehaved(f"discovery: the document names issuer {document.get('issuer')!r}, not {issuer!r}")
    for name in _REQUIRED:
        value = document.get(name)
        if not isinstance(value, str) or not value:
            raise IdpMisbehaved(f"discovery: {name} is missing")
        check_url(value, settings, name)
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(a for a in offered if a in ALGORITHMS) if isinstance(offered, list) else ()
    if not algorithms:
        raise IdpMisbehaved(f"discovery: no supported ID-token signature algorithm in {offered!r}")
    result = Provider(
        issuer=document["issuer"], authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"], jwks_uri=document["jwks_uri"], algorithms=algorithms,
    )
    _cache.put(key, result, settings.sso_discovery_ttl_seconds)
    return result


async def keys(settings: Settings, jwks_uri: str, *, fresh: bool = False) -> KeySet:
    """The issuer's public signing keys, from the cache unless ``fresh`` (an unknown key id
    triggers one fresh fetch: the provider may have rotated its keys)."""
    key = ("jwks", jwks_uri)
    cached = None if fresh else _cache.get(key)
    if cached is not None:
        return cached
    document = await get_json(settings, jwks_uri, "keys")
    try:
        keyset = KeySet.import_key_set({"keys": [k for k in document.get("keys", []) if k.get("kty") != "oct"]})
    except (JoseError, ValueError, TypeError, AttributeError) as exc:
        raise IdpMisbehaved(f"keys: {jwks_uri} is not a usable JSON Web Key Set ({exc})") from exc
    if not keyset.keys:
        raise IdpMisbehaved(f"keys: {jwks_uri} holds no public key")
    _cache.put(key, keyset, settings.sso_discovery_ttl_seconds)
    return keyset
