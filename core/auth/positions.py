"""Positions (岗位): what a person is in the after-sales organisation (DOMAIN §11 roles).

The ``role`` of a user says what they may do in Shouhou (five roles, :data:`core.auth.roles.ROLES`);
the ``position`` says who they are in the organisation the sources describe: the agent with a
工号, the team lead, the service manager (售后服务部长), the department manager (事业部经理), the
regional or office manager, the departments, and the outside parties (dealers, repair points,
sales agents). The SLA escalation ladder names positions (team lead → service manager →
department manager), so an escalation reaches the people who hold them.
"""

from __future__ import annotations

from core.i18n.translate import N_

#: Every position with its label (translated in the console).
POSITIONS: dict[str, str] = {
    "customer_service_agent": N_("Customer-service agent"),
    "technician": N_("Service technician"),
    "team_lead": N_("Team lead"),
    "service_manager": N_("Service manager"),
    "department_manager": N_("Department manager"),
    "regional_manager": N_("Regional or office manager"),
    "customer_service_department": N_("Customer-service department"),
    "quality_department": N_("Quality department"),
    "logistics": N_("Logistics"),
    "senior_management": N_("Senior management"),
    #: 营销中心副总 (001 篇1 办事处审计检查管理制度 第三条, 第六条, 第七条): approves the office audit
    #: plans, receives the audits' written reports and has their problems put right.
    "marketing_vice_president": N_("Marketing centre vice president"),
    "dealer": N_("Dealer"),
    "repair_point": N_("Repair point"),
    "sales_agent": N_("Sales agent"),
}
