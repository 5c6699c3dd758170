"""Car repair's revisit, SLA and complaint-routing defaults (source 004)."""

from __future__ import annotations

from core.sdk import RevisitRule, RoutingRule, SlaDefaults, routing_rule
from plugins.automotive.follow_ups import TOPICS
from plugins.automotive.settings import Settings

#: The trigger of the maintenance reminder: the day the next maintenance falls due (the window
#: counts back from it).
MAINTENANCE_DUE = "maintenance.due"


def revisit_rules(settings: Settings) -> list[RevisitRule]:
    """First follow-up 3 days to 1 week after the car is collected (004 (三)4); the second one week
    after the first, within a further 7 days, on other topics (004 (三)5); a maintenance reminder
    before the next due date (004 (二)2)."""
    first = RevisitRule(
        id="automotive.follow_up.first",
        trigger="ticket.closed",
        due_from_days=settings.first_follow_up_from_days,
        due_by_days=settings.first_follow_up_by_days,
        reason={"zh_Hans": "接车出厂后三天至一周内第一次跟踪服务：询问用车情况，征求对本公司服务的意见（004 (三)4）",
                "en": "First follow-up, 3 days to 1 week after the car is collected: how is the car running, "
                      "what do you think of our service? (004 (3)4)"},
        script_id="automotive.follow_up_first",
        topics=TOPICS,
        not_before_window=True,
        conditions={"ticket_kinds": ["repair", "maintenance"], "asset_type_prefix": "automotive."},
    )
    after = settings.second_follow_up_after_days
    second = RevisitRule(
        id="automotive.follow_up.second",
        trigger="revisit.outcome",
        follows=first.id,
        due_from_days=after,
        due_by_days=after + settings.second_follow_up_within_days,
        reason={"zh_Hans": "第一次跟踪服务一周后的7天以内第二次跟踪服务，内容避免重复（004 (三)5）",
                "en": "Second follow-up, within 7 days after one week from the first; topics must not "
                      "repeat (004 (3)5)"},
        script_id="automotive.follow_up_second",
        topics=TOPICS,
        topics_differ_from=(first.id,),
        not_before_window=True,
    )
    reminder = RevisitRule(
        id="automotive.maintenance_reminder",
        trigger=MAINTENANCE_DUE,
        due_from_days=-settings.reminder_days_before,
        due_by_days=0,
        reason={"zh_Hans": "通知客户按期保养（004 (二)2）",
                "en": "Remind the customer that the next maintenance is due (004 (2)2)"},
        script_id="automotive.maintenance_reminder",
        conditions={"asset_type_prefix": "automotive."},
    )
    return [first, second, reminder]


def sla_defaults(settings: Settings) -> SlaDefaults:
    """On site within 8 h in the province and 24 h outside it (004 §1.3)."""
    return SlaDefaults(source="automotive", respond_in_province_hours=8, respond_out_of_province_hours=24)


ROUTING_RULES: tuple[RoutingRule, ...] = (
    routing_rule(
        "automotive", "improper_repair", {"category": "improper_repair"}, "repair_shop",
        "因维修不当引起的客户投诉由维修方全权处理（合作方案 乙方3）",
        "Complaints caused by improper repair are handled entirely by the repair shop",
    ),
    routing_rule(
        "automotive", "service", {"type": "service"}, "business_supervisor",
        "跟踪服务中不能当时答复的要求或投诉，两日内报告业务主管（004 (三)4）",
        "Requests or complaints that cannot be answered on the call go to the business "
        "supervisor within two days (004 (3)4)",
    ),
)
