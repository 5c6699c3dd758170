"""automotive: one first free service (首保) per car"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'automotive_0002'
down_revision = 'automotive_0001'
depends_on = '0001_spine'


def upgrade() -> None:
    op.create_index('uq_automotive_visits_first_service', 'automotive_visits', ['tenant_id', 'asset_id'], unique=True,
                    sqlite_where=sa.text('first_service'), postgresql_where=sa.text('first_service'))


def downgrade() -> None:
    op.drop_index('uq_automotive_visits_first_service', table_name='automotive_visits')
