"""Tickets: forms filled after intake (DOMAIN §1 and §7: the forms an action requires).

Revision ID: 0011_ticket_forms
Revises: 0010_chat_messages
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = "0011_ticket_forms"
down_revision: str | Sequence[str] | None = "0010_chat_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)


def upgrade() -> None:
    op.create_table(
        "ticket_forms",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("form_id", sa.String(length=200), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
        sa.Column("filled_by", GUID, nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_ticket_forms_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"],
                                name=op.f("fk_ticket_forms_tenant_id_ticket_id_tickets"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id", "filled_by"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_ticket_forms_tenant_id_filled_by_users")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_ticket_forms")),
    )
    op.create_index(op.f("ix_ticket_forms_tenant_id_ticket_id_form_id"), "ticket_forms",
                    ["tenant_id", "ticket_id", "form_id"])
    enable_rls("ticket_forms")


def downgrade() -> None:
    op.drop_table("ticket_forms")
