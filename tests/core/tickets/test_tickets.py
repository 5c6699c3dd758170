"""Tickets (DOMAIN §1; API.md "Tickets"): intake, numbers, hand-over, roles, isolation, queue, charges."""

from __future__ import annotations

import asyncio
import re
import uuid

import httpx
import pytest
from sqlalchemy import delete, update

from core.db.tenancy import bind_tenant
from core.eventbus import _subscribers, subscribe
from core.tickets import service
from core.tickets.models import TicketEvent
from tenants.context import load_context

API_FIELDS = {"id", "number", "kind", "channel", "status", "owner_id", "customer_id", "asset_id", "sla", "created_at"}


async def test_create_answers_the_api_fields_and_the_creator_owns_it(desk):
    """DOMAIN §1 intake (首问负责制, 003): the first person who takes the request owns it."""
    ticket = await desk.open(contact_name="王先生", address="苏州市工业园区", product_model="XD-40",
                             purchase_date="2025-06-01", serial="SN123", priority="urgent")
    assert set(ticket) >= API_FIELDS
    assert set(ticket["sla"]) >= {"respond_by", "resolve_by"}
    assert ticket["owner_id"] == ticket["created_by"] == desk.tenant.admin_id
    assert ticket["status"] == "new" and ticket["priority"] == "urgent"
    assert ticket["intake"] == {
        "contact_name": "王先生", "contact_phone": "+8613800138000", "address": "苏州市工业园区",
        "province": "320000", "product_model": "XD-40", "purchase_date": "2025-06-01", "serial": "SN123",
    }
    assert (await desk.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json() == ticket
    created = (await desk.events(ticket["id"]))[0]
    assert created["action"] == "created" and created["before"] == {} and created["after"]["status"] == "new"


async def test_intake_takes_product_facts_from_the_asset(desk):
    await desk.tenant.enable("lighting")
    asset = await desk.tenant.asset(desk.customer["id"], "lighting.cfl", model="YZ-18", serial="L-9",
                                    purchase_date="2026-03-01")
    ticket = await desk.open(asset_id=asset["id"])
    assert ticket["asset_id"] == asset["id"]
    assert (ticket["intake"]["product_model"], ticket["intake"]["serial"]) == ("YZ-18", "L-9")
    other = await desk.tenant.customer(name="另一个客户")
    mismatch = await desk.tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": other["id"], "subject": "x", "asset_id": asset["id"]})
    assert mismatch.status_code == 422 and mismatch.json()["errors"][0]["field"] == "asset_id"


REGISTRATION = {"customer": "常州精工机械厂", "contact": "刘工", "phone": "0519-86661234",
                "address": "江苏省常州市武进区", "fault": "润滑泵漏油",
                "phone_guidance": "已指导客户检查油位和接头，仍漏油"}


async def test_form_is_validated_and_stored_with_its_version(desk):
    """Forms: a ticket's form is validated against the enabled plugin's JSON Schema and kept
    with the version it was filled with (DOMAIN §7 on-site service registration)."""
    await desk.tenant.enable("lubricants")
    form = {"id": "lubricants.on_site_service_registration", "data": REGISTRATION}
    ticket = await desk.open(form=form)
    assert ticket["form"]["id"] == "lubricants.on_site_service_registration"
    assert ticket["form"]["data"] == REGISTRATION and ticket["form"]["version"] >= 1
    bad = await desk.tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": desk.customer["id"], "subject": "x",
        "form": {"id": form["id"], "data": {**REGISTRATION, "fault": None}}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("form.data.fault")
    unknown = await desk.tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": desk.customer["id"], "subject": "x",
        "form": {"id": "gps_install.repair_service", "data": {}}})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "form.id"


async def test_form_is_checked_and_stored_with_its_version(desk):
    """The form's data is validated against the tenant's form; the ticket keeps id and version."""
    await desk.tenant.enable("lighting")
    form = {"id": "lighting.batch_quality_report",
            "data": {"dealer": "华南经销", "product": "lighting.cfl", "quantity": 40, "description": "批量不亮"}}
    ticket = await desk.open(kind="lighting.batch_quality", form=form)
    assert ticket["form"]["id"] == "lighting.batch_quality_report"
    assert ticket["form"]["data"]["quantity"] == 40
    body = {"kind": "lighting.batch_quality", "channel": "phone", "customer_id": desk.customer["id"],
            "subject": "批量", "form": {"id": "lighting.batch_quality_report", "data": {"quantity": 0}}}
    bad = await desk.tenant.post("/api/v1/tickets", json=body)
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"form.data.dealer", "form.data.quantity"} <= fields
    unknown = await desk.tenant.post("/api/v1/tickets", json={**body, "form": {"id": "nope.form", "data": {}}})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "form.id"


async def test_numbers_are_sequential_per_tenant_and_independent(client, make_tenant):
    """Human numbers SH-<year>-<6 digits>, one counter per tenant."""
    from tests.core.tickets.conftest import make_desk

    a, b = await make_desk(client), await make_desk(client)
    numbers_a = [(await a.open())["number"] for _ in range(3)]
    numbers_b = [(await b.open())["number"] for _ in range(2)]
    year = numbers_a[0].split("-")[1]
    assert numbers_a == [f"SH-{year}-00000{i}" for i in (1, 2, 3)]
    assert numbers_b == [f"SH-{year}-00000{i}" for i in (1, 2)]
    assert all(re.fullmatch(r"SH-\d{4}-\d{6}", n) for n in numbers_a)


async def test_concurrent_creates_get_distinct_consecutive_numbers(desk, live_server):
    """Sixteen creates at once, served by uvicorn (the test client would run them one at a time):
    each takes the next number of the tenant's year, none twice, none skipped."""
    body = {"kind": "repair", "channel": "phone", "customer_id": desk.customer["id"], "subject": "吸顶灯不亮"}
    async with httpx.AsyncClient(base_url=live_server, headers=desk.tenant.headers, timeout=60) as http:
        answers = await asyncio.gather(*(http.post("/api/v1/tickets", json=body) for _ in range(16)))
    assert {answer.status_code for answer in answers} == {201}, [answer.text for answer in answers]
    numbers = sorted(int(answer.json()["number"].rsplit("-", 1)[1]) for answer in answers)
    assert numbers == list(range(1, 17))


async def test_idempotency_key_on_create(desk):
    body = {"kind": "consultation", "channel": "phone", "customer_id": desk.customer["id"], "subject": "怎么换灯管"}
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = await desk.tenant.post("/api/v1/tickets", json=body, headers=key)
    again = await desk.tenant.post("/api/v1/tickets", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    listed = (await desk.tenant.get("/api/v1/tickets")).json()["items"]
    assert len(listed) == 1
    reused = await desk.tenant.post("/api/v1/tickets", json={**body, "subject": "别的"}, headers=key)
    assert reused.status_code == 409


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"kind": "teleportation"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"customer_id": "not-a-uuid"}, "customer_id"),
        ({"customer_id": "00000000-0000-0000-0000-000000000000"}, "customer_id"),
        ({"subject": ""}, "subject"),
        ({"subject": "   "}, "subject"),
        ({"priority": "asap"}, "priority"),
        ({"province": "亚特兰蒂斯"}, "province"),
        ({"contact_phone": "12"}, "contact_phone"),
        ({"purchase_date": "2999-01-01"}, "purchase_date"),
        ({"purchase_date": "yesterday"}, "purchase_date"),
        ({"form": {"data": {}}}, "form.id"),
        ({"asset_id": "00000000-0000-0000-0000-000000000000"}, "asset_id"),
    ],
)
async def test_bad_ticket_input_names_the_field(desk, patch, field):
    body = {"kind": "repair", "channel": "phone", "customer_id": desk.customer["id"], "subject": "x", **patch}
    response = await desk.tenant.post("/api/v1/tickets", json=body)
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"] == field
    assert (await desk.tenant.get("/api/v1/tickets")).json()["items"] == []


async def test_plugin_ticket_kinds(desk, register_plugin):
    """Kinds beyond the core come from the ``shouhou_ticket_kinds`` hook of enabled plugins only."""
    from core.hookspecs import hookimpl
    from core.plugins import PluginInfo

    class Kinds:
        @hookimpl
        def shouhou_plugin_info(self):
            return PluginInfo("kindtest", "1.0", {"en": "Kinds"}, {"en": "test"})

        @hookimpl
        def shouhou_ticket_kinds(self):
            return ["kindtest.survey_visit"]

    assert register_plugin(Kinds(), "kindtest")
    body = {"kind": "kindtest.survey_visit", "channel": "visit", "customer_id": desk.customer["id"], "subject": "x"}
    assert (await desk.tenant.post("/api/v1/tickets", json=body)).status_code == 422, "not enabled yet"
    await desk.tenant.enable("kindtest")
    created = await desk.tenant.post("/api/v1/tickets", json=body)
    assert created.status_code == 201 and created.json()["kind"] == "kindtest.survey_visit"


async def test_handover_is_logged_with_from_to_reason(desk):
    """DOMAIN §1 (003): every hand-over is logged (from, to, reason, time)."""
    ticket = await desk.open()
    colleague = await desk.tenant.add_user("agent", name="张三")
    response = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/handover",
                                      json={"to_user_id": colleague.admin_id, "reason": "交班"})
    assert response.status_code == 200, response.text
    assert response.json()["owner_id"] == colleague.admin_id
    event = (await desk.events(ticket["id"]))[-1]
    assert event["action"] == "handover"
    assert event["data"] == {"from_user_id": desk.tenant.admin_id, "to_user_id": colleague.admin_id, "reason": "交班"}
    assert event["before"] == {"owner_id": desk.tenant.admin_id} and event["after"] == {"owner_id": colleague.admin_id}
    assert event["created_at"]
    mine = (await desk.tenant.get(f"/api/v1/tickets?owner_id={colleague.admin_id}")).json()["items"]
    assert [t["id"] for t in mine] == [ticket["id"]]


@pytest.mark.parametrize("target", ["self", "viewer", "nobody", "missing_reason"])
async def test_bad_handover(desk, target):
    ticket = await desk.open()
    viewer = await desk.tenant.add_user("viewer")
    to = {"self": desk.tenant.admin_id, "viewer": viewer.admin_id, "nobody": str(uuid.uuid4()),
          "missing_reason": viewer.admin_id}[target]
    body = {"to_user_id": to} if target == "missing_reason" else {"to_user_id": to, "reason": "x"}
    response = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/handover", json=body)
    assert response.status_code in (400, 422), response.text
    error = response.json()["errors"][0]
    assert error["field"] in ("to_user_id", "reason")
    assert len(await desk.events(ticket["id"])) == 1


async def test_viewer_reads_but_cannot_act(desk):
    ticket = await desk.open()
    viewer = await desk.tenant.add_user("viewer")
    assert (await viewer.get(f"/api/v1/tickets/{ticket['id']}")).status_code == 200
    assert (await viewer.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                              json={"action": "cancel", "reason": "x"})).status_code == 403
    assert (await viewer.post(f"/api/v1/tickets/{ticket['id']}/handover",
                              json={"to_user_id": desk.tenant.admin_id, "reason": "x"})).status_code == 403
    assert (await viewer.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone",
                              "customer_id": desk.customer["id"], "subject": "x"})).status_code == 403
    assert (await viewer.post(f"/api/v1/tickets/{ticket['id']}/charges", json={
        "kind": "parts", "description": "x", "free": True, "amount_fen": 0})).status_code == 403
    assert (await viewer.post(f"/api/v1/tickets/{ticket['id']}/sla/pause",
                              json={"reason": "waiting_parts"})).status_code == 403
    assert len(await desk.events(ticket["id"])) == 1
    technician = desk.technician
    assert (await technician.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                  json={"action": "escalate"})).status_code == 200


async def test_no_token_is_401(client, desk):
    ticket = await desk.open()
    assert (await client.get(f"/api/v1/tickets/{ticket['id']}")).status_code == 401


async def test_other_tenant_gets_404_everywhere(client, desk):
    """Tenant B never sees or touches tenant A's ticket (API.md: 404, never 403)."""
    from tests.core.tickets.conftest import make_desk

    ticket = await desk.open()
    other = await make_desk(client)
    base = f"/api/v1/tickets/{ticket['id']}"
    assert (await other.tenant.get(base)).status_code == 404
    assert (await other.tenant.get(f"{base}/events")).status_code == 404
    assert (await other.tenant.get(f"{base}/charges")).status_code == 404
    assert (await other.act(ticket["id"], "cancel")).status_code == 404
    assert (await other.tenant.post(f"{base}/handover", json={"to_user_id": other.tenant.admin_id,
                                                              "reason": "x"})).status_code == 404
    assert (await other.tenant.post(f"{base}/charges", json={
        "kind": "parts", "description": "x", "free": True, "amount_fen": 0})).status_code == 404
    assert (await other.tenant.post(f"{base}/sla/pause", json={"reason": "waiting_parts"})).status_code == 404
    assert (await other.tenant.post(f"{base}/sla/resume")).status_code == 404
    assert (await other.tenant.get("/api/v1/tickets")).json()["items"] == []
    customer_of_a = await other.tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": desk.customer["id"], "subject": "x"})
    assert customer_of_a.status_code == 422, "A's customer does not exist for B"
    assert len(await desk.events(ticket["id"])) == 1


async def test_urgent_jumps_the_queue_and_pages(desk):
    """DOMAIN §1 (紧急维修需求优先处理): urgent first; newest first within a priority."""
    normal_1 = await desk.open()
    urgent = await desk.open(priority="urgent")
    normal_2 = await desk.open()
    low = await desk.open(priority="low")
    high = await desk.open(priority="high")
    expected = [urgent["id"], high["id"], normal_2["id"], normal_1["id"], low["id"]]
    seen, cursor = [], None
    while True:
        url = "/api/v1/tickets?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = (await desk.tenant.get(url)).json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert (await desk.tenant.get("/api/v1/tickets?cursor=garbage")).status_code in (400, 422)
    assert (await desk.tenant.get("/api/v1/tickets?limit=0")).status_code in (400, 422)


async def test_list_filters(desk):
    consultation = await desk.open(kind="consultation")
    repair = await desk.open()
    await desk.act(repair["id"], "cancel")
    other_customer = await desk.tenant.customer(name="另一个")
    theirs = await desk.open(customer_id=other_customer["id"])

    async def ids(query):
        response = await desk.tenant.get(f"/api/v1/tickets?{query}")
        assert response.status_code == 200, response.text
        return {t["id"] for t in response.json()["items"]}

    assert await ids("kind=consultation") == {consultation["id"]}
    assert await ids("status=cancelled") == {repair["id"]}
    assert await ids(f"customer_id={other_customer['id']}") == {theirs["id"]}
    assert await ids("sla_state=met") == {repair["id"]}
    assert await ids("sla_state=on_track") == {consultation["id"], theirs["id"]}
    bad = await desk.tenant.get("/api/v1/tickets?sla_state=sideways")
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"] == "sla_state"


async def test_charges_serve_first_charge_after(desk):
    """DOMAIN §1 charging (004): free or paid lines; the invoice only once the work is resolved."""
    ticket = await desk.open()
    base = f"/api/v1/tickets/{ticket['id']}/charges"
    paid = {"kind": "parts", "description": "镇流器", "free": False, "amount_fen": 3500}
    early = await desk.tenant.post(base, json={**paid, "invoice_no": "INV-1"})
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "invoice_no"
    line = (await desk.tenant.post(base, json=paid)).json()
    free = await desk.tenant.post(base, json={"kind": "labour", "description": "保内人工", "free": True, "amount_fen": 0})
    assert free.status_code == 201
    assert (await desk.tenant.post(f"{base}/{line['id']}/invoice", json={"invoice_no": "INV-1"})).status_code == 409
    await desk.drive(ticket["id"], ["resolve"])
    invoiced = await desk.tenant.post(f"{base}/{line['id']}/invoice", json={"invoice_no": "INV-1"})
    assert invoiced.status_code == 200 and invoiced.json()["invoice_no"] == "INV-1"
    again = await desk.tenant.post(f"{base}/{line['id']}/invoice", json={"invoice_no": "INV-2"})
    assert again.status_code == 409
    no_invoice_for_free = await desk.tenant.post(base, json={"kind": "labour", "description": "x", "free": True,
                                                             "amount_fen": 0, "invoice_no": "INV-3"})
    assert no_invoice_for_free.status_code == 422
    lines = (await desk.tenant.get(base)).json()
    assert [(c["kind"], c["free"], c["amount_fen"], c["invoice_no"]) for c in lines] == [
        ("parts", False, 3500, "INV-1"), ("labour", True, 0, None)]
    actions = [e["action"] for e in await desk.events(ticket["id"])]
    assert actions.count("charge") == 2 and "invoice" in actions


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "gold", "description": "x", "free": True, "amount_fen": 0}, "kind"),
        ({"kind": "parts", "description": "x", "free": False, "amount_fen": -1}, "amount_fen"),
        ({"kind": "parts", "description": "x", "free": False, "amount_fen": 1.5}, "amount_fen"),
        ({"kind": "parts", "description": "", "free": False, "amount_fen": 1}, "description"),
    ],
)
async def test_bad_charge_names_the_field(desk, body, field):
    ticket = await desk.open()
    response = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/charges", json=body)
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"][0]["field"] == field


async def test_domain_events_are_published(desk):
    """Subscribers (the revisits engine on ``ticket.closed``) get kind, customer and asset."""
    seen = []

    async def remember(_session, _ctx, event):
        seen.append(event)

    for name in ("ticket.created", "ticket.assigned", "ticket.resolved", "ticket.accepted", "ticket.closed",
                 "ticket.reopened"):
        subscribe(name)(remember)
    try:
        ticket = await desk.open()
        await desk.drive(ticket["id"], ["assign", "schedule", "confirm", "arrive", "resolve", "accept", "close",
                                        "reopen"])
    finally:
        for handlers in _subscribers.values():
            while remember in handlers:
                handlers.remove(remember)
    names = [e.name for e in seen if str(e.subject_id) == ticket["id"]]
    assert names == ["ticket.created", "ticket.assigned", "ticket.resolved", "ticket.accepted", "ticket.closed",
                     "ticket.reopened"]
    closed = next(e for e in seen if e.name == "ticket.closed")
    assert closed.data["kind"] == "repair" and closed.data["customer_id"] == desk.customer["id"]
    assert "asset_id" in closed.data and closed.actor_id == uuid.UUID(desk.tenant.admin_id)


async def test_follow_up_is_linked_to_the_original(desk, shouhou_sessions, shouhou_plugins):
    """DOMAIN §3 (003 篇6): an unsatisfied revisit opens a follow-up case linked to the original."""
    original = await desk.open()
    tenant_id = uuid.UUID(desk.tenant.id)
    async with shouhou_sessions() as session:
        bind_tenant(session, tenant_id)
        async with session.begin():
            ctx = await load_context(session, shouhou_plugins, tenant_id)
            follow_up = await service.create_follow_up(
                session, ctx, original_ticket_id=uuid.UUID(original["id"]),
                customer_id=uuid.UUID(desk.customer["id"]), asset_id=None,
                subject="回访不满意：灯仍闪烁", description="客户回访不满意", actor_id=None,
            )
            follow_up_id = follow_up.id
    read = (await desk.tenant.get(f"/api/v1/tickets/{follow_up_id}")).json()
    assert read["parent_ticket_id"] == original["id"]
    assert read["owner_id"] == original["owner_id"], "the system hands it to the original owner"
    assert read["kind"] == "consultation" and read["number"].endswith("000002")


async def test_history_is_append_only_in_the_database(desk, shouhou_sessions):
    ticket = await desk.open()
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(desk.tenant.id))
        tid = uuid.UUID(ticket["id"])
        for statement in (
            update(TicketEvent).where(TicketEvent.ticket_id == tid).values(action="forged"),
            delete(TicketEvent).where(TicketEvent.ticket_id == tid),
        ):
            async with session.begin():
                # SQLite's triggers answer "append-only"; on PostgreSQL the app role has no UPDATE or
                # DELETE grant on the table at all (and the triggers stand behind that).
                with pytest.raises(Exception, match=r"append-only|permission denied"):
                    await session.execute(statement.execution_options(synchronize_session=False))
                await session.rollback()
    assert [e["action"] for e in await desk.events(ticket["id"])] == ["created"]
