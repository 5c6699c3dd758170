"""work orders and swaps

Revision ID: gps_install_0001
Revises:
Create Date: 2026-11-23 21:44:54.399189
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

from core.sdk import enable_rls

revision: str = 'gps_install_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('gps_install',)
depends_on: str | Sequence[str] | None = '0001_spine'


def upgrade() -> None:
    op.create_table('gps_install_work_orders',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('customer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('asset_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('install_request_no', sa.String(length=100), nullable=True),
    sa.Column('vehicles', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('drivers', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=32), nullable=True),
    sa.Column('model', sa.String(length=200), nullable=True),
    sa.Column('purchase_date', sa.Date(), nullable=True),
    sa.Column('fault', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_by', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('approved_by', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('approved_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('technician_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('contractor', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('emergency_reason', sa.Text(), nullable=True),
    sa.Column('assigned_by', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('assigned_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('completed_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('warranty_decision_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('charge_fen', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'approved_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_gps_install_work_orders_tenant_id_approved_by_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'asset_id'], ['assets.tenant_id', 'assets.id'], name=op.f('fk_gps_install_work_orders_tenant_id_asset_id_assets')),
    sa.ForeignKeyConstraint(['tenant_id', 'assigned_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_gps_install_work_orders_tenant_id_assigned_by_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_gps_install_work_orders_tenant_id_created_by_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customers.tenant_id', 'customers.id'], name=op.f('fk_gps_install_work_orders_tenant_id_customer_id_customers')),
    sa.ForeignKeyConstraint(['tenant_id', 'technician_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_gps_install_work_orders_tenant_id_technician_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_gps_install_work_orders_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_gps_install_work_orders'))
    )
    with op.batch_alter_table('gps_install_work_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gps_install_work_orders_tenant_id_customer_id'), ['tenant_id', 'customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gps_install_work_orders_tenant_id_status_technician_id'), ['tenant_id', 'status', 'technician_id'], unique=False)

    op.create_table('gps_install_swaps',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('work_order_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('plate', sa.String(length=16), nullable=False),
    sa.Column('fault', sa.Text(), nullable=True),
    sa.Column('old_terminal_no', sa.String(length=40), nullable=True),
    sa.Column('new_terminal_no', sa.String(length=40), nullable=True),
    sa.Column('old_iccid', sa.String(length=24), nullable=True),
    sa.Column('new_iccid', sa.String(length=24), nullable=True),
    sa.Column('recorded_by', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_gps_install_swaps_tenant_id_recorded_by_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'work_order_id'], ['gps_install_work_orders.tenant_id', 'gps_install_work_orders.id'], name=op.f('fk_gps_install_swaps_tenant_id_work_order_id_gps_install_work_orders')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_gps_install_swaps_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_gps_install_swaps'))
    )
    with op.batch_alter_table('gps_install_swaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gps_install_swaps_tenant_id_plate_id'), ['tenant_id', 'plate', 'id'], unique=False)
    enable_rls('gps_install_work_orders', 'gps_install_swaps')


def downgrade() -> None:
    with op.batch_alter_table('gps_install_swaps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gps_install_swaps_tenant_id_plate_id'))

    op.drop_table('gps_install_swaps')
    with op.batch_alter_table('gps_install_work_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gps_install_work_orders_tenant_id_status_technician_id'))
        batch_op.drop_index(batch_op.f('ix_gps_install_work_orders_tenant_id_customer_id'))

    op.drop_table('gps_install_work_orders')
