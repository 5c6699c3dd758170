"""Encryption at rest of tenants' identity-provider client secrets.

Fernet (AES-128-CBC with HMAC-SHA256, authenticated) with a key derived from ``secret_key`` by
HKDF-SHA256 under its own label, so the key that signs cookies is never used as is. Rotation:
put the old ``secret_key`` in ``previous_secret_keys``; secrets encrypted under it stay readable
and are re-encrypted under the new key by :func:`reseal` (``shouhou sso reseal``) or the next
time a tenant saves its settings."""

from __future__ import annotations

import base64
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.settings import Settings

_LABEL = b"shouhou/sso-client-secret/v1"


class SecretUnreadable(Exception):
    """A stored secret no configured key opens (``secret_key`` changed without keeping the old
    one in ``previous_secret_keys``)."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _box(settings: Settings) -> MultiFernet:
    """The current key first (it encrypts), then the previous ones (they only decrypt)."""
    keys = [settings.secret_key, *(k.strip() for k in settings.previous_secret_keys.split(",") if k.strip())]
    return MultiFernet([_fernet(k) for k in keys])


def seal(settings: Settings, plaintext: str) -> str:
    """Encrypt a client secret under the current key."""
    return _box(settings).encrypt(plaintext.encode()).decode()


def open_sealed(settings: Settings, token: str) -> str:
    """Decrypt a stored client secret (with the current or a previous key)."""
    return _unsealed(settings, token, MultiFernet.decrypt)


def reseal(settings: Settings, token: str) -> str:
    """Re-encrypt a stored secret under the current key (after a rotation)."""
    return _unsealed(settings, token, MultiFernet.rotate)


def _unsealed(settings: Settings, token: str, step: Callable[[MultiFernet, bytes], bytes]) -> str:
    """``step`` (decrypt or rotate) applied to a stored secret with the configured keys;
    :class:`SecretUnreadable` when none of them opens it."""
    try:
        return step(_box(settings), token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("the stored client secret cannot be decrypted with the configured keys") from exc
