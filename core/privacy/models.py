"""Personal information requests (个人信息权利请求, PIPL Art. 44–47), the tombstone an erasure
leaves, and the tenant's retention rules."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.append_only import APPEND_ONLY
from core.db.base import Base, TenantScoped, tenant_fk

#: What a person may ask for: a report of what is held (PIPL Art. 45), a correction (Art. 46),
#: an erasure (Art. 47).
KINDS = ("access", "correction", "erasure")
#: Who asked: the person (本人), a guardian of a minor (监护人, Art. 31), a close relative of a
#: deceased person (近亲属, Art. 49) or someone the person entrusted (受托人).
REQUESTERS = ("subject", "guardian", "next_of_kin", "agent")
#: Open until answered; ``done`` when carried out; ``refused`` with the reason (Art. 50).
STATUSES = ("open", "done", "refused")


class PersonalInfoRequest(TenantScoped, Base):
    """One request about one customer: what and who, when it was received and by when it must be
    answered (:mod:`core.privacy.deadline`), and how it ended (``outcome``; ``fields`` names the
    fields a correction changed or an erasure cleared, never their values)."""

    __tablename__ = "privacy_requests"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("recorded_by", "users"),
        tenant_fk("completed_by", "users"),
        Index(None, "tenant_id", "customer_id"),
        Index(None, "tenant_id", "status", "due_on"),
        CheckConstraint("kind IN ('access', 'correction', 'erasure')", name="kind"),
        CheckConstraint("status IN ('open', 'done', 'refused')", name="status"),
    )

    customer_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(String(20))
    requester: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date]
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="open")
    outcome: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[list | None]
    recorded_by: Mapped[UUID | None]
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[UUID | None]


class ErasureTombstone(TenantScoped, Base):
    """The record that a customer's personal information was erased: when (``created_at``), by
    whom, on which request, and how many rows of each table were cleared. Append-only: the audit
    and history before it are never rewritten, this row says what happened after."""

    __tablename__ = "privacy_tombstones"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("erased_by", "users"),
        tenant_fk("request_id", "privacy_requests"),
        UniqueConstraint("tenant_id", "customer_id"),
        APPEND_ONLY,
    )

    customer_id: Mapped[UUID]
    request_id: Mapped[UUID | None]
    erased_by: Mapped[UUID | None]
    rows: Mapped[dict]


class RetentionRule(TenantScoped, Base):
    """A tenant's retention period for one record type (:data:`core.privacy.retention.DEFAULTS`
    applies to a type without a row)."""

    __tablename__ = "privacy_retention_rules"
    __table_args__ = (UniqueConstraint("tenant_id", "record_type"), tenant_fk("updated_by", "users"))

    record_type: Mapped[str] = mapped_column(String(40))
    months: Mapped[int]
    updated_by: Mapped[UUID | None]
