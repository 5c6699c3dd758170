"""Personal information requests through the API (PIPL Art. 44–47): filed with their deadline,
the access report (everything held, in a fixed number of queries, the file's reads included),
correction through the customer edit path, erasure that keeps the statistics and leaves a
tombstone, refusals, roles and tenant isolation."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from core.db.tenancy import bind_tenant
from core.privacy.deadline import due_on
from core.privacy.models import ErasureTombstone
from core.sla.calendar import BusinessCalendar
from core.tickets.models import TicketEvent
from tests.web.helpers import counting

SECTIONS = {
    "customer", "contacts", "assets", "tickets", "ticket_history", "ticket_forms", "charges", "chat_messages",
    "complaints", "complaint_steps", "revisits", "warranty_decisions", "file_reads", "requests", "erasure",
    "survey_responses", "transport_claims", "major_faults",
}


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def file(tenant, customer_id: str, kind: str, **fields) -> dict:
    response = await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer_id, "kind": kind, **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def ticket(tenant, customer_id: str, *actions: str, **fields) -> dict:
    body = {"kind": "repair", "channel": "phone", "customer_id": customer_id, "subject": "张先生家吸顶灯不亮",
            "description": "联系人张先生 13912345678", "contact_name": "张先生", "contact_phone": "13912345678",
            "address": "苏州市星湖街 328 号", **fields}
    created = await tenant.post("/api/v1/tickets", json=body)
    assert created.status_code == 201, created.text
    payload = {"resolve": {"resolution": "更换镇流器"}, "cancel": {"reason": "客户撤回"}}
    for action in actions:
        moved = await tenant.post(f"/api/v1/tickets/{created.json()['id']}/transitions",
                                  json={"action": action, **payload.get(action, {})})
        assert moved.status_code == 200, (action, moved.text)
    return created.json()


async def test_an_access_request_is_due_in_15_working_days_and_its_report_holds_everything(make_tenant, shouhou_app):
    tenant = await make_tenant(plugins=("automotive",))
    manager = await tenant.add_user("manager", name="王经理")
    customer = await tenant.customer(name="张三", phone="13912345678", contacts=[{"name": "李四", "phone": "13700000001"}])
    await tenant.asset(customer["id"], "automotive.vehicle", serial="LSVAU2180N2183456", attributes={"plate": "苏E9A8B7"})
    await ticket(tenant, customer["id"], "resolve")
    assert (await manager.get(f"/api/v1/customers/{customer['id']}")).status_code == 200  # an audited read

    request = await file(manager, customer["id"], "access")
    assert request["status"] == "open" and request["requester"] == "subject" and not request["overdue"]
    assert request["received_on"] == str(today())
    assert request["due_on"] == str(due_on(today(), BusinessCalendar()))  # the tenant entered no calendar days

    report = (await manager.get(f"/api/v1/privacy/requests/{request['id']}/report")).json()
    assert set(report) >= SECTIONS and report["format_version"] == 1
    assert report["customer"]["name"] == "张三" and report["customer"]["phone"] == "+8613912345678"
    assert [c["name"] for c in report["contacts"]] == ["李四"]
    assert report["assets"][0]["attributes"]["plate"] == "苏E9A8B7"
    assert [t["contact_name"] for t in report["tickets"]] == ["张先生"]
    assert report["ticket_history"] and {e["ticket_id"] for e in report["ticket_history"]} == {report["tickets"][0]["id"]}
    assert report["requests"][0]["id"] == request["id"] and report["erasure"] is None
    readers = {(r["user_name"], r["role"]) for r in report["file_reads"]}
    assert ("王经理", "manager") in readers  # who read the file (DOMAIN §5 audit)
    assert "tenant_id" not in report["customer"]

    download = await manager.get(f"/api/v1/privacy/requests/{request['id']}/report.json")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith('attachment; filename="personal-information-')
    assert download.json()["customer"]["id"] == customer["id"]

    answered = await manager.post(f"/api/v1/privacy/requests/{request['id']}/answer",
                                  json={"outcome": "报告已当面交给本人"})
    assert answered.status_code == 200 and answered.json()["status"] == "done"
    assert answered.json()["completed_by"] == manager.admin_id
    again = await manager.post(f"/api/v1/privacy/requests/{request['id']}/answer", json={"outcome": "再次"})
    assert again.status_code == 409


async def test_the_report_takes_the_same_number_of_queries_whatever_the_history(make_tenant, shouhou_app):
    tenant = await make_tenant()
    small, large = await tenant.customer(name="甲"), await tenant.customer(name="乙", phone="13800138009")
    for customer, times in ((small, 1), (large, 4)):
        for _ in range(times):
            await ticket(tenant, customer["id"], "resolve")
            await tenant.post("/api/v1/complaints", json={"type": "service", "customer_id": customer["id"],
                                                          "description": "迟到"})
    counts = []
    for customer in (small, large):
        request = await file(tenant, customer["id"], "access")
        await tenant.get(f"/api/v1/privacy/requests/{request['id']}/report")  # the node's caches warm
        with counting(shouhou_app) as statements:
            response = await tenant.get(f"/api/v1/privacy/requests/{request['id']}/report")
        assert response.status_code == 200
        counts.append(len(statements))
    assert len((await tenant.get("/api/v1/privacy/requests?kind=access")).json()["items"]) == 2
    assert counts[0] == counts[1], counts
    assert counts[1] < 40


async def test_a_correction_goes_through_the_customer_edit_path(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer(name="张三", phone="13912345678", address="旧地址")
    request = await file(tenant, customer["id"], "correction", requester="agent")
    base = {"name": "张三", "phone": "13912345678", "address": "旧地址", "province": "320000"}

    bad = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/correct", json={**base, "phone": "12"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "phone"
    assert (await tenant.get(f"/api/v1/privacy/requests/{request['id']}")).json()["status"] == "open"

    done = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/correct",
                             json={**base, "address": "苏州市新地址 1 号"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["fields"] == ["address"]
    assert "旧地址" not in done.text  # the request names the fields, not the old values
    assert (await tenant.get(f"/api/v1/customers/{customer['id']}")).json()["address"] == "苏州市新地址 1 号"


async def test_requests_are_refused_with_reasons_and_one_of_a_kind_is_open_at_a_time(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    request = await file(tenant, customer["id"], "erasure")
    twice = await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], "kind": "erasure"})
    assert twice.status_code == 409 and twice.json()["errors"][0]["field"] == "kind"
    wrong = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/answer", json={"outcome": "x"})
    assert wrong.status_code == 409  # an erasure is not answered with a report
    refused = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/refuse",
                                json={"outcome": "身份核验未通过（PIPL 第五十条）"})
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    assert (await tenant.post(f"/api/v1/privacy/requests/{request['id']}/refuse",
                              json={"outcome": "x"})).status_code == 409


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "forget"}, "kind"),
    ({"kind": "access", "requester": "neighbour"}, "requester"),
    ({"kind": "access", "received_on": "2999-01-01"}, "received_on"),
    ({"kind": "access", "customer_id": "00000000-0000-4000-8000-000000000000"}, "customer_id"),
])
async def test_bad_requests_name_their_field(make_tenant, body, field):
    tenant = await make_tenant()
    customer = await tenant.customer()
    response = await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], **body})
    assert response.status_code in (400, 422), response.text
    assert field in response.text
    assert (await tenant.get("/api/v1/privacy/requests")).json()["items"] == []


async def test_only_admins_and_managers_handle_requests(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    request = await file(tenant, customer["id"], "access")
    for role in ("agent", "technician"):
        other = await tenant.add_user(role)
        assert (await other.get("/api/v1/privacy/requests")).status_code == 403
        assert (await other.get(f"/api/v1/privacy/requests/{request['id']}/report")).status_code == 403
        refused = await other.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], "kind": "erasure"})
        assert refused.status_code == 403


async def test_another_tenant_can_neither_file_nor_read_nor_act_on_requests(make_tenant):
    a, b = await make_tenant(), await make_tenant()
    customer = await a.customer()
    request = await file(a, customer["id"], "erasure")
    theirs = await b.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], "kind": "access"})
    assert theirs.status_code == 422 and theirs.json()["errors"][0]["field"] == "customer_id"
    for url in ("", "/report", "/report.json"):
        assert (await b.get(f"/api/v1/privacy/requests/{request['id']}{url}")).status_code == 404
    for action, body in (("erase", {}), ("refuse", {"outcome": "x"}), ("answer", {"outcome": "x"})):
        assert (await b.post(f"/api/v1/privacy/requests/{request['id']}/{action}", json=body)).status_code == 404
    assert (await b.get("/api/v1/privacy/requests")).json()["items"] == []
    assert (await a.get(f"/api/v1/privacy/requests/{request['id']}")).json()["status"] == "open"


async def test_erasure_waits_for_open_work_then_keeps_the_statistics_and_leaves_a_tombstone(
    make_tenant, shouhou_sessions, open_revisit_window
):
    tenant = await make_tenant(plugins=("automotive",))
    customer = await tenant.customer(name="张三", phone="13912345678", address="苏州市星湖街 328 号",
                                     contacts=[{"name": "李四", "phone": "13700000001"}])
    asset = await tenant.asset(customer["id"], "automotive.vehicle", serial="LSVAU2180N2183456",
                               attributes={"plate": "苏E9A8B7", "mileage_km": 12000})
    closed = await ticket(tenant, customer["id"], "resolve", "close")
    await ticket(tenant, customer["id"], "cancel")
    open_one = await ticket(tenant, customer["id"])
    request = await file(tenant, customer["id"], "erasure")

    blocked = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/erase")
    assert blocked.status_code == 409
    assert open_one["number"] in blocked.json()["detail"]
    assert {e["field"] for e in blocked.json()["errors"]} >= {"open_tickets"}
    assert (await tenant.get(f"/api/v1/customers/{customer['id']}")).json()["phone"] == "+8613912345678"

    # The desk finishes the work: the ticket is cancelled, every open revisit is made.
    moved = await tenant.post(f"/api/v1/tickets/{open_one['id']}/transitions",
                              json={"action": "cancel", "reason": "客户要求删除信息"})
    assert moved.status_code == 200
    revisits = (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"]
    for revisit in revisits:
        if revisit["status"] == "open":
            await open_revisit_window(tenant, revisit["id"])
            made = await tenant.post(f"/api/v1/revisits/{revisit['id']}/outcome",
                                     json={"outcome": "satisfied", "notes": "张先生很满意", "new_need": "想加装摄像头",
                                           "survey": {"attitude": 5, "suggestion": "张先生希望晚上来电"}})
            assert made.status_code == 200, made.text

    month = today().strftime("%Y-%m")
    stats_before = (await tenant.get(f"/api/v1/reports/service-quality?month={month}")).json()
    revisit_stats_before = (await tenant.get("/api/v1/revisits/stats")).json()
    tickets_before = (await tenant.get(f"/api/v1/tickets?customer_id={customer['id']}")).json()["items"]
    events_before = await history(shouhou_sessions, tenant, closed["id"])

    erased = await tenant.post(f"/api/v1/privacy/requests/{request['id']}/erase", json={"outcome": "已删除"})
    assert erased.status_code == 200, erased.text
    assert erased.json()["status"] == "done" and "customers.phone" in erased.json()["fields"]

    # The personal fields are gone ...
    file_now = (await tenant.get(f"/api/v1/customers/{customer['id']}")).json()
    assert re.fullmatch(r"已删除客户-[0-9a-f]{6}", file_now["name"])
    assert file_now["phone"] is None and file_now["address"] is None and file_now["contacts"] == []
    assert file_now["erased_at"] is not None and file_now["province"] == "320000"
    asset_now = (await tenant.get(f"/api/v1/assets/{asset['id']}")).json()
    assert asset_now["serial"] is None and asset_now["attributes"] == {"mileage_km": 12000}
    for term in ("13912345678", "139 1234 5678", "张三", "苏E9A8B7", "LSVAU2180N2183456", "星湖街"):
        assert (await tenant.get("/api/v1/customers", params={"q": term})).json()["items"] == [], term
    tickets_after = (await tenant.get(f"/api/v1/tickets?customer_id={customer['id']}")).json()["items"]
    detail = (await tenant.get(f"/api/v1/tickets/{closed['id']}")).json()
    intake = detail["intake"]
    assert intake.get("contact_phone") is None and intake.get("contact_name") is None
    assert intake.get("address") is None and detail["subject"] == "[已删除]"
    assert "13912345678" not in str(detail) and "张先生" not in str(detail)
    for revisit in (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"]:
        assert revisit["notes"] in (None, "[已删除]") and revisit["outcome"] in (None, "satisfied", "unreachable")
        assert "张先生" not in str(revisit)

    # ... the statistics are not.
    assert (await tenant.get(f"/api/v1/reports/service-quality?month={month}")).json() == stats_before
    assert (await tenant.get("/api/v1/revisits/stats")).json() == revisit_stats_before
    assert [(t["id"], t["status"], t["number"]) for t in tickets_after] == \
        [(t["id"], t["status"], t["number"]) for t in tickets_before]

    # History is not rewritten; a tombstone says what happened.
    assert await history(shouhou_sessions, tenant, closed["id"]) == events_before
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        tombstone = await session.scalar(select(ErasureTombstone))
        assert tombstone.customer_id == UUID(customer["id"]) and tombstone.request_id == UUID(request["id"])
        assert tombstone.rows["customer_contacts"] == 1 and tombstone.rows["tickets"] == 3
        with pytest.raises(Exception, match=r"append-only|permission denied"):
            await session.execute(text("UPDATE privacy_tombstones SET rows = '{}'"))
        await session.rollback()

    # The erased file stays erased: no correction, no new erasure, no new ticket; a report says so.
    again = await tenant.post("/api/v1/privacy/requests", json={"customer_id": customer["id"], "kind": "correction"})
    assert again.status_code == 409
    new_ticket = await tenant.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone",
                                                           "customer_id": customer["id"], "subject": "x"})
    assert new_ticket.status_code == 422 and new_ticket.json()["errors"][0]["field"] == "customer_id"
    access = await file(tenant, customer["id"], "access")
    report = (await tenant.get(f"/api/v1/privacy/requests/{access['id']}/report")).json()
    assert report["erasure"]["request_id"] == request["id"]
    assert "13912345678" not in str(report["customer"]) and report["contacts"] == []


async def history(shouhou_sessions, tenant, ticket_id: str) -> list[tuple]:
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        rows = await session.execute(select(TicketEvent.id, TicketEvent.action, TicketEvent.before, TicketEvent.after)
                                     .where(TicketEvent.ticket_id == UUID(ticket_id)).order_by(TicketEvent.id))
        return [tuple(r) for r in rows]


async def test_a_request_received_earlier_is_due_from_its_day(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    received = today() - timedelta(days=40)
    request = await file(tenant, customer["id"], "access", received_on=str(received))
    assert request["due_on"] == str(due_on(received, BusinessCalendar()))
    assert request["overdue"] is True
    listed = (await tenant.get("/api/v1/privacy/requests", params={"status": "open"})).json()["items"]
    assert [r["id"] for r in listed] == [request["id"]]
    bad = await tenant.get("/api/v1/privacy/requests", params={"status": "gone"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"


async def test_plugin_tables_are_reported_and_erased_as_their_plugin_declares(make_tenant):
    """``shouhou_personal_fields``: the GPS plugin's repair form holds the contact and the fault;
    the report lists it, an unfinished one blocks the erasure, which then clears it, even once
    the plugin is disabled."""
    tenant = await make_tenant(plugins=("gps_install",))
    customer = await tenant.customer(name="顺达物流", phone="0512-66668888")
    order = await tenant.post("/api/v1/p/gps_install/repair-orders", json={
        "customer_id": customer["id"], "fault": "王师傅说终端不定位", "contact_name": "王师傅",
        "contact_phone": "13912345678", "address": "苏州市工业园区"})
    assert order.status_code == 201, order.text
    access = await file(tenant, customer["id"], "access")
    report = (await tenant.get(f"/api/v1/privacy/requests/{access['id']}/report")).json()
    [held] = report["plugins"]["gps_install_work_orders"]
    assert held["contact_name"] == "王师傅" and held["fault"] == "王师傅说终端不定位"
    assert report["plugins"]["automotive_visits"] == []

    erasure = await file(tenant, customer["id"], "erasure")
    blocked = await tenant.post(f"/api/v1/privacy/requests/{erasure['id']}/erase")
    assert blocked.status_code == 409
    assert blocked.json()["errors"] == [{"field": "open_gps_install_work_orders", "message": order.json()["id"]}]
    refused = await tenant.post(f"/api/v1/p/gps_install/work-orders/{order.json()['id']}/approval",
                                json={"approved": False, "note": "不在保修范围"})
    assert refused.status_code == 200, refused.text
    await tenant.put("/api/v1/tenant/plugins/gps_install", json={"enabled": False})
    erased = await tenant.post(f"/api/v1/privacy/requests/{erasure['id']}/erase")
    assert erased.status_code == 200, erased.text
    assert "gps_install_work_orders.contact_phone" in erased.json()["fields"]
    after = (await tenant.get(f"/api/v1/privacy/requests/{access['id']}/report")).json()
    [kept] = after["plugins"]["gps_install_work_orders"]
    assert kept["contact_name"] is None and kept["contact_phone"] is None and kept["address"] is None
    assert kept["fault"] == "[已删除]" and kept["kind"] == "repair" and kept["status"] == "refused"
    assert kept["decision_note"] == "[已删除]"
    assert after["erasure"]["rows"]["gps_install_work_orders"] == 1
