"""Tickets: the queue indexes hold ``id`` descending, as the queue orders it (priority, newest
first), so the first page and every cursor page are index ranges instead of a sort of the
tenant's every ticket.

Revision ID: 0013_ticket_queue_order
Revises: 0012_rebates
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_ticket_queue_order"
down_revision: str | Sequence[str] | None = "0012_rebates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_tickets_tenant_id_status_priority_rank_id", table_name="tickets")
    op.drop_index("ix_tickets_tenant_id_priority_rank_id", table_name="tickets")
    op.create_index("ix_tickets_queue_by_status", "tickets", ["tenant_id", "status", "priority_rank", sa.text("id DESC")])
    op.create_index("ix_tickets_queue", "tickets", ["tenant_id", "priority_rank", sa.text("id DESC")])


def downgrade() -> None:
    op.drop_index("ix_tickets_queue", table_name="tickets")
    op.drop_index("ix_tickets_queue_by_status", table_name="tickets")
    op.create_index("ix_tickets_tenant_id_priority_rank_id", "tickets", ["tenant_id", "priority_rank", "id"])
    op.create_index("ix_tickets_tenant_id_status_priority_rank_id", "tickets", ["tenant_id", "status", "priority_rank", "id"])
