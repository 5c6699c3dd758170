"""Every module that defines tables, imported so the metadata is complete (app and Alembic)."""

from __future__ import annotations

import importlib

MODEL_MODULES = (
    "core.geo.models",
    "tenants.models",
    "core.auth.models",
    "core.customers.models",
    "core.idempotency",
    "core.forms.models",
    "core.scripts.models",
    "core.confidentiality.models",
    "core.tickets.models",
    "core.sla.models",
)


def load_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
