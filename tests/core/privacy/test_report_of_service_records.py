"""The PIPL access report (Art. 45: everything held on one customer) holds the service records of
DOMAIN §12 that name the customer: the questionnaires they answered, the transport claims made for
them and the major faults at their premises (analysis included, a secret record: DOMAIN §5).
The quality patrols and research visits at their sites are in it with their findings (visit logs,
secret records too). Another customer's records are not in it; call records name no customer and
are not in it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
ANALYSIS = {"impact": "全屋断电 2 小时", "handling": "更换空开", "root_cause": "线路老化",
            "corrective_actions": "更换线路", "preventive_actions": "定期巡检"}


async def records_of(tenant, customer: dict, manager) -> dict:
    today = datetime.now(SHANGHAI).date().isoformat()
    survey = await tenant.post("/api/v1/surveys/responses", json={
        "customer_id": customer["id"], "channel": "phone", "answered_on": today, "after_sales": 4,
        "comments": f"{customer['name']}：服务及时"})
    claim = await tenant.post("/api/v1/transport-claims", json={
        "customer_id": customer["id"], "carrier": "顺丰", "waybill_no": f"SF-{customer['name']}", "kind": "damaged",
        "description": "灯罩碎裂"})
    fault = await tenant.post("/api/v1/major-faults", json={
        "customer_id": customer["id"], "occurred_at": (datetime.now(SHANGHAI) - timedelta(hours=1)).isoformat(),
        "place": f"{customer['name']}家", "symptoms": "全屋断电", "plan": "上门", "account_owner_id": tenant.admin_id,
        "manager_id": manager.admin_id})
    for made in (survey, claim, fault):
        assert made.status_code == 201, made.text
    analysed = await tenant.post(f"/api/v1/major-faults/{fault.json()['id']}/analysis", json=ANALYSIS)
    assert analysed.status_code == 200, analysed.text
    return {"survey": survey.json(), "claim": claim.json(), "fault": fault.json()}


async def test_pipl_45_the_report_holds_the_customers_questionnaires_claims_and_major_faults(make_tenant):
    tenant = await make_tenant()
    manager = await tenant.add_user("manager")
    customer, other = await tenant.customer(name="张先生"), await tenant.customer(name="李女士", phone="13700000009")
    mine = await records_of(tenant, customer, manager)
    await records_of(tenant, other, manager)
    assert (await tenant.post("/api/v1/call-records", json={"calls": [
        {"external_id": "x1", "started_at": datetime.now(SHANGHAI).isoformat(), "ring_seconds": 3}]})).status_code == 200
    request = (await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer["id"],
                                                                   "kind": "access"})).json()
    report = (await manager.get(f"/api/v1/privacy/requests/{request['id']}/report")).json()
    assert [r["id"] for r in report["survey_responses"]] == [mine["survey"]["id"]]
    assert report["survey_responses"][0]["comments"] == "张先生：服务及时"
    assert [(r["id"], r["waybill_no"]) for r in report["transport_claims"]] == [(mine["claim"]["id"], "SF-张先生")]
    [fault] = report["major_faults"]
    assert (fault["id"], fault["place"], fault["root_cause"]) == (mine["fault"]["id"], "张先生家", "线路老化")
    assert "tenant_id" not in fault
    assert "call_records" not in report  # they name the agent and the times, never the caller


async def test_a_role_that_may_not_read_secret_records_cannot_build_a_report_holding_an_analysis(make_tenant):
    tenant = await make_tenant()
    manager = await tenant.add_user("manager")
    customer, plain = await tenant.customer(name="张先生"), await tenant.customer(name="王先生", phone="13700000008")
    await records_of(tenant, customer, manager)
    changed = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin"]}})
    assert changed.status_code == 200, changed.text
    for who, status in ((customer, 403), (plain, 200)):
        request = (await tenant.post("/api/v1/privacy/requests", json={"customer_id": who["id"],
                                                                       "kind": "access"})).json()
        assert (await manager.get(f"/api/v1/privacy/requests/{request['id']}/report")).status_code == status


async def test_pipl_45_the_report_holds_the_patrols_at_the_customers_site_with_their_findings(make_tenant):
    """The quality patrols and service-research visits of a customer (003 篇3 10.1.1) are personal
    information held on them: in the report with their findings, another customer's not; visit logs
    are secret records (DOMAIN §5), so a role kept from them cannot build a report holding one."""
    tenant = await make_tenant()
    manager = await tenant.add_user("manager")
    customer, other = await tenant.customer(name="张先生"), await tenant.customer(name="李女士", phone="13700000009")
    today = datetime.now(SHANGHAI).date()
    made = {}
    for who in (customer, other):
        answer = await manager.post("/api/v1/service-visits", json={
            "kind": "quality_patrol", "customer_id": who["id"], "visited_on": today.isoformat(),
            "leader_id": manager.admin_id, "summary": f"{who['name']}家配电检查",
            "findings": [{"description": "接线松动", "owner_id": manager.admin_id,
                          "due_on": (today + timedelta(days=7)).isoformat()}]})
        assert answer.status_code == 201, answer.text
        made[who["id"]] = answer.json()
    request = (await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer["id"],
                                                                   "kind": "access"})).json()
    report = (await manager.get(f"/api/v1/privacy/requests/{request['id']}/report")).json()
    [visit] = report["quality_visits"]
    assert (visit["id"], visit["summary"]) == (made[customer["id"]]["id"], "张先生家配电检查")
    [finding] = report["quality_visit_findings"]
    assert (finding["visit_id"], finding["description"]) == (visit["id"], "接线松动")
    changed = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin"]}})
    assert changed.status_code == 200, changed.text
    assert (await manager.get(f"/api/v1/privacy/requests/{request['id']}/report")).status_code == 403
    assert (await tenant.get(f"/api/v1/privacy/requests/{request['id']}/report")).status_code == 200
