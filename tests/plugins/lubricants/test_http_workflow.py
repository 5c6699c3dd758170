"""The lubrication equipment department's workflow through its API (DOMAIN §7, source 000 第四条):
the technicians' tool custody register (registration, hand-over when leaving, loss and damage
reports) and the monthly service-quality summary per technician."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

API = "/api/v1/p/lubricants"


@pytest.fixture
async def lub(make_tenant):
    return await make_tenant(plugins=("lubricants",))


async def register(tenant, holder, name="红外测温仪", **fields):
    return await tenant.post(f"{API}/tools", json={"name": name, "holder_id": holder.admin_id, **fields})


async def test_domain_7_tools_are_registered_to_a_technician(lub):
    """DOMAIN §7: tools and instruments are registered to a technician (custody)."""
    technician = await lub.add_user("technician")
    created = await register(lub, technician, serial="IR-001", valuable=True)
    assert created.status_code == 201, created.text
    tool = created.json()
    assert (tool["status"], tool["holder_id"], tool["valuable"]) == ("in_custody", technician.admin_id, True)
    assert [e["event"] for e in tool["events"]] == ["register"]
    mine = (await technician.get(f"{API}/tools", params={"holder_id": technician.admin_id})).json()["items"]
    assert [t["id"] for t in mine] == [tool["id"]]


async def test_registration_refusals(lub, make_tenant):
    technician = await lub.add_user("technician")
    agent = await lub.add_user("agent")
    assert (await register(agent, technician)).status_code == 403, "managers keep the register"
    assert (await register(lub, technician, serial="IR-001")).status_code == 201
    assert (await register(lub, technician, serial="IR-001")).status_code == 409
    stranger = await (await make_tenant(plugins=("lubricants",))).add_user("technician")
    for holder in (agent, stranger):
        response = await register(lub, holder)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "holder_id"
    for body in ({"name": ""}, {"name": "x", "holder_id": "nope"}, {"name": "x", "holder_id": technician.admin_id,
                                                                       "colour": "red"}):
        assert (await lub.post(f"{API}/tools", json=body)).status_code in (400, 422)


async def test_domain_7_handover_when_a_technician_leaves(lub):
    """DOMAIN §7: a technician leaving the post hands over every tool in their keeping."""
    leaving = await lub.add_user("technician")
    successor = await lub.add_user("technician")
    tools = [(await register(lub, leaving, name=n)).json()["id"] for n in ("扳手", "压力表")]
    response = await lub.post(f"{API}/handovers", json={"from_user_id": leaving.admin_id,
                                                        "to_user_id": successor.admin_id, "reason": "调离本岗"})
    assert response.status_code == 200, response.text
    assert sorted(t["id"] for t in response.json()["tools"]) == sorted(tools)
    tool = (await lub.get(f"{API}/tools/{tools[0]}")).json()
    assert tool["holder_id"] == successor.admin_id
    handover = tool["events"][-1]
    assert (handover["event"], handover["from_user_id"], handover["to_user_id"], handover["report"]) == (
        "handover", leaving.admin_id, successor.admin_id, "调离本岗")
    again = await lub.post(f"{API}/handovers", json={"from_user_id": leaving.admin_id,
                                                     "to_user_id": successor.admin_id, "reason": "再次"})
    assert again.status_code == 409, "nothing left to hand over"
    same = await lub.post(f"{API}/handovers", json={"from_user_id": successor.admin_id,
                                                    "to_user_id": successor.admin_id, "reason": "x"})
    assert same.status_code == 422
    technician_tries = await leaving.post(f"{API}/handovers", json={
        "from_user_id": successor.admin_id, "to_user_id": leaving.admin_id, "reason": "x"})
    assert technician_tries.status_code == 403


async def test_domain_7_loss_and_damage_are_reported(lub):
    """DOMAIN §7: loss or damage is reported (and compensated); normal wear is reported, not
    compensated; a technician reports only their own tools; a tool out of service: 409."""
    keeper = await lub.add_user("technician")
    colleague = await lub.add_user("technician")
    lost = (await register(lub, keeper, name="万用表")).json()
    worn = (await register(lub, keeper, name="油枪")).json()
    assert (await colleague.post(f"{API}/tools/{lost['id']}/reports",
                                 json={"kind": "loss", "report": "x"})).status_code == 403
    reported = await keeper.post(f"{API}/tools/{lost['id']}/reports",
                                 json={"kind": "loss", "report": "现场遗失", "compensation_fen": 15000})
    assert reported.status_code == 200, reported.text
    assert reported.json()["status"] == "lost" and reported.json()["events"][-1]["compensation_fen"] == 15000
    assert (await keeper.post(f"{API}/tools/{lost['id']}/reports",
                              json={"kind": "damage", "report": "x"})).status_code == 409
    paid_wear = await keeper.post(f"{API}/tools/{worn['id']}/reports",
                                  json={"kind": "normal_wear", "report": "正常损耗", "compensation_fen": 100})
    assert paid_wear.status_code == 422 and paid_wear.json()["errors"][0]["field"] == "compensation_fen"
    wear = await keeper.post(f"{API}/tools/{worn['id']}/reports", json={"kind": "normal_wear", "report": "正常损耗"})
    assert wear.json()["status"] == "worn_out"
    for body in ({"kind": "stolen", "report": "x"}, {"kind": "loss", "report": ""}, {"kind": "loss"}):
        assert (await lub.post(f"{API}/tools/{worn['id']}/reports", json=body)).status_code in (400, 422)
    viewer = await lub.add_user("viewer")
    assert (await viewer.post(f"{API}/tools/{worn['id']}/reports",
                              json={"kind": "loss", "report": "x"})).status_code == 403


async def on_site_service(tenant, technician, customer_id):
    """A ticket worked on site by ``technician`` and closed; returns its id."""
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer_id, "subject": "润滑泵不出油",
        "description": "现场维修"})).json()
    start = datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(hours=1)
    steps = [{"action": "assign", "technician_id": technician.admin_id},
             {"action": "schedule", "start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat()},
             {"action": "confirm"}, {"action": "arrive"}, {"action": "resolve", "resolution": "更换油泵"},
             {"action": "close"}]
    for step in steps:
        response = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=step)
        assert response.status_code == 200, (step, response.text)
    return ticket["id"]


async def test_domain_7_monthly_service_quality_summary_per_technician(lub):
    """DOMAIN §7: monthly service-quality summary per technician: on-site services and the
    revisit satisfaction of the customers they served (DOMAIN §3 satisfaction rate)."""
    good = await lub.add_user("technician", name="A 李工")
    other = await lub.add_user("technician", name="B 王工")
    idle = await lub.add_user("technician", name="C 赵工")
    member = await lub.customer(is_member=True)
    tickets = [await on_site_service(lub, good, member["id"]) for _ in range(2)]
    tickets.append(await on_site_service(lub, other, member["id"]))
    revisits = (await lub.get("/api/v1/revisits", params={"status": "open"})).json()["items"]
    by_ticket = {r["ticket_id"]: r["id"] for r in revisits}
    outcomes = ["satisfied", "unsatisfied", "satisfied"]
    for ticket_id, outcome in zip(tickets, outcomes, strict=True):
        if ticket_id in by_ticket:  # revisits of one customer may merge into one call
            response = await lub.post(f"/api/v1/revisits/{by_ticket[ticket_id]}/outcome", json={"outcome": outcome})
            assert response.status_code == 200, response.text
    month = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    summary = (await lub.get(f"{API}/quality/monthly", params={"month": month})).json()
    lines = {line["technician_id"]: line for line in summary["technicians"]}
    assert summary["month"] == month
    assert [line["name"] for line in summary["technicians"]] == ["A 李工", "B 王工", "C 赵工"]
    assert lines[good.admin_id]["on_site_services"] == 2 and lines[other.admin_id]["on_site_services"] == 1
    assert lines[idle.admin_id] == {**lines[idle.admin_id], "on_site_services": 0, "revisits_reached": 0,
                                    "satisfaction_rate": None}
    reached = sum(line["revisits_reached"] for line in lines.values())
    assert reached >= 1 and reached == sum(line["satisfied"] + line["unsatisfied"] for line in lines.values())
    for line in lines.values():
        if line["revisits_reached"]:
            assert line["satisfaction_rate"] == round(line["satisfied"] / line["revisits_reached"], 4)
    earlier = (await lub.get(f"{API}/quality/monthly", params={"month": "2020-01"})).json()
    assert all(line["on_site_services"] == 0 for line in earlier["technicians"])


async def test_summary_needs_a_month_and_a_manager(lub):
    for month in ("2026-13", "soon", ""):
        response = await lub.get(f"{API}/quality/monthly", params={"month": month})
        assert response.status_code in (400, 422), response.text
    assert (await lub.get(f"{API}/quality/monthly")).status_code == 400
    technician = await lub.add_user("technician")
    assert (await technician.get(f"{API}/quality/monthly", params={"month": "2026-01"})).status_code == 403


async def test_a_tenant_without_the_plugin_gets_404(make_tenant):
    tenant = await make_tenant()
    assert (await tenant.get(f"{API}/tools")).status_code == 404
    assert (await tenant.get(f"{API}/quality/monthly", params={"month": "2026-01"})).status_code == 404
    technician = await tenant.add_user("technician")
    assert (await register(tenant, technician)).status_code == 404


async def test_another_tenants_tools_are_404_or_invisible(lub, make_tenant):
    technician = await lub.add_user("technician")
    tool = (await register(lub, technician)).json()
    other = await make_tenant(plugins=("lubricants",))
    assert (await other.get(f"{API}/tools/{tool['id']}")).status_code == 404
    assert (await other.post(f"{API}/tools/{tool['id']}/reports", json={"kind": "loss", "report": "x"})).status_code == 404
    assert (await other.get(f"{API}/tools")).json()["items"] == []
    successor = await other.add_user("technician")
    stolen = await other.post(f"{API}/handovers", json={"from_user_id": technician.admin_id,
                                                        "to_user_id": successor.admin_id, "reason": "x"})
    assert stolen.status_code == 422, "another tenant's technician is no user here"
    assert stolen.json()["errors"][0]["field"] == "from_user_id"
    assert (await lub.get(f"{API}/tools/{tool['id']}")).json()["holder_id"] == technician.admin_id
    assert (await other.get(f"{API}/tools/{uuid.uuid4()}")).status_code == 404
