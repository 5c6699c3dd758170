"""Wire types of integrator credentials and the OAuth token endpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

Kind = Literal["api_key", "oauth_client"]
Scope = Annotated[str, msgspec.Meta(max_length=80)]


class CredentialCreate(msgspec.Struct):
    """A new API key or OAuth client: its name, scopes and own rate limit (requests per minute)."""

    kind: Kind
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    scopes: Annotated[list[Scope], msgspec.Meta(max_length=500)]
    rate_limit: int = 600


class CredentialRead(msgspec.Struct):
    """A credential as listed: never its secret. ``client_id`` is an OAuth client's public id."""

    id: UUID
    kind: Kind
    name: str
    prefix: str
    client_id: str | None
    scopes: list[str]
    rate_limit: int
    created_by: UUID
    created_by_name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class CredentialIssued(CredentialRead):
    """A credential just created, with its secret: the API key itself, or the OAuth client's
    secret. Shown this once; only its hash is kept."""

    secret: str


class CredentialEventRead(msgspec.Struct):
    """One audited creation or revocation."""

    id: UUID
    credential_id: UUID
    action: Literal["created", "revoked"]
    actor_id: UUID
    detail: dict
    created_at: datetime


class TokenGrant(msgspec.Struct):
    """An access token from the token endpoint (RFC 6749 §5.1)."""

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str


class OAuthError(msgspec.Struct):
    """A token endpoint error (RFC 6749 §5.2), with the API's ``status_code`` and ``detail``."""

    status_code: int
    detail: str
    errors: list[dict]
    error: str
    error_description: str | None = None
