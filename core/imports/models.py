"""Import jobs: one uploaded customer, asset or ticket list, its parsed rows, its progress and
its per-row results."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk


class ImportJob(TenantScoped, Base):
    """An import of one file. ``rows`` holds the parsed data rows (``{row, cells, attributes,
    problems}``) until a real run is done (a dry run keeps them, to be run as checked);
    ``results`` one entry per row: ``{row, outcome, external_id, id, errors}``. A dry run checks
    every row and writes nothing but this job."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        tenant_fk("created_by", "users"),
        CheckConstraint("kind IN ('customers', 'assets', 'tickets')", name="kind"),
        CheckConstraint("status IN ('queued', 'running', 'done')", name="status"),
        Index(None, "tenant_id", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    file_format: Mapped[str] = mapped_column(String(10))
    dry_run: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    created_by: Mapped[UUID]
    total: Mapped[int] = mapped_column(default=0)
    processed: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    rows: Mapped[list | None]
    #: Each field read, with its header as the file spelled it.
    columns: Mapped[dict] = mapped_column(default=dict)
    results: Mapped[list] = mapped_column(default=list)
    finished_at: Mapped[datetime | None]
