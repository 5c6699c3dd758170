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
