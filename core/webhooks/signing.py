"""Standard Webhooks signatures: secrets (``whsec_<base64>``), message ids and the headers."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime
from uuid import UUID

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret, ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id(delivery_id: UUID) -> str:
    """The ``webhook-id`` of a delivery: the same on every attempt and replay of it."""
    return f"msg_{delivery_id.hex}"


def headers(msg_id: str, at: datetime, body: bytes, signing_secrets: list[str]) -> dict[str, str]:
    """The three Standard Webhooks headers for one attempt at ``at``: ``webhook-signature`` holds
    one ``v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`` per secret, space-separated."""
    signatures = " ".join(Webhook(secret).sign(msg_id, at, body) for secret in signing_secrets)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures,
    }
