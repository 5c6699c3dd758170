"""The tenant registry and each tenant's plugin enablement."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, new_id, utcnow


class Tenant(Base):
    """A company using Shouhou. Global (not tenant-scoped): it *is* the tenant."""

    __tablename__ = "tenants"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(6))
    locale: Mapped[str] = mapped_column(String(10), default="zh_Hans")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set when an admin asks for the company's deletion: the tenant is suspended (only its admins
    #: may export, read and cancel) until ``deletion_due_at``, then purged (core.lifecycle.deletion).
    suspended_at: Mapped[datetime | None] = mapped_column(default=None)
    deletion_due_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    deletion_requested_by: Mapped[str | None] = mapped_column(String(320), default=None)
    #: Bumped by the database (triggers) when this row or the tenant's configuration changes:
    #: plugin enablements, SLA policy, business calendar. Keys the per-node cache (tenants.cache).
    config_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Quota overrides for this tenant (``None``: the deployment's default, see core.quotas).
    quota_requests_per_minute: Mapped[int | None] = mapped_column(default=None)
    quota_running_jobs: Mapped[int | None] = mapped_column(default=None)
    quota_import_rows: Mapped[int | None] = mapped_column(default=None)
    quota_storage_mb: Mapped[int | None] = mapped_column(default=None)


class PluginEnablement(TenantScoped, Base):
    """A plugin a tenant has turned on or off, with its settings as last saved."""

    __tablename__ = "plugin_enablements"
    __table_args__ = (UniqueConstraint("tenant_id", "plugin"),)

    plugin: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(default=True)
    settings: Mapped[dict] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
