"""The reminders of the service operations (DOMAIN §12: "its reminders through the notification
outbox"), each at the edges of its rule, run as the worker's hourly ``reminders.sweep`` runs them:
the weekly report on Friday from 09:00 (003 篇3 四), a major fault's management and analysis
(003 篇3 七), a transport claim's filing and result (001 篇1 退换货 第四条), a proposed removal
(003 篇6 管理规定). A second sweep queues nothing new; one company's sweep reaches only its own."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from core.db.tenancy import bind_tenant
from core.faults.reminders import ANALYSIS_WITHIN_DAYS, INFORM_WITHIN
from core.notifications.reminders import remind_from
from core.sweeps import PERIODIC, send_reminders
from core.transport.reminders import FILE_WITHIN_DAYS, RESULT_WITHIN_DAYS
from core.weekly.deadline import week_of
from tenants.context import load_context

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def sweep(sessions, plugins, tenant, now: datetime) -> dict[str, int]:
    """The worker's ``reminders.sweep`` for one tenant at ``now``."""
    session = sessions()
    bind_tenant(session, UUID(tenant.id))
    try:
        async with session.begin():
            ctx = await load_context(session, plugins, UUID(tenant.id))
            return await send_reminders(session, ctx, {}, now=now)
    finally:
        await session.close()


async def outbox(tenant, key: str) -> list[dict]:
    """The tenant's messages of kind ``key`` (the delivery log, as its admin reads it)."""
    answer = await tenant.get(f"/api/v1/notifications?template_key={key}&limit=100")
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def recipients(tenant, key: str) -> list[str]:
    return sorted(n["recipient"] for n in await outbox(tenant, key))


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


def test_the_reminders_sweep_runs_every_hour_of_the_tenants_clock():
    [reminders] = [s for s in PERIODIC if s.kind == "reminders.sweep"]

    class Tenant:
        timezone = "Asia/Shanghai"

    label_0859, _ = reminders.period(Tenant, local(date(2026, 12, 11), 8, 59), 60)
    label_0900, _ = reminders.period(Tenant, local(date(2026, 12, 11), 9, 0), 60)
    label_0959, _ = reminders.period(Tenant, local(date(2026, 12, 11), 9, 59), 60)
    assert label_0859 != label_0900 == label_0959 == "2026-12-11T09"


async def test_domain_12_weekly_report_reminder_on_friday_from_09_00_to_those_who_owe_it(
        tenant_a, tenant_b, shouhou_sessions, shouhou_plugins):
    """003 篇3 四 (by Friday noon): Friday 08:59 nobody is reminded; 09:00 each technician still
    owing the week's report, once; not those who submitted; until 12:00:00 included, not after."""
    last_monday = week_of(datetime.now(SHANGHAI).date()) - timedelta(days=7)
    friday = last_monday + timedelta(days=4)
    done, owing = await tenant_a.add_user("technician", name="李师傅"), await tenant_a.add_user("technician", name="王师傅")
    other = await tenant_b.add_user("technician", name="别家师傅")
    sent = await done.post("/api/v1/weekly-reports", json={"situations": "上门 9 次", "feedback": "满意",
                                                           "week_start": last_monday.isoformat()})
    assert sent.status_code == 201, sent.text
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(friday, 8, 59, 59))
    assert await outbox(tenant_a, "weekly.reminder") == []
    assert (await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(friday, 9, 0)))["weekly_reports"] == 1
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(friday, 10, 0))  # the next hour: nothing new
    [reminder] = await outbox(tenant_a, "weekly.reminder")
    assert reminder["recipient"] == owing.admin_email and reminder["status"] == "queued"
    assert "12:00" in reminder["subject"] and last_monday.isoformat() in reminder["body"]
    assert "/weekly-report" in reminder["body"]
    assert await outbox(tenant_b, "weekly.reminder") == []  # the other company's technician is not reached
    late = await tenant_a.add_user("technician", name="赵师傅")
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(friday, 12, 0, 1))  # past the deadline
    assert await recipients(tenant_a, "weekly.reminder") == [owing.admin_email]
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(friday, 12, 0))  # the deadline itself
    assert await recipients(tenant_a, "weekly.reminder") == sorted([owing.admin_email, late.admin_email])
    await sweep(shouhou_sessions, shouhou_plugins, tenant_b, local(friday, 9, 0))
    assert await recipients(tenant_b, "weekly.reminder") == [other.admin_email]
    assert await recipients(tenant_a, "weekly.reminder") == sorted([owing.admin_email, late.admin_email])


async def test_domain_12_the_weekly_reminder_goes_once_a_week_per_person(tenant_a, shouhou_sessions, shouhou_plugins):
    owing = await tenant_a.add_user("technician")
    monday = week_of(datetime.now(SHANGHAI).date()) - timedelta(days=14)
    for week in (monday, monday + timedelta(days=7)):
        for _ in range(2):
            await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(week + timedelta(days=4), 9, 30))
    assert await recipients(tenant_a, "weekly.reminder") == [owing.admin_email] * 2


async def report_fault(tenant, reporter, manager) -> dict:
    customer = await tenant.customer(name="苏州工厂")
    answer = await reporter.post("/api/v1/major-faults", json={
        "customer_id": customer["id"], "occurred_at": (datetime.now(SHANGHAI) - timedelta(hours=1)).isoformat(),
        "place": "3 号车间", "symptoms": "全部灯具熄灭", "plan": "立即派两名技师上门",
        "account_owner_id": reporter.admin_id, "manager_id": manager.admin_id})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_domain_12_a_major_fault_is_told_at_once_to_the_account_owner_and_the_manager(tenant_a, tenant_b):
    """003 篇3 七: the first to learn of a major fault tells the account owner and the responsible
    manager at once — time, place, symptoms, plan — not at the next sweep."""
    reporter, manager = await tenant_a.add_user("technician"), await tenant_a.add_user("manager", name="分管经理")
    fault = await report_fault(tenant_a, reporter, manager)
    told = await outbox(tenant_a, "fault.reported")
    owner = (await tenant_a.get(f"/api/v1/users/{fault['account_owner_id']}")).json()
    assert sorted(n["recipient"] for n in told) == sorted({owner["email"], manager.admin_email})
    body = told[0]["body"]
    assert "苏州工厂" in body and "3 号车间" in body and fault["symptoms"] in body and fault["plan"] in body
    assert await outbox(tenant_b, "fault.reported") == []


async def test_domain_12_a_major_fault_reminds_the_manager_then_the_technical_lead(
        tenant_a, tenant_b, shouhou_sessions, shouhou_plugins):
    """003 篇3 七: senior management not informed 4 hours after the report reminds the responsible
    manager (3:59:59 not yet); the analysis not filed by 09:00 of the third day after the report's
    day reminds the technical lead (the service-manager position); each once."""
    reporter, manager = await tenant_a.add_user("technician"), await tenant_a.add_user("manager", name="分管经理")
    lead = await tenant_a.add_user("manager", name="技术服务部主管")
    assert (await tenant_a.patch(f"/api/v1/users/{lead.admin_id}", json={"position": "service_manager"})).status_code == 200
    fault = await report_fault(tenant_a, reporter, manager)
    reported_at = datetime.fromisoformat(fault["created_at"])
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, reported_at + INFORM_WITHIN - timedelta(seconds=1))
    assert await outbox(tenant_a, "fault.inform_management") == []
    for _ in range(2):
        await sweep(shouhou_sessions, shouhou_plugins, tenant_a, reported_at + INFORM_WITHIN)
    [told] = await outbox(tenant_a, "fault.inform_management")
    assert told["recipient"] == manager.admin_email and "苏州工厂" in told["body"] and "3 号车间" in told["body"]
    assert await outbox(tenant_b, "fault.inform_management") == []
    day = reported_at.astimezone(SHANGHAI).date() + timedelta(days=ANALYSIS_WITHIN_DAYS)
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, remind_from(day, SHANGHAI) - timedelta(seconds=1))
    assert await outbox(tenant_a, "fault.analysis_due") == []
    for _ in range(2):
        await sweep(shouhou_sessions, shouhou_plugins, tenant_a, remind_from(day, SHANGHAI))
    assert await recipients(tenant_a, "fault.analysis_due") == [lead.admin_email]
    await sweep(shouhou_sessions, shouhou_plugins, tenant_b, remind_from(day, SHANGHAI))
    assert await outbox(tenant_b, "fault.analysis_due") == []


async def test_domain_12_an_informed_analysed_fault_reminds_nobody_and_without_a_lead_the_manager_is_told(
        tenant_a, shouhou_sessions, shouhou_plugins):
    reporter, manager = await tenant_a.add_user("technician"), await tenant_a.add_user("manager")
    handled = await report_fault(tenant_a, reporter, manager)
    assert (await manager.post(f"/api/v1/major-faults/{handled['id']}/management-informed")).status_code == 200
    analysis = {"impact": "停机", "handling": "换板", "root_cause": "雷击", "corrective_actions": "加装保护",
                "preventive_actions": "巡检"}
    assert (await reporter.post(f"/api/v1/major-faults/{handled['id']}/analysis", json=analysis)).status_code == 200
    waiting = await report_fault(tenant_a, reporter, manager)
    assert (await manager.post(f"/api/v1/major-faults/{waiting['id']}/management-informed")).status_code == 200
    later = remind_from(datetime.now(SHANGHAI).date() + timedelta(days=ANALYSIS_WITHIN_DAYS + 1), SHANGHAI)
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, later)
    assert await outbox(tenant_a, "fault.inform_management") == []
    [due] = await outbox(tenant_a, "fault.analysis_due")  # only the unanalysed one; no service manager: the manager
    assert due["recipient"] == manager.admin_email


async def open_claim(tenant, owner) -> dict:
    customer = await tenant.customer(name="王女士")
    answer = await owner.post("/api/v1/transport-claims", json={
        "customer_id": customer["id"], "carrier": "顺丰速运", "waybill_no": "SF1234567890", "kind": "damaged",
        "description": "外包装破损，灯罩碎裂"})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_domain_12_a_claim_not_filed_by_day_3_then_without_a_result_by_day_30_reminds_its_owner(
        tenant_a, tenant_b, shouhou_sessions, shouhou_plugins):
    """001 篇1 退换货 第四条 (file the claim and track it to its result): opened on day D, not filed
    on day D+2 nothing, day D+3 from 09:00 the owner; filed on day F, no result on day F+29
    nothing, day F+30 the owner; each once, only the company's own."""
    owner = await tenant_a.add_user("agent", name="客服 陈")
    claim = await open_claim(tenant_a, owner)
    opened = datetime.fromisoformat(claim["created_at"]).astimezone(SHANGHAI).date()
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(opened + timedelta(days=FILE_WITHIN_DAYS - 1), 23, 59))
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(opened + timedelta(days=FILE_WITHIN_DAYS), 8, 59))
    assert await outbox(tenant_a, "transport.file_due") == []
    for _ in range(2):
        await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(opened + timedelta(days=FILE_WITHIN_DAYS), 9, 0))
    [told] = await outbox(tenant_a, "transport.file_due")
    assert told["recipient"] == owner.admin_email and "SF1234567890" in told["subject"] and "顺丰速运" in told["body"]
    await sweep(shouhou_sessions, shouhou_plugins, tenant_b, local(opened + timedelta(days=FILE_WITHIN_DAYS), 9, 0))
    assert await outbox(tenant_b, "transport.file_due") == []
    filed_on = opened
    filed = await owner.post(f"/api/v1/transport-claims/{claim['id']}/file", json={"filed_on": filed_on.isoformat()})
    assert filed.status_code == 200, filed.text
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(filed_on + timedelta(days=RESULT_WITHIN_DAYS - 1), 23, 0))
    assert await outbox(tenant_a, "transport.result_due") == []
    for _ in range(2):
        await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(filed_on + timedelta(days=RESULT_WITHIN_DAYS), 9, 0))
    [result] = await outbox(tenant_a, "transport.result_due")
    assert result["recipient"] == owner.admin_email and filed_on.isoformat() in result["body"]
    settled = await owner.post(f"/api/v1/transport-claims/{claim['id']}/settle", json={"settled_fen": 5000})
    assert settled.status_code == 200, settled.text
    second = await open_claim(tenant_a, owner)
    assert (await owner.post(f"/api/v1/transport-claims/{second['id']}/file", json={})).status_code == 200
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(opened + timedelta(days=60), 9, 0))
    assert len(await outbox(tenant_a, "transport.file_due")) == 1  # the filed one is no longer "open"
    reminded = await outbox(tenant_a, "transport.result_due")
    assert len(reminded) == 2  # the settled claim once, the second filed claim once


async def test_domain_12_a_proposed_removal_is_told_to_the_managers_it_does_not_concern(
        tenant_a, tenant_b, shouhou_sessions, shouhou_plugins):
    """003 篇6 管理规定: the third breach of a rule is a removal a manager it does not concern
    confirms: the other managers and admins are told when it is proposed, not for a fine, once."""
    lead = await tenant_a.add_user("manager", name="组长（责任人）")
    other_manager = await tenant_a.add_user("manager", name="部门经理")
    agent = await tenant_a.add_user("agent", name="张客服")
    await tenant_b.add_user("manager")
    today = datetime.now(SHANGHAI).date().isoformat()
    body = {"user_id": agent.admin_id, "rule": "未使用标准用语", "occurred_on": today, "description": "用语生硬",
            "in_charge_id": lead.admin_id}
    for _count in (1, 2):
        answer = await tenant_a.post("/api/v1/staff-breaches", json=body)
        assert answer.status_code == 201, answer.text
        assert await outbox(tenant_a, "fines.removal_proposed") == []  # a fine asks nobody
    removal = await tenant_a.post("/api/v1/staff-breaches", json=body)
    assert removal.status_code == 201 and removal.json()["status"] == "proposed"
    told = await outbox(tenant_a, "fines.removal_proposed")
    assert sorted(n["recipient"] for n in told) == sorted([tenant_a.admin_email, other_manager.admin_email])
    assert all("张客服" in n["subject"] and "未使用标准用语" in n["body"] for n in told)
    assert (await sweep(shouhou_sessions, shouhou_plugins, tenant_a, datetime.now(SHANGHAI)))["staff_breaches"] == 1
    assert len(await outbox(tenant_a, "fines.removal_proposed")) == 2  # the sweep queues nothing new
    await sweep(shouhou_sessions, shouhou_plugins, tenant_b, datetime.now(SHANGHAI))
    assert await outbox(tenant_b, "fines.removal_proposed") == []
    confirmed = await other_manager.post(f"/api/v1/staff-breaches/{removal.json()['id']}/confirm", json={})
    assert confirmed.status_code == 200, confirmed.text
    assert (await sweep(shouhou_sessions, shouhou_plugins, tenant_a, datetime.now(SHANGHAI)))["staff_breaches"] == 0


async def test_domain_12_three_rings_a_day_with_calls_past_three_rings_is_told_next_morning(
        tenant_a, tenant_b, shouhou_sessions, shouhou_plugins):
    """003 篇6 (answered within three rings): calls of day D, one answered after 15 s of ringing;
    08:59:59 of D+1 nothing, 09:00 the managers and admins who may read the call log are told the
    share and the 工号, once; a day all within three rings tells nobody; another company hears
    nothing; a manager kept from secret records is not told."""
    manager = await tenant_a.add_user("manager", name="值班经理")
    day = date(2026, 11, 20)
    calls = [{"external_id": f"d{i}", "started_at": local(day, 10, i).isoformat(), "ring_seconds": seconds,
              "employee_no": agent} for i, (seconds, agent) in enumerate([(3, "8012"), (14.9, "8012"), (15.0, "8015")])]
    calls.append({"external_id": "ok", "started_at": local(day - timedelta(days=1), 10).isoformat(),
                  "ring_seconds": 2, "employee_no": "8012"})
    assert (await tenant_a.post("/api/v1/call-records", json={"calls": calls})).status_code == 200
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(day + timedelta(days=1), 8, 59, 59))
    assert await outbox(tenant_a, "calls.rings_missed") == []
    for _ in range(2):
        await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(day + timedelta(days=1), 9))
    told = await outbox(tenant_a, "calls.rings_missed")
    assert sorted(n["recipient"] for n in told) == sorted([tenant_a.admin_email, manager.admin_email])
    assert "三声内接听 2 个（66.7%）" in told[0]["body"]
    assert "8015 (1)" in told[0]["body"] and "8012 (" not in told[0]["body"]  # 14.9 s is the third ring
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(day, 9))  # the day before: all within
    assert len(await outbox(tenant_a, "calls.rings_missed")) == 2
    await sweep(shouhou_sessions, shouhou_plugins, tenant_b, local(day + timedelta(days=1), 9))
    assert await outbox(tenant_b, "calls.rings_missed") == []
    changed = await tenant_a.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin"]}})
    assert changed.status_code == 200, changed.text
    calls = [{"external_id": "late", "started_at": local(day + timedelta(days=1), 11).isoformat(), "ring_seconds": 20}]
    assert (await tenant_a.post("/api/v1/call-records", json={"calls": calls})).status_code == 200
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(day + timedelta(days=2), 9))
    assert await recipients(tenant_a, "calls.rings_missed") == sorted(
        [tenant_a.admin_email, tenant_a.admin_email, manager.admin_email])


async def test_domain_12_questionnaires_the_months_results_go_out_on_the_first_from_09_00(
        tenant_a, tenant_b, shouhou_sessions, shouhou_plugins):
    """003 篇3 10.1.2 (results analysed per period): questionnaires answered in October; on 31
    October nothing, on 1 November at 08:59:59 nothing, from 09:00 the managers and admins get
    October's results once; a month without answers tells nobody; another company hears nothing."""
    manager = await tenant_a.add_user("manager")
    customer = await tenant_a.customer(name="问卷客户")
    for answered_on, score in ((date(2026, 10, 1), 5), (date(2026, 10, 31), 3)):
        answer = await tenant_a.post("/api/v1/surveys/responses", json={
            "customer_id": customer["id"], "channel": "phone", "answered_on": answered_on.isoformat(),
            "installation": score, "after_sales": 4})
        assert answer.status_code == 201, answer.text
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(date(2026, 10, 31), 9))
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(date(2026, 11, 1), 8, 59, 59))
    assert await outbox(tenant_a, "surveys.month_results") == []
    for _ in range(2):
        await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(date(2026, 11, 1), 9))
    told = await outbox(tenant_a, "surveys.month_results")
    assert sorted(n["recipient"] for n in told) == sorted([tenant_a.admin_email, manager.admin_email])
    assert "2026-10" in told[0]["body"] and "4.00 (50%)" in told[0]["body"] and "4.00 (100%)" in told[0]["body"]
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a, local(date(2026, 10, 1), 9))  # September: none
    assert len(await outbox(tenant_a, "surveys.month_results")) == 2
    await sweep(shouhou_sessions, shouhou_plugins, tenant_b, local(date(2026, 11, 1), 9))
    assert await outbox(tenant_b, "surveys.month_results") == []
