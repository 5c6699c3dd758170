"""The lubrication equipment plugin (润滑设备): hook implementations only; rules live in
``rules.py`` and the revisit windows in ``revisits.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from core.sdk import PluginBase
from plugins.lubricants import models, rules, service_rules
from plugins.lubricants.assets import ASSET_TYPES
from plugins.lubricants.settings import Settings
from plugins.lubricants.tables import warranty_tables

NAME = "lubricants"
VERSION = "0.1.0"

BASE = PluginBase(
    NAME, VERSION, folder=Path(__file__).parent, settings=Settings,
    title={"zh_Hans": "润滑设备", "en": "Lubrication equipment"},
    description={
        "zh_Hans": "润滑设备现场服务登记、服务反馈单、工具保管与安装回访。",
        "en": "On-site service registration and feedback forms, tool custody and installation "
            "revisits for lubrication equipment.",
    },
)

#: The declarations every plugin makes alike, from the SDK: who it is; its settings (the tenant settings of this
#: plugin: warranty, installation revisit window, response hours); its forms (on-site service registration
#: (现场服务登记表), the technician's feedback form with the customer's signature and stamp (售后服务人员反馈单) and the tool
#: custody register); its call scripts (phone support, the call before leaving, first words on site, installation
#: and quarterly calls, and how to explain an out-of-scope problem).
shouhou_plugin_info, shouhou_settings_schema, shouhou_forms, shouhou_scripts = BASE.hooks()

__all__ = ["NAME", "VERSION", "Settings", "models", "plugin"]


#: Lubrication equipment, with its model.
shouhou_asset_types = BASE.declare(ASSET_TYPES)

#: Out of scope, exclusions, warranty from installation, out of warranty (as the tenant set them).
shouhou_warranty_tables = BASE.with_settings(warranty_tables)

#: A call within one month of installation and at least one per customer each quarter (at the default settings).
shouhou_revisit_rules = BASE.with_settings(service_rules.revisit_rules)

#: With ``require_forms``: the on-site service registration before dispatch, the signed and stamped service
#: feedback form before acceptance (000).
shouhou_required_forms = BASE.with_settings(service_rules.required_forms)

#: On site within 8 h in the province, 24 h outside it.
shouhou_sla_defaults = BASE.with_settings(service_rules.sla_defaults)

#: Service complaints about a technician go to the after-sales service manager.
shouhou_complaint_routing = BASE.declare(service_rules.ROUTING_RULES)

#: Three strikes: 1st warning (警告), 2nd penalty (处罚), 3rd dismissal (解雇).
shouhou_penalty_ladders = BASE.declare(service_rules.PENALTY_LADDERS)

#: Decide a claim on lubrication equipment (``None`` for other asset types). Raises
#: a ``ClaimProblem`` when a needed date or fact is missing or wrong.
shouhou_warranty_decision = BASE.decides(rules.OWN_TYPES, rules.decide)


#: A paid repair costs the parts plus the labour (``facts.labour_fen``).
shouhou_service_charge = BASE.charges(rules.OWN_TYPES, lambda claim, settings: rules.repair_charge(claim))


#: The tool custody register (tools, hand-overs, loss and damage reports) and the monthly service-quality summary per technician, under ``/api/v1/p/lubricants``.
shouhou_api_routes = BASE.declare_later("plugins.lubricants.controller", "ROUTES")


plugin = sys.modules[__name__]
