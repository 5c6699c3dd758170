"""Users (one per person per tenant, with a role), API tokens and failed logins."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk

ROLES = ("admin", "manager", "agent", "technician", "viewer")


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


class ApiToken(TenantScoped, Base):
    """A bearer token; only its SHA-256 is stored. Expires, and can be revoked."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash"),
        tenant_fk("user_id", "users", ondelete="CASCADE"),
    )

    user_id: Mapped[UUID]
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginFailure(TenantScoped, Base):
    """A failed login for an e-mail of a tenant (known user or not), for throttling."""

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "tenant_id", "email", "created_at"),)

    email: Mapped[str] = mapped_column(String(254))
