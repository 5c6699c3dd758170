"""lighting: authorised repair points (特约维修部), their parts stock, deposit payments and swaps

Revision ID: lighting_0002
Revises: lighting_0001
Depends on: 0002_tickets
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.sdk import enable_rls

revision: str = 'lighting_0002'
down_revision: str | Sequence[str] | None = 'lighting_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = '0002_tickets'

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table('lighting_repair_points',
    sa.Column('tenant_id', GUID, nullable=False),
    sa.Column('id', GUID, nullable=False),
    sa.Column('office_id', GUID, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('city', sa.String(length=6), nullable=True),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('coverage', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('proposed_by', GUID, nullable=False),
    sa.Column('allowance_proposed_fen', sa.Integer(), nullable=False),
    sa.Column('allowance_fen', sa.Integer(), nullable=True),
    sa.Column('approved_by', GUID, nullable=True),
    sa.Column('approved_at', UTC, nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approval_note', sa.Text(), nullable=True),
    sa.Column('rejected_by', GUID, nullable=True),
    sa.Column('rejected_at', UTC, nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('deposit_percent', sa.String(length=6), nullable=False),
    sa.Column('stock_value_fen', sa.Integer(), nullable=False),
    sa.Column('deposit_fen', sa.Integer(), nullable=False),
    sa.Column('deposit_paid_fen', sa.Integer(), nullable=False),
    sa.Column('activated_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_by', GUID, nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'office_id'], ['lighting_offices.tenant_id', 'lighting_offices.id'], name=op.f('fk_lighting_repair_points_tenant_id_office_id_lighting_offices')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lighting_repair_points_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_lighting_repair_points'))
    )
    with op.batch_alter_table('lighting_repair_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lighting_repair_points_tenant_id_status'), ['tenant_id', 'status'], unique=False)

    op.create_table('lighting_repair_point_stock',
    sa.Column('tenant_id', GUID, nullable=False),
    sa.Column('id', GUID, nullable=False),
    sa.Column('repair_point_id', GUID, nullable=False),
    sa.Column('sku', sa.String(length=60), nullable=False),
    sa.Column('part_name', sa.String(length=200), nullable=False),
    sa.Column('unit_price_fen', sa.Integer(), nullable=False),
    sa.Column('initial_quantity', sa.Integer(), nullable=False),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'repair_point_id'], ['lighting_repair_points.tenant_id', 'lighting_repair_points.id'], name=op.f('fk_lighting_repair_point_stock_tenant_id_repair_point_id_lighting_repair_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lighting_repair_point_stock_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_lighting_repair_point_stock')),
    sa.UniqueConstraint('tenant_id', 'repair_point_id', 'sku', name=op.f('uq_lighting_repair_point_stock_tenant_id_repair_point_id_sku'))
    )

    op.create_table('lighting_repair_point_deposits',
    sa.Column('tenant_id', GUID, nullable=False),
    sa.Column('id', GUID, nullable=False),
    sa.Column('repair_point_id', GUID, nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', GUID, nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'repair_point_id'], ['lighting_repair_points.tenant_id', 'lighting_repair_points.id'], name=op.f('fk_lighting_repair_point_deposits_tenant_id_repair_point_id_lighting_repair_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lighting_repair_point_deposits_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_lighting_repair_point_deposits'))
    )
    with op.batch_alter_table('lighting_repair_point_deposits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lighting_repair_point_deposits_tenant_id_repair_point_id'), ['tenant_id', 'repair_point_id'], unique=False)

    op.create_table('lighting_repair_point_swaps',
    sa.Column('tenant_id', GUID, nullable=False),
    sa.Column('id', GUID, nullable=False),
    sa.Column('repair_point_id', GUID, nullable=False),
    sa.Column('sku', sa.String(length=60), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('swapped_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('ticket_id', GUID, nullable=True),
    sa.Column('recorded_by', GUID, nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'repair_point_id'], ['lighting_repair_points.tenant_id', 'lighting_repair_points.id'], name=op.f('fk_lighting_repair_point_swaps_tenant_id_repair_point_id_lighting_repair_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'ticket_id'], ['tickets.tenant_id', 'tickets.id'], name=op.f('fk_lighting_repair_point_swaps_tenant_id_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lighting_repair_point_swaps_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_lighting_repair_point_swaps'))
    )
    with op.batch_alter_table('lighting_repair_point_swaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lighting_repair_point_swaps_tenant_id_repair_point_id'), ['tenant_id', 'repair_point_id'], unique=False)

    enable_rls(
        "lighting_repair_points", "lighting_repair_point_stock", "lighting_repair_point_deposits",
        "lighting_repair_point_swaps",
    )


def downgrade() -> None:
    for table in ("lighting_repair_point_swaps", "lighting_repair_point_deposits", "lighting_repair_point_stock",
                  "lighting_repair_points"):
        op.drop_table(table)
