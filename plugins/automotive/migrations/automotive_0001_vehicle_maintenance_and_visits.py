"""vehicle maintenance and visits

Revision ID: automotive_0001
Revises:
Create Date: 2026-11-23 21:54:23.223112
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

from core.sdk import enable_rls

revision: str = 'automotive_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('automotive',)
depends_on: str | Sequence[str] | None = '0001_spine'


def upgrade() -> None:
    op.create_table('automotive_vehicle_maintenance',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('asset_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('customer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('last_service_date', sa.Date(), nullable=False),
    sa.Column('last_service_km', sa.Integer(), nullable=False),
    sa.Column('next_due_date', sa.Date(), nullable=False),
    sa.Column('next_due_km', sa.Integer(), nullable=True),
    sa.Column('due_reason', sa.String(length=10), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('reminder_date', sa.Date(), nullable=False),
    sa.Column('reminder_revisit_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'asset_id'], ['assets.tenant_id', 'assets.id'], name=op.f('fk_automotive_vehicle_maintenance_tenant_id_asset_id_assets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_automotive_vehicle_maintenance_tenant_id_customer_id_customers')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_automotive_vehicle_maintenance_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_automotive_vehicle_maintenance')),
    sa.UniqueConstraint('tenant_id', 'asset_id', name=op.f('uq_automotive_vehicle_maintenance_tenant_id_asset_id'))
    )
    with op.batch_alter_table('automotive_vehicle_maintenance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_automotive_vehicle_maintenance_tenant_id_next_due_date'), ['tenant_id', 'next_due_date'], unique=False)

    op.create_table('automotive_visits',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('asset_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('customer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('file_late', sa.Boolean(), nullable=False),
    sa.Column('mileage_km', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('first_service', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('next_due_date', sa.Date(), nullable=False),
    sa.Column('recorded_by', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'asset_id'], ['assets.tenant_id', 'assets.id'], name=op.f('fk_automotive_visits_tenant_id_asset_id_assets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_automotive_visits_tenant_id_customer_id_customers')),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_automotive_visits_tenant_id_recorded_by_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_automotive_visits_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_automotive_visits'))
    )
    with op.batch_alter_table('automotive_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_automotive_visits_tenant_id_asset_id_id'), ['tenant_id', 'asset_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_automotive_visits_tenant_id_file_late_id'), ['tenant_id', 'file_late', 'id'], unique=False)
    enable_rls('automotive_vehicle_maintenance', 'automotive_visits')


def downgrade() -> None:
    with op.batch_alter_table('automotive_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_automotive_visits_tenant_id_file_late_id'))
        batch_op.drop_index(batch_op.f('ix_automotive_visits_tenant_id_asset_id_id'))

    op.drop_table('automotive_visits')
    with op.batch_alter_table('automotive_vehicle_maintenance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_automotive_vehicle_maintenance_tenant_id_next_due_date'))

    op.drop_table('automotive_vehicle_maintenance')
