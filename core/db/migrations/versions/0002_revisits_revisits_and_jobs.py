"""revisits, their reasons and settings (tenant tables, row-level security); the global jobs table"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, unique,
)

revision = '0002_revisits'
down_revision = '0001_spine'


def upgrade() -> None:
    op.create_table(
        'jobs',
        sa.Column('id', GUID, nullable=False),
        sa.Column('tenant_id', GUID, nullable=False),
        sa.Column('kind', sa.String(length=100), nullable=False),
        sa.Column('dedupe_key', sa.String(length=300), nullable=False),
        sa.Column('payload', JSON, nullable=False),
        sa.Column('run_at', UTC_TIME, nullable=False),
        sa.Column('lease_until', UTC_TIME, nullable=True),
        sa.Column('claimed_by', sa.String(length=100), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('done_at', UTC_TIME, nullable=True),
        sa.Column('failed_at', UTC_TIME, nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_jobs_tenant_id_tenants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
        unique('jobs', 'dedupe_key'),
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_done_at_run_at'), ['done_at', 'run_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_tenant_id'), ['tenant_id'], unique=False)

    create_tenant_table(
        'revisit_settings',
        sa.Column('quiet_hours', JSON, nullable=False),
        sa.Column('dedupe_days', sa.Integer(), nullable=False),
        sa.Column('max_attempts', sa.Integer(), nullable=False),
        sa.Column('retry_after_hours', sa.Integer(), nullable=False),
        sa.Column('updated_at', UTC_TIME, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('revisit_settings'),
        unique('revisit_settings', 'tenant_id'),
    )
    create_tenant_table(
        'revisits',
        sa.Column('customer_id', GUID, nullable=False),
        sa.Column('asset_id', GUID, nullable=True),
        sa.Column('ticket_id', GUID, nullable=True),
        sa.Column('complaint_id', GUID, nullable=True),
        sa.Column('due_from', sa.Date(), nullable=False),
        sa.Column('due_by', sa.Date(), nullable=False),
        sa.Column('scheduled_at', UTC_TIME, nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('script_id', sa.String(length=200), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('survey', JSON, nullable=True),
        sa.Column('new_need', sa.Text(), nullable=True),
        sa.Column('follow_up_ticket_id', GUID, nullable=True),
        sa.Column('completed_at', UTC_TIME, nullable=True),
        sa.Column('completed_by', GUID, nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('revisits', 'asset_id', 'assets'),
        ref('revisits', 'customer_id', 'customers'),
        *tenant_keys('revisits'),
        indexes=[('tenant_id', 'customer_id', 'status'), ('tenant_id', 'due_by'), ('tenant_id', 'status', 'due_by')],
    )
    create_tenant_table(
        'revisit_reasons',
        sa.Column('revisit_id', GUID, nullable=False),
        sa.Column('rule_id', sa.String(length=200), nullable=False),
        sa.Column('origin_key', sa.String(length=400), nullable=False),
        sa.Column('text', JSON, nullable=False),
        sa.Column('event_date', sa.Date(), nullable=False),
        sa.Column('notice_step', sa.Integer(), nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('revisit_reasons', 'revisit_id', 'revisits', ondelete='CASCADE'),
        *tenant_keys('revisit_reasons'),
        unique('revisit_reasons', 'tenant_id', 'origin_key'),
        indexes=[('tenant_id', 'revisit_id')],
    )


def downgrade() -> None:
    drop_tables('jobs', 'revisit_settings', 'revisits', 'revisit_reasons')
