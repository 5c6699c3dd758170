"""Office audits (DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–七条): the audit group plans each
office's patrol audit — content, method, completion date, costs — the marketing centre's vice
president approves it before it runs (第三条), the office accepts it unconditionally (no refusal),
the group is reminded before the completion date and when it has passed, writes its report within
the set time (第六条) and the line has the problems put right (第七条)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.core.follow_ups import sweep, today, with_position

URL = "/api/v1/office-audits"


async def office_manager(tenant, name: str = "华东办事处经理"):
    return await with_position(tenant, "manager", "regional_manager", name)


async def vice_president(tenant, name: str = "营销中心副总"):
    return await with_position(tenant, "manager", "marketing_vice_president", name)


async def planned(tenant, head, auditors, *, method: str = "regular_announced", on: date | None = None,
                  **extra) -> dict:
    answer = await tenant.post(URL, json={
        "office": "华东办事处", "office_manager_id": head.admin_id, "content": "运作检查和帐目审计",
        "method": method, "planned_completion_on": str(on or today()), "costs_fen": 123456,
        "auditor_ids": [a.admin_id for a in auditors], **extra})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def approved(tenant, head, auditors, vp, **kwargs) -> dict:
    audit = await planned(tenant, head, auditors, **kwargs)
    answer = await vp.post(f"{URL}/{audit['id']}/approve")
    assert answer.status_code == 200, answer.text
    return answer.json()


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
    audit = await approved(tenant_a, head, [auditor], await vice_president(tenant_a))
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
    head, auditor, vp = await office_manager(tenant_a), await tenant_a.add_user("agent"), await vice_president(tenant_a)
    announced = await planned(tenant_a, head, [auditor], method="regular_announced")
    assert await sent(tenant_a, "office_audit.announced") == []  # 第三条: not before it is approved
    await vp.post(f"{URL}/{announced['id']}/approve")
    surprise = await approved(tenant_a, head, [auditor], vp, method="unscheduled_surprise")
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
    head, vp = await office_manager(tenant_a), await vice_president(tenant_a)
    lead, member = await tenant_a.add_user("agent"), await tenant_a.add_user("manager")
    day_n = today() + timedelta(days=5)
    await approved(tenant_a, head, [lead, member], vp, on=day_n)
    await planned(tenant_a, head, [lead, member], on=day_n)  # not approved: not run, not reminded
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
    assert (await tenant_b.post(f"{URL}/{audit['id']}/approve")).status_code == 404
    assert (await tenant_b.post(f"{URL}/{audit['id']}/report", json={"findings": "x"})).status_code == 404
    other_vp = await vice_president(tenant_b)
    assert (await other_vp.post(f"{URL}/{audit['id']}/approve")).status_code == 404  # B's vice president
    vp = await vice_president(tenant_a)
    await vp.post(f"{URL}/{audit['id']}/approve")
    await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": "x"})
    reported = await auditor.post(f"{URL}/{audit['id']}/report", json={"findings": "x", "problems": [
        {"description": "帐目不清"}]})
    [problem] = reported.json()["report"]["problems"]
    rectify = f"{URL}/{audit['id']}/problems/{problem['id']}/rectification"
    order = {"instruction": "清理", "due_on": str(today())}
    assert (await tenant_b.post(rectify, json=order)).status_code == 404
    b_audit = await planned(tenant_b, await office_manager(tenant_b), [await tenant_b.add_user("agent")])
    # A's problem under B's audit, and B's audit with A's problem: neither is found
    assert (await tenant_b.post(f"{URL}/{b_audit['id']}/problems/{problem['id']}/rectification",
                                json=order)).status_code == 404
    assert (await tenant_a.post(f"{URL}/{b_audit['id']}/problems/{problem['id']}/rectification",
                                json=order)).status_code == 404
    assert (await tenant_b.post(f"{URL}/{audit['id']}/problems/{problem['id']}/rectified",
                                json={"note": "x"})).status_code == 404
    assert [a["id"] for a in (await tenant_b.get(URL)).json()["items"]] == [b_audit["id"]]
    stranger = await office_manager(tenant_b)
    foreign = await tenant_a.post(URL, json={
        "office": "x", "office_manager_id": stranger.admin_id, "content": "x", "method": "regular_surprise",
        "planned_completion_on": str(today()), "costs_fen": 0, "auditor_ids": [auditor.admin_id]})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "office_manager_id"


async def test_domain_12_office_audit_第三条_the_vice_president_approves_the_plan_before_it_runs(tenant_a):
    head, auditor = await office_manager(tenant_a), await tenant_a.add_user("agent", name="审计员")
    vp = await vice_president(tenant_a)
    audit = await planned(tenant_a, head, [auditor], method="unscheduled_announced")
    assert (audit["status"], audit["approved_by"]) == ("planned", None)
    assert await sent(tenant_a, "office_audit.approval_requested") == [vp.admin_email]  # submitted: the VP is told
    early = await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": "帐实相符"})
    assert early.status_code == 409 and "not approved" in early.json()["detail"] and "第三条" in early.json()["detail"]
    assert (await tenant_a.get(f"{URL}/{audit['id']}")).json()["status"] == "planned"  # nothing half-written
    # not the admin, not a manager without the position, not the office's manager
    for who in (tenant_a, await tenant_a.add_user("manager"), head):
        refused = await who.post(f"{URL}/{audit['id']}/approve")
        assert refused.status_code == 403, refused.text
    # the vice president in the audit group does not approve their own plan
    own = await planned(tenant_a, head, [auditor, vp])
    assert (await vp.post(f"{URL}/{own['id']}/approve")).status_code == 403
    done = await vp.post(f"{URL}/{audit['id']}/approve")
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["approved_by"]) == ("approved", vp.admin_id)
    assert await sent(tenant_a, "office_audit.announced") == [head.admin_email]
    assert (await vp.post(f"{URL}/{audit['id']}/approve")).status_code == 409  # once
    assert [a["id"] for a in (await tenant_a.get(f"{URL}?status=approved")).json()["items"]] == [audit["id"]]
    result = await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": "帐实相符"})
    assert result.status_code == 200 and result.json()["status"] == "done"


async def test_domain_12_office_audit_第三条_without_a_vice_president_the_admins_are_told(tenant_a):
    head, auditor = await office_manager(tenant_a), await tenant_a.add_user("agent")
    await planned(tenant_a, head, [auditor])
    assert await sent(tenant_a, "office_audit.approval_requested") == [tenant_a.admin_email]


async def _done(tenant, head, auditor, vp, **kwargs) -> dict:
    audit = await approved(tenant, head, [auditor], vp, **kwargs)
    answer = await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": "备用金帐目不清"})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_domain_12_office_audit_第六条_the_written_report_goes_to_the_vice_president(tenant_a):
    head, auditor, vp = await office_manager(tenant_a), await tenant_a.add_user("agent"), await vice_president(tenant_a)
    audit = await approved(tenant_a, head, [auditor], vp)
    report = {"findings": "帐目基本相符，备用金管理不规范", "problems": [{"description": "备用金帐目不清"},
                                                              {"description": "库存台帐未及时登记"}]}
    early = await auditor.post(f"{URL}/{audit['id']}/report", json=report)
    assert early.status_code == 409 and "第六条" in early.json()["detail"]  # the audit is not done yet
    await auditor.post(f"{URL}/{audit['id']}/complete", json={"result": "见报告"})
    assert (await head.post(f"{URL}/{audit['id']}/report", json=report)).status_code == 403
    blank = await auditor.post(f"{URL}/{audit['id']}/report", json={**report, "problems": [{"description": " "}]})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "problems[0].description"
    assert (await tenant_a.get(f"{URL}/{audit['id']}")).json()["report"] is None  # nothing half-written
    written = await auditor.post(f"{URL}/{audit['id']}/report", json=report)
    assert written.status_code == 200, written.text
    body = written.json()["report"]
    assert (body["findings"], body["reported_on"], [p["status"] for p in body["problems"]]) == (
        report["findings"], str(today()), ["open", "open"])
    assert await sent(tenant_a, "office_audit.report") == [vp.admin_email]
    assert (await auditor.post(f"{URL}/{audit['id']}/report", json=report)).status_code == 409  # once
    # read by managers, the vice president, the group and the office's manager; not by other staff
    for reader in (tenant_a, vp, auditor, head, await tenant_a.add_user("manager")):
        assert (await reader.get(f"{URL}/{audit['id']}")).json()["report"]["findings"] == report["findings"]
    other = await tenant_a.add_user("agent")
    assert (await other.get(f"{URL}/{audit['id']}")).json()["report"] is None
    assert [a["report"] for a in (await other.get(URL)).json()["items"]] == [None]


async def test_domain_12_office_audit_第六条_the_report_due_on_day_n_is_late_on_day_n_plus_1(
        tenant_a, shouhou_sessions, shouhou_plugins):
    head, auditor, vp = await office_manager(tenant_a), await tenant_a.add_user("agent"), await vice_president(tenant_a)
    bad = await tenant_a.post(URL, json={
        "office": "x", "office_manager_id": head.admin_id, "content": "x", "method": "regular_announced",
        "planned_completion_on": str(today()), "costs_fen": 0, "auditor_ids": [auditor.admin_id],
        "report_within_days": 0})
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"] == "report_within_days"
    audit = await _done(tenant_a, head, auditor, vp, report_within_days=3)
    day_n = today() + timedelta(days=3)
    assert (audit["report_due_on"], audit["report_overdue"]) == (str(day_n), False)
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, day_n)
    assert await sent(tenant_a, "office_audit.report_overdue") == []
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, day_n + timedelta(days=1))
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, day_n + timedelta(days=2))
    assert await sent(tenant_a, "office_audit.report_overdue") == [auditor.admin_email]  # once


async def test_domain_12_office_audit_第七条_the_line_orders_the_rectification_not_the_audit_group(
        tenant_a, shouhou_sessions, shouhou_plugins):
    head, auditor, vp = await office_manager(tenant_a), await tenant_a.add_user("agent"), await vice_president(tenant_a)
    audit = await _done(tenant_a, head, auditor, vp)
    written = await auditor.post(f"{URL}/{audit['id']}/report", json={
        "findings": "备用金管理不规范", "problems": [{"description": "备用金帐目不清"}, {"description": "台帐缺失"}]})
    first, second = written.json()["report"]["problems"]
    rectify = f"{URL}/{audit['id']}/problems/{first['id']}/rectification"
    order = {"instruction": "清理备用金帐目", "due_on": str(today())}
    group = await auditor.post(rectify, json=order)
    assert group.status_code == 403 and "第七条" in group.json()["detail"]
    assert (await head.post(rectify, json=order)).status_code == 403
    outsider = await tenant_a.add_user("agent")  # outside the group, but not the line either
    assert (await outsider.post(rectify, json=order)).status_code == 403
    late = await vp.post(rectify, json={**order, "due_on": str(today() - timedelta(days=1))})
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "due_on"
    ordered = await vp.post(rectify, json=order)  # due today: accepted
    assert ordered.status_code == 200, ordered.text
    assert [(p["status"], p["due_on"]) for p in ordered.json()["report"]["problems"]] == [
        ("ordered", str(today())), ("open", None)]
    assert await sent(tenant_a, "office_audit.rectification") == [head.admin_email]
    assert (await vp.post(rectify, json=order)).status_code == 409  # once
    due = today() + timedelta(days=2)
    await tenant_a.post(f"{URL}/{audit['id']}/problems/{second['id']}/rectification",  # the admin is the line
                        json={"instruction": "补登台帐", "due_on": str(due)})
    # the first problem, due day N = today: not overdue today, overdue (and its manager reminded once) N+1
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, today())
    assert await sent(tenant_a, "office_audit.rectification_overdue") == []
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, today() + timedelta(days=1))
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, today() + timedelta(days=2))
    assert await sent(tenant_a, "office_audit.rectification_overdue") == [head.admin_email]
    done_url = f"{URL}/{audit['id']}/problems/{second['id']}/rectified"
    assert (await auditor.post(done_url, json={"note": "已补登"})).status_code == 403
    blank = await head.post(done_url, json={"note": " "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "note"
    done = await head.post(done_url, json={"note": "已补登"})
    assert done.status_code == 200
    assert [(p["status"], p["rectified_on"]) for p in done.json()["report"]["problems"]][1] == ("rectified", str(today()))
    assert (await head.post(done_url, json={"note": "again"})).status_code == 409
    open_url = f"{URL}/{audit['id']}/problems/{first['id']}/rectified"
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, due + timedelta(days=1))  # the second is rectified
    assert await sent(tenant_a, "office_audit.rectification_overdue") == [head.admin_email]
    assert (await head.post(open_url, json={"note": "已清理"})).status_code == 200
