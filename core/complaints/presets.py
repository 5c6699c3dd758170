"""The core's default complaint routing table and the three penalty-ladder presets (DOMAIN §2)."""

from __future__ import annotations

from core.complaints.types import PenaltyLadder, PenaltyStep, RoutingRule, routing_rule

#: DOMAIN §2 step 3 (确定责任). Category rules come first: a quality complaint about goods broken in
#: transport goes to logistics, not to the quality department.
ROUTING_RULES: tuple[RoutingRule, ...] = (
    routing_rule(
        "core", "contract_dispute", {"category": "contract_dispute"}, "senior_management",
        "合同纠纷：高层管理者处理", "Contract dispute: senior management",
    ),
    routing_rule(
        "core", "transport", {"category": "transport"}, "logistics",
        "运输问题：物流（运输）部门处理", "Transport: logistics and shipping",
    ),
    routing_rule(
        "core", "quality", {"type": "quality"}, "quality_department",
        "产品质量投诉：质量管理部门处理", "Product quality: the quality department",
    ),
    routing_rule(
        "core", "service", {"type": "service"}, "service_manager",
        "服务投诉：售后服务部长处理", "Service: the service manager",
    ),
    routing_rule(
        "core", "suggestion", {"type": "suggestion"}, "customer_service",
        "提案与建议：客户服务部汇总", "Suggestion: the customer-service department",
    ),
)

#: Where a complaint goes when no rule of the tenant's table matches it.
UNMATCHED = routing_rule(
    "core", "unmatched", {}, "customer_service",
    "无匹配规则：客户服务部分派", "No rule matched: the customer-service department",
)

#: DOMAIN §2 penalty ladders: 1st, 2nd, 3rd substantiated service complaint in a rolling 12 months.
PENALTY_LADDERS: tuple[PenaltyLadder, ...] = (
    PenaltyLadder(
        id="core.lubricants",
        title={"zh_Hans": "润滑设备：警告、处罚、解雇（000 第五条）", "en": "Lubricants: warning, penalty, dismissal"},
        steps=(
            PenaltyStep("warning", {"zh_Hans": "警告", "en": "Warning"}),
            PenaltyStep("penalty", {"zh_Hans": "处罚", "en": "Penalty"}),
            PenaltyStep("dismissal", {"zh_Hans": "解雇", "en": "Dismissal"}),
        ),
    ),
    PenaltyLadder(
        id="core.customer_service",
        title={"zh_Hans": "客服中心：罚款100元、加倍、除名（003 篇6）",
               "en": "Customer service: fine CNY 100, double, removal"},
        steps=(
            PenaltyStep("fine", {"zh_Hans": "罚款100元", "en": "Fine CNY 100"}, fine_fen=10000),
            PenaltyStep("double_fine", {"zh_Hans": "加倍罚款（200元）", "en": "Double fine (CNY 200)"}, fine_fen=20000),
            PenaltyStep("removal", {"zh_Hans": "除名", "en": "Removal"}),
        ),
    ),
    PenaltyLadder(
        id="core.online_shop",
        title={"zh_Hans": "网店客服：罚款30元、加倍、开除（003 篇4）", "en": "Online shop: fine CNY 30, double, dismissal"},
        steps=(
            PenaltyStep("fine", {"zh_Hans": "罚款30元", "en": "Fine CNY 30"}, fine_fen=3000),
            PenaltyStep("double_fine", {"zh_Hans": "加倍罚款（60元）", "en": "Double fine (CNY 60)"}, fine_fen=6000),
            PenaltyStep("dismissal", {"zh_Hans": "开除", "en": "Dismissal"}),
        ),
    ),
)

#: The ladder of a tenant that chose none and whose plugins propose none.
DEFAULT_LADDER = "core.customer_service"
