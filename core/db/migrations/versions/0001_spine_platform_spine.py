"""platform spine"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import (
    GUID, JSON, UTC_TIME, create_tenant_table, drop_tables, ref, tenant_keys, unique,
)
from core.geo.provinces import PROVINCES

revision = '0001_spine'
down_revision = None


def upgrade() -> None:
    op.create_table(
        'provinces',
        sa.Column('code', sa.String(length=6), nullable=False),
        sa.Column('short', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('en', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_provinces')),
    )
    op.create_table(
        'tenants',
        sa.Column('id', GUID, nullable=False),
        sa.Column('slug', sa.String(length=63), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('province', sa.String(length=6), nullable=True),
        sa.Column('locale', sa.String(length=10), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tenants')),
        unique('tenants', 'slug'),
    )
    create_tenant_table(
        'customers',
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=32), nullable=True),
        sa.Column('address', sa.String(length=500), nullable=True),
        sa.Column('province', sa.String(length=6), nullable=True),
        sa.Column('is_member', sa.Boolean(), nullable=False),
        sa.Column('title', sa.String(length=20), nullable=True),
        sa.Column('classification', sa.String(length=20), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('customers'),
        indexes=[('tenant_id', 'name'), ('tenant_id', 'phone')],
    )
    create_tenant_table(
        'idempotency_records',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('request_hash', sa.String(length=64), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=False),
        sa.Column('body', JSON, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('idempotency_records'),
        unique('idempotency_records', 'tenant_id', 'key'),
    )
    create_tenant_table(
        'login_failures',
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('login_failures'),
        indexes=[('tenant_id', 'email', 'created_at')],
    )
    create_tenant_table(
        'plugin_enablements',
        sa.Column('plugin', sa.String(length=100), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('settings', JSON, nullable=False),
        sa.Column('updated_at', UTC_TIME, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('plugin_enablements'),
        unique('plugin_enablements', 'tenant_id', 'plugin'),
    )
    create_tenant_table(
        'users',
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('employee_no', sa.String(length=40), nullable=True),
        sa.Column('locale', sa.String(length=10), nullable=True),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        *tenant_keys('users'),
        unique('users', 'tenant_id', 'email'),
    )
    create_tenant_table(
        'api_tokens',
        sa.Column('user_id', GUID, nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', UTC_TIME, nullable=False),
        sa.Column('revoked_at', UTC_TIME, nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('api_tokens', 'user_id', 'users', ondelete='CASCADE'),
        *tenant_keys('api_tokens'),
        unique('api_tokens', 'tenant_id', 'token_hash'),
    )
    create_tenant_table(
        'assets',
        sa.Column('customer_id', GUID, nullable=False),
        sa.Column('type', sa.String(length=100), nullable=False),
        sa.Column('model', sa.String(length=200), nullable=True),
        sa.Column('serial', sa.String(length=200), nullable=True),
        sa.Column('purchase_date', sa.Date(), nullable=True),
        sa.Column('manufacture_date', sa.Date(), nullable=True),
        sa.Column('install_date', sa.Date(), nullable=True),
        sa.Column('attributes', JSON, nullable=False),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('assets', 'customer_id', 'customers'),
        *tenant_keys('assets'),
        indexes=[('tenant_id', 'customer_id'), ('tenant_id', 'serial')],
    )
    create_tenant_table(
        'customer_contacts',
        sa.Column('customer_id', GUID, nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=32), nullable=True),
        sa.Column('role', sa.String(length=100), nullable=True),
        sa.Column('created_at', UTC_TIME, nullable=False),
        ref('customer_contacts', 'customer_id', 'customers', ondelete='CASCADE'),
        *tenant_keys('customer_contacts'),
    )
    op.bulk_insert(
        sa.table("provinces", sa.column("code"), sa.column("short"), sa.column("name"), sa.column("en")),
        [{"code": p.code, "short": p.short, "name": p.name, "en": p.en} for p in PROVINCES],
    )


def downgrade() -> None:
    drop_tables('provinces', 'tenants', 'customers', 'idempotency_records', 'login_failures', 'plugin_enablements',
                'users', 'api_tokens', 'assets', 'customer_contacts')
