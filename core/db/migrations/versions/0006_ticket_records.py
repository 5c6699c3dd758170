"""Tickets: the quote and the customer's consent, the call before departure, the company stamp and
the service record with the warranty card; customers: whether they are a company (DOMAIN §1)."""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0006_ticket_records"
down_revision = "0005_ticket_sla_rules"

UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
COLUMNS = (
    ("quote_plan", sa.Text()),
    ("quote_fen", sa.Integer()),
    ("quoted_at", UTC_TIME),
    ("consented_by", sa.String(length=200)),
    ("consented_at", UTC_TIME),
    ("called_ahead_at", UTC_TIME),
    ("record_content", sa.Text()),
    ("record_card_written", sa.Boolean()),
    ("record_filed_at", UTC_TIME),
    ("record_filed_by", advanced_alchemy.types.guid.GUID(length=16)),
)


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("is_company", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("tickets") as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
        batch.add_column(sa.Column("stamped", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        for name in ("stamped", *(name for name, _ in reversed(COLUMNS))):
            batch.drop_column(name)
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("is_company")
