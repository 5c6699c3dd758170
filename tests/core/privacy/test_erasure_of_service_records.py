"""PIPL Art. 47 erasure reaches the service records of DOMAIN §12 too: a customer's questionnaire
comments, transport-claim accounts and major-fault accounts are redacted, while what the
statistics count (scores, channels, states, amounts, dates) stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


async def test_erasure_redacts_the_new_records_and_keeps_their_figures(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer(name="张先生", phone="13912345678")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert (await tenant.post("/api/v1/surveys/responses", json={
        "customer_id": customer["id"], "channel": "phone", "answered_on": today, "after_sales": 5,
        "comments": "张先生说家住三楼"})).status_code == 201
    claim = await tenant.post("/api/v1/transport-claims", json={
        "customer_id": customer["id"], "carrier": "顺丰", "waybill_no": "SF9988", "kind": "lost",
        "description": "寄到张先生家时丢失", "claimed_fen": 5000})
    assert claim.status_code == 201, claim.text
    manager = await tenant.add_user("manager")
    fault = await tenant.post("/api/v1/major-faults", json={
        "customer_id": customer["id"], "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "place": "张先生家", "symptoms": "全屋断电", "plan": "上门", "account_owner_id": tenant.admin_id,
        "manager_id": manager.admin_id})
    assert fault.status_code == 201, fault.text
    request = (await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer["id"],
                                                                   "kind": "erasure"})).json()
    erased = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/erase", json={"outcome": "已删除"})
    assert erased.status_code == 200, erased.text
    fields = set(erased.json()["fields"])
    assert {"survey_responses.comments", "transport_claims.description", "major_faults.place"} <= fields

    response = (await tenant.get("/api/v1/surveys/responses")).json()["items"][0]
    assert (response["comments"], response["after_sales"], response["channel"]) == ("[已删除]", 5, "phone")
    kept = (await tenant.get("/api/v1/transport-claims")).json()["items"][0]
    assert (kept["description"], kept["waybill_no"], kept["claimed_fen"], kept["status"]) == (
        "[已删除]", "[已删除]", 5000, "open")
    gone = (await tenant.get("/api/v1/major-faults")).json()["items"][0]
    assert (gone["place"], gone["symptoms"], gone["status"]) == ("[已删除]", "[已删除]", "reported")


async def test_erasure_redacts_patrol_and_research_visits_and_keeps_their_course(make_tenant):
    """DOMAIN §12 (003 篇3 10.1.1, 10.1.3): a visit's summary and its findings' text are redacted;
    kind, day, people, due dates and states stay (the patrol numbers do not move)."""
    tenant = await make_tenant()
    customer = await tenant.customer(name="李女士", phone="13912345679")
    other = await tenant.customer(name="王先生", phone="13912345670")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    for whom, summary in ((customer, "李女士家中巡检"), (other, "王先生处巡检")):
        made = await tenant.post("/api/v1/service-visits", json={
            "kind": "quality_patrol", "customer_id": whom["id"], "visited_on": today, "leader_id": tenant.admin_id,
            "summary": summary, "findings": [{"description": f"{summary}：插座松动", "owner_id": tenant.admin_id,
                                              "due_on": today}]})
        assert made.status_code == 201, made.text
    request = (await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer["id"],
                                                                   "kind": "erasure"})).json()
    erased = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/erase", json={"outcome": "已删除"})
    assert erased.status_code == 200, erased.text
    assert {"service_visits.summary", "service_visit_findings.description"} <= set(erased.json()["fields"])
    visits = {v["customer_id"]: v for v in (await tenant.get("/api/v1/service-visits")).json()["items"]}
    mine, theirs = visits[customer["id"]], visits[other["id"]]
    assert (mine["summary"], mine["kind"], mine["visited_on"]) == ("[已删除]", "quality_patrol", today)
    assert (mine["findings"][0]["description"], mine["findings"][0]["status"]) == ("[已删除]", "open")
    assert (theirs["summary"], theirs["findings"][0]["description"]) == ("王先生处巡检", "王先生处巡检：插座松动")
