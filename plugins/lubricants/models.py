"""The after-sales department's tool custody register (检测维修工具保管登记, source 000 第四条(四)):
each test or repair tool is registered to a technician, handed over when they leave the post, and
its loss, damage or normal wear is reported."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.sdk import APPEND_ONLY, Base, TenantScoped, tenant_fk

#: A tool in a technician's keeping, or out of service after a report.
TOOL_STATUSES = ("in_custody", "lost", "damaged", "worn_out")


class Tool(TenantScoped, Base):
    """A registered tool and who keeps it (``holder_id``)."""

    __tablename__ = "lubricants_tools"
    __table_args__ = (
        UniqueConstraint("tenant_id", "serial"),
        tenant_fk("holder_id", "users"),
        tenant_fk("registered_by", "users"),
        Index(None, "tenant_id", "holder_id", "status"),
    )

    name: Mapped[str] = mapped_column(String(200))
    serial: Mapped[str | None] = mapped_column(String(100))
    valuable: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="in_custody")
    holder_id: Mapped[UUID]
    registered_by: Mapped[UUID]


class ToolEvent(TenantScoped, Base):
    """One entry of a tool's custody history: registration, hand-over (from, to, why), or a report
    of loss, damage or normal wear with what happened and any compensation (fen)."""

    __tablename__ = "lubricants_tool_events"
    __table_args__ = (
        tenant_fk("tool_id", "lubricants_tools", ondelete="CASCADE"),
        tenant_fk("from_user_id", "users"),
        tenant_fk("to_user_id", "users"),
        tenant_fk("recorded_by", "users"),
        Index(None, "tenant_id", "tool_id", "id"),
        APPEND_ONLY,
    )

    tool_id: Mapped[UUID]
    event: Mapped[str] = mapped_column(String(20))
    from_user_id: Mapped[UUID | None]
    to_user_id: Mapped[UUID | None]
    report: Mapped[str | None] = mapped_column(Text)
    compensation_fen: Mapped[int | None]
    recorded_by: Mapped[UUID]
