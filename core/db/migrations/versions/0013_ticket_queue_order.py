"""Tickets: the queue indexes hold ``id`` descending, as the queue orders it (priority, newest
first), so the first page and every cursor page are index ranges instead of a sort of the
tenant's every ticket."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_ticket_queue_order"
down_revision = "0012_rebates"


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
