"""The tenant's identity-provider settings, the external identities linked to users, and the
pending logins (state, nonce and PKCE verifier of each sign-in started, spent once)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Boolean, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class SsoConfig(TenantScoped, Base):
    """A tenant's OpenID Connect provider (one per tenant). ``client_secret`` is stored encrypted
    (:mod:`core.auth.sso.secret_box`) and never shown again. ``role_map`` maps values of the
    ``role_claim`` (e.g. the IdP's group names) to the project's roles; ``default_role`` is given
    to a new user whose claims map to no role (``None``: such a person is refused)."""

    __tablename__ = "sso_configs"
    __table_args__ = (
        UniqueConstraint("tenant_id"),
        tenant_fk("break_glass_user_id", "users"),
    )

    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The name on the login button ("Sign in with <label>").
    label: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret: Mapped[str | None] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(String(300), default="openid email profile")
    role_claim: Mapped[str] = mapped_column(String(100), default="groups")
    role_map: Mapped[dict] = mapped_column(default=dict)
    default_role: Mapped[str | None] = mapped_column(String(20))
    #: Create users on their first sign-in (else only existing users, matched by e-mail, get in).
    jit_users: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Passwords are refused for everyone but :attr:`break_glass_user_id`.
    sso_only: Mapped[bool] = mapped_column(Boolean, default=False)
    break_glass_user_id: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SsoIdentity(TenantScoped, Base):
    """A person at the identity provider (``issuer`` + ``subject``) linked to a user."""

    __tablename__ = "sso_identities"
    __table_args__ = (
        UniqueConstraint("tenant_id", "issuer", "subject"),
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        Index(None, "tenant_id", "user_id"),
    )

    user_id: Mapped[UUID]
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    last_login_at: Mapped[datetime | None]


class SsoLogin(TenantScoped, Base):
    """A sign-in sent to the identity provider and not yet back: the SHA-256 of its ``state``
    (the browser carries the state itself), the ``nonce`` the ID token must repeat, the PKCE
    ``code_verifier``, where to go afterwards. Spent by its first callback; expires."""

    __tablename__ = "sso_logins"
    __table_args__ = (UniqueConstraint("tenant_id", "state_hash"), Index(None, "tenant_id", "expires_at"))

    state_hash: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[str] = mapped_column(String(100))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_path: Mapped[str | None] = mapped_column(String(500))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
