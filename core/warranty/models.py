"""The record of every warranty decision, kept so that a disputed decision can be explained."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.append_only import APPEND_ONLY
from core.db.base import Base, TenantScoped, tenant_fk


class WarrantyDecision(TenantScoped, Base):
    """A warranty decision (保修判定) as it was made: the claim it answered, the answer, the
    plugin and plugin version that answered, and the tenant's plugin settings at that moment."""

    __tablename__ = "warranty_decisions"
    __table_args__ = (
        tenant_fk("asset_id", "assets"),
        tenant_fk("decided_by", "users"),
        Index(None, "tenant_id", "asset_id"),
        APPEND_ONLY,
    )

    asset_id: Mapped[UUID | None]
    asset_type: Mapped[str] = mapped_column(String(100))
    claim: Mapped[dict]
    decision: Mapped[str] = mapped_column(String(20))
    covered: Mapped[bool]
    charge_fen: Mapped[int | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    rule_ids: Mapped[list]
    reasons: Mapped[list]
    plugin: Mapped[str] = mapped_column(String(100))
    plugin_version: Mapped[str] = mapped_column(String(50))
    charged_by: Mapped[str | None] = mapped_column(String(100))
    plugin_settings: Mapped[dict]
    decided_by: Mapped[UUID | None]
