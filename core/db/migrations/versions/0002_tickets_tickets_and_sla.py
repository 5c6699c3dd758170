"""tickets and sla"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.append_only import lift_append_only
from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, unique,
)

revision = '0002_tickets'
down_revision = '0001_spine'


def upgrade() -> None:
    create_tenant_table(
        'sla_policies',
        sa.Column('policy', JSON, nullable=False),
        sa.Column('updated_at', UTC_TIME, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('sla_policies'),
        unique('sla_policies', 'tenant_id'),
    )
    create_tenant_table(
        'ticket_counters',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('ticket_counters'),
        unique('ticket_counters', 'tenant_id', 'year'),
    )
    create_tenant_table(
        'tickets',
        sa.Column('number', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=100), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('priority', sa.String(length=10), nullable=False),
        sa.Column('priority_rank', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('customer_id', GUID, nullable=False),
        sa.Column('asset_id', GUID, nullable=True),
        sa.Column('owner_id', GUID, nullable=False),
        sa.Column('created_by', GUID, nullable=False),
        sa.Column('technician_id', GUID, nullable=True),
        sa.Column('parent_ticket_id', GUID, nullable=True),
        sa.Column('contact_name', sa.String(length=200), nullable=True),
        sa.Column('contact_phone', sa.String(length=32), nullable=True),
        sa.Column('address', sa.String(length=500), nullable=True),
        sa.Column('province', sa.String(length=6), nullable=True),
        sa.Column('product_model', sa.String(length=200), nullable=True),
        sa.Column('purchase_date', sa.Date(), nullable=True),
        sa.Column('serial', sa.String(length=200), nullable=True),
        sa.Column('form_id', sa.String(length=200), nullable=True),
        sa.Column('form_version', sa.Integer(), nullable=True),
        sa.Column('form_data', JSON, nullable=True),
        sa.Column('escalated_at', UTC_TIME, nullable=True),
        sa.Column('appointment_start', UTC_TIME, nullable=True),
        sa.Column('appointment_end', UTC_TIME, nullable=True),
        sa.Column('confirmed_at', UTC_TIME, nullable=True),
        sa.Column('arrived_at', UTC_TIME, nullable=True),
        sa.Column('departed_at', UTC_TIME, nullable=True),
        sa.Column('taken_back_at', UTC_TIME, nullable=True),
        sa.Column('handover_note', sa.Text(), nullable=True),
        sa.Column('promised_date', sa.Date(), nullable=True),
        sa.Column('resolution', sa.Text(), nullable=True),
        sa.Column('resolved_at', UTC_TIME, nullable=True),
        sa.Column('signed_by', sa.String(length=200), nullable=True),
        sa.Column('signature_image', sa.Text(), nullable=True),
        sa.Column('accepted_at', UTC_TIME, nullable=True),
        sa.Column('closed_at', UTC_TIME, nullable=True),
        sa.Column('cancel_reason', sa.Text(), nullable=True),
        sa.Column('respond_by', UTC_TIME, nullable=True),
        sa.Column('resolve_by', UTC_TIME, nullable=True),
        sa.Column('escalate_by', UTC_TIME, nullable=True),
        sa.Column('responded_at', UTC_TIME, nullable=True),
        sa.Column('respond_breached_at', UTC_TIME, nullable=True),
        sa.Column('resolve_breached_at', UTC_TIME, nullable=True),
        sa.Column('escalate_breached_at', UTC_TIME, nullable=True),
        sa.Column('escalation_level', sa.Integer(), nullable=False),
        sa.Column('paused_at', UTC_TIME, nullable=True),
        sa.Column('pause_reason', sa.String(length=30), nullable=True),
        sa.Column('paused_seconds', sa.Integer(), nullable=False),
        sa.Column('updated_at', UTC_TIME, nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('tickets', 'asset_id', 'assets'),
        ref('tickets', 'created_by', 'users'),
        ref('tickets', 'customer_id', 'customers'),
        ref('tickets', 'owner_id', 'users'),
        ref('tickets', 'parent_ticket_id', 'tickets'),
        ref('tickets', 'technician_id', 'users'),
        *tenant_keys('tickets'),
        unique('tickets', 'tenant_id', 'number'),
        indexes=[
            ('tenant_id', 'customer_id'),
            ('tenant_id', 'owner_id'),
            ('tenant_id', 'priority_rank', 'id'),
            ('tenant_id', 'resolve_by'),
            ('tenant_id', 'status', 'priority_rank', 'id'),
        ],
    )
    create_tenant_table(
        'ticket_charges',
        sa.Column('ticket_id', GUID, nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=False),
        sa.Column('free', sa.Boolean(), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('invoice_no', sa.String(length=64), nullable=True),
        sa.Column('created_by', GUID, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('ticket_charges', 'created_by', 'users'),
        ref('ticket_charges', 'ticket_id', 'tickets', ondelete='CASCADE'),
        *tenant_keys('ticket_charges'),
        indexes=[('tenant_id', 'ticket_id')],
    )
    create_tenant_table(
        'ticket_events',
        sa.Column('ticket_id', GUID, nullable=False),
        sa.Column('actor_id', GUID, nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('from_status', sa.String(length=20), nullable=True),
        sa.Column('to_status', sa.String(length=20), nullable=True),
        sa.Column('before', JSON, nullable=False),
        sa.Column('after', JSON, nullable=False),
        sa.Column('data', JSON, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('ticket_events', 'ticket_id', 'tickets', ondelete='CASCADE'),
        *tenant_keys('ticket_events'),
        indexes=[('tenant_id', 'ticket_id', 'id')],
    )
    forbid_changes("ticket_events")


def forbid_changes(table: str) -> None:
    """The history is append-only: the database refuses UPDATE and DELETE of its rows."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    lift_append_only("ticket_events")
    drop_tables('sla_policies', 'ticket_counters', 'tickets', 'ticket_charges', 'ticket_events')
