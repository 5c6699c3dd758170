"""The core plugin: built-in behaviour written as hook implementations, registered before every
industry plugin and always enabled, so industry plugins can add to or override it."""

from __future__ import annotations

import sys

from core.hookspecs import hookimpl
from core.plugins import CORE_PLUGIN, CORE_VERSION, PluginInfo
from core.revisits.types import RevisitRule
from core.sla.types import SlaDefaults
from core.warranty.types import Charge


@hookimpl
def shouhou_plugin_info():
    """The core plugin's identity."""
    return PluginInfo(
        name=CORE_PLUGIN,
        version=CORE_VERSION,
        title={"zh_Hans": "核心", "en": "Core"},
        description={"zh_Hans": "所有租户共用的默认规则。", "en": "Defaults every tenant shares."},
    )


@hookimpl
def shouhou_revisit_rules():
    """Revisit rules every tenant has (DOMAIN §3 and §2); industry plugins add their own."""
    return [
        RevisitRule(
            id="core.member_service",
            trigger="ticket.closed",
            due_from_days=0,
            due_by_days=3,
            conditions={"is_member": True},
            reason={"zh_Hans": "会员服务回访（服务后3天内）", "en": "Member revisit within 3 days of the service"},
        ),
        RevisitRule(
            id="core.complaint_satisfaction",
            trigger="complaint.closed",
            due_from_days=0,
            due_by_days=3,
            reason={"zh_Hans": "投诉处理满意度回访", "en": "Is the customer satisfied with how the complaint was handled?"},
        ),
        RevisitRule(
            id="core.delivered_project",
            trigger="cadence",
            due_from_days=0,
            due_by_days=6,
            conditions={"asset_attributes": {"project": True}},
            cadence={"every_months": 1, "for_months": 12, "then_every_months": 3},
            reason={"zh_Hans": "已交付项目定期回访", "en": "Delivered project: regular revisit"},
        ),
    ]


@hookimpl
def shouhou_service_charge(claim):
    """A paid repair no plugin prices costs the parts replaced."""
    return Charge(amount_fen=sum(p.unit_price_fen * p.qty for p in claim.parts))


@hookimpl
def shouhou_sla_defaults():
    """Core SLA (DOMAIN §1): on site within 8 h in the tenant's province and 24 h elsewhere, an
    open phone question escalated within 30 minutes, resolution within 7 working days (004 承诺书)."""
    return SlaDefaults(source=CORE_PLUGIN, resolve_working_days=7)


plugin = sys.modules[__name__]
