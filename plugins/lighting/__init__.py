"""The lighting plugin (照明): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from core.sdk import PluginBase, hookimpl
from plugins.lighting import models, pages, rules, service_rules
from plugins.lighting.assets import ASSET_TYPES
from plugins.lighting.controller import CONTROLLERS
from plugins.lighting.settings import Settings, tenant_settings
from plugins.lighting.tables import warranty_tables

NAME = "lighting"
VERSION = "0.1.0"

BASE = PluginBase(
    name=NAME,
    version=VERSION,
    title={"zh_Hans": "照明", "en": "Lighting"},
    description={
        "zh_Hans": "照明产品保修、节能灯换货规则、不良品返厂批次与批量质量处理。",
        "en": "Lighting warranty, energy-saving lamp exchange rules, return-to-factory batches "
            "and batch-quality visits.",
    },
    folder=Path(__file__).parent,
    settings=Settings,
    core_requires=">=0.1,<1",
)

#: Who this plugin is.
shouhou_plugin_info = BASE.plugin_info_hook
#: The tenant settings of this plugin: warranty periods, dealer window, repair fee.
shouhou_settings_schema = BASE.settings_schema_hook
#: The return-to-factory application (不良品产品返厂申请表) and the batch quality report.
shouhou_forms = BASE.forms_hook
#: Next-day satisfaction call, repair-point reception, exchange and paid-repair explanations.
shouhou_scripts = BASE.scripts_hook

__all__ = ["NAME", "VERSION", "Settings", "models", "plugin"]


@hookimpl
def shouhou_asset_types():
    """Ceiling lamp, recessed-lamp ballast, tube, plastic part and energy-saving lamp."""
    return list(ASSET_TYPES)


@hookimpl
def shouhou_ticket_kinds():
    """Return-to-factory batches (不良品返厂) and batch quality issues (批量质量异议)."""
    return ["lighting.return_to_factory", "lighting.batch_quality"]


@hookimpl
def shouhou_warranty_tables(settings):
    """Warranty periods and the energy-saving lamp exchange order, as the tenant set them."""
    return warranty_tables(tenant_settings(settings))


@hookimpl
def shouhou_revisit_rules():
    """A satisfaction call the day after each service."""
    return list(service_rules.REVISIT_RULES)


@hookimpl
def shouhou_sla_defaults(settings):
    """Repair points promise a repair within 3 days."""
    return service_rules.sla_defaults(tenant_settings(settings))


@hookimpl
def shouhou_complaint_routing():
    """Batch quality issues, transport losses and customer disputes."""
    return list(service_rules.ROUTING_RULES)


@hookimpl
def shouhou_warranty_decision(claim, settings):
    """Decide a claim on a lighting product (``None`` for other asset types). Raises
    :class:`core.warranty.problems.ClaimProblem` (a ``ValueError`` with ``field``) when a
    needed date or fact is missing or wrong."""
    if claim.asset_type not in rules.OWN_TYPES:
        return None
    return rules.decide(claim, tenant_settings(settings))


@hookimpl
def shouhou_service_charge(claim, settings):
    """Out of warranty: the parts plus 10 % of them, rounded half up to the fen."""
    if claim.asset_type not in rules.OWN_TYPES:
        return None
    return rules.repair_charge(claim.parts, tenant_settings(settings))


@hookimpl
def shouhou_api_routes():
    """Offices, return-to-factory batches (不良品返厂), batch quality reports (批量质量异议) and
    authorised repair points (特约维修部), under ``/api/v1/p/lighting``."""
    return list(CONTROLLERS)


@hookimpl
def shouhou_validate_asset(asset_type, attributes, settings):
    """The manufacture date read from the spray code must be a real date, not in the future."""
    if asset_type not in rules.OWN_TYPES:
        return None
    raw = (attributes or {}).get("manufacture_date")
    if raw is None:
        return []
    try:
        made = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    except ValueError:
        return [("manufacture_date", "not a date (YYYY-MM-DD)")]
    return [("manufacture_date", "is in the future")] if made > date.today() else []


@hookimpl
def shouhou_page_routes():
    """The return-to-factory batch board, the batch quality reports and the repair points, at
    ``/t/{slug}/p/lighting``."""
    return list(pages.PAGE_ROUTES)


@hookimpl
def shouhou_template_dirs():
    """The templates of those pages (``lighting/returns.html``, ``lighting/batch_quality.html``,
    ``lighting/repair_points.html``)."""
    return [pages.TEMPLATE_DIR]


@hookimpl
def shouhou_nav_entries():
    """Links to the batch board, the batch quality reports and the repair points."""
    return list(pages.NAV_ENTRIES)


plugin = sys.modules[__name__]
