"""``tenants.config_version``: bumped by the database itself whenever the tenant row or anything a
request's tenant context is built from changes (plugin enablements and settings, the SLA policy,
the business calendar). Nodes cache that configuration keyed by the version the request's own
principal lookup reads, so a change on one node is seen by every node on its next request."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.migration_kit import config_triggers, drop_config_triggers

revision = "0019_tenant_config_version"
down_revision = "0018_tenant_deletion"

#: Tenant tables whose rows are part of the tenant's configuration.
CONFIG_TABLES = ("plugin_enablements", "sla_policies", "business_calendar_days", "business_calendar_years")


def upgrade() -> None:
    op.add_column("tenants", sa.Column("config_version", sa.Integer(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """CREATE FUNCTION tenants_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.config_version = OLD.config_version THEN
                    NEW.config_version := OLD.config_version + 1;
                END IF;
                RETURN NEW;
            END $$"""
        )
        op.execute("CREATE TRIGGER tenants_config_version BEFORE UPDATE ON tenants "
                   "FOR EACH ROW EXECUTE FUNCTION tenants_config_version()")
        op.execute(
            """CREATE FUNCTION bump_tenant_config() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    UPDATE tenants SET config_version = config_version + 1 WHERE id = OLD.tenant_id;
                    RETURN OLD;
                END IF;
                UPDATE tenants SET config_version = config_version + 1 WHERE id = NEW.tenant_id;
                RETURN NEW;
            END $$"""
        )
    else:
        op.execute(
            "CREATE TRIGGER tenants_config_version AFTER UPDATE ON tenants "
            "WHEN NEW.config_version = OLD.config_version "
            "BEGIN UPDATE tenants SET config_version = OLD.config_version + 1 WHERE id = NEW.id; END"
        )
    for table in CONFIG_TABLES:
        config_triggers(table)


def downgrade() -> None:
    for table in CONFIG_TABLES:
        drop_config_triggers(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tenants_config_version ON tenants")
        op.execute("DROP FUNCTION IF EXISTS bump_tenant_config()")
        op.execute("DROP FUNCTION IF EXISTS tenants_config_version()")
    else:
        op.execute("DROP TRIGGER IF EXISTS tenants_config_version")
    op.drop_column("tenants", "config_version")
