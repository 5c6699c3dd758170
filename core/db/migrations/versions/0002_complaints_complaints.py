"""complaints"""

from __future__ import annotations

import sqlalchemy as sa

from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, unique,
)

revision = '0002_complaints'
down_revision = '0001_spine'


def upgrade() -> None:
    create_tenant_table(
        'complaint_settings',
        sa.Column('routing_rules', JSON, nullable=True),
        sa.Column('penalty_ladder_id', sa.String(length=200), nullable=True),
        sa.Column('updated_at', UTC_TIME, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('complaint_settings'),
        unique('complaint_settings', 'tenant_id'),
    )
    create_tenant_table(
        'complaints',
        sa.Column('type', sa.String(length=20), nullable=False),
        sa.Column('category', sa.String(length=100), nullable=True),
        sa.Column('customer_id', GUID, nullable=False),
        sa.Column('ticket_id', GUID, nullable=True),
        sa.Column('against_user_id', GUID, nullable=True),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('demand', sa.Text(), nullable=True),
        sa.Column('step', sa.String(length=20), nullable=False),
        sa.Column('valid', sa.Boolean(), nullable=True),
        sa.Column('routed_to', sa.String(length=100), nullable=False),
        sa.Column('routing_rule_id', sa.String(length=200), nullable=False),
        sa.Column('routing_source', sa.String(length=20), nullable=False),
        sa.Column('routing_label', JSON, nullable=False),
        sa.Column('responsible_department', sa.String(length=100), nullable=True),
        sa.Column('responsible_user_id', GUID, nullable=True),
        sa.Column('batch_quality', sa.Boolean(), nullable=False),
        sa.Column('reported_on', sa.Date(), nullable=False),
        sa.Column('visit_due_by', sa.Date(), nullable=True),
        sa.Column('recorded_by', GUID, nullable=True),
        sa.Column('updated_at', UTC_TIME, nullable=False),
        sa.Column('closed_at', UTC_TIME, nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('complaints', 'against_user_id', 'users'),
        ref('complaints', 'customer_id', 'customers'),
        ref('complaints', 'responsible_user_id', 'users'),
        *tenant_keys('complaints'),
        indexes=[('tenant_id', 'against_user_id', 'valid'), ('tenant_id', 'customer_id'), ('tenant_id', 'step')],
    )
    create_tenant_table(
        'complaint_penalties',
        sa.Column('complaint_id', GUID, nullable=False),
        sa.Column('user_id', GUID, nullable=False),
        sa.Column('ladder_id', sa.String(length=200), nullable=False),
        sa.Column('level', sa.String(length=50), nullable=False),
        sa.Column('label', JSON, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('fine_fen', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('confirmed_by', GUID, nullable=True),
        sa.Column('confirmed_at', UTC_TIME, nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('complaint_penalties', 'complaint_id', 'complaints', ondelete='CASCADE'),
        ref('complaint_penalties', 'user_id', 'users'),
        *tenant_keys('complaint_penalties'),
        unique('complaint_penalties', 'tenant_id', 'complaint_id'),
    )
    create_tenant_table(
        'complaint_steps',
        sa.Column('complaint_id', GUID, nullable=False),
        sa.Column('step', sa.String(length=20), nullable=False),
        sa.Column('actor_id', GUID, nullable=True),
        sa.Column('data', JSON, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('complaint_steps', 'complaint_id', 'complaints', ondelete='CASCADE'),
        *tenant_keys('complaint_steps'),
        indexes=[('tenant_id', 'complaint_id', 'id')],
    )


def downgrade() -> None:
    drop_tables('complaint_settings', 'complaints', 'complaint_penalties', 'complaint_steps')
