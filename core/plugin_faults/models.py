"""The record of a plugin hook that failed for a tenant."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped


class PluginFault(TenantScoped, Base):
    """One failed plugin hook call: which plugin, which hook, on which event and subject, and the
    error's type and message (the traceback goes to the log, not here). ``created_at`` is when."""

    __tablename__ = "plugin_faults"
    __table_args__ = (Index(None, "tenant_id", "plugin"),)

    plugin: Mapped[str] = mapped_column(String(64))
    hook: Mapped[str] = mapped_column(String(64))
    event: Mapped[str | None] = mapped_column(String(100))
    subject_id: Mapped[UUID | None]
    error: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(String(500))
