"""Quality patrols and service research (DOMAIN §12, 003 篇3 10.1.1 产品质量巡检 and 10.1.3 服务调研):
project managers inspect a customer's project and hand the problems found to customer service;
senior leaders visit customers with senior engineers; every finding has an owner and a follow-up
date and is followed up and closed. Visit logs are secret records (DOMAIN §5.3, 003 篇6 §五 (一)2)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.core.follow_ups import sweep, today, with_position

URL = "/api/v1/service-visits"


async def patrol(tenant, leader, owner, customer, *, visited_on: date | None = None, due_on: date | None = None,
                 **extra) -> dict:
    body = {"kind": "quality_patrol", "customer_id": customer["id"], "visited_on": str(visited_on or today()),
            "leader_id": leader.admin_id, "summary": "全面检查配电与灯具",
            "findings": [{"description": "配电箱接线松动", "owner_id": owner.admin_id,
                          "due_on": str(due_on or today() + timedelta(days=7))}], **extra}
    answer = await leader.post(URL, json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def notifications(tenant, key: str) -> list[dict]:
    answer = await tenant.get(f"/api/v1/notifications?template_key={key}")
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_domain_12_10_1_1_a_quality_patrols_findings_go_to_customer_service(make_tenant):
    tenant_a = await make_tenant(plugins=("gps_install",))
    customer = await tenant_a.customer(name="苏州工厂")
    asset = await tenant_a.asset(customer["id"], "gps_install.terminal", install_date="2024-03-10",
                                 attributes={"vehicle_plate": "苏F12345"})
    leader = await tenant_a.add_user("manager", name="项目经理")
    owner = await tenant_a.add_user("technician")
    desk = await with_position(tenant_a, "agent", "customer_service_department", name="客服部")
    made = await patrol(tenant_a, leader, owner, customer, asset_id=asset["id"])
    assert (made["kind"], made["asset_id"], made["leader_id"]) == ("quality_patrol", asset["id"], leader.admin_id)
    [finding] = made["findings"]
    assert (finding["status"], finding["owner_id"], finding["overdue"]) == ("open", owner.admin_id, False)
    [handed] = await notifications(tenant_a, "patrol.findings")
    assert handed["recipient"] == desk.admin_email and "苏州工厂" in handed["body"]
    # A patrol without findings hands nothing over.
    quiet = await leader.post(URL, json={"kind": "quality_patrol", "customer_id": customer["id"],
                                         "visited_on": str(today()), "leader_id": leader.admin_id, "summary": "无问题"})
    assert quiet.status_code == 201 and len(await notifications(tenant_a, "patrol.findings")) == 1


async def test_domain_12_10_1_3_service_research_is_led_by_senior_management_with_engineers(tenant_a):
    customer = await tenant_a.customer()
    manager = await tenant_a.add_user("manager")
    leader = await with_position(tenant_a, "manager", "senior_management", name="总经理")
    engineer = await tenant_a.add_user("technician", name="高级工程师")
    base = {"kind": "service_research", "customer_id": customer["id"], "visited_on": str(today()),
            "summary": "听取客户对服务的意见", "participant_ids": [engineer.admin_id],
            "findings": [{"description": "希望响应更快", "owner_id": manager.admin_id,
                          "due_on": str(today() + timedelta(days=14))}]}
    not_senior = await manager.post(URL, json={**base, "leader_id": manager.admin_id})
    assert not_senior.status_code == 422 and not_senior.json()["errors"][0]["field"] == "leader_id"
    alone = await manager.post(URL, json={**base, "leader_id": leader.admin_id, "participant_ids": []})
    assert alone.status_code == 422 and alone.json()["errors"][0]["field"] == "participant_ids"
    made = await manager.post(URL, json={**base, "leader_id": leader.admin_id})
    assert made.status_code == 201, made.text
    assert made.json()["participant_ids"] == [engineer.admin_id]
    assert await notifications(tenant_a, "patrol.findings") == []  # research findings stay with their owners
    listed = (await manager.get(f"{URL}?kind=service_research&customer_id={customer['id']}")).json()["items"]
    assert [v["id"] for v in listed] == [made.json()["id"]]


async def test_domain_12_a_visit_cannot_lie_ahead_of_the_tenants_today(make_tenant):
    tenant_a = await make_tenant(plugins=("gps_install",))
    customer = await tenant_a.customer()
    leader, owner = await tenant_a.add_user("manager"), await tenant_a.add_user("technician")
    body = {"kind": "quality_patrol", "customer_id": customer["id"], "leader_id": leader.admin_id, "summary": "巡检"}
    ahead = await leader.post(URL, json={**body, "visited_on": str(today() + timedelta(days=1))})
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "visited_on"
    assert (await leader.post(URL, json={**body, "visited_on": str(today())})).status_code == 201
    early = await leader.post(URL, json={**body, "visited_on": str(today() - timedelta(days=3)), "findings": [
        {"description": "x", "owner_id": owner.admin_id, "due_on": str(today() - timedelta(days=4))}]})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "findings[0].due_on"
    blank = await leader.post(URL, json={**body, "visited_on": str(today()), "summary": "  "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "summary"
    other = await tenant_a.customer()
    asset = await tenant_a.asset(other["id"], "gps_install.terminal", install_date="2024-03-10",
                                 attributes={"vehicle_plate": "苏F54321"})
    wrong = await leader.post(URL, json={**body, "visited_on": str(today()), "asset_id": asset["id"]})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "asset_id"


async def test_domain_12_a_finding_is_followed_up_then_closed_by_the_right_people(tenant_a):
    customer = await tenant_a.customer()
    leader, owner = await tenant_a.add_user("technician"), await tenant_a.add_user("technician")
    bystander = await tenant_a.add_user("agent")
    visit = await patrol(tenant_a, leader, owner, customer)
    finding = visit["findings"][0]
    base = f"{URL}/{visit['id']}/findings/{finding['id']}"
    assert (await bystander.post(f"{base}/follow-up", json={"action": "x"})).status_code == 403
    assert (await leader.post(f"{base}/close", json={})).status_code == 409  # still open
    blank = await owner.post(f"{base}/follow-up", json={"action": " "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "action"
    done = await owner.post(f"{base}/follow-up", json={"action": "已重新紧固接线"})
    assert done.status_code == 200
    followed = done.json()["findings"][0]
    assert (followed["status"], followed["action"], followed["followed_up_by"]) == (
        "followed_up", "已重新紧固接线", owner.admin_id)
    assert (await owner.post(f"{base}/follow-up", json={"action": "again"})).status_code == 409
    assert (await owner.post(f"{base}/close", json={})).status_code == 403  # the leader closes
    closed = await leader.post(f"{base}/close", json={"result": "复查正常"})
    assert closed.status_code == 200 and closed.json()["findings"][0]["status"] == "closed"


async def test_domain_12_a_follow_up_due_on_day_n_is_overdue_on_day_n_plus_1(tenant_a, shouhou_sessions,
                                                                            shouhou_plugins):
    customer = await tenant_a.customer(name="无锡项目")
    leader, owner = await tenant_a.add_user("manager"), await tenant_a.add_user("technician")
    due = today() - timedelta(days=1)
    visit = await patrol(tenant_a, leader, owner, customer, visited_on=today() - timedelta(days=5), due_on=due,
                         findings=[{"description": "灯具锈蚀", "owner_id": owner.admin_id, "due_on": str(due)},
                                   {"description": "标识缺失", "owner_id": owner.admin_id, "due_on": str(today())}])
    assert [f["overdue"] for f in visit["findings"]] == [True, False]  # due yesterday; due today (day N)
    start, end = today() - timedelta(days=30), today()
    numbers = (await leader.get(f"{URL}/summary?start={start}&end={end}")).json()
    assert (numbers["quality_patrols"], numbers["findings_open"], numbers["findings_overdue"]) == (1, 2, 1)
    assert (await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, due))["findings"] == 0  # day N
    assert await notifications(tenant_a, "patrol.follow_up_overdue") == []
    assert (await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, due + timedelta(days=1)))["findings"] == 1
    await sweep(shouhou_sessions, shouhou_plugins, tenant_a.id, due + timedelta(days=1))  # the next run: once only
    [reminder] = await notifications(tenant_a, "patrol.follow_up_overdue")
    assert reminder["recipient"] == owner.admin_email and "灯具锈蚀" in reminder["body"]
    await owner.post(f"{URL}/{visit['id']}/findings/{visit['findings'][0]['id']}/follow-up", json={"action": "除锈"})
    numbers = (await leader.get(f"{URL}/summary?start={start}&end={end}")).json()
    assert (numbers["findings_open"], numbers["findings_overdue"]) == (1, 0)
    backwards = await leader.get(f"{URL}/summary?start={end}&end={start}")
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "end"


async def test_domain_5_3_visit_logs_are_secret_records(tenant_a):
    """003 篇6 §五 (一)2: 来访记录 are 机密 — a role the tenant keeps from secret records reads none."""
    customer = await tenant_a.customer()
    leader, owner = await tenant_a.add_user("technician"), await tenant_a.add_user("technician")
    visit = await patrol(tenant_a, leader, owner, customer)
    viewer = await tenant_a.add_user("viewer")
    for url in (URL, f"{URL}/{visit['id']}", f"{URL}/summary?start={today()}&end={today()}"):
        refused = await viewer.get(url)
        assert refused.status_code == 403 and "secret" in refused.text, url
    assert (await tenant_a.put("/api/v1/confidentiality/rules",
                               json={"rules": {"secret": ["admin", "manager"]}})).status_code == 200
    assert (await leader.get(f"{URL}/{visit['id']}")).status_code == 403
    assert (await leader.get(URL)).status_code == 403
    again = await leader.post(URL, json={"kind": "quality_patrol", "customer_id": customer["id"],
                                         "visited_on": str(today()), "leader_id": leader.admin_id, "summary": "x"})
    assert again.status_code == 403
    assert (await tenant_a.get(f"{URL}/{visit['id']}")).status_code == 200


async def test_visits_are_the_tenants_own(tenant_a, tenant_b):
    customer = await tenant_a.customer()
    leader, owner = await tenant_a.add_user("manager"), await tenant_a.add_user("technician")
    visit = await patrol(tenant_a, leader, owner, customer)
    finding = visit["findings"][0]
    assert (await tenant_b.get(f"{URL}/{visit['id']}")).status_code == 404
    assert (await tenant_b.get(URL)).json()["items"] == []
    assert (await tenant_b.post(f"{URL}/{visit['id']}/findings/{finding['id']}/follow-up",
                                json={"action": "x"})).status_code == 404
    stranger = await tenant_b.add_user("technician")
    foreign = await leader.post(URL, json={
        "kind": "quality_patrol", "customer_id": customer["id"], "visited_on": str(today()),
        "leader_id": leader.admin_id, "summary": "x", "participant_ids": [stranger.admin_id]})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "participant_ids[0]"
    numbers = (await tenant_b.get(f"{URL}/summary?start={today()}&end={today()}")).json()
    assert (numbers["quality_patrols"], numbers["findings_open"]) == (0, 0)
