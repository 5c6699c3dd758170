"""The messages the product sends, their shipped wording in zh_Hans and en, and rendering.

Each :class:`Kind` names its audience, the variables its templates may use, and the default
subject and body per locale. A tenant may replace the wording of any kind in any locale; the
template is checked when it is saved (syntax, the sandbox, a render with sample values) and
rendered in the project's bounded Jinja sandbox (:mod:`core.scripts.sandbox`) off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import Invalid, NotFound
from core.i18n import LocalizedText
from core.i18n.translate import N_
from core.scripts.sandbox import ScriptError, check_syntax, render_bounded

LOCALES = ("zh_Hans", "en")
#: Longest subject and body a tenant may save (characters of template source).
MAX_SUBJECT = 300
MAX_BODY = 4000

TICKET_VARS = {
    "tenant_name": N_("Company name"), "ticket_number": N_("Ticket number"), "ticket_subject": N_("Ticket subject"),
    "customer_name": N_("Customer name"), "ticket_url": N_("Address of the ticket in the console"),
}


@dataclass(frozen=True)
class Kind:
    """One kind of message: its audience, its variables (name -> meaning, with a sample value
    for previews) and its default wording (locale -> (subject, body))."""

    key: str
    audience: str
    title: LocalizedText
    variables: dict[str, str]
    samples: dict[str, object]
    defaults: dict[str, tuple[str, str]]
    rule: str = ""
    sensitive: bool = False
    #: Sent in both locales in one message, zh_Hans first (whoever reads it).
    bilingual: bool = False


_TICKET_SAMPLES = {
    "tenant_name": "示例公司", "ticket_number": "T-2026-000123", "ticket_subject": "空调不制冷",
    "customer_name": "张先生", "ticket_url": "https://console.example/t/demo/tickets/1",
}

PATROL_VARS = {
    "tenant_name": N_("Company name"), "customer_name": N_("Customer name"), "visited_on": N_("Day of the visit"),
    "findings": N_("Findings handed over"), "visit_url": N_("Address of the visit in the console"),
}
_PATROL_SAMPLES = {"tenant_name": "示例公司", "customer_name": "苏州工厂", "visited_on": "2026-03-01", "findings": 2,
                   "visit_url": "https://console.example/t/demo/service-visits/"}
AUDIT_VARS = {
    "tenant_name": N_("Company name"), "office": N_("Office"), "content": N_("What is audited"),
    "completion_date": N_("Planned completion date"), "audit_url": N_("Address of the audit in the console"),
    "report_due": N_("Day the written report is due"),
}
_AUDIT_SAMPLES = {"tenant_name": "示例公司", "office": "华东办事处", "content": "运作检查和帐目审计",
                  "completion_date": "2026-03-31", "audit_url": "https://console.example/t/demo/office-audits/",
                  "report_due": "2026-04-07"}
RECTIFICATION_VARS = {
    **AUDIT_VARS, "problem": N_("The problem"), "instruction": N_("What is to be put right"),
    "due_on": N_("Rectification due date"),
}
_RECTIFICATION_SAMPLES = {**_AUDIT_SAMPLES, "problem": "备用金帐目不清", "instruction": "一周内清理备用金帐目",
                          "due_on": "2026-04-15"}
#: The variables every staff reminder of a service operation (DOMAIN §12) may use.
_STAFF_VARS = {"tenant_name": N_("Company name"), "url": N_("Address of the page in the console")}
_STAFF_SAMPLES = {"tenant_name": "示例公司", "url": "https://console.example/t/demo/weekly-report"}
_FAULT_VARS = {**_STAFF_VARS, "customer_name": N_("Customer name"), "place": N_("Place"),
               "occurred_at": N_("When the fault happened (local)")}
_FAULT_SAMPLES = {**_STAFF_SAMPLES, "customer_name": "某某电厂", "place": "2号机房", "occurred_at": "2026-12-07 08:30"}
_CLAIM_VARS = {**_STAFF_VARS, "customer_name": N_("Customer name"), "carrier": N_("Carrier"),
               "waybill_no": N_("Waybill number")}
_CLAIM_SAMPLES = {**_STAFF_SAMPLES, "customer_name": "张先生", "carrier": "顺丰速运", "waybill_no": "SF1234567890"}

LEAVE_VARS = {
    "tenant_name": N_("Company name"), "person": N_("Who asks the leave"), "first_day": N_("The first day of leave"),
    "last_day": N_("The last day of leave"), "days": N_("Days of leave"), "night_shift": N_("Night-shift leave"),
    "holiday": N_("Over a statutory holiday"), "reason": N_("The reason given"),
    "decision": N_("approved or refused"), "decision_reason": N_("What the approver wrote"),
    "leave_url": N_("Address of the leave page in the console"),
}
_LEAVE_SAMPLES = {
    "tenant_name": "示例公司", "person": "李师傅", "first_day": "2026-01-06", "last_day": "2026-01-07", "days": 2,
    "night_shift": False, "holiday": False, "reason": "家中有事", "decision": "approved", "decision_reason": "",
    "leave_url": "https://console.example/t/demo/leave/",
}

KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind(
        key="ticket.left_unconfirmed", audience="staff",
        rule="000 第三条(二)8: the technician leaves only with the customer's consent, else the lead coordinates",
        title={"zh_Hans": "技术员离开现场未经客户同意", "en": "A technician left without the customer's consent"},
        variables=TICKET_VARS, samples=_TICKET_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】服务单 {{ ticket_number }} 技术员离开现场未经客户同意",
                        "服务单 {{ ticket_number }}（{{ ticket_subject }}，客户 {{ customer_name }}）的技术员已离开现场，"
                        "未记录客户同意。请部门负责人与客户协调。\n{{ ticket_url }}"),
            "en": ("[{{ tenant_name }}] Ticket {{ ticket_number }}: technician left without consent",
                   "The technician of ticket {{ ticket_number }} ({{ ticket_subject }}, customer {{ customer_name }}) "
                   "left the site without the customer's consent on record: please coordinate with the customer."
                   "\n{{ ticket_url }}"),
        },
    ),
    Kind(
        key="ticket.escalated", audience="staff", rule="DOMAIN §1.2 (003 篇6): escalate within 30 minutes",
        title={"zh_Hans": "问题已升级给您", "en": "A question was escalated to you"},
        variables={**TICKET_VARS, "reason": N_("Why it was escalated")},
        samples={**_TICKET_SAMPLES, "reason": "电话无法解决"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】服务单 {{ ticket_number }} 已升级给您",
                        "服务单 {{ ticket_number }}（{{ ticket_subject }}，客户 {{ customer_name }}）电话无法解决，"
                        "已升级给您处理，请在30分钟内首次回复。{{ reason }}\n{{ ticket_url }}"),
            "en": ("[{{ tenant_name }}] Ticket {{ ticket_number }} was escalated to you",
                   "Ticket {{ ticket_number }} ({{ ticket_subject }}, customer {{ customer_name }}) could not be "
                   "solved by phone and was escalated to you: reply within 30 minutes. {{ reason }}\n{{ ticket_url }}"),
        },
    ),
    Kind(
        key="sla.escalate_missed", audience="staff",
        rule="DOMAIN §1.2 (003 篇6): an open question not escalated within 30 minutes",
        title={"zh_Hans": "未在30分钟内升级", "en": "Not escalated within 30 minutes"},
        variables={**TICKET_VARS, "minutes": N_("The escalation limit in minutes")},
        samples={**_TICKET_SAMPLES, "minutes": 30},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】服务单 {{ ticket_number }} 超过{{ minutes }}分钟未升级",
                        "服务单 {{ ticket_number }}（{{ ticket_subject }}）电话未解决，超过{{ minutes }}分钟仍未升级给负责人，"
                        "请立即处理。\n{{ ticket_url }}"),
            "en": ("[{{ tenant_name }}] Ticket {{ ticket_number }} not escalated within {{ minutes }} minutes",
                   "Ticket {{ ticket_number }} ({{ ticket_subject }}) was not solved by phone and has waited more "
                   "than {{ minutes }} minutes without reaching the responsible person.\n{{ ticket_url }}"),
        },
    ),
    Kind(
        key="sla.breached", audience="staff", rule="DOMAIN §1 SLA defaults: a due time missed",
        title={"zh_Hans": "SLA 超时", "en": "SLA breached"},
        variables={**TICKET_VARS, "deadline": N_("respond or resolve"), "due": N_("The missed due time (local)")},
        samples={**_TICKET_SAMPLES, "deadline": "respond", "due": "2026-01-05 17:00"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】服务单 {{ ticket_number }} 已超时",
                        "服务单 {{ ticket_number }}（{{ ticket_subject }}）的{{ '响应' if deadline == 'respond' else '完成' }}"
                        "时限 {{ due }} 已过。\n{{ ticket_url }}"),
            "en": ("[{{ tenant_name }}] Ticket {{ ticket_number }} is past due",
                   "Ticket {{ ticket_number }} ({{ ticket_subject }}) missed its {{ deadline }} time {{ due }}."
                   "\n{{ ticket_url }}"),
        },
    ),
    Kind(
        key="sla.escalated", audience="staff", rule="DOMAIN §1 SLA: the management escalation ladder",
        title={"zh_Hans": "SLA 逐级上报", "en": "SLA escalation"},
        variables={**TICKET_VARS, "level": N_("Ladder level"), "overdue_minutes": N_("Minutes past due")},
        samples={**_TICKET_SAMPLES, "level": 2, "overdue_minutes": 250},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】服务单 {{ ticket_number }} 第{{ level }}级上报",
                        "服务单 {{ ticket_number }}（{{ ticket_subject }}）已超时{{ overdue_minutes }}分钟，"
                        "按升级规则上报给您（第{{ level }}级）。\n{{ ticket_url }}"),
            "en": ("[{{ tenant_name }}] Ticket {{ ticket_number }} escalated to level {{ level }}",
                   "Ticket {{ ticket_number }} ({{ ticket_subject }}) is {{ overdue_minutes }} minutes past due and "
                   "reaches you at level {{ level }} of the escalation ladder.\n{{ ticket_url }}"),
        },
    ),
    Kind(
        key="sla.due_soon", audience="staff", rule="DOMAIN §1 (004 第十六条): a late repair is announced in advance",
        title={"zh_Hans": "即将超时", "en": "Due soon"},
        variables={**TICKET_VARS, "resolve_by": N_("The resolution due time (local)")},
        samples={**_TICKET_SAMPLES, "resolve_by": "2026-01-06 18:00"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】服务单 {{ ticket_number }} 即将超时",
                        "服务单 {{ ticket_number }}（{{ ticket_subject }}）须在 {{ resolve_by }} 前完成，"
                        "如不能按期完成请提前告知客户。\n{{ ticket_url }}"),
            "en": ("[{{ tenant_name }}] Ticket {{ ticket_number }} is due soon",
                   "Ticket {{ ticket_number }} ({{ ticket_subject }}) is due by {{ resolve_by }}; if it will be "
                   "late, tell the customer in advance.\n{{ ticket_url }}"),
        },
    ),
    Kind(
        key="appointment.reminder", audience="customer",
        rule="DOMAIN §1.3 (002 §二.(二)): the appointment is re-confirmed before the time",
        title={"zh_Hans": "预约提醒", "en": "Appointment reminder"},
        variables={**TICKET_VARS, "start": N_("Appointment start (local)"), "end": N_("Appointment end (local)")},
        samples={**_TICKET_SAMPLES, "start": "2026-01-06 09:00", "end": "2026-01-06 11:00"},
        defaults={
            "zh_Hans": ("", "【{{ tenant_name }}】{{ customer_name }}您好，我们的服务人员将于 {{ start }} 至 {{ end }} "
                            "上门服务（服务单 {{ ticket_number }}），如需改约请回电。"),
            "en": ("", "[{{ tenant_name }}] Dear {{ customer_name }}, our technician will visit you between "
                       "{{ start }} and {{ end }} (ticket {{ ticket_number }}). Call us to change the time."),
        },
    ),
    Kind(
        key="repair_ready.notice", audience="customer",
        rule="DOMAIN §3 (004 第二十七条): notify, notify again 3 days later",
        title={"zh_Hans": "维修完成取件通知", "en": "Repair ready to collect"},
        variables={**TICKET_VARS, "step": N_("This notice's number"), "notices": N_("Notices before the item is mailed back")},
        samples={**_TICKET_SAMPLES, "step": 1, "notices": 3},
        defaults={
            "zh_Hans": ("", "【{{ tenant_name }}】{{ customer_name }}您好，您送修的商品（服务单 {{ ticket_number }}）已修复，"
                            "请尽快取件（第{{ step }}次通知，共{{ notices }}次，逾期将邮寄返还）。"),
            "en": ("", "[{{ tenant_name }}] Dear {{ customer_name }}, your item (ticket {{ ticket_number }}) is "
                       "repaired: please collect it (notice {{ step }} of {{ notices }}; after that we mail it back)."),
        },
    ),
    Kind(
        key="repair_ready.mail_back", audience="customer",
        rule="DOMAIN §3 (004 第二十八条): after 3 unanswered notices, mail the product back",
        title={"zh_Hans": "邮寄返还通知", "en": "Item mailed back"},
        variables={**TICKET_VARS, "notices": N_("Notices that went unanswered")},
        samples={**_TICKET_SAMPLES, "notices": 3},
        defaults={
            "zh_Hans": ("", "【{{ tenant_name }}】{{ customer_name }}您好，经{{ notices }}次通知您未取件，"
                            "我们将把修复的商品（服务单 {{ ticket_number }}）邮寄返还给您。"),
            "en": ("", "[{{ tenant_name }}] Dear {{ customer_name }}, after {{ notices }} notices the repaired item "
                       "(ticket {{ ticket_number }}) was not collected: we are mailing it back to you."),
        },
    ),
    Kind(
        key="revisit.sms", audience="customer", rule="DOMAIN §3: a revisit by SMS",
        title={"zh_Hans": "短信回访", "en": "Revisit by SMS"},
        variables={"tenant_name": N_("Company name"), "customer_name": N_("Customer name"), "reason": N_("Why we get in touch"),
                   "ticket_number": N_("Ticket number (when the revisit is about one)")},
        samples={"tenant_name": "示例公司", "customer_name": "张先生", "reason": "服务后满意度回访",
                 "ticket_number": "T-2026-000123"},
        defaults={
            "zh_Hans": ("", "【{{ tenant_name }}】{{ customer_name }}您好，{{ reason }}。您对我们的服务满意吗？"
                            "回复1满意、2一般、3不满意。"),
            "en": ("", "[{{ tenant_name }}] Dear {{ customer_name }}: {{ reason }}. Were you satisfied with our "
                       "service? Reply 1 satisfied, 2 neutral, 3 unsatisfied."),
        },
    ),
    Kind(
        key="patrol.findings", audience="staff",
        rule="DOMAIN §12 (003 篇3 10.1.1): a quality patrol's findings go to customer service to be solved",
        title={"zh_Hans": "质量巡检发现的问题", "en": "Findings of a quality patrol"},
        variables=PATROL_VARS, samples=_PATROL_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】质量巡检发现 {{ findings }} 个问题：{{ customer_name }}",
                        "{{ visited_on }} 对客户 {{ customer_name }} 的质量巡检发现 {{ findings }} 个问题，"
                        "已递交客服部，请及时解决。\n{{ visit_url }}"),
            "en": ("[{{ tenant_name }}] Quality patrol at {{ customer_name }}: {{ findings }} findings",
                   "The quality patrol at {{ customer_name }} on {{ visited_on }} found {{ findings }} problems, "
                   "handed to customer service to be solved.\n{{ visit_url }}"),
        },
    ),
    Kind(
        key="patrol.follow_up_overdue", audience="staff",
        rule="DOMAIN §12 (003 篇3 10.1.1, 10.1.3): a finding is followed up by its due date",
        title={"zh_Hans": "巡检/调研问题跟进逾期", "en": "A finding's follow-up is overdue"},
        variables={**PATROL_VARS, "finding": N_("The finding"), "due_on": N_("Follow-up due date")},
        samples={**_PATROL_SAMPLES, "finding": "配电箱接线松动", "due_on": "2026-03-10"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】问题跟进已逾期：{{ customer_name }}",
                        "客户 {{ customer_name }} 的问题“{{ finding }}”应于 {{ due_on }} 前跟进，现已逾期，"
                        "请尽快处理并记录处理结果。\n{{ visit_url }}"),
            "en": ("[{{ tenant_name }}] Follow-up overdue: {{ customer_name }}",
                   "The finding \"{{ finding }}\" at {{ customer_name }} was to be followed up by {{ due_on }} "
                   "and is overdue: please act and record what was done.\n{{ visit_url }}"),
        },
    ),
    Kind(
        key="office_audit.announced", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第三条, 第四条): an announced audit is told to the office once approved",
        title={"zh_Hans": "办事处审计通知", "en": "An audit of your office"},
        variables=AUDIT_VARS, samples=_AUDIT_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】审计通知：{{ office }}",
                        "审计小组将对 {{ office }} 进行审计（{{ content }}），计划于 {{ completion_date }} 前完成。"
                        "请组织相关岗位人员配合审计工作。\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Audit of {{ office }}",
                   "The audit group will audit {{ office }} ({{ content }}), to be completed by "
                   "{{ completion_date }}. Please have the office's staff cooperate.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="office_audit.due_soon", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第三条): the audit is completed by its planned date",
        title={"zh_Hans": "办事处审计即将到期", "en": "An office audit is due soon"},
        variables=AUDIT_VARS, samples=_AUDIT_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】办事处审计即将到期：{{ office }}",
                        "对 {{ office }} 的审计（{{ content }}）计划于 {{ completion_date }} 完成，请按时完成并记录结果。"
                        "\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Office audit due soon: {{ office }}",
                   "The audit of {{ office }} ({{ content }}) is to be completed by {{ completion_date }}: "
                   "please complete it and record the result.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="office_audit.overdue", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第三条): the audit is completed by its planned date",
        title={"zh_Hans": "办事处审计逾期", "en": "An office audit is overdue"},
        variables=AUDIT_VARS, samples=_AUDIT_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】办事处审计已逾期：{{ office }}",
                        "对 {{ office }} 的审计（{{ content }}）计划于 {{ completion_date }} 完成，现已逾期。"
                        "\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Office audit overdue: {{ office }}",
                   "The audit of {{ office }} ({{ content }}) was to be completed by {{ completion_date }} and "
                   "is overdue.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="office_audit.approval_requested", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第三条): the plan is approved by the marketing centre's vice president",
        title={"zh_Hans": "办事处审计计划待审批", "en": "An office audit plan awaits approval"},
        variables=AUDIT_VARS, samples=_AUDIT_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】审计计划待审批：{{ office }}",
                        "审计小组制定了对 {{ office }} 的审计计划（{{ content }}），计划于 {{ completion_date }} 前完成，"
                        "报请营销中心副总审批，批准后方可进行。\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Audit plan to approve: {{ office }}",
                   "The audit group plans to audit {{ office }} ({{ content }}) by {{ completion_date }}. "
                   "The audit runs once the marketing centre's vice president approves the plan.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="office_audit.report", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第六条): the written report goes to the marketing centre's vice president",
        title={"zh_Hans": "办事处审计书面报告", "en": "An office audit's written report"},
        variables=AUDIT_VARS, samples=_AUDIT_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】审计报告：{{ office }}",
                        "审计小组已完成对 {{ office }} 的审计书面报告（{{ content }}），上报营销中心副总，"
                        "报告中的问题请由直线部门下达整改指令。\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Audit report: {{ office }}",
                   "The audit group's written report on {{ office }} ({{ content }}) is ready. The problems it "
                   "names are to be ordered put right by the line.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="office_audit.report_overdue", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第六条): the written report is completed within the set time",
        title={"zh_Hans": "办事处审计报告逾期", "en": "An office audit's report is overdue"},
        variables=AUDIT_VARS, samples=_AUDIT_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】审计报告已逾期：{{ office }}",
                        "对 {{ office }} 的审计（{{ content }}）已结束，书面报告应于 {{ report_due }} 前完成，现已逾期。"
                        "\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Audit report overdue: {{ office }}",
                   "The audit of {{ office }} ({{ content }}) is done and its written report was due by "
                   "{{ report_due }}: it is overdue.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="office_audit.rectification", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第七条): the line orders the problems put right",
        title={"zh_Hans": "审计整改指令", "en": "An audit problem to put right"},
        variables=RECTIFICATION_VARS, samples=_RECTIFICATION_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】审计整改指令：{{ office }}",
                        "审计中发现的问题：{{ problem }}\n整改要求：{{ instruction }}\n请于 {{ due_on }} 前完成整改并回报。"
                        "\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Audit problem to put right: {{ office }}",
                   "Problem found in the audit: {{ problem }}\nTo do: {{ instruction }}\nPlease put it right by "
                   "{{ due_on }} and report it done.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="office_audit.rectification_overdue", audience="staff",
        rule="DOMAIN §12 (001 篇1 办事处稽查 第七条): the ordered rectification is done by its due date",
        title={"zh_Hans": "审计整改逾期", "en": "An audit rectification is overdue"},
        variables=RECTIFICATION_VARS, samples=_RECTIFICATION_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】审计整改已逾期：{{ office }}",
                        "问题“{{ problem }}”应于 {{ due_on }} 前整改完毕（{{ instruction }}），现已逾期，请尽快整改并回报。"
                        "\n{{ audit_url }}"),
            "en": ("[{{ tenant_name }}] Audit rectification overdue: {{ office }}",
                   "The problem \"{{ problem }}\" was to be put right by {{ due_on }} ({{ instruction }}) and is "
                   "overdue: please put it right and report it done.\n{{ audit_url }}"),
        },
    ),
    Kind(
        key="residential.revisit_due", audience="staff",
        rule="DOMAIN §12 (001 篇2 二): a residential project is revisited at least twice a year under warranty",
        title={"zh_Hans": "住宅工程回访即将到期", "en": "A residential project's revisit is coming due"},
        variables={"tenant_name": N_("Company name"), "customer_name": N_("Customer name"),
                   "project_name": N_("The project"), "due_from": N_("First day of the revisit"),
                   "due_by": N_("Last day of the revisit"), "url": N_("The page in the console")},
        samples={"tenant_name": "示例公司", "customer_name": "张先生", "project_name": "阳光花园3栋502",
                 "due_from": "2026-12-18", "due_by": "2026-12-31", "url": "https://console.example/t/demo/revisits/"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】住宅工程 {{ project_name }} 保修期内回访即将到期",
                        "住宅工程 {{ project_name }}（客户 {{ customer_name }}）的保修期内定期回访须在 {{ due_from }} 至 "
                        "{{ due_by }} 之间完成（每年不少于二次）。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] Revisit of {{ project_name }} coming due",
                   "The warranty revisit of the residential project {{ project_name }} (customer {{ customer_name }}) "
                   "is due between {{ due_from }} and {{ due_by }} (at least twice a year).\n{{ url }}"),
        },
    ),
    Kind(
        key="season.visits_open", audience="staff",
        rule="DOMAIN §12 (004 1.3): every summer and winter each user is visited to inspect the product",
        title={"zh_Hans": "季节巡检尚未完成", "en": "Seasonal inspection visits not done yet"},
        variables={"tenant_name": N_("Company name"), "season": N_("The season"), "year": N_("The year"),
                   "last_day": N_("Last day of the season"), "open": N_("Visits not done yet"),
                   "url": N_("The page in the console")},
        samples={"tenant_name": "示例公司", "season": "夏季", "year": 2026, "last_day": "2026-08-31", "open": 5,
                 "url": "https://console.example/t/demo/seasonal-visits/"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】{{ year }}年{{ season }}巡检还有 {{ open }} 户未完成",
                        "{{ year }}年{{ season }}回访检修将于 {{ last_day }} 结束，还有 {{ open }} 户用户未上门检修。"
                        "\n{{ url }}"),
            "en": ("[{{ tenant_name }}] {{ open }} {{ season }} {{ year }} inspection visits not done",
                   "The {{ season }} {{ year }} inspection round ends on {{ last_day }}; {{ open }} users are not "
                   "visited yet.\n{{ url }}"),
        },
    ),
    Kind(
        key="weekly.reminder", audience="staff",
        rule="DOMAIN §12 (003 篇3 四): the week's report is due by Friday noon",
        title={"zh_Hans": "周报提醒", "en": "Weekly report reminder"},
        variables={**_STAFF_VARS, "week_start": N_("The Monday of the week"), "due": N_("When the report is due (local)")},
        samples={**_STAFF_SAMPLES, "week_start": "2026-12-07", "due": "2026-12-11 12:00"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】请在 {{ due }} 前提交本周服务周报",
                        "您 {{ week_start }} 这一周的服务周报（服务情况、客户反馈）尚未提交，请在 {{ due }} 前提交，"
                        "供部门例会使用。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] Your weekly report is due by {{ due }}",
                   "Your service report for the week of {{ week_start }} (service situations, customer feedback) "
                   "is not in yet: please submit it by {{ due }} for the department meeting.\n{{ url }}"),
        },
    ),
    Kind(
        key="calls.rings_missed", audience="staff",
        rule="DOMAIN §12 (003 篇6): the phone is answered within three rings",
        title={"zh_Hans": "昨日来电未在三声内接听", "en": "Calls not answered within three rings yesterday"},
        variables={**_STAFF_VARS, "day": N_("The day"), "answered": N_("Calls answered"),
                   "within": N_("Answered within three rings"), "share": N_("Share within three rings"),
                   "agents": N_("Agents (工号) with calls past three rings, and how many")},
        samples={**_STAFF_SAMPLES, "day": "2026-12-06", "answered": 120, "within": 114, "share": "95.0%",
                 "agents": "8012 (4), 8015 (2)"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】{{ day }} 三声内接听率 {{ share }}",
                        "{{ day }} 共接听来电 {{ answered }} 个，三声内接听 {{ within }} 个（{{ share }}）。"
                        "超过三声接听的工号：{{ agents }}。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] {{ day }}: {{ share }} answered within three rings",
                   "On {{ day }}, {{ within }} of {{ answered }} answered calls were answered within three rings "
                   "({{ share }}). Agents with calls past three rings: {{ agents }}.\n{{ url }}"),
        },
    ),
    Kind(
        key="surveys.month_results", audience="staff",
        rule="DOMAIN §12 (003 篇3 10.1.2): the questionnaire's results are analysed per period",
        title={"zh_Hans": "上月满意度调查结果", "en": "Last month's questionnaire results"},
        variables={**_STAFF_VARS, "month": N_("The month"), "responses": N_("Questionnaires answered"),
                   "installation": N_("Installation: mean score (share satisfied)"),
                   "operation": N_("Operation: mean score (share satisfied)"),
                   "implementation": N_("Implementation: mean score (share satisfied)"),
                   "after_sales": N_("After-sales: mean score (share satisfied)"),
                   "training": N_("Training: mean score (share satisfied)")},
        samples={**_STAFF_SAMPLES, "month": "2026-11", "responses": 42, "installation": "4.50 (90%)",
                 "operation": "4.20 (81%)", "implementation": "4.00 (75%)", "after_sales": "4.60 (93%)",
                 "training": "—"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】{{ month }} 满意度调查结果",
                        "{{ month }} 共收回调查表 {{ responses }} 份。平均分（满意率）：安装 {{ installation }}；"
                        "运行 {{ operation }}；实施 {{ implementation }}；售后 {{ after_sales }}；培训 {{ training }}。"
                        "\n{{ url }}"),
            "en": ("[{{ tenant_name }}] Questionnaire results for {{ month }}",
                   "{{ responses }} questionnaires were answered in {{ month }}. Mean score (share satisfied): "
                   "installation {{ installation }}; operation {{ operation }}; implementation {{ implementation }}; "
                   "after-sales {{ after_sales }}; training {{ training }}.\n{{ url }}"),
        },
    ),
    Kind(
        key="fault.reported", audience="staff",
        rule="DOMAIN §12 (003 篇3 七): the first to learn of a major fault tells the account owner and the manager at once",
        title={"zh_Hans": "重大故障报告", "en": "Major fault reported"},
        variables={**_FAULT_VARS, "symptoms": N_("Symptoms"), "plan": N_("Plan")},
        samples={**_FAULT_SAMPLES, "symptoms": "主机停机，报警灯常亮", "plan": "技术员两小时内到场抢修"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】重大故障：{{ customer_name }} {{ place }}",
                        "{{ customer_name }} 于 {{ occurred_at }} 在 {{ place }} 发生重大故障。\n现象：{{ symptoms }}\n"
                        "处理方案：{{ plan }}\n请分管经理转达公司高层并跟踪处理。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] Major fault: {{ customer_name }}, {{ place }}",
                   "A major fault happened at {{ customer_name }}, {{ place }}, at {{ occurred_at }}.\n"
                   "Symptoms: {{ symptoms }}\nPlan: {{ plan }}\nThe responsible manager informs senior management "
                   "and tracks it.\n{{ url }}"),
        },
    ),
    Kind(
        key="fault.inform_management", audience="staff",
        rule="DOMAIN §12 (003 篇3 七): the responsible manager informs senior management of a major fault",
        title={"zh_Hans": "重大故障尚未通报公司领导", "en": "Major fault: senior management not yet informed"},
        variables={**_FAULT_VARS, "hours": N_("Hours since the report")},
        samples={**_FAULT_SAMPLES, "hours": 4},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】重大故障（{{ customer_name }}）尚未通报公司领导",
                        "{{ customer_name }} 于 {{ occurred_at }} 在 {{ place }} 发生的重大故障已报告 {{ hours }} 小时，"
                        "尚未记录已通报公司领导。请您作为分管经理及时转达公司高层并跟踪处理。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] Major fault ({{ customer_name }}): senior management not informed",
                   "The major fault of {{ customer_name }} at {{ place }} ({{ occurred_at }}) was reported "
                   "{{ hours }} hours ago and senior management is not recorded as informed: as the responsible "
                   "manager, please inform them and track the fault.\n{{ url }}"),
        },
    ),
    Kind(
        key="fault.analysis_due", audience="staff",
        rule="DOMAIN §12 (003 篇3 七): after the fault the technical lead files the fault analysis",
        title={"zh_Hans": "重大故障分析报告未填写", "en": "Major fault: analysis not filed"},
        variables={**_FAULT_VARS, "days": N_("Days since the report")},
        samples={**_FAULT_SAMPLES, "days": 3},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】重大故障（{{ customer_name }}）分析报告尚未填写",
                        "{{ customer_name }} 于 {{ occurred_at }} 在 {{ place }} 发生的重大故障已报告 {{ days }} 天，"
                        "故障分析报告（影响、处理情况、原因分析、纠正和预防措施）尚未填写，请组织填写并反馈客户。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] Major fault ({{ customer_name }}): the analysis is not filed",
                   "The major fault of {{ customer_name }} at {{ place }} ({{ occurred_at }}) was reported "
                   "{{ days }} days ago and its analysis (impact, handling, root cause, corrective and preventive "
                   "actions) is not filed: please have it written for the customer.\n{{ url }}"),
        },
    ),
    Kind(
        key="transport.file_due", audience="staff",
        rule="DOMAIN §12 (001 篇1 退换货 第四条): the claim is filed with the carrier for the customer",
        title={"zh_Hans": "运输索赔尚未向承运方提出", "en": "Transport claim not filed with the carrier"},
        variables={**_CLAIM_VARS, "days": N_("Days since the claim was opened")},
        samples={**_CLAIM_SAMPLES, "days": 3},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】运单 {{ waybill_no }} 的索赔尚未向 {{ carrier }} 提出",
                        "{{ customer_name }} 的运输损失索赔（{{ carrier }}，运单 {{ waybill_no }}）已登记 {{ days }} 天，"
                        "尚未向承运方提出，请与物流部门尽快办理。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] The claim on waybill {{ waybill_no }} is not filed with {{ carrier }}",
                   "The transport claim of {{ customer_name }} ({{ carrier }}, waybill {{ waybill_no }}) was opened "
                   "{{ days }} days ago and is not filed with the carrier yet: please file it with logistics."
                   "\n{{ url }}"),
        },
    ),
    Kind(
        key="transport.result_due", audience="staff",
        rule="DOMAIN §12 (001 篇1 退换货 第四条): the claim is tracked to its result",
        title={"zh_Hans": "运输索赔尚无结果", "en": "Transport claim without a result"},
        variables={**_CLAIM_VARS, "filed_on": N_("Filed with the carrier on"), "days": N_("Days since it was filed")},
        samples={**_CLAIM_SAMPLES, "filed_on": "2026-11-06", "days": 30},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】运单 {{ waybill_no }} 的索赔尚无结果",
                        "{{ customer_name }} 的运输损失索赔（{{ carrier }}，运单 {{ waybill_no }}）已于 {{ filed_on }} "
                        "向承运方提出，{{ days }} 天仍无结果，请跟进赔付或拒赔结果。\n{{ url }}"),
            "en": ("[{{ tenant_name }}] The claim on waybill {{ waybill_no }} has no result",
                   "The transport claim of {{ customer_name }} ({{ carrier }}, waybill {{ waybill_no }}) was filed "
                   "with the carrier on {{ filed_on }}, {{ days }} days ago, and has no result: please follow it "
                   "up.\n{{ url }}"),
        },
    ),
    Kind(
        key="fines.removal_proposed", audience="staff",
        rule="DOMAIN §12 (003 篇6 管理规定): the third breach is removal, confirmed by a manager it does not concern",
        title={"zh_Hans": "辞退待确认", "en": "A removal waits for confirmation"},
        variables={**_STAFF_VARS, "person": N_("Who broke the rule"), "rule": N_("Rule broken"),
                   "count": N_("Breaches of this rule")},
        samples={**_STAFF_SAMPLES, "person": "李师傅", "rule": "上门迟到", "count": 3},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】{{ person }} 第{{ count }}次违反同一规定，辞退待确认",
                        "{{ person }} 第{{ count }}次违反“{{ rule }}”，按处罚规定应予辞退，需由与此无关的经理确认。"
                        "\n{{ url }}"),
            "en": ("[{{ tenant_name }}] {{ person }}: removal proposed, waiting for confirmation",
                   "{{ person }} broke the rule \"{{ rule }}\" for the {{ count }}th time: the rules propose removal, "
                   "to be confirmed by a manager it does not concern.\n{{ url }}"),
        },
    ),
    Kind(
        key="leave.requested", audience="staff",
        rule="DOMAIN §12 (003 篇1 请假制度 三): one day decided by the department head, more by the centre head",
        title={"zh_Hans": "请假申请待审批", "en": "Leave to decide"},
        variables=LEAVE_VARS, samples=_LEAVE_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】{{ person }} 请假 {{ days }} 天待您审批",
                        "{{ person }} 申请请假：{{ first_day }} 至 {{ last_day }}，共 {{ days }} 天"
                        "{% if night_shift %}（夜班）{% endif %}{% if holiday %}，含法定节假日（特殊情况）{% endif %}。\n"
                        "事由：{{ reason }}\n请审批：{{ leave_url }}"),
            "en": ("[{{ tenant_name }}] {{ person }} asks {{ days }} day(s) of leave",
                   "{{ person }} asks leave from {{ first_day }} to {{ last_day }}, {{ days }} day(s)"
                   "{% if night_shift %} (night shift){% endif %}{% if holiday %}, over a statutory holiday "
                   "(an exception){% endif %}.\nReason: {{ reason }}\nDecide: {{ leave_url }}"),
        },
    ),
    Kind(
        key="leave.decided", audience="staff",
        rule="DOMAIN §12 (003 篇1 请假制度): the person who asked hears the decision",
        title={"zh_Hans": "请假审批结果", "en": "Leave decided"},
        variables=LEAVE_VARS, samples=_LEAVE_SAMPLES,
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】您的请假{% if decision == 'approved' %}已批准{% else %}未获批准{% endif %}",
                        "您 {{ first_day }} 至 {{ last_day }} 的请假{% if decision == 'approved' %}已批准"
                        "{% else %}未获批准{% endif %}。{% if decision_reason %}\n说明：{{ decision_reason }}{% endif %}"
                        "\n{{ leave_url }}"),
            "en": ("[{{ tenant_name }}] Your leave is {% if decision == 'approved' %}approved{% else %}refused{% endif %}",
                   "Your leave from {{ first_day }} to {{ last_day }} is "
                   "{% if decision == 'approved' %}approved{% else %}refused{% endif %}."
                   "{% if decision_reason %}\nNote: {{ decision_reason }}{% endif %}\n{{ leave_url }}"),
        },
    ),
    Kind(
        key="roster.unstaffed", audience="staff",
        rule="DOMAIN §12 (003 篇3 八): a duty roster keeps service staffed on statutory holidays",
        title={"zh_Hans": "节假日无人值班", "en": "A holiday with nobody on duty"},
        variables={"tenant_name": N_("Company name"), "day": N_("The holiday day"), "holiday": N_("The holiday"),
                   "days_ahead": N_("Days until it"), "roster_url": N_("Address of the duty roster in the console")},
        samples={"tenant_name": "示例公司", "day": "2026-10-01", "holiday": "国庆节 / National Day", "days_ahead": 7,
                 "roster_url": "https://console.example/t/demo/duty-roster/"},
        defaults={
            "zh_Hans": ("【{{ tenant_name }}】{{ day }} 节假日无人值班",
                        "{{ day }}（{{ holiday }}，{{ days_ahead }} 天后）的值班表还没有安排任何人。"
                        "请安排节假日值班：{{ roster_url }}"),
            "en": ("[{{ tenant_name }}] Nobody is on duty on {{ day }}",
                   "Nobody is on the duty roster of {{ day }} ({{ holiday }}, in {{ days_ahead }} day(s)). "
                   "Staff the holiday: {{ roster_url }}"),
        },
    ),
    Kind(
        key="auth.password_reset", audience="staff", rule="docs/security.md: password reset by a one-time link",
        title={"zh_Hans": "重置密码", "en": "Password reset"}, sensitive=True, bilingual=True,
        variables={"email": N_("The account's e-mail"), "minutes": N_("Minutes the link stays valid"), "url": N_("The link")},
        samples={"email": "agent@example.com", "minutes": 30, "url": "https://console.example/reset-password?token=…"},
        defaults={
            "zh_Hans": ("重置您的 Shouhou 密码",
                        "有人请求重置 {{ email }} 的密码。请在{{ minutes }}分钟内打开以下链接设置新密码，链接只能使用一次：\n\n"
                        "{{ url }}\n\n如果不是您本人操作，请忽略此邮件，您的密码不会改变。"),
            "en": ("Reset your Shouhou password",
                   "Someone asked to reset the password of {{ email }}. Open this link within {{ minutes }} minutes "
                   "to choose a new password; it works once:\n\n{{ url }}\n\nIf this was not you, ignore this "
                   "message: your password stays as it is."),
        },
    ),
)}


def kind_of(key: str) -> Kind:
    """The kind named ``key``; 404 when there is none."""
    kind = KINDS.get(key)
    if kind is None:
        raise NotFound(f"no kind of notification is named {key!r}")
    return kind


async def render_pair(subject: str, body: str, variables: dict) -> tuple[str, str]:
    """Render a subject and body with ``variables`` in the sandbox (raises :class:`ScriptError`)."""
    rendered_subject = (await render_bounded(subject, variables))[0] if subject else ""
    rendered_body = (await render_bounded(body, variables))[0]
    return " ".join(rendered_subject.split())[:MAX_SUBJECT], rendered_body


async def check_template(kind: Kind, subject: str, body: str) -> tuple[str, str]:
    """Refuse a template that is too long, does not parse, breaks the sandbox or fails on the sample
    values (422 naming ``subject`` or ``body``); the preview with the sample values otherwise."""
    errors: list[tuple[str, str]] = []
    for name, source, limit in (("subject", subject, MAX_SUBJECT), ("body", body, MAX_BODY)):
        if len(source) > limit:
            errors.append((name, f"must be at most {limit} characters"))
            continue
        if name == "body" and not source.strip():
            errors.append((name, "must not be empty"))
            continue
        try:
            check_syntax(source)
            await render_bounded(source, kind.samples)
        except ScriptError as exc:
            errors.append((name, str(exc)[:300]))
    if errors:
        raise Invalid.fields("the template cannot be used", errors)
    return await render_pair(subject, body, kind.samples)
