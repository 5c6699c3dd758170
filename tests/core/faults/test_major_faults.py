"""Major-fault reports (DOMAIN §12, 003 篇3 七): the first employee to learn of a major fault
reports at once (time, place, symptoms, plan) to the account owner and the responsible manager,
who informs senior management and tracks it; afterwards the technical lead files the analysis
(impact, handling, root cause, corrective and preventive actions), which goes to the customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

ANALYSIS = {"impact": "整条生产线停机 3 小时", "handling": "更换主控板", "root_cause": "雷击导致电源浪涌",
            "corrective_actions": "加装浪涌保护器", "preventive_actions": "雨季前巡检防雷设施"}


async def reported(tenant, technician, owner, manager, **extra) -> dict:
    customer = await tenant.customer(name="苏州工厂")
    answer = await technician.post("/api/v1/major-faults", json={
        "customer_id": customer["id"], "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "place": "苏州工业园区 3 号车间", "symptoms": "全部灯具熄灭", "plan": "立即派两名技师携备件上门",
        "account_owner_id": owner.admin_id, "manager_id": manager.admin_id, **extra})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_domain_12_a_major_fault_from_first_report_to_the_analysis_sent(tenant_a):
    technician, owner = await tenant_a.add_user("technician"), await tenant_a.add_user("agent")
    manager, lead = await tenant_a.add_user("manager"), await tenant_a.add_user("technician")
    fault = await reported(tenant_a, technician, owner, manager)
    assert (fault["status"], fault["reported_by"]) == ("reported", technician.admin_id)
    assert (await owner.post(f"/api/v1/major-faults/{fault['id']}/management-informed")).status_code == 403
    informed = await manager.post(f"/api/v1/major-faults/{fault['id']}/management-informed")
    assert informed.status_code == 200 and informed.json()["management_informed_at"]
    assert (await manager.post(f"/api/v1/major-faults/{fault['id']}/management-informed")).status_code == 409
    assert (await manager.post(f"/api/v1/major-faults/{fault['id']}/send")).status_code == 409  # no analysis yet
    partial = await lead.post(f"/api/v1/major-faults/{fault['id']}/analysis", json={**ANALYSIS, "root_cause": ""})
    assert partial.status_code in (400, 422) and partial.json()["errors"][0]["field"] == "root_cause"
    analysed = await lead.post(f"/api/v1/major-faults/{fault['id']}/analysis", json=ANALYSIS)
    assert analysed.status_code == 200
    assert (analysed.json()["status"], analysed.json()["technical_lead_id"]) == ("analysed", lead.admin_id)
    assert (await lead.post(f"/api/v1/major-faults/{fault['id']}/analysis", json=ANALYSIS)).status_code == 409
    sent = await manager.post(f"/api/v1/major-faults/{fault['id']}/send")
    assert sent.status_code == 200 and (sent.json()["status"], bool(sent.json()["sent_at"])) == ("sent", True)


async def test_a_fault_cannot_be_reported_ahead_of_now_nor_naming_other_companies_people(tenant_a, tenant_b):
    technician, owner, manager = (await tenant_a.add_user("technician"), await tenant_a.add_user("agent"),
                                  await tenant_a.add_user("manager"))
    customer = await tenant_a.customer()
    base = {"customer_id": customer["id"], "place": "车间", "symptoms": "停电", "plan": "上门",
            "account_owner_id": owner.admin_id, "manager_id": manager.admin_id}
    ahead = await technician.post("/api/v1/major-faults", json={
        **base, "occurred_at": (datetime.now(UTC) + timedelta(minutes=5)).isoformat()})
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "occurred_at"
    stranger = await tenant_b.add_user("manager")
    foreign = await technician.post("/api/v1/major-faults", json={
        **base, "occurred_at": datetime.now(UTC).isoformat(), "manager_id": stranger.admin_id})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "manager_id"
    fault = await reported(tenant_a, technician, owner, manager)
    assert (await tenant_b.post(f"/api/v1/major-faults/{fault['id']}/analysis", json=ANALYSIS)).status_code == 404
    assert (await tenant_b.get("/api/v1/major-faults")).json()["items"] == []
