"""Tickets: complexity (simple/complex fault times), the exchange-or-refund remedy, and the
advance notice of a late repair (DOMAIN §1 SLA defaults)."""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0005_ticket_sla_rules"
down_revision = "0004_positions"

UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("complexity", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("remedy_due_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("remedy", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("due_soon_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        for column in ("due_soon_at", "remedy", "remedy_due_at", "complexity"):
            batch.drop_column(column)
