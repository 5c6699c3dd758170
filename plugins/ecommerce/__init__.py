"""The online shop plugin (电商/门店): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from core.sdk import PluginBase, hookimpl
from plugins.ecommerce import rules, service_rules
from plugins.ecommerce.assets import ASSET_TYPES
from plugins.ecommerce.settings import Settings
from plugins.ecommerce.tables import warranty_tables

NAME = "ecommerce"
VERSION = "0.1.0"

BASE = PluginBase(
    name=NAME,
    version=VERSION,
    title={"zh_Hans": "电商/门店", "en": "Online shop"},
    description={
        "zh_Hans": "退换货阶梯、维修完成通知、缺货登记与在线客服时限。",
        "en": "Return/exchange/repair ladder, repair-ready notices, out-of-stock registration "
            "and chat response times.",
    },
    folder=Path(__file__).parent,
    settings=Settings,
    core_requires=">=0.1,<1",
)

#: This plugin's settings out of the per-plugin mapping hooks receive (defaults if none).
tenant_settings = BASE.tenant_settings

#: Who this plugin is.
shouhou_plugin_info = BASE.plugin_info_hook
#: The tenant settings of this plugin: ladder windows, notice cadence, chat response times.
shouhou_settings_schema = BASE.settings_schema_hook
#: The return/exchange/repair request and the out-of-stock registration.
shouhou_forms = BASE.forms_hook
#: Chat greeting, satisfaction call, repair-ready and delay notices, out-of-stock call-back,
#: and the clear refusal of a return.
shouhou_scripts = BASE.scripts_hook

__all__ = ["NAME", "VERSION", "Settings", "plugin"]


@hookimpl
def shouhou_asset_types():
    """A shop item (SKU, price type normal/special/gift, made to order)."""
    return list(ASSET_TYPES)


@hookimpl
def shouhou_ticket_kinds():
    """Out-of-stock registration (缺货登记)."""
    return [service_rules.OUT_OF_STOCK_KIND]


@hookimpl
def shouhou_warranty_tables(settings):
    """The return ladder and the exclusions, as the tenant set them."""
    return warranty_tables(tenant_settings(settings))


@hookimpl
def shouhou_revisit_rules(settings):
    """Satisfaction after every case, repair-ready notices and the out-of-stock call-back
    (as the tenant set them)."""
    return service_rules.revisit_rules(tenant_settings(settings))


@hookimpl
def shouhou_sla_defaults(settings):
    """Repairs within 1 week; chat greeting within 15 s and answers within 20 s."""
    return service_rules.sla_defaults(tenant_settings(settings))


@hookimpl
def shouhou_complaint_routing():
    """Service complaints about agents, and return disagreements, go to the store manager."""
    return list(service_rules.ROUTING_RULES)


@hookimpl
def shouhou_penalty_ladders():
    """Online shop: 1st substantiated complaint CNY 30 fine, 2nd double, 3rd dismissal."""
    return list(service_rules.PENALTY_LADDERS)


@hookimpl
def shouhou_warranty_decision(claim, settings):
    """Decide a return, exchange or repair claim on a shop item (``None`` for other asset types).
    Raises :class:`core.warranty.problems.ClaimProblem` (a ``ValueError`` with ``field``) when
    the purchase date or a fact is missing or wrong."""
    if claim.asset_type not in rules.OWN_TYPES:
        return None
    return rules.decide(claim, tenant_settings(settings))


plugin = sys.modules[__name__]
