"""The car repair plugin (汽车维修): hook implementations only; warranty rules live in ``rules.py``,
the next maintenance in ``maintenance.py`` and the follow-up calls in ``follow_ups.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from core.sdk import TEXT, PersonalTable, PluginBase, hookimpl
from plugins.automotive import models, rules, service_rules
from plugins.automotive.assets import ASSET_TYPES
from plugins.automotive.settings import Settings
from plugins.automotive.tables import warranty_tables
from plugins.automotive.vehicles import vehicle_problems

NAME = "automotive"
VERSION = "0.1.0"

BASE = PluginBase(
    NAME, VERSION, folder=Path(__file__).parent, settings=Settings,
    title={"zh_Hans": "汽车维修", "en": "Car repair"},
    description={
        "zh_Hans": "车辆档案、保养周期与下次保养提醒、车辆回访。",
        "en": "Vehicle files, maintenance cycles and reminders, car-service follow-up calls.",
    },
)

#: The declarations every plugin makes alike, from the SDK: who it is; its settings (the tenant settings of this
#: plugin: first service fee, warranty, cycles, follow-up windows); its forms (the vehicle service record (customer
#: file) and the follow-up call record); its call scripts (first and second follow-up calls, maintenance reminder
#: and event notice).
shouhou_plugin_info, shouhou_settings_schema, shouhou_forms, shouhou_scripts = BASE.hooks()

__all__ = ["NAME", "VERSION", "Settings", "models", "plugin"]


#: The vehicle: plate, model, vehicle type, mileage and maintenance cycle.
shouhou_asset_types = BASE.declare(ASSET_TYPES)

#: Dealer stock, first service, exclusions, warranty and out of warranty (as the tenant set them).
shouhou_warranty_tables = BASE.with_settings(warranty_tables)

#: First follow-up 3-7 days after collection, the second 7 days later within 7 more days, and the maintenance
#: reminder (as the tenant set them).
shouhou_revisit_rules = BASE.with_settings(service_rules.revisit_rules)

#: On site within 8 h in the province, 24 h outside it.
shouhou_sla_defaults = BASE.with_settings(service_rules.sla_defaults)

#: Improper repair to the repair shop; service complaints to the business supervisor.
shouhou_complaint_routing = BASE.declare(service_rules.ROUTING_RULES)

#: Decide a claim on a vehicle (``None`` for other asset types). Raises
#: a ``ClaimProblem`` when the delivery date is needed but missing.
shouhou_warranty_decision = BASE.decides(rules.OWN_TYPES, rules.decide)


#: Out of warranty the customer pays the parts and the labour (``facts.labour_fen``).
shouhou_service_charge = BASE.charges(rules.OWN_TYPES, rules.repair_charge)

#: The plate's form, and readings that contradict each other.
shouhou_validate_asset = BASE.validates(rules.OWN_TYPES, lambda attributes, settings: vehicle_problems(attributes))


#: Visits (customer file), each vehicle's next maintenance and the maintenance-due list, under ``/api/v1/p/automotive``.
shouhou_api_routes = BASE.declare_later("plugins.automotive.controller", "ROUTES")


#: The maintenance-due list, at ``/t/{slug}/p/automotive``; its templates and its navigation link.
shouhou_page_routes, shouhou_template_dirs, shouhou_nav_entries = BASE.pages("plugins.automotive.pages")


plugin = sys.modules[__name__]


@hookimpl
def shouhou_personal_fields():
    """A visit's notes in the customer file may name the driver or the owner."""
    visits = models.Visit
    return [PersonalTable(visits, lambda customer_id: visits.customer_id == customer_id, {"notes": TEXT})]
