"""An office audit plan (办事处巡查审计计划), its approval, its result, its written report and the
rectification of the problems the report names."""

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
    ``status`` runs ``planned`` → ``approved`` (第三条: by the marketing centre's vice president,
    ``approved_by``) → ``done`` (``result``, ``completed_on``). There is no refusal. The written
    report (第六条: ``report_findings``, ``reported_on``) is due ``report_within_days`` days after
    the audit is done; its problems are :class:`AuditProblem` rows."""

    __tablename__ = "office_audits"
    __table_args__ = (
        tenant_fk("office_manager_id", "users"),
        tenant_fk("planned_by", "users"),
        tenant_fk("completed_by", "users"),
        tenant_fk("approved_by", "users"),
        tenant_fk("reported_by", "users"),
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
    approved_by: Mapped[UUID | None]
    approved_at: Mapped[datetime | None]
    #: 第六条: the written report is due this many days after the audit is done (规定时间).
    report_within_days: Mapped[int] = mapped_column(default=7)
    report_findings: Mapped[str | None] = mapped_column(Text)
    reported_on: Mapped[date | None]
    reported_by: Mapped[UUID | None]


class AuditProblem(TenantScoped, Base):
    """A problem the written report names (第七条): the audit group does not order its handling —
    the line (the marketing centre's vice president, or an admin or manager outside the audit
    group) orders the rectification (``instruction``, by ``due_on``) and the office's manager
    reports it rectified. ``status`` runs ``open`` → ``ordered`` → ``rectified``."""

    __tablename__ = "office_audit_problems"
    __table_args__ = (
        tenant_fk("audit_id", "office_audits"),
        tenant_fk("ordered_by", "users"),
        tenant_fk("rectified_by", "users"),
        Index(None, "tenant_id", "audit_id"),
        Index(None, "tenant_id", "status", "due_on"),
    )

    audit_id: Mapped[UUID]
    position: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    instruction: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None]
    ordered_by: Mapped[UUID | None]
    ordered_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)
    rectified_on: Mapped[date | None]
    rectified_by: Mapped[UUID | None]
