"""Lubrication equipment's revisit, SLA, complaint-routing and penalty defaults (source 000)."""

from __future__ import annotations

from core.sdk import FormRequirement, PenaltyLadder, PenaltyStep, RevisitRule, RoutingRule, SlaDefaults, routing_rule
from plugins.lubricants.revisits import days_always_within
from plugins.lubricants.settings import Settings


def revisit_rules(settings: Settings) -> list[RevisitRule]:
    """A call within one month of each new installation, and every customer at least once a
    quarter (第四条(三)8)."""
    months = settings.install_revisit_months
    return [
        RevisitRule(
            id="lubricants.install_revisit",
            trigger="installation.done",
            due_from_days=0,
            due_by_days=days_always_within(months),
            reason={"zh_Hans": f"对初次安装的用户{months}个月内至少进行一次电话回访（第四条(三)8）",
                    "en": f"New installation: at least one call within {months} month(s) (art. 4 (3) 8)"},
            script_id="lubricants.install_revisit",
            conditions={"asset_type_prefix": "lubricants."},
        ),
        RevisitRule(
            id="lubricants.quarterly_revisit",
            trigger="cadence",
            due_from_days=0,
            due_by_days=0,
            cadence={"per": "quarter"},
            reason={"zh_Hans": "对每个用户每个季度不少于一次电话回访（第四条(三)8）",
                    "en": "Every customer: at least one call each quarter (art. 4 (3) 8)"},
            script_id="lubricants.quarterly_revisit",
        ),
    ]


def sla_defaults(settings: Settings) -> SlaDefaults:
    """On site within 8 h in the province and 24 h outside it (DOMAIN §1, 004 §1.3)."""
    return SlaDefaults(
        source="lubricants",
        respond_in_province_hours=settings.respond_in_province_hours,
        respond_out_of_province_hours=settings.respond_out_of_province_hours,
    )


ROUTING_RULES: tuple[RoutingRule, ...] = (
    routing_rule(
        "lubricants", "service", {"type": "service"}, "service_manager",
        "服务人员因言语、行为、服务态度或方式不当被投诉：售后服务部长查实处理（第五条）",
        "Complaints about a technician's words, conduct, attitude or manner: the after-sales "
        "service manager investigates (art. 5)",
    ),
)

PENALTY_LADDERS: tuple[PenaltyLadder, ...] = (
    PenaltyLadder(
        id="lubricants.three_strikes",
        title={"zh_Hans": "售后服务人员被投诉查实处理", "en": "Substantiated complaints against a technician"},
        steps=(
            PenaltyStep("warning", {"zh_Hans": "第一次：警告", "en": "1st: warning"}),
            PenaltyStep("penalty", {"zh_Hans": "第二次：处罚", "en": "2nd: penalty"}),
            PenaltyStep("dismissal", {"zh_Hans": "第三次：解雇", "en": "3rd: dismissal"}),
        ),
    ),
)


ON_SITE_KINDS = ("repair", "maintenance", "installation")


def required_forms(settings: Settings) -> list[FormRequirement]:
    """000: the agent fills the on-site service registration (现场服务登记表) before a technician
    is dispatched; the customer signs and stamps the service feedback form (售后服务人员反馈单)
    before the work is accepted. Only when the tenant has switched ``require_forms`` on."""
    if not settings.require_forms:
        return []
    return [
        FormRequirement(
            form_id="lubricants.on_site_service_registration", before_action="assign", ticket_kinds=ON_SITE_KINDS,
            reason={"zh_Hans": "派工前填写现场服务登记表（000）",
                    "en": "the on-site service registration is filled before dispatch (000)"},
        ),
        FormRequirement(
            form_id="lubricants.service_feedback", before_action="accept", ticket_kinds=ON_SITE_KINDS,
            reason={"zh_Hans": "客户在售后服务人员反馈单上签字盖章后验收（000 第三条(二)6）",
                    "en": "the customer signs and stamps the service feedback form before acceptance "
                          "(000 art. 3 (2) 6)"},
            company_confirms=("company_stamp.stamped",),
        ),
    ]
