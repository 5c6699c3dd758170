"""An office audit plan (办事处巡查审计计划) and its result."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, JsonB, TenantScoped, tenant_fk, utcnow


class OfficeAudit(TenantScoped, Base):
    """The audit group's (``auditor_ids``) plan for one office — ``office`` (its name) headed by
    ``office_manager_id`` (a user holding the ``regional_manager`` position) — with its content,
    method, planned completion date and costs (fen, borne by the company, never by the office);
    ``status`` runs ``planned`` → ``done`` (``result``, ``completed_on``). There is no refusal."""

    __tablename__ = "office_audits"
    __table_args__ = (
        tenant_fk("office_manager_id", "users"),
        tenant_fk("planned_by", "users"),
        tenant_fk("completed_by", "users"),
        Index(None, "tenant_id", "status", "planned_completion_on"),
    )

    office: Mapped[str] = mapped_column(String(200))
    office_manager_id: Mapped[UUID]
    content: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(30))
    planned_completion_on: Mapped[date]
    costs_fen: Mapped[int] = mapped_column(BigInteger)
    #: The audit group (user ids as text), its lead first.
    auditor_ids: Mapped[list] = mapped_column(JsonB, default=list)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    result: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None]
    completed_by: Mapped[UUID | None]
    planned_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
