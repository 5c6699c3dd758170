"""The shop's revisit, SLA, complaint-routing and penalty defaults (004 第十六-三十五条, 003 篇4)."""

from __future__ import annotations

from core.sdk import NoticeSequence, PenaltyLadder, PenaltyStep, RevisitRule, RoutingRule, SlaDefaults, routing_rule
from plugins.ecommerce.settings import Settings

OUT_OF_STOCK_KIND = "ecommerce.out_of_stock"


def revisit_rules(settings: Settings) -> list[RevisitRule]:
    """Satisfaction after every case (第三十二条); repair-ready notices: notify, notify again
    3 days after an unanswered notice, mail the item back after 3 unanswered notices
    (第二十七-二十八条), as long as the repaired item still waits (ticket ``resolved``);
    out-of-stock call-back within 1 week (第三十五条)."""
    days, count = settings.repair_ready_renotify_days, settings.repair_ready_notices
    repair_ready = RevisitRule(
        id="ecommerce.repair_ready",
        trigger="ticket.resolved",
        due_from_days=0,
        due_by_days=0,
        reason={"zh_Hans": f"维修商品已修复返店，通知顾客取件；未取件{days}天后再次通知（第二十七条）",
                "en": f"The repaired item is back in the shop: tell the customer to collect it; "
                      f"not collected, tell again {days} days later (art. 27)"},
        script_id="ecommerce.repair_ready_notice",
        conditions={"ticket_kinds": ["repair"]},
        sequence=NoticeSequence(
            every_days=days,
            notices=count,
            final_reason={"zh_Hans": f"连续通知{count}次未取，通知企业并邮寄返还顾客（第二十八条）",
                          "en": f"Not collected after {count} notices: mail the item back (art. 28)"},
            final_channel="mail",
            while_ticket_status=("resolved",),
            last_script_id="ecommerce.repair_ready_final_notice",
        ),
    )
    late_repair = RevisitRule(
        id="ecommerce.late_repair_notice",
        trigger="ticket.resolve_due_soon",
        due_from_days=0,
        due_by_days=0,
        reason={"zh_Hans": "维修不能按期完成，提前告知顾客（第十六条）",
                "en": "The repair will not be done in time: tell the customer in advance (art. 16)"},
        script_id="ecommerce.repair_delay_notice",
        conditions={"ticket_kinds": ["repair"]},
    )
    satisfaction = RevisitRule(
        id="ecommerce.satisfaction",
        trigger="ticket.closed",
        due_from_days=0,
        due_by_days=1,
        reason={"zh_Hans": "售后服务结束后了解顾客对处理意见的满意度（第三十二条）",
                "en": "After every case: is the customer satisfied with how it was handled? (art. 32)"},
        script_id="ecommerce.satisfaction",
    )
    out_of_stock = RevisitRule(
        id="ecommerce.out_of_stock_callback",
        trigger="ticket.created",
        due_from_days=0,
        due_by_days=settings.out_of_stock_callback_days,
        reason={"zh_Hans": "缺货登记后，无论是否到货，一周内再次联系顾客给予回复（第三十五条）",
                "en": "Out of stock: call back within a week whether or not it arrived (art. 35)"},
        script_id="ecommerce.out_of_stock_callback",
        conditions={"ticket_kinds": [OUT_OF_STOCK_KIND]},
    )
    return [satisfaction, repair_ready, late_repair, out_of_stock]


def sla_defaults(settings: Settings) -> SlaDefaults:
    """Repairs within 1 week, a late one announced in advance (第十六条); chat: greet in 15 s,
    answer in 20 s (003 篇4 §六.1)."""
    return SlaDefaults(
        source="ecommerce",
        resolve_hours=settings.repair_days * 24,
        advance_notice_hours=settings.late_repair_notice_hours,
        chat_greet_seconds=settings.chat_greet_seconds,
        chat_answer_seconds=settings.chat_answer_seconds,
    )


ROUTING_RULES: tuple[RoutingRule, ...] = (
    routing_rule(
        "ecommerce", "service", {"type": "service"}, "store_manager",
        "对客服的服务投诉：店长处理（003 篇4：客服直属上级为店长）",
        "Service complaint about an agent: the store manager, the agents' direct superior",
    ),
    routing_rule(
        "ecommerce", "disagreement", {"category": "return_dispute"}, "store_manager",
        "退换货未能达成一致或顾客坚持己见：迅速请示上级（第二十条）",
        "No agreement on a return or exchange: escalate to the superior at once (art. 20)",
    ),
)

PENALTY_LADDERS: tuple[PenaltyLadder, ...] = (
    PenaltyLadder(
        id="ecommerce.online_shop",
        title={"zh_Hans": "网店客服服务投诉处罚", "en": "Online shop agent complaint penalties"},
        steps=(
            PenaltyStep("fine", {"zh_Hans": "罚款30元", "en": "Fine CNY 30"}, fine_fen=3000),
            PenaltyStep("double_fine", {"zh_Hans": "罚款翻倍（60元）", "en": "Double fine (CNY 60)"},
                        fine_fen=6000),
            PenaltyStep("dismissal", {"zh_Hans": "开除", "en": "Dismissal"}),
        ),
    ),
)
