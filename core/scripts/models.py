"""Call scripts a tenant wrote itself."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped


class TenantScript(TenantScoped, Base):
    """A tenant's call script, id ``tenant.<name>``: one Jinja2 text per locale, linted when saved."""

    __tablename__ = "tenant_scripts"
    __table_args__ = (UniqueConstraint("tenant_id", "script_id"),)

    script_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[dict]
    texts: Mapped[dict]
    purpose: Mapped[str] = mapped_column(String(40), default="general")
