"""Tenant forms and the snapshot of every form version ever used."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped


class TenantForm(TenantScoped, Base):
    """A form a tenant defined itself, id ``tenant.<name>``; ``version`` goes up with each schema
    change."""

    __tablename__ = "tenant_forms"
    __table_args__ = (UniqueConstraint("tenant_id", "form_id"),)

    form_id: Mapped[str] = mapped_column(String(120))
    version: Mapped[int]
    title: Mapped[dict]
    description: Mapped[dict | None]
    schema: Mapped[dict]
    ticket_kinds: Mapped[list] = mapped_column(default=list)


class FormVersion(TenantScoped, Base):
    """The JSON Schema of one form version as it was when first used or defined: a ticket filled
    with version N is read against this snapshot even after the plugin or tenant changed the form."""

    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("tenant_id", "form_id", "version"),)

    form_id: Mapped[str] = mapped_column(String(120))
    version: Mapped[int]
    title: Mapped[dict]
    schema: Mapped[dict]
    fingerprint: Mapped[str] = mapped_column(String(64))
