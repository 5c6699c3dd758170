"""Users (one per person per tenant, with a role), their credentials (API tokens and console
sessions), password-reset links, and the throttle counters of login, signup and resets."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.auth.roles import ROLES as ROLES
from core.db.base import Base, TenantScoped, tenant_fk


class User(TenantScoped, Base):
    """A person working for a tenant. The row is the membership: its ``role`` is one of
    :data:`ROLES`; the same e-mail may exist in several tenants as separate users."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    employee_no: Mapped[str | None] = mapped_column(String(40))
    #: Where the person stands in the organisation (:data:`core.auth.positions.POSITIONS`).
    position: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str | None] = mapped_column(String(10))
    is_active: Mapped[bool] = mapped_column(default=True)


#: What a credential row is: a bearer token of the API, or the session of a console cookie.
CREDENTIAL_KINDS = ("bearer", "session")


class ApiToken(TenantScoped, Base):
    """A credential: a bearer token (``kind="bearer"``) or a console session (``kind="session"``,
    carried in the signed session cookie). Only the secret's SHA-256 is stored. Expires, and is
    revoked by logout, a password change or reset, "log out everywhere" and deactivation."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash"),
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        Index(None, "tenant_id", "user_id"),
    )

    user_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10), default="bearer", server_default="bearer")
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class PasswordReset(TenantScoped, Base):
    """An e-mailed one-time link to set a new password: only the secret's SHA-256 is stored; it
    expires and is spent by its first use."""

    __tablename__ = "password_resets"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash"),
        tenant_fk("user_id", "users", ondelete="CASCADE"),
    )

    user_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Throttle(Base):
    """A throttle counter (global: it guards requests before any tenant is known, and an unknown
    tenant must be throttled like a known one). ``key`` is the SHA-256 of what is counted (login:
    source address, tenant slug and e-mail; signup and reset requests: the source address, or
    everyone), so no address or e-mail is stored. Times are Unix seconds, so one atomic
    ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` does the arithmetic on both databases."""

    __tablename__ = "auth_throttles"
    __table_args__ = (Index(None, "window_start"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int]
    window_start: Mapped[int] = mapped_column(BigInteger)
    #: Until when the key is held back (0: not held).
    blocked_until: Mapped[int] = mapped_column(BigInteger, default=0)
