"""Revisits: the topics a reached call talked about (DOMAIN §3, 004 (三)5).

Revision ID: 0007_revisit_topics
Revises: 0006_ticket_records
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_revisit_topics"
down_revision: str | Sequence[str] | None = "0006_ticket_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("revisits") as batch:
        batch.add_column(sa.Column("topics", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revisits") as batch:
        batch.drop_column("topics")
