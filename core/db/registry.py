"""Every module that defines tables, imported so the metadata is complete (app and Alembic)."""

from __future__ import annotations

import importlib

MODEL_MODULES = (
    "core.geo.models",
    "tenants.models",
    "core.auth.models",
    "core.auth.credentials.models",
    "core.auth.sso.models",
    "core.customers.models",
    "core.idempotency",
    "core.warranty.models",
    "core.revisits.models",
    "core.worker.models",
    "core.forms.models",
    "core.scripts.models",
    "core.confidentiality.models",
    "core.tickets.models",
    "core.notes.models",
    "core.attachments.models",
    "core.sla.models",
    "core.complaints.models",
    "core.campaigns.models",
    "core.shifts.models",
    "core.fines.models",
    "core.weekly.models",
    "core.transport.models",
    "core.surveys.models",
    "core.faults.models",
    "core.calls.models",
    "core.patrols.models",
    "core.audits.models",
    "core.visits.models",
    "core.roster.models",
    "core.chat.models",
    "core.rebates.models",
    "core.lifecycle.models",
    "core.webhooks.models",
    "core.privacy.models",
    "core.plugin_faults.models",
    "core.notifications.models",
    "core.imports.models",
)


def load_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)


def load_plugin_models() -> None:
    """Import every installed plugin so the tables it owns join the metadata."""
    from importlib.metadata import entry_points

    from core.plugins import ENTRY_POINT_GROUP

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            ep.load()
        except Exception:  # a broken plugin is reported by the plugin manager, not here
            continue
