"""Lighting's revisit, SLA and complaint-routing defaults (source 001)."""

from __future__ import annotations

from core.sdk import RevisitRule, RoutingRule, SlaDefaults, routing_rule
from plugins.lighting.settings import Settings

SERVICE_TICKET_KINDS = ("repair", "installation", "maintenance", "return")

REVISIT_RULES: tuple[RevisitRule, ...] = (
    RevisitRule(
        id="lighting.next_day_satisfaction",
        trigger="ticket.closed",
        due_from_days=1,
        due_by_days=1,
        reason={"zh_Hans": "服务次日电话了解顾客满意度和建议（001 §四.3.6）",
                "en": "Next-day call: satisfaction and suggestions (001 §4.3.6)"},
        channel="phone",
        script_id="lighting.next_day_satisfaction",
        conditions={"ticket_kinds": list(SERVICE_TICKET_KINDS)},
    ),
)

ROUTING_RULES: tuple[RoutingRule, ...] = (
    routing_rule(
        "lighting", "batch_quality", {"category": "batch_quality"}, "customer_service",
        "批量质量异议：客户服务部协调，技术部两天内上门认定（第三条）",
        "Batch quality issue: customer service coordinates, a technician visits within 2 days",
    ),
    routing_rule(
        "lighting", "transport", {"category": "transport"}, "logistics",
        "运输途中损耗、丢失：物流部协同客户服务部向承运方索赔（第四条）",
        "Goods damaged or lost in transport: logistics claims from the carrier (art. 4)",
    ),
    routing_rule(
        "lighting", "user_dispute", {"category": "user_dispute"}, "regional_manager",
        "用户纠纷：办事处和区域经理调解，难以界定的由客户服务部裁定（第七条）",
        "Customer dispute: the office or regional manager mediates; customer service rules "
        "on unclear cases (art. 7)",
    ),
)


def sla_defaults(settings: Settings) -> SlaDefaults:
    """Repair points repair on the spot or promise a repair within 3 days; not repaired within
    those 3 days, the product is exchanged or refunded (§2 第二条)."""
    return SlaDefaults(
        source="lighting",
        resolve_hours=settings.repair_promise_days * 24,
        remedy_after_days=settings.repair_promise_days or None,
    )
