"""Online chat: the messages of a chat ticket, agent replies measured against the greeting and
answer times of the SLA policy (DOMAIN §1, 003 篇4).

Revision ID: 0010_chat_messages
Revises: 0009_shift_handovers
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.db.rls import enable_rls

revision: str = "0010_chat_messages"
down_revision: str | Sequence[str] | None = "0009_shift_handovers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table(
        "chat_messages",
        sa.Column("tenant_id", GUID, nullable=False),
        sa.Column("id", GUID, nullable=False),
        sa.Column("ticket_id", GUID, nullable=False),
        sa.Column("sender", sa.String(length=10), nullable=False),
        sa.Column("author_id", GUID, nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=False),
        sa.Column("measure", sa.String(length=10), nullable=True),
        sa.Column("wait_seconds", sa.Integer(), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "author_id"], ["users.tenant_id", "users.id"],
                                name=op.f("fk_chat_messages_tenant_id_author_id_users")),
        sa.ForeignKeyConstraint(["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"],
                                name=op.f("fk_chat_messages_tenant_id_ticket_id_tickets"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_chat_messages_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_chat_messages")),
    )
    with op.batch_alter_table("chat_messages") as batch:
        batch.create_index(batch.f("ix_chat_messages_tenant_id_ticket_id_sent_at"), ["tenant_id", "ticket_id", "sent_at"])
        batch.create_index(batch.f("ix_chat_messages_tenant_id_sent_at"), ["tenant_id", "sent_at"])
    enable_rls("chat_messages")


def downgrade() -> None:
    op.drop_table("chat_messages")
