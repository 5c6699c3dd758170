"""The home page is "my work today" (issue: console for a real service-desk day, item 4): my open
tickets soonest due first with their SLA, escalations addressed to me, visits awaiting the
customer's confirmation, and for managers the complaints waiting for their decision; nothing of
another tenant's, and viewers see the company overview only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.core.complaints.walk import create, walk_to


async def test_my_work_today(client, make_tenant, page_login):
    tenant, other = await make_tenant(), await make_tenant()
    manager, technician = await tenant.add_user("manager", name="钱经理"), await tenant.add_user("technician", name="孙师傅")
    customer = await tenant.customer(name="冯女士")

    async def ticket(subject: str) -> dict:
        created = await tenant.post("/api/v1/tickets", json={
            "customer_id": customer["id"], "kind": "repair", "channel": "phone", "subject": subject})
        assert created.status_code == 201, created.text
        return created.json()

    mine = await ticket("客厅灯不亮")
    visit = await ticket("上门检修")
    start = datetime.now(UTC) + timedelta(days=1)
    for body in ({"action": "assign", "technician_id": technician.admin_id},
                 {"action": "schedule", "start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat()}):
        assert (await tenant.post(f"/api/v1/tickets/{visit['id']}/transitions", json=body)).status_code == 200
    escalated = await ticket("需要经理处理")
    assert (await tenant.post(f"/api/v1/tickets/{escalated['id']}/transitions", json={
        "action": "escalate", "to_user_id": manager.admin_id, "reason": "客户要求经理回电"})).status_code == 200
    complaint = await create(tenant)
    await walk_to(tenant, complaint["id"], "proposed")
    await other.post("/api/v1/tickets", json={"customer_id": (await other.customer(name="别家客户"))["id"],
                                               "kind": "repair", "channel": "phone", "subject": "别家的工单"})

    await page_login(tenant.slug, tenant.admin_email)
    home = (await client.get(f"/t/{tenant.slug}/")).text
    assert "我的未完成工单" in home
    assert "客厅灯不亮" in home and mine["number"] in home
    assert "等待客户确认的上门" in home and visit["number"] in home
    assert "等待您决定的投诉" in home and f"/complaints/{complaint['id']}" in home
    assert "别家的工单" not in home and "别家客户" not in home

    await page_login(tenant.slug, manager.admin_email)
    home = (await client.get(f"/t/{tenant.slug}/")).text
    assert "升级给我的" in home and escalated["number"] in home and "客户要求经理回电" in home

    await page_login(tenant.slug, technician.admin_email)
    home = (await client.get(f"/t/{tenant.slug}/")).text
    assert visit["number"] in home and "今天到期的回访电话" not in home

    viewer = await tenant.add_user("viewer")
    await page_login(tenant.slug, viewer.admin_email)
    home = (await client.get(f"/t/{tenant.slug}/")).text
    assert "我的未完成工单" not in home and "客户" in home
