"""The record a tenant's deletion leaves behind."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, new_id


class DeletionCertificate(Base):
    """Proof that a tenant was purged: when, at whose request, and how many rows of each table went.
    Global (the tenant is gone); written by the table owner's purge."""

    __tablename__ = "tenant_deletion_certificates"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    deleted_tenant_id: Mapped[UUID] = mapped_column(index=True)
    slug: Mapped[str] = mapped_column(String(63), index=True)
    name: Mapped[str] = mapped_column(String(200))
    requested_by: Mapped[str | None] = mapped_column(String(320))
    requested_at: Mapped[datetime]
    deleted_at: Mapped[datetime]
    #: table name -> rows deleted (every table that held a row of the tenant).
    tables: Mapped[dict]
    total_rows: Mapped[int]
    #: SHA-256 of the certificate's canonical JSON (every field above), to quote in correspondence.
    sha256: Mapped[str] = mapped_column(String(64))
