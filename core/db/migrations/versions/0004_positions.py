"""Users get a position in the organisation (DOMAIN §11).

Revision ID: 0004_positions
Revises: 0003_engine
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_positions"
down_revision: str | Sequence[str] | None = "0003_engine"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("position", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "position")
