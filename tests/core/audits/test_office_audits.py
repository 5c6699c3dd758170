"""Office audits (DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–四条): the audit group plans each
office's patrol audit — content, method, completion date, costs — the office accepts it
unconditionally (no refusal), and the group is reminded before the completion date and when it
has passed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from core.db.tenancy import bind_tenant
from core.worker import sweeps
from tenants.context import load_context

URL = "/api/v1/office-audits"


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def office_manager(tenant, name: str = "华东办事处经理"):
    user = await tenant.add_user("manager", name=name)
    assert (await tenant.patch(f"/api/v1/users/{user.admin_id}",
                               json={"position": "regional_manager"})).status_code == 200
    return user


async def planned(tenant, head, auditors, *, method: str = "regular_announced", on: date | None = None) -> dict:
    answer = await tenant.post(URL, json={
        "office": "华东办事处", "office_manager_id": head.admin_id, "content": "运作检查和帐目审计",
        "method": method, "planned_completion_on": str(on or today()), "costs_fen": 123456,
        "auditor_ids": [a.admin_id for a in auditors]})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def sweep(sessions, plugins, tenant_id: str, day: date) -> dict:
    session = sessions()
    bind_tenant(session, UUID(tenant_id))
    async with session.begin():
        ctx = await load_context(session, plugins, UUID(tenant_id))
        done = await sweeps.remind_follow_ups(session, ctx, {"date": day.isoformat()})
    await session.close()
    return done


async def sent(tenant, key: str) -> list[str]:
    return sorted(n["recipient"] for n in
                  (await tenant.get(f"/api/v1/notifications?template_key={key}")).json()["items"])


async def test_domain_12_office_audit_第三条_completion_today_is_planned_yesterday_refused(tenant_a):
    head, auditor = await office_manager(tenant_a), await tenant_a.add_user("agent", name="客服部审计")
    base = {"office": "华东办事处", "office_manager_id": head.admin_id, "content": "帐目审计",
            "method": "unscheduled_announced", "costs_fen": 50000, "auditor_ids": [auditor.admin_id]}
    yesterday = await tenant_a.post(URL, json={**base, "planned_completion_on": str(today() - timedelta(days=1))})
    assert yesterday.status_code == 422 and yesterday.json()["errors"][0]["field"] == "planned_completion_on"
    made = await tenant_a.post(URL, json={**base, "planned_completion_on": str(today())})
    assert made.status_code == 201, made.text
    audit = made.json()
    assert (audit["status"], audit["costs_fen"], audit["overdue"], audit["auditor_ids"]) == (
        "planned", 50000, False, [auditor.admin_id])
    for field, value in (("costs_fen", -1), ("costs_fen", 1.5), ("method", "by_phone")):
        bad = await tenant_a.post(URL, json={**base, "planned_completion_on": str(today()), field: value})
        assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"] == field, (field, bad.text)
    not_head = await tenant_a.post(URL, json={**base, "planned_completion_on": str(today()),
                                              "office_manager_id": auditor.admin_id})
    assert not_head.status_code == 422 and not_head.json()["errors"][0]["field"] == "office_manager_id"
    own = await tenant_a.post(URL, json={**base, "planned_completion_on": str(today()),
                                         "auditor_ids": [head.admin_id]})
    assert own.status_code == 422 and own.json()["errors"][0]["field"] == "auditor_ids[0]"
    assert (await auditor.post(URL, json={**base, "planned_completion_on": str(today())})).status_code == 403


async def test_domain_12_office_audit_第一条_an_office_cannot_refuse(tenant_a):
    head, auditor = await office_manager(tenant_a), await tenant_a.add_user("agent")
    audit = await planned(tenant_a, head, [auditor])
    refused = await head.post(f"{URL}/{audit['id']}/decline")
    assert refused.status_code == 409 and "cannot refuse" in refused.json()["detail"]
    assert (await head.post(f"{URL}/{audit['id']}/complete", json={"result": "x"})).status_code == 403
    blank = await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": " "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "result"
    done = await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": "帐实相符"})
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["completed_on"]) == ("done", str(today()))
    assert (await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": "again"})).status_code == 409
    assert (await head.post(f"{URL}/{audit['id']}/decline")).status_code == 409


async def test_domain_12_office_audit_第四条_a_surprise_audit_is_not_told_to_the_office(tenant_a):
    head, auditor = await office_manager(tenant_a), await tenant_a.add_user("agent")
    announced = await planned(tenant_a, head, [auditor], method="regular_announced")
    surprise = await planned(tenant_a, head, [auditor], method="unscheduled_surprise")
    assert await sent(tenant_a, "office_audit.announced") == [head.admin_email]  # the announced one only
    seen = [a["id"] for a in (await head.get(URL)).json()["items"]]
    assert seen == [announced["id"]]
    assert (await head.get(f"{URL}/{surprise['id']}")).status_code == 404
    assert (await head.post(f"{URL}/{surprise['id']}/decline")).status_code == 404
    assert {a["id"] for a in (await auditor.get(URL)).json()["items"]} == {announced["id"], surprise["id"]}
    await auditor.post(f"{URL}/{surprise['id']}/complete", json={"result": "无异常"})
    assert (await head.get(f"{URL}/{surprise['id']}")).status_code == 200  # done: no longer a surprise


async def test_domain_12_office_audit_the_group_is_reminded_before_and_after_completion_day_n(
        tenant_a, shouhou_sessions, shouhou_plugins):
    head = await office_manager(tenant_a)
    lead, member = await tenant_a.add_user("agent"), await tenant_a.add_user("manager")
    day_n = today() + timedelta(days=5)
    await planned(tenant_a, head, [lead, member], on=day_n)
    group = sorted([lead.admin_email, member.admin_email])
    assert (await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, day_n - timedelta(days=4)))["audits"] == 0
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, day_n - timedelta(days=3))
    assert await sent(tenant_a, "office_audit.due_soon") == group
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, day_n)  # day N: due, not overdue
    assert await sent(tenant_a, "office_audit.due_soon") == group  # once
    assert await sent(tenant_a, "office_audit.overdue") == []
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, day_n + timedelta(days=1))
    assert await sent(tenant_a, "office_audit.overdue") == group


async def test_office_audits_are_the_tenants_own(tenant_a, tenant_b):
    head, auditor = await office_manager(tenant_a), await tenant_a.add_user("agent")
    audit = await planned(tenant_a, head, [auditor])
    assert (await tenant_b.get(f"{URL}/{audit['id']}")).status_code == 404
    assert (await tenant_b.post(f"{URL}/{audit['id']}/decline")).status_code == 404
    assert (await tenant_b.post(f"{URL}/{audit['id']}/complete", json={"result": "x"})).status_code == 404
    assert (await tenant_b.get(URL)).json()["items"] == []
    stranger = await office_manager(tenant_b)
    foreign = await tenant_a.post(URL, json={
        "office": "x", "office_manager_id": stranger.admin_id, "content": "x", "method": "regular_surprise",
        "planned_completion_on": str(today()), "costs_fen": 0, "auditor_ids": [auditor.admin_id]})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "office_manager_id"
