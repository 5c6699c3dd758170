"""The lighting plugin (照明): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from core.sdk import PluginBase
from plugins.lighting import models, rules, service_rules
from plugins.lighting.assets import ASSET_TYPES
from plugins.lighting.settings import Settings
from plugins.lighting.tables import warranty_tables

NAME = "lighting"
VERSION = "0.1.0"

BASE = PluginBase(
    NAME, VERSION, folder=Path(__file__).parent, settings=Settings,
    title={"zh_Hans": "照明", "en": "Lighting"},
    description={
        "zh_Hans": "照明产品保修、节能灯换货规则、不良品返厂批次与批量质量处理。",
        "en": "Lighting warranty, energy-saving lamp exchange rules, return-to-factory batches "
            "and batch-quality visits.",
    },
)

#: The declarations every plugin makes alike, from the SDK: who it is; its settings (the tenant settings of this
#: plugin: warranty periods, dealer window, repair fee); its forms (the return-to-factory application (不良品产品返厂申请表)
#: and the batch quality report); its call scripts (next-day satisfaction call, repair-point reception, exchange
#: and paid-repair explanations).
shouhou_plugin_info, shouhou_settings_schema, shouhou_forms, shouhou_scripts = BASE.hooks()

__all__ = ["NAME", "VERSION", "Settings", "models", "plugin"]


#: Ceiling lamp, recessed-lamp ballast, tube, plastic part and energy-saving lamp.
shouhou_asset_types = BASE.declare(ASSET_TYPES)

#: Return-to-factory batches (不良品返厂) and batch quality issues (批量质量异议).
shouhou_ticket_kinds = BASE.declare(["lighting.return_to_factory", "lighting.batch_quality"])

#: Warranty periods and the energy-saving lamp exchange order, as the tenant set them.
shouhou_warranty_tables = BASE.with_settings(warranty_tables)

#: A satisfaction call the day after each service.
shouhou_revisit_rules = BASE.declare(service_rules.REVISIT_RULES)

#: Repair points promise a repair within 3 days.
shouhou_sla_defaults = BASE.with_settings(service_rules.sla_defaults)

#: Batch quality issues, transport losses and customer disputes.
shouhou_complaint_routing = BASE.declare(service_rules.ROUTING_RULES)

#: Decide a claim on a lighting product (``None`` for other asset types). Raises
#: a ``ClaimProblem`` (a ``ValueError`` with ``field``) when a needed date or fact is
#: missing or wrong.
shouhou_warranty_decision = BASE.decides(rules.OWN_TYPES, rules.decide)


#: Out of warranty: the parts plus 10 % of them, rounded half up to the fen.
shouhou_service_charge = BASE.charges(
    rules.OWN_TYPES, lambda claim, settings: rules.repair_charge(claim.parts, settings),
)


#: Offices, return-to-factory batches (不良品返厂), batch quality reports (批量质量异议) and authorised repair points (特约维修部),
#: under ``/api/v1/p/lighting``.
shouhou_api_routes = BASE.declare_later("plugins.lighting.controller", "ROUTES")


def manufacture_date_problems(attributes: dict, settings: Settings) -> list[tuple[str, str]]:
    """The manufacture date read from the spray code must be a real date, not in the future."""
    raw = attributes.get("manufacture_date")
    if raw is None:
        return []
    try:
        made = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    except ValueError:
        return [("manufacture_date", "not a date (YYYY-MM-DD)")]
    return [("manufacture_date", "is in the future")] if made > date.today() else []


#: The manufacture date of a lighting product must be a real date, not in the future.
shouhou_validate_asset = BASE.validates(rules.OWN_TYPES, manufacture_date_problems)


#: The return-to-factory batch board, the batch quality reports and the repair points, at ``/t/{slug}/p/lighting``;
#: their templates (``lighting/returns.html``, ``lighting/batch_quality.html``, ``lighting/repair_points.html``) and
#: their navigation links.
shouhou_page_routes, shouhou_template_dirs, shouhou_nav_entries = BASE.pages("plugins.lighting.pages")


plugin = sys.modules[__name__]
