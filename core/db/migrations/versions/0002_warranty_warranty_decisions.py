"""warranty decisions"""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys

revision = '0002_warranty'
down_revision = '0001_spine'


def upgrade() -> None:
    create_tenant_table(
        'warranty_decisions',
        sa.Column('asset_id', GUID, nullable=True),
        sa.Column('asset_type', sa.String(length=100), nullable=False),
        sa.Column('claim', JSON, nullable=False),
        sa.Column('decision', sa.String(length=20), nullable=False),
        sa.Column('covered', sa.Boolean(), nullable=False),
        sa.Column('charge_fen', sa.Integer(), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=True),
        sa.Column('rule_ids', JSON, nullable=False),
        sa.Column('reasons', JSON, nullable=False),
        sa.Column('plugin', sa.String(length=100), nullable=False),
        sa.Column('plugin_version', sa.String(length=50), nullable=False),
        sa.Column('charged_by', sa.String(length=100), nullable=True),
        sa.Column('plugin_settings', JSON, nullable=False),
        sa.Column('decided_by', GUID, nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('warranty_decisions', 'asset_id', 'assets'),
        ref('warranty_decisions', 'decided_by', 'users'),
        *tenant_keys('warranty_decisions'),
        indexes=[('tenant_id', 'asset_id')],
    )


def downgrade() -> None:
    drop_tables('warranty_decisions')
