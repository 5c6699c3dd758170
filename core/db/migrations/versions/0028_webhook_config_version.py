"""Webhook endpoints join the tenant's configuration: adding, removing, enabling or disabling an
endpoint, or changing what it hears, bumps ``tenants.config_version`` (the per-node cache of
each tenant's enabled endpoints is keyed by it; the outbox then reads no table per event)."""

from __future__ import annotations

from alembic import op

revision = "0028_webhook_config_version"
down_revision = "0027_imports"

#: The columns whose change alters what the outbox does (not the failure counters).
WATCHED = "enabled, event_types"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER webhook_endpoints_config_version AFTER INSERT OR DELETE ON webhook_endpoints "
                   "FOR EACH ROW EXECUTE FUNCTION bump_tenant_config()")
        op.execute(f"CREATE TRIGGER webhook_endpoints_config_version_update AFTER UPDATE OF {WATCHED} "
                   "ON webhook_endpoints FOR EACH ROW EXECUTE FUNCTION bump_tenant_config()")
        return
    for verb, row in (("INSERT", "NEW"), (f"UPDATE OF {WATCHED}", "NEW"), ("DELETE", "OLD")):
        name = verb.split()[0].lower()
        op.execute(
            f"CREATE TRIGGER webhook_endpoints_config_version_{name} AFTER {verb} ON webhook_endpoints "
            f"BEGIN UPDATE tenants SET config_version = config_version + 1 WHERE id = {row}.tenant_id; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS webhook_endpoints_config_version_update ON webhook_endpoints")
        op.execute("DROP TRIGGER IF EXISTS webhook_endpoints_config_version ON webhook_endpoints")
        return
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS webhook_endpoints_config_version_{name}")
