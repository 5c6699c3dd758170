"""Users get a position in the organisation (DOMAIN §11)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_positions"
down_revision = "0003_engine"


def upgrade() -> None:
    op.add_column("users", sa.Column("position", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "position")
