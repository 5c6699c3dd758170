"""Revisits: the topics a reached call talked about (DOMAIN §3, 004 (三)5)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007_revisit_topics"
down_revision = "0006_ticket_records"


def upgrade() -> None:
    with op.batch_alter_table("revisits") as batch:
        batch.add_column(sa.Column("topics", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revisits") as batch:
        batch.drop_column("topics")
