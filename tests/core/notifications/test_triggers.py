"""What goes through the outbox, each at the edges of its source rule: the 30-minute escalation,
SLA warnings and the escalation ladder, appointment reminders, the e-commerce repair-ready notices
(3 notices, then mail back), revisit SMS and the password-reset mail."""

from __future__ import annotations

import asyncio
import sys
import types
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.db.base import utcnow
from core.hookspecs import hookimpl
from core.revisits.types import RevisitRule
from core.tickets.sla_sweep import sweep_sla
from tests.core.notifications.helpers import make_lead, ticket_notifications

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def keys(items: list[dict]) -> list[str]:
    return sorted(item["template_key"] for item in items)


async def test_escalation_30_minute_rule_warns_at_30_minutes_not_before(desk, operator, shouhou_plugins):
    """DOMAIN §1.2 (003 篇6, 时限30分钟内): an open phone question not escalated 29 minutes after it
    was taken is not yet late; at 30 minutes the owner and the team lead are told, once."""
    _settings, maker = operator
    lead = await make_lead(desk)
    question = await desk.open(kind="consultation", channel="phone")
    escalate_by = ts(question["sla"]["escalate_by"])
    assert escalate_by - ts(question["created_at"]) == timedelta(minutes=30)
    await sweep_sla(maker, escalate_by - timedelta(minutes=1), plugins=shouhou_plugins)
    assert await ticket_notifications(desk.tenant, question["id"]) == []
    await sweep_sla(maker, escalate_by, plugins=shouhou_plugins)
    await sweep_sla(maker, escalate_by + timedelta(minutes=5), plugins=shouhou_plugins)
    missed = [n for n in await ticket_notifications(desk.tenant, question["id"])
              if n["template_key"] == "sla.escalate_missed"]
    assert sorted(n["recipient"] for n in missed) == sorted([desk.tenant.admin_email, lead.admin_email])
    assert all("30" in n["body"] for n in missed)


async def test_an_escalation_goes_to_the_person_named(desk):
    """DOMAIN §1.2: escalate to the responsible person — the one the agent names."""
    await make_lead(desk)
    chief = await desk.tenant.add_user("manager", name="主管 王")
    question = await desk.open(kind="consultation", channel="phone")
    await desk.drive(question["id"], [])
    response = await desk.act(question["id"], "escalate", to_user_id=chief.admin_id, reason="需要上门")
    assert response.status_code == 200, response.text
    [sent] = await ticket_notifications(desk.tenant, question["id"])
    assert sent["recipient"] == chief.admin_email and "需要上门" in sent["body"]


async def test_sla_breach_and_ladder_warn_staff_without_quiet_hours(desk, operator, shouhou_plugins):
    """DOMAIN §1 SLA defaults: the respond target missed tells the owner and the technician; the
    ladder's first rung (team lead, at the breach) is told too; each once."""
    _settings, maker = operator
    lead = await make_lead(desk)
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["assign"])
    respond_by = ts(ticket["sla"]["respond_by"])
    await sweep_sla(maker, respond_by - timedelta(seconds=1), plugins=shouhou_plugins)
    assert await ticket_notifications(desk.tenant, ticket["id"]) == []
    for _ in range(2):
        await sweep_sla(maker, respond_by, plugins=shouhou_plugins)
    found = await ticket_notifications(desk.tenant, ticket["id"])
    breached = sorted(n["recipient"] for n in found if n["template_key"] == "sla.breached")
    assert breached == sorted([desk.tenant.admin_email, desk.technician.admin_email])
    assert [n["recipient"] for n in found if n["template_key"] == "sla.escalated"] == [lead.admin_email]
    assert all(n["status"] == "queued" for n in found)


async def test_a_late_repair_is_announced_to_staff_in_advance(desk, operator, shouhou_plugins):
    """DOMAIN §1 (004 第十六条): ``advance_notice_hours`` before the resolution is due, not earlier."""
    _settings, maker = operator
    saved = await desk.tenant.put("/api/v1/sla/policy", json={"resolve_hours": 48, "advance_notice_hours": 24})
    assert saved.status_code == 200, saved.text
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["assign"])
    resolve_by = ts(ticket["sla"]["resolve_by"])
    await sweep_sla(maker, resolve_by - timedelta(hours=24, seconds=1), plugins=shouhou_plugins)
    assert "sla.due_soon" not in keys(await ticket_notifications(desk.tenant, ticket["id"]))
    await sweep_sla(maker, resolve_by - timedelta(hours=24), plugins=shouhou_plugins)
    assert keys(await ticket_notifications(desk.tenant, ticket["id"])).count("sla.due_soon") == 2


async def schedule(desk, ticket_id: str, start: datetime) -> None:
    response = await desk.act(ticket_id, "schedule", start=start.isoformat(),
                              end=(start + timedelta(hours=2)).isoformat())
    assert response.status_code == 200, response.text


async def test_appointment_reminder_a_day_before_outside_quiet_hours(desk):
    """DOMAIN §1.3 (002 §二.(二)): the appointment is re-confirmed before the time — a reminder 24 h
    before; a reminder that would fall in the customers' rest (DOMAIN §3) waits for its end; a
    new appointment withdraws the old reminder, a new technician drops it."""
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["assign"])
    day = (utcnow().astimezone(SHANGHAI) + timedelta(days=5)).date()
    await schedule(desk, ticket["id"], datetime.combine(day, time(9, 0), tzinfo=SHANGHAI))
    [unsent] = await ticket_notifications(desk.tenant, ticket["id"])
    assert (unsent["status"], unsent["error"]) == ("suppressed", "the sms channel is not configured")

    await desk.tenant.put("/api/v1/notifications/settings", json={
        "channels": {"sms": {"url": "https://1.2.3.4/sms"}}, "customer_channel": "sms"})
    await schedule(desk, ticket["id"], datetime.combine(day, time(10, 0), tzinfo=SHANGHAI))
    first = (await ticket_notifications(desk.tenant, ticket["id"]))[0]
    assert first["audience"] == "customer" and first["status"] == "queued"
    assert ts(first["next_attempt_at"]) == datetime.combine(day - timedelta(days=1), time(10, 0), tzinfo=SHANGHAI)
    await schedule(desk, ticket["id"], datetime.combine(day, time(7, 30), tzinfo=SHANGHAI))
    latest = (await ticket_notifications(desk.tenant, ticket["id"]))[0]
    assert latest["status"] == "queued"
    assert ts(latest["next_attempt_at"]) == datetime.combine(day - timedelta(days=1), time(8, 0), tzinfo=SHANGHAI), \
        "07:30 the day before is in the 21:00–08:00 rest"

    await schedule(desk, ticket["id"], datetime.combine(day, time(15, 0), tzinfo=SHANGHAI))
    reminders = await ticket_notifications(desk.tenant, ticket["id"])
    assert [r["status"] for r in reminders] == ["queued", "suppressed", "suppressed", "suppressed"]
    assert reminders[1]["error"] == "the appointment changed"
    await desk.drive(ticket["id"], ["assign"])
    assert {r["status"] for r in await ticket_notifications(desk.tenant, ticket["id"])} == {"suppressed"}


async def test_appointment_sooner_than_a_day_is_reminded_at_once(desk):
    """The reminder lead cannot reach into the past: an appointment in 3 hours is reminded now (or
    when the customers' rest ends)."""
    await desk.tenant.put("/api/v1/notifications/settings", json={
        "channels": {"sms": {"url": "https://1.2.3.4/sms"}}, "customer_channel": "sms"})
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["assign"])
    before = utcnow()
    await schedule(desk, ticket["id"], before + timedelta(hours=3))
    [reminder] = await ticket_notifications(desk.tenant, ticket["id"])
    assert before <= ts(reminder["next_attempt_at"]) <= before + timedelta(hours=11), "now or at the rest's end"


@pytest.fixture
async def shop(make_tenant):
    tenant = await make_tenant(plugins=["ecommerce"])
    await tenant.put("/api/v1/notifications/settings", json={
        "channels": {"sms": {"url": "https://1.2.3.4/sms"}}, "customer_channel": "sms"})
    return tenant, await tenant.customer(name="赵先生", phone="13700137000")


async def open_notice(tenant, ticket) -> dict:
    items = (await tenant.get(f"/api/v1/revisits?status=open&customer_id={ticket['customer_id']}")).json()["items"]
    [notice] = [r for r in items if r["ticket_id"] == ticket["id"]]
    return notice


async def test_repair_ready_three_notices_then_mail_back(shop):
    """DOMAIN §3 (004 第二十七-二十八条): the repaired item is ready — notice 1; unanswered, notice 2
    and 3 three days apart; after the third unanswered notice the item is mailed back and the
    customer is told so. Nothing is sent before its time, nothing twice."""
    tenant, customer = shop
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "visit", "customer_id": customer["id"], "subject": "蓝牙耳机不响"})).json()
    assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                              json={"action": "resolve", "resolution": "已修复"})).status_code == 200
    for step in (1, 2, 3):
        found = [n for n in await ticket_notifications(tenant, ticket["id"]) if n["template_key"].startswith("repair")]
        assert keys(found) == ["repair_ready.notice"] * step, f"notice {step}"
        assert f"第{step}次通知，共3次" in found[0]["body"] and found[0]["recipient"] == "+8613700137000"
        notice = await open_notice(tenant, ticket)
        if step > 1:
            due = datetime.fromisoformat(notice["scheduled_at"])
            assert ts(found[0]["next_attempt_at"]) == due, "sent when the notice is due, 3 days after the last"
        response = await tenant.post(f"/api/v1/revisits/{notice['id']}/outcome", json={"outcome": "unreachable"})
        assert response.status_code == 200, response.text
    found = await ticket_notifications(tenant, ticket["id"])
    assert keys(found) == ["repair_ready.mail_back", *["repair_ready.notice"] * 3]
    assert "邮寄" in found[0]["body"] and "3次" in found[0]["body"]


def sms_rules_plugin() -> types.ModuleType:
    module = types.ModuleType("smsrules_plugin")

    @hookimpl
    def shouhou_revisit_rules():
        return [RevisitRule(id="smsrules.after_close", trigger="ticket.closed", due_from_days=1, due_by_days=2,
                            channel="sms", reason={"zh_Hans": "服务后次日短信回访", "en": "next-day SMS revisit"})]

    module.shouhou_revisit_rules = shouhou_revisit_rules
    sys.modules.setdefault("smsrules_plugin", module)
    return module


async def test_a_revisit_by_sms_is_sent_when_it_is_due(desk, register_plugin):
    """DOMAIN §3: a revisit is a scheduled contact by call, SMS, letter or visit — an SMS revisit
    goes out at its scheduled time (the first day of its window, outside quiet hours)."""
    assert register_plugin(sms_rules_plugin(), "smsrules")
    await desk.tenant.enable("smsrules")
    await desk.tenant.put("/api/v1/notifications/settings", json={
        "channels": {"sms": {"url": "https://1.2.3.4/sms"}}, "customer_channel": "sms"})
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["resolve", "accept", "close"])
    [sms] = [n for n in await ticket_notifications(desk.tenant, ticket["id"]) if n["template_key"] == "revisit.sms"]
    tomorrow = (utcnow().astimezone(SHANGHAI) + timedelta(days=1)).date()
    assert ts(sms["next_attempt_at"]) == datetime.combine(tomorrow, time(8, 0), tzinfo=SHANGHAI)
    assert "服务后次日短信回访" in sms["body"] and sms["status"] == "queued"


async def test_password_reset_mail_goes_through_the_outbox_and_its_link_is_redacted(
        loopback_app, smtp_server, tenant_a, outbox):
    """docs/security.md: the one-time link is mailed; the outbox keeps no usable link once sent."""
    _port, inbox = smtp_server
    asked = await loopback_app.post("/api/v1/auth/password-reset",
                                    json={"tenant": tenant_a.slug, "email": tenant_a.admin_email})
    assert asked.status_code == 202
    for _ in range(100):
        if inbox.messages:
            break
        await asyncio.sleep(0.05)
    assert inbox.messages, "the mail went out at once"
    [row] = await outbox(tenant_a.id, template_key="auth.password_reset")
    assert (row.status, row.attempts, row.locale) == ("sent", 1, "zh_Hans,en")
    assert "token" not in row.body and row.body == "[redacted after delivery]"


async def test_a_collected_item_gets_no_more_ready_notices(shop):
    """004 第二十七条: the notices are for an item that waits; collected (accepted), the pending
    notice is withdrawn."""
    tenant, customer = shop
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "visit", "customer_id": customer["id"], "subject": "蓝牙耳机不响"})).json()
    await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json={"action": "resolve", "resolution": "已修复"})
    [notice] = await ticket_notifications(tenant, ticket["id"])
    assert notice["status"] == "queued"
    accepted = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json={
        "action": "accept", "signed_by": "赵先生", "signature_image": "data:image/png;base64,iVBORw0KGgo="})
    assert accepted.status_code == 200, accepted.text
    [withdrawn] = await ticket_notifications(tenant, ticket["id"])
    assert (withdrawn["status"], withdrawn["error"]) == ("suppressed", "the ticket was accepted")


async def test_a_customer_reached_by_phone_gets_no_pending_revisit_sms(desk, register_plugin):
    assert register_plugin(sms_rules_plugin(), "smsrules")
    await desk.tenant.enable("smsrules")
    await desk.tenant.put("/api/v1/notifications/settings", json={
        "channels": {"sms": {"url": "https://1.2.3.4/sms"}}, "customer_channel": "sms"})
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["resolve", "accept", "close"])
    items = (await desk.tenant.get(f"/api/v1/revisits?status=open&customer_id={ticket['customer_id']}")).json()["items"]
    [revisit] = [r for r in items if r["ticket_id"] == ticket["id"]]
    done = await desk.tenant.post(f"/api/v1/revisits/{revisit['id']}/outcome", json={"outcome": "satisfied"})
    assert done.status_code == 200, done.text
    [sms] = [n for n in await ticket_notifications(desk.tenant, ticket["id"]) if n["template_key"] == "revisit.sms"]
    assert (sms["status"], sms["error"]) == ("suppressed", "the customer was reached: satisfied")
