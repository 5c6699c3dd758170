"""One customer's answered satisfaction questionnaire."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk, utcnow


class SurveyResponse(TenantScoped, Base):
    """A questionnaire the customer answered on ``answered_on`` (tenant-local) through ``channel``:
    a score from 1 (very dissatisfied) to 5 (very satisfied) for each area they answered
    (installation, operation, implementation, after-sales, training), and their comments."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("recorded_by", "users"),
        Index(None, "tenant_id", "answered_on"),
    )

    customer_id: Mapped[UUID]
    channel: Mapped[str] = mapped_column(String(20))
    answered_on: Mapped[date]
    installation: Mapped[int | None]
    operation: Mapped[int | None]
    implementation: Mapped[int | None]
    after_sales: Mapped[int | None]
    training: Mapped[int | None]
    comments: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
