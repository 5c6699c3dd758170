"""revisits, their reasons and settings (tenant tables, row-level security); the global jobs table

Revision ID: 0002_revisits
Revises: 0001_spine
Create Date: 2026-11-23 21:09:51.822590
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import advanced_alchemy.types
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

from core.db.rls import enable_rls

revision: str = '0002_revisits'
down_revision: str | Sequence[str] | None = '0001_spine'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('jobs',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('kind', sa.String(length=100), nullable=False),
    sa.Column('dedupe_key', sa.String(length=300), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('run_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('lease_until', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('done_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('failed_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_jobs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_jobs_dedupe_key'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_done_at_run_at'), ['done_at', 'run_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('revisit_settings',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('quiet_hours', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('dedupe_days', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('retry_after_hours', sa.Integer(), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_revisit_settings_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_revisit_settings')),
    sa.UniqueConstraint('tenant_id', name=op.f('uq_revisit_settings_tenant_id'))
    )
    op.create_table('revisits',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('customer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('asset_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('ticket_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('complaint_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('due_from', sa.Date(), nullable=False),
    sa.Column('due_by', sa.Date(), nullable=False),
    sa.Column('scheduled_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('script_id', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('survey', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('new_need', sa.Text(), nullable=True),
    sa.Column('follow_up_ticket_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('completed_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('completed_by', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'asset_id'], ['assets.tenant_id', 'assets.id'], name=op.f('fk_revisits_tenant_id_asset_id_assets')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_revisits_tenant_id_customer_id_customers')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_revisits_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_revisits'))
    )
    with op.batch_alter_table('revisits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisits_tenant_id_customer_id_status'), ['tenant_id', 'customer_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_revisits_tenant_id_due_by'), ['tenant_id', 'due_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_revisits_tenant_id_status_due_by'), ['tenant_id', 'status', 'due_by'], unique=False)

    op.create_table('revisit_reasons',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('revisit_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('rule_id', sa.String(length=200), nullable=False),
    sa.Column('origin_key', sa.String(length=400), nullable=False),
    sa.Column('text', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('notice_step', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'revisit_id'], ['revisits.tenant_id', 'revisits.id'], name=op.f('fk_revisit_reasons_tenant_id_revisit_id_revisits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_revisit_reasons_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_revisit_reasons')),
    sa.UniqueConstraint('tenant_id', 'origin_key', name=op.f('uq_revisit_reasons_tenant_id_origin_key'))
    )
    with op.batch_alter_table('revisit_reasons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisit_reasons_tenant_id_revisit_id'), ['tenant_id', 'revisit_id'], unique=False)

    enable_rls("revisit_settings", "revisits", "revisit_reasons")


def downgrade() -> None:
    with op.batch_alter_table('revisit_reasons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisit_reasons_tenant_id_revisit_id'))

    op.drop_table('revisit_reasons')
    with op.batch_alter_table('revisits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisits_tenant_id_status_due_by'))
        batch_op.drop_index(batch_op.f('ix_revisits_tenant_id_due_by'))
        batch_op.drop_index(batch_op.f('ix_revisits_tenant_id_customer_id_status'))

    op.drop_table('revisits')
    op.drop_table('revisit_settings')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_jobs_done_at_run_at'))

    op.drop_table('jobs')
