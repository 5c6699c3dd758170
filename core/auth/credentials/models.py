"""Integrator credentials, the access tokens OAuth clients obtain, and the append-only audit of
their creation and revocation."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.append_only import APPEND_ONLY
from core.db.base import Base, TenantScoped, tenant_fk

#: What an integrator credential is: a named API key, or an OAuth 2.0 client (client credentials).
KINDS = ("api_key", "oauth_client")


class IntegrationCredential(TenantScoped, Base):
    """A named API key or OAuth client of a tenant. ``prefix`` is its public handle (part of the
    key and of the client id, shown in listings); only the secret's SHA-256 is stored. It acts as
    the admin who created it, limited to ``scopes``; revoked at once by ``revoked_at``."""

    __tablename__ = "integration_credentials"
    __table_args__ = (
        UniqueConstraint("tenant_id", "prefix"),
        tenant_fk("created_by", "users"),
        tenant_fk("revoked_by", "users"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list]
    #: Requests per minute this credential may make (its own counter).
    rate_limit: Mapped[int]
    created_by: Mapped[UUID]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[UUID | None]


class IntegrationToken(TenantScoped, Base):
    """A short-lived bearer token issued to an OAuth client by the token endpoint; only its
    SHA-256 is stored. It dies with its expiry or its client's revocation."""

    __tablename__ = "integration_tokens"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash"),
        tenant_fk("credential_id", "integration_credentials", ondelete="CASCADE"),
        Index(None, "tenant_id", "expires_at"),
    )

    credential_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list]
    expires_at: Mapped[datetime]


class CredentialEvent(TenantScoped, Base):
    """One creation or revocation of an integrator credential: which, what, by whom, when.
    Append-only (the database refuses updates and deletes)."""

    __tablename__ = "credential_events"
    __table_args__ = (
        tenant_fk("credential_id", "integration_credentials"),
        tenant_fk("actor_id", "users"),
        Index(None, "tenant_id", "credential_id"),
        APPEND_ONLY,
    )

    credential_id: Mapped[UUID]
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[UUID]
    #: The credential's name and scopes at the time of the event.
    detail: Mapped[dict]
