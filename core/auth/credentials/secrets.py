"""The strings integrators hold, and what the database keeps of them.

* API key: ``shk_<tenant id hex>_<prefix>_<secret>``
* OAuth client id: ``shc_<tenant id hex>_<prefix>`` (its secret is a separate string)
* OAuth access token: ``sht_<tenant id hex>_<secret>``

The tenant id routes the lookup to one tenant (row-level security), the ``prefix`` is the
credential's public handle (unique per tenant, shown in listings), the secret is 256 random bits of
which only the SHA-256 is stored and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from uuid import UUID

API_KEY = "shk"
CLIENT_ID = "shc"
ACCESS_TOKEN = "sht"
INTEGRATOR_MARKERS = (f"{API_KEY}_", f"{ACCESS_TOKEN}_")
#: Headers of an answer that shows a secret: no cache keeps it.
NO_STORE = {"Cache-Control": "no-store"}


def digest(secret: str) -> str:
    """The stored SHA-256 (hex) of a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str, stored: str) -> bool:
    """Whether ``secret`` hashes to ``stored`` (constant-time comparison)."""
    return hmac.compare_digest(digest(secret), stored)


def new_prefix() -> str:
    """A fresh public handle: 8 hex characters."""
    return secrets.token_hex(4)


def new_secret() -> str:
    """A fresh 256-bit secret (URL-safe)."""
    return secrets.token_urlsafe(32)


def api_key(tenant_id: UUID, prefix: str, secret: str) -> str:
    """The API key string shown once to the admin who creates it."""
    return f"{API_KEY}_{tenant_id.hex}_{prefix}_{secret}"


def client_id(tenant_id: UUID, prefix: str) -> str:
    """The public id of an OAuth client."""
    return f"{CLIENT_ID}_{tenant_id.hex}_{prefix}"


def access_token(tenant_id: UUID, secret: str) -> str:
    """An access token string issued to an OAuth client."""
    return f"{ACCESS_TOKEN}_{tenant_id.hex}_{secret}"


def _tenant(hex_id: str) -> UUID | None:
    if len(hex_id) != 32:
        return None
    try:
        return UUID(hex=hex_id)
    except ValueError:
        return None


def parse_api_key(value: str) -> tuple[UUID, str, str] | None:
    """``(tenant id, prefix, secret)`` of an API key string, ``None`` when malformed."""
    parts = value.split("_", 3)
    if len(parts) != 4 or parts[0] != API_KEY or not parts[2] or not parts[3]:
        return None
    tenant_id = _tenant(parts[1])
    return None if tenant_id is None else (tenant_id, parts[2], parts[3])


def parse_client_id(value: str) -> tuple[UUID, str] | None:
    """``(tenant id, prefix)`` of an OAuth client id, ``None`` when malformed."""
    parts = value.split("_")
    if len(parts) != 3 or parts[0] != CLIENT_ID or not parts[2]:
        return None
    tenant_id = _tenant(parts[1])
    return None if tenant_id is None else (tenant_id, parts[2])


def parse_access_token(value: str) -> tuple[UUID, str] | None:
    """``(tenant id, secret)`` of an access token string, ``None`` when malformed."""
    parts = value.split("_", 2)
    if len(parts) != 3 or parts[0] != ACCESS_TOKEN or not parts[2]:
        return None
    tenant_id = _tenant(parts[1])
    return None if tenant_id is None else (tenant_id, parts[2])


def tenant_named_by(value: str) -> UUID | None:
    """The tenant an integrator credential string names (unchecked), ``None`` when malformed."""
    parsed = parse_access_token(value) if value.startswith(f"{ACCESS_TOKEN}_") else parse_api_key(value)
    return parsed[0] if parsed else None
