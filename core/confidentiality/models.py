"""The tenant's reading rules per confidentiality level and the append-only audit of reads."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.append_only import APPEND_ONLY
from core.db.base import Base, TenantScoped, tenant_fk


class ReadingRule(TenantScoped, Base):
    """The roles that may read one level, as the tenant set them (the defaults apply to a
    level without a row)."""

    __tablename__ = "confidentiality_rules"
    __table_args__ = (UniqueConstraint("tenant_id", "level"),)

    level: Mapped[str] = mapped_column(String(20))
    roles: Mapped[list]


class AuditedRead(TenantScoped, Base):
    """One read of top-secret data: who (user and role), what (record type and id, level) and
    when (``created_at``). Append-only: never updated or deleted (the database refuses it too)."""

    __tablename__ = "confidentiality_audit"
    __table_args__ = (
        tenant_fk("user_id", "users"),
        Index(None, "tenant_id", "record_type", "record_id"),
        Index(None, "tenant_id", "user_id"),
        APPEND_ONLY,
    )

    user_id: Mapped[UUID]
    role: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    record_type: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str] = mapped_column(String(100))

