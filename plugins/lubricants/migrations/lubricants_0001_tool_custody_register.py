"""tool custody register

Revision ID: lubricants_0001
Revises:
Create Date: 2026-11-23 21:56:25.196933
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from core.sdk import enable_rls

revision: str = 'lubricants_0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ('lubricants',)
depends_on: str | Sequence[str] | None = '0001_spine'


def upgrade() -> None:
    op.create_table('lubricants_tools',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('serial', sa.String(length=100), nullable=True),
    sa.Column('valuable', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('holder_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('registered_by', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'holder_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_lubricants_tools_tenant_id_holder_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'registered_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_lubricants_tools_tenant_id_registered_by_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lubricants_tools_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_lubricants_tools')),
    sa.UniqueConstraint('tenant_id', 'serial', name=op.f('uq_lubricants_tools_tenant_id_serial'))
    )
    with op.batch_alter_table('lubricants_tools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lubricants_tools_tenant_id_holder_id_status'), ['tenant_id', 'holder_id', 'status'], unique=False)

    op.create_table('lubricants_tool_events',
    sa.Column('tenant_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('tool_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('event', sa.String(length=20), nullable=False),
    sa.Column('from_user_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('to_user_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('report', sa.Text(), nullable=True),
    sa.Column('compensation_fen', sa.Integer(), nullable=True),
    sa.Column('recorded_by', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'from_user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_lubricants_tool_events_tenant_id_from_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'recorded_by'], ['users.tenant_id', 'users.id'], name=op.f('fk_lubricants_tool_events_tenant_id_recorded_by_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'to_user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_lubricants_tool_events_tenant_id_to_user_id_users')),
    sa.ForeignKeyConstraint(['tenant_id', 'tool_id'], ['lubricants_tools.tenant_id', 'lubricants_tools.id'], name=op.f('fk_lubricants_tool_events_tenant_id_tool_id_lubricants_tools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lubricants_tool_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_lubricants_tool_events'))
    )
    with op.batch_alter_table('lubricants_tool_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lubricants_tool_events_tenant_id_tool_id_id'), ['tenant_id', 'tool_id', 'id'], unique=False)
    enable_rls('lubricants_tools', 'lubricants_tool_events')


def downgrade() -> None:
    with op.batch_alter_table('lubricants_tool_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lubricants_tool_events_tenant_id_tool_id_id'))

    op.drop_table('lubricants_tool_events')
    with op.batch_alter_table('lubricants_tools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lubricants_tools_tenant_id_holder_id_status'))

    op.drop_table('lubricants_tools')
