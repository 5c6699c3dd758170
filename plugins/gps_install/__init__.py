"""The GPS installation plugin (GPS 安装): hook implementations only; rules live in ``rules.py``,
identifier checks in ``identifiers.py`` and the swap record in ``swaps.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from core.sdk import EMPTY, REDACTED, TEXT, PersonalTable, PluginBase, hookimpl, plate_problem
from plugins.gps_install import models, rules, service_rules
from plugins.gps_install.assets import ASSET_TYPES
from plugins.gps_install.identifiers import iccid_problem, terminal_number_problem
from plugins.gps_install.service import IN_PROGRESS
from plugins.gps_install.settings import Settings
from plugins.gps_install.tables import warranty_tables

NAME = "gps_install"
VERSION = "0.1.0"

BASE = PluginBase(
    NAME, VERSION, folder=Path(__file__).parent, settings=Settings,
    title={"zh_Hans": "GPS 安装", "en": "GPS installation"},
    description={
        "zh_Hans": "GPS 终端安装派工单、维修服务单、终端与 SIM 卡更换记录。",
        "en": "GPS terminal install work orders, repair forms, terminal and SIM swap history.",
    },
)

#: The declarations every plugin makes alike, from the SDK: who it is; its settings (the tenant settings of this
#: plugin: warranty months and the terminal number pattern); its forms (the install work order (安装任务派工单) and the
#: repair service form (维修服务单) with the old and new terminal numbers and SIM ICCIDs); its call scripts
#: (installation appointment call and the after-service call).
shouhou_plugin_info, shouhou_settings_schema, shouhou_forms, shouhou_scripts = BASE.hooks()

__all__ = ["NAME", "VERSION", "Settings", "models", "plugin"]


#: The GPS terminal: terminal number, SIM ICCID, vehicle plate and driver.
shouhou_asset_types = BASE.declare(ASSET_TYPES)

#: A call within three days of an installation or repair.
shouhou_revisit_rules = BASE.declare(service_rules.REVISIT_RULES)

#: Free repair within the warranty from installation, then parts only (as the tenant set them).
shouhou_warranty_tables = BASE.with_settings(warranty_tables)

#: Decide a claim on a GPS terminal (``None`` for other asset types). Raises
#: a ``ClaimProblem`` when no installation or purchase date is known.
shouhou_warranty_decision = BASE.decides(rules.OWN_TYPES, rules.decide)


#: Out of warranty only the parts are charged; labour is free.
shouhou_service_charge = BASE.charges(rules.OWN_TYPES, rules.repair_charge)


def terminal_problems(attributes: dict, settings: Settings) -> list[tuple[str, str]]:
    """The SIM ICCID's length and Luhn check digit, the terminal number and the plate."""
    checks = {
        "sim_iccid": iccid_problem,
        "terminal_number": lambda v: terminal_number_problem(v, settings.terminal_number_pattern),
        "vehicle_plate": plate_problem,
    }
    return [(field, problem) for field, check in checks.items()
            if attributes.get(field) is not None and (problem := check(attributes[field])) is not None]


#: A GPS terminal's SIM ICCID, terminal number and plate.
shouhou_validate_asset = BASE.validates(rules.OWN_TYPES, terminal_problems)


#: Work orders (install and repair: approval, assignment, completion), swaps and each vehicle's swap history, under ``/api/v1/p/gps_install``.
shouhou_api_routes = BASE.declare_later("plugins.gps_install.controller", "ROUTES")


#: Each vehicle's terminal and SIM swap history, at ``/t/{slug}/p/gps_install``; its templates and its navigation link.
shouhou_page_routes, shouhou_template_dirs, shouhou_nav_entries = BASE.pages("plugins.gps_install.pages")


plugin = sys.modules[__name__]


def _vehicles_without_plates(vehicles: list) -> list:
    """A work order's vehicle list with each plate redacted (the count and models stay)."""
    return [{**v, "plate": REDACTED} if v.get("plate") else v for v in vehicles or []]


@hookimpl
def shouhou_personal_fields():
    """Work orders carry the contact, address, drivers and plates; swaps the plate on the label."""
    orders = models.WorkOrder
    return [
        PersonalTable(orders, lambda customer_id: orders.customer_id == customer_id, {
            "contact_name": None, "contact_phone": None, "address": None, "drivers": EMPTY,
            "vehicles": _vehicles_without_plates, "fault": TEXT, "notes": TEXT, "decision_note": TEXT,
            "emergency_reason": TEXT},
            unfinished=lambda customer_id: (orders.customer_id == customer_id)
            & orders.status.in_(("submitted", "approved", IN_PROGRESS))),
        PersonalTable(models.Swap, lambda customer_id: models.Swap.work_order_id.in_(
            select(orders.id).where(orders.customer_id == customer_id)), {"plate": TEXT, "fault": TEXT}),
    ]
