"""The core plugin: built-in behaviour written as hook implementations, registered before every
industry plugin and always enabled, so industry plugins can add to or override it."""

from __future__ import annotations

import sys

from core.complaints import presets
from core.hookspecs import hookimpl
from core.notifications.channels.email import EmailChannel
from core.notifications.channels.robots import DingTalkRobotChannel, WeComRobotChannel
from core.notifications.channels.sms import SmsGatewayChannel
from core.plugins import CORE_PLUGIN, CORE_VERSION, PluginInfo, PluginManager
from core.revisits.types import RevisitRule
from core.scripts.standard import STANDARD_SCRIPTS
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
def shouhou_service_charge(claim):
    """A paid repair no plugin prices costs the parts replaced."""
    return Charge(amount_fen=sum(p.unit_price_fen * p.qty for p in claim.parts))


@hookimpl
def shouhou_revisit_rules():
    """Revisit rules every tenant has (DOMAIN §3 and §2): member and complaint revisits, delivered
    projects, and the campaign call two weeks ahead with its letter within 2 days (booked by
    :mod:`core.campaigns`); industry plugins add their own."""
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
        RevisitRule(
            id="core.campaign.call",
            trigger="campaign.announced",
            due_from_days=-21,
            due_by_days=-14,
            reason={"zh_Hans": "优惠联谊活动：提前两周电话通知", "en": "Event or promotion: phone two weeks ahead"},
            script_id="core.event_notice",
        ),
        RevisitRule(
            id="core.campaign.letter",
            trigger="revisit.outcome",
            follows="core.campaign.call",
            due_from_days=0,
            due_by_days=2,
            channel="letter",
            conditions={"outcomes": ["satisfied", "neutral", "unsatisfied", "unreachable"]},
            reason={"zh_Hans": "电话通知后两日内寄出活动通知函（004 (三)6）",
                    "en": "Post the event letter within 2 days of the call (004 (3)6)"},
        ),
    ]


@hookimpl
def shouhou_scripts():
    """The standard call scripts (话术) every tenant has: greeting, silent and noisy line,
    closings, revisit openings and closings for satisfied and unsatisfied customers, the
    follow-up call and the first words on site."""
    return list(STANDARD_SCRIPTS)


@hookimpl
def shouhou_sla_defaults():
    """Core SLA (DOMAIN §1): on site within 8 h in the tenant's province and 24 h elsewhere, an
    open phone question escalated within 30 minutes, resolution within 7 working days (004 承诺书)."""
    return SlaDefaults(source=CORE_PLUGIN, resolve_working_days=7)


@hookimpl
def shouhou_complaint_routing():
    """DOMAIN §2 step 3: contract dispute → senior management, transport → logistics, quality →
    quality department, service → service manager, suggestions → customer service."""
    return list(presets.ROUTING_RULES)


@hookimpl
def shouhou_penalty_ladders():
    """The three ladders of DOMAIN §2: lubricants, customer service and online shop."""
    return list(presets.PENALTY_LADDERS)


@hookimpl
def shouhou_notification_channels():
    """E-mail over the operator's mail server, SMS over the tenant's HTTP gateway, and the WeCom
    and DingTalk group robots."""
    return [EmailChannel(), SmsGatewayChannel(), WeComRobotChannel(), DingTalkRobotChannel()]


plugin = sys.modules[__name__]


def build_plugin_manager(only: list[str] | None = None) -> PluginManager:
    """The core plugin first, then every entry-point plugin (or only the named ones)."""
    manager = PluginManager()
    manager.register(plugin, CORE_PLUGIN)
    manager.load_entrypoints(only)
    return manager
