"""Staff fines (DOMAIN §12, 003 篇6 管理规定): a breach of the service rules is fined 100 CNY,
doubled for a second breach of the same rule, removal on the third (proposed, then confirmed by a
manager it does not concern); the person in charge is fined 200 CNY. Rules are counted apart,
dates are the tenant's, people are the tenant's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

RULE = "未使用标准用语接听电话"


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def breach(manager, user_id: str, rule: str = RULE, **extra) -> dict:
    answer = await manager.post("/api/v1/staff-breaches", json={
        "user_id": user_id, "rule": rule, "occurred_on": today().isoformat(), "description": "客户投诉接听用语生硬",
        **extra})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_domain_12_first_fine_100_second_doubled_third_removal_proposed(tenant_a):
    """003 篇6: 1st breach 100 CNY, 2nd of the same rule 200 CNY, 3rd removal; another rule starts over."""
    agent = await tenant_a.add_user("agent", name="张客服")
    first, second = await breach(tenant_a, agent.admin_id), await breach(tenant_a, agent.admin_id, rule=f"  {RULE} ")
    assert (first["count"], first["level"], first["fine_fen"], first["status"]) == (1, "fine", 10_000, "recorded")
    assert (second["count"], second["level"], second["fine_fen"]) == (2, "double_fine", 20_000)
    assert second["label"]["zh_Hans"] == "罚款 200 元（加倍）"
    third = await breach(tenant_a, agent.admin_id)
    assert (third["count"], third["level"], third["fine_fen"], third["status"]) == (3, "removal", None, "proposed")
    fourth = await breach(tenant_a, agent.admin_id)
    assert (fourth["count"], fourth["level"]) == (4, "removal")
    other_rule = await breach(tenant_a, agent.admin_id, rule="上门未穿工装")
    assert (other_rule["count"], other_rule["fine_fen"]) == (1, 10_000)
    listed = (await tenant_a.get("/api/v1/staff-breaches", params={"user_id": agent.admin_id})).json()["items"]
    assert [b["id"] for b in listed] == [other_rule["id"], fourth["id"], third["id"], second["id"], first["id"]]


async def test_domain_12_the_person_in_charge_is_fined_200(tenant_a):
    agent, lead = await tenant_a.add_user("agent"), await tenant_a.add_user("manager")
    with_lead = await breach(tenant_a, agent.admin_id, in_charge_id=lead.admin_id)
    assert (with_lead["fine_fen"], with_lead["in_charge_fine_fen"]) == (10_000, 20_000)
    alone = await breach(tenant_a, agent.admin_id, rule="上门未穿工装")
    assert alone["in_charge_fine_fen"] is None
    same = await tenant_a.post("/api/v1/staff-breaches", json={
        "user_id": agent.admin_id, "rule": RULE, "occurred_on": today().isoformat(), "description": "x",
        "in_charge_id": agent.admin_id})
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "in_charge_id"


async def test_a_removal_is_confirmed_once_by_a_manager_it_does_not_concern(tenant_a):
    agent, lead = await tenant_a.add_user("agent"), await tenant_a.add_user("manager")
    for _ in range(2):
        await breach(tenant_a, agent.admin_id)
    removal = await breach(tenant_a, agent.admin_id, in_charge_id=lead.admin_id)
    own = await lead.post(f"/api/v1/staff-breaches/{removal['id']}/confirm", json={})
    assert own.status_code == 403  # the person in charge does not confirm their own case
    assert (await agent.get("/api/v1/staff-breaches")).status_code == 403  # managers only
    confirmed = await tenant_a.post(f"/api/v1/staff-breaches/{removal['id']}/confirm", json={"note": "屡教不改"})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["decided_by"] == tenant_a.admin_id
    again = await tenant_a.post(f"/api/v1/staff-breaches/{removal['id']}/confirm", json={})
    assert again.status_code == 409
    recorded = (await tenant_a.get("/api/v1/staff-breaches")).json()["items"][-1]
    assert (await tenant_a.post(f"/api/v1/staff-breaches/{recorded['id']}/confirm", json={})).status_code == 409


async def test_a_breach_today_is_taken_and_tomorrow_refused_in_the_tenants_zone(tenant_a):
    agent = await tenant_a.add_user("agent")
    assert (await breach(tenant_a, agent.admin_id))["occurred_on"] == today().isoformat()
    ahead = await tenant_a.post("/api/v1/staff-breaches", json={
        "user_id": agent.admin_id, "rule": RULE, "occurred_on": (today() + timedelta(days=1)).isoformat(),
        "description": "x"})
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "occurred_on"


async def test_another_tenants_people_and_breaches_are_not_reached(tenant_a, tenant_b):
    theirs = await tenant_b.add_user("agent")
    foreign = await tenant_a.post("/api/v1/staff-breaches", json={
        "user_id": theirs.admin_id, "rule": RULE, "occurred_on": today().isoformat(), "description": "x"})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "user_id"
    mine = await tenant_a.add_user("agent")
    for _ in range(3):
        removal = await breach(tenant_a, mine.admin_id)
    assert (await tenant_b.post(f"/api/v1/staff-breaches/{removal['id']}/confirm", json={})).status_code == 404
    assert (await tenant_b.get("/api/v1/staff-breaches")).json()["items"] == []
