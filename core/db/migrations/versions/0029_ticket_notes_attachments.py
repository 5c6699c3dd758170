"""Internal notes on tickets and the files attached to them.

Revision ID: 0029_ticket_notes_attachments
Revises: 0028_webhook_config_version
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0029_ticket_notes_attachments"
down_revision: str | Sequence[str] | None = "0028_webhook_config_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def keys(table: str, *references: tuple[str, str]) -> list:
    """The tenant's key, the primary key and the tenant-leading foreign keys of ``table``."""
    return [
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        *(sa.ForeignKeyConstraint(["tenant_id", column], [f"{target}.tenant_id", f"{target}.id"],
                                  name=op.f(f"fk_{table}_tenant_id_{column}_{target}"))
          for column, target in references),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "ticket_notes",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("author_id", GUID, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        *keys("ticket_notes", ("ticket_id", "tickets"), ("author_id", "users")),
    )
    op.create_index(op.f("ix_ticket_notes_tenant_id_ticket_id_id"), "ticket_notes", ["tenant_id", "ticket_id", "id"])
    op.create_table(
        "ticket_attachments",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", GUID, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        *keys("ticket_attachments", ("ticket_id", "tickets"), ("uploaded_by", "users")),
    )
    op.create_index(op.f("ix_ticket_attachments_tenant_id_ticket_id_id"), "ticket_attachments",
                    ["tenant_id", "ticket_id", "id"])
    for table in ("ticket_notes", "ticket_attachments"):
        enable_rls(table)


def downgrade() -> None:
    for table in ("ticket_attachments", "ticket_notes"):
        op.drop_index(op.f(f"ix_{table}_tenant_id_ticket_id_id"), table_name=table)
        op.drop_table(table)
