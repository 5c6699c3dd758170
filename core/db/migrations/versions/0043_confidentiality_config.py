"""The reading rules per confidentiality level join the tenant's configuration: setting who may
read a level bumps ``tenants.config_version``, so each node caches the rules at that version and a
request reading confidential records runs no query for them (:func:`core.confidentiality.service.readers`).

Revision ID: 0043_confidentiality_config
Revises: 0042_audit_approval
"""

from __future__ import annotations

from collections.abc import Sequence

from core.db.migration_kit import config_triggers, drop_config_triggers

revision: str = "0043_confidentiality_config"
down_revision: str | Sequence[str] | None = "0042_audit_approval"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    config_triggers("confidentiality_rules")


def downgrade() -> None:
    drop_config_triggers("confidentiality_rules")
