"""The lubrication equipment plugin (润滑设备): hook implementations only; rules live in
``rules.py`` and the revisit windows in ``revisits.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from core.sdk import PluginBase, hookimpl
from plugins.lubricants import models, rules, service_rules
from plugins.lubricants.assets import ASSET_TYPES
from plugins.lubricants.settings import Settings
from plugins.lubricants.tables import warranty_tables

NAME = "lubricants"
VERSION = "0.1.0"

BASE = PluginBase(
    name=NAME,
    version=VERSION,
    title={"zh_Hans": "润滑设备", "en": "Lubrication equipment"},
    description={
        "zh_Hans": "润滑设备现场服务登记、服务反馈单、工具保管与安装回访。",
        "en": "On-site service registration and feedback forms, tool custody and installation "
            "revisits for lubrication equipment.",
    },
    folder=Path(__file__).parent,
    settings=Settings,
    core_requires=">=0.1,<1",
)

#: This plugin's settings out of the per-plugin mapping hooks receive (defaults if none).
tenant_settings = BASE.tenant_settings

#: Who this plugin is.
shouhou_plugin_info = BASE.plugin_info_hook
#: The tenant settings of this plugin: warranty, installation revisit window, response hours.
shouhou_settings_schema = BASE.settings_schema_hook
#: On-site service registration (现场服务登记表), the technician's feedback form with the
#: customer's signature and stamp (售后服务人员反馈单) and the tool custody register.
shouhou_forms = BASE.forms_hook
#: Phone support, the call before leaving, first words on site, installation and quarterly
#: calls, and how to explain an out-of-scope problem.
shouhou_scripts = BASE.scripts_hook

__all__ = ["NAME", "VERSION", "Settings", "models", "plugin"]


@hookimpl
def shouhou_asset_types():
    """Lubrication equipment, with its model."""
    return list(ASSET_TYPES)


@hookimpl
def shouhou_warranty_tables(settings):
    """Out of scope, exclusions, warranty from installation, out of warranty (as the tenant set them)."""
    return warranty_tables(tenant_settings(settings))


@hookimpl
def shouhou_revisit_rules(settings):
    """A call within one month of installation and at least one per customer each quarter (at the
    default settings)."""
    return service_rules.revisit_rules(tenant_settings(settings))


@hookimpl
def shouhou_required_forms(settings):
    """With ``require_forms``: the on-site service registration before dispatch, the signed and
    stamped service feedback form before acceptance (000)."""
    return service_rules.required_forms(tenant_settings(settings))


@hookimpl
def shouhou_sla_defaults(settings):
    """On site within 8 h in the province, 24 h outside it."""
    return service_rules.sla_defaults(tenant_settings(settings))


@hookimpl
def shouhou_complaint_routing():
    """Service complaints about a technician go to the after-sales service manager."""
    return list(service_rules.ROUTING_RULES)


@hookimpl
def shouhou_penalty_ladders():
    """Three strikes: 1st warning (警告), 2nd penalty (处罚), 3rd dismissal (解雇)."""
    return list(service_rules.PENALTY_LADDERS)


@hookimpl
def shouhou_warranty_decision(claim, settings):
    """Decide a claim on lubrication equipment (``None`` for other asset types). Raises
    :class:`core.warranty.problems.ClaimProblem` when a needed date or fact is missing or wrong."""
    if claim.asset_type not in rules.OWN_TYPES:
        return None
    return rules.decide(claim, tenant_settings(settings))


@hookimpl
def shouhou_service_charge(claim, settings):
    """A paid repair costs the parts plus the labour (``facts.labour_fen``)."""
    if claim.asset_type not in rules.OWN_TYPES:
        return None
    return rules.repair_charge(claim)


@hookimpl
def shouhou_api_routes():
    """The tool custody register (tools, hand-overs, loss and damage reports) and the monthly
    service-quality summary per technician, under ``/api/v1/p/lubricants``."""
    from plugins.lubricants.controller import ROUTES

    return list(ROUTES)


plugin = sys.modules[__name__]
