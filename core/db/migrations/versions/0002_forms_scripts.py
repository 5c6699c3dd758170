"""forms scripts confidentiality"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, unique,
)

revision = '0002_forms_scripts'
down_revision = '0001_spine'


def upgrade() -> None:
    create_tenant_table(
        'confidentiality_rules',
        sa.Column('level', sa.String(length=20), nullable=False),
        sa.Column('roles', JSON, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('confidentiality_rules'),
        unique('confidentiality_rules', 'tenant_id', 'level'),
    )
    create_tenant_table(
        'form_versions',
        sa.Column('form_id', sa.String(length=120), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('title', JSON, nullable=False),
        sa.Column('schema', JSON, nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('form_versions'),
        unique('form_versions', 'tenant_id', 'form_id', 'version'),
    )
    create_tenant_table(
        'tenant_forms',
        sa.Column('form_id', sa.String(length=120), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('title', JSON, nullable=False),
        sa.Column('description', JSON, nullable=True),
        sa.Column('schema', JSON, nullable=False),
        sa.Column('ticket_kinds', JSON, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('tenant_forms'),
        unique('tenant_forms', 'tenant_id', 'form_id'),
    )
    create_tenant_table(
        'tenant_scripts',
        sa.Column('script_id', sa.String(length=120), nullable=False),
        sa.Column('title', JSON, nullable=False),
        sa.Column('texts', JSON, nullable=False),
        sa.Column('purpose', sa.String(length=40), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('tenant_scripts'),
        unique('tenant_scripts', 'tenant_id', 'script_id'),
    )
    create_tenant_table(
        'confidentiality_audit',
        sa.Column('user_id', GUID, nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('level', sa.String(length=20), nullable=False),
        sa.Column('record_type', sa.String(length=100), nullable=False),
        sa.Column('record_id', sa.String(length=100), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('confidentiality_audit', 'user_id', 'users'),
        *tenant_keys('confidentiality_audit'),
        indexes=[('tenant_id', 'record_type', 'record_id'), ('tenant_id', 'user_id')],
    )
    append_only("confidentiality_audit")


def append_only(table: str) -> None:
    """The database refuses to change or delete audit rows (only a deleted tenant's go)."""
    message = f"{table} is append-only"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION '{message}';
            END $$"""
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def downgrade() -> None:
    drop_tables('confidentiality_audit')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION confidentiality_audit_append_only()")
    drop_tables('confidentiality_rules', 'form_versions', 'tenant_forms', 'tenant_scripts')
