"""automotive: one first free service (首保) per car

Revision ID: automotive_0002
Revises: automotive_0001
Depends on: 0001_spine
Create Date: 2026-12-06 03:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'automotive_0002'
down_revision: str | Sequence[str] | None = 'automotive_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = '0001_spine'


def upgrade() -> None:
    op.create_index('uq_automotive_visits_first_service', 'automotive_visits', ['tenant_id', 'asset_id'], unique=True,
                    sqlite_where=sa.text('first_service'), postgresql_where=sa.text('first_service'))


def downgrade() -> None:
    op.drop_index('uq_automotive_visits_first_service', table_name='automotive_visits')
