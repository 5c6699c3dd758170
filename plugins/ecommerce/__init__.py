"""The online shop plugin (电商/门店): hook implementations only; rules live in ``rules.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from core.sdk import PluginBase
from plugins.ecommerce import rules, service_rules
from plugins.ecommerce.assets import ASSET_TYPES
from plugins.ecommerce.settings import Settings
from plugins.ecommerce.tables import warranty_tables

NAME = "ecommerce"
VERSION = "0.1.0"

BASE = PluginBase(
    NAME, VERSION, folder=Path(__file__).parent, settings=Settings,
    title={"zh_Hans": "电商/门店", "en": "Online shop"},
    description={
        "zh_Hans": "退换货阶梯、维修完成通知、缺货登记与在线客服时限。",
        "en": "Return/exchange/repair ladder, repair-ready notices, out-of-stock registration "
            "and chat response times.",
    },
)

#: The declarations every plugin makes alike, from the SDK: who it is; its settings (the tenant settings of this
#: plugin: ladder windows, notice cadence, chat response times); its forms (the return/exchange/repair request and
#: the out-of-stock registration); its call scripts (chat greeting, satisfaction call, repair-ready and delay
#: notices, out-of-stock call-back, and the clear refusal of a return).
shouhou_plugin_info, shouhou_settings_schema, shouhou_forms, shouhou_scripts = BASE.hooks()

__all__ = ["NAME", "VERSION", "Settings", "plugin"]


#: A shop item (SKU, price type normal/special/gift, made to order).
shouhou_asset_types = BASE.declare(ASSET_TYPES)

#: Out-of-stock registration (缺货登记).
shouhou_ticket_kinds = BASE.declare([service_rules.OUT_OF_STOCK_KIND])

#: The return ladder and the exclusions, as the tenant set them.
shouhou_warranty_tables = BASE.with_settings(warranty_tables)

#: Satisfaction after every case, repair-ready notices and the out-of-stock call-back (as the tenant set them).
shouhou_revisit_rules = BASE.with_settings(service_rules.revisit_rules)

#: Repairs within 1 week; chat greeting within 15 s and answers within 20 s.
shouhou_sla_defaults = BASE.with_settings(service_rules.sla_defaults)

#: Service complaints about agents, and return disagreements, go to the store manager.
shouhou_complaint_routing = BASE.declare(service_rules.ROUTING_RULES)

#: Online shop: 1st substantiated complaint CNY 30 fine, 2nd double, 3rd dismissal.
shouhou_penalty_ladders = BASE.declare(service_rules.PENALTY_LADDERS)

#: Decide a return, exchange or repair claim on a shop item (``None`` for other asset types). Raises
#: a ``ClaimProblem`` (a ``ValueError`` with ``field``) when the purchase date or a fact
#: is missing or wrong.
shouhou_warranty_decision = BASE.decides(rules.OWN_TYPES, rules.decide)


plugin = sys.modules[__name__]
