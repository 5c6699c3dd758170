"""Wire types of the tenant's single sign-on settings and its connection test."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from core.auth.schemas import Role

ClaimValue = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class SsoSettingsWrite(msgspec.Struct, kw_only=True):
    """The tenant's identity provider. ``client_secret`` is write-only: left out, the stored one
    is kept; ``""`` removes it (a public client using PKCE alone)."""

    issuer: Annotated[str, msgspec.Meta(min_length=8, max_length=500)]
    client_id: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    label: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    client_secret: Annotated[str, msgspec.Meta(max_length=2000)] | msgspec.UnsetType = msgspec.UNSET
    scopes: Annotated[str, msgspec.Meta(min_length=6, max_length=300)] = "openid email profile"
    role_claim: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] = "groups"
    role_map: Annotated[dict[ClaimValue, Role], msgspec.Meta(max_length=100)] = {}
    default_role: Role | None = None
    jit_users: bool = True
    sso_only: bool = False
    break_glass_user_id: UUID | None = None
    enabled: bool = True


class SsoSettingsRead(msgspec.Struct):
    """The settings as stored; the secret is never returned, only whether one is set."""

    issuer: str
    client_id: str
    label: str
    client_secret_set: bool
    scopes: str
    role_claim: str
    role_map: dict[str, str]
    default_role: str | None
    jit_users: bool
    sso_only: bool
    break_glass_user_id: UUID | None
    enabled: bool
    #: The address to register at the identity provider as the redirect (callback) URI.
    redirect_uri: str
    updated_at: datetime


class ConnectionTest(msgspec.Struct):
    """Which issuer to test (default: the saved one)."""

    issuer: Annotated[str, msgspec.Meta(min_length=8, max_length=500)] | None = None


class ConnectionReport(msgspec.Struct):
    """What the connection test found: ``ok``, the step that failed (``issuer``, ``discovery``
    or ``keys``; ``done`` when none did) and what went wrong or what was found."""

    ok: bool
    step: str
    detail: str
    issuer: str
    authorization_endpoint: str | None = None
    token_endpoint: str | None = None
    jwks_uri: str | None = None
    keys: int = 0
    algorithms: list[str] = []
