"""The reading rules per confidentiality level join the tenant's configuration: setting who may
read a level bumps ``tenants.config_version``, so each node caches the rules at that version and a
request reading confidential records runs no query for them (:func:`core.confidentiality.service.readers`)."""

from __future__ import annotations

from core.db.migration_kit import config_triggers, drop_config_triggers

revision = "0043_confidentiality_config"
down_revision = "0042_audit_approval"


def upgrade() -> None:
    config_triggers("confidentiality_rules")


def downgrade() -> None:
    drop_config_triggers("confidentiality_rules")
