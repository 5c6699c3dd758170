"""What the work leaves behind (DOMAIN §1): the call before leaving (1.7), the quote and the
customer's consent before paid work (1.10), the company stamp at acceptance (1.12) and the
service record with the warranty card, filed the same day (1.15, 1.16)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.tickets.models import Ticket
from core.tickets.records import filed_same_day
from tests.core.tickets.test_workflow import ON_SITE

SHANGHAI = ZoneInfo("Asia/Shanghai")
VISIT = ["assign", "schedule", "confirm", "arrive"]


def paid(amount_fen: int) -> dict:
    return {"kind": "parts", "description": "镇流器", "free": False, "amount_fen": amount_fen}


async def charge(desk, ticket_id: str, body: dict):
    return await desk.tenant.post(f"/api/v1/tickets/{ticket_id}/charges", json=body)


async def test_call_ahead_is_recorded_before_the_visit(desk):
    """DOMAIN 1.7 (000, 002): the technician calls the customer before leaving for the site."""
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["assign", "schedule"])
    response = await desk.act(ticket["id"], "call_ahead", note="约十点到")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "scheduled"
    assert response.json()["work"]["called_ahead_at"] is not None
    event = (await desk.events(ticket["id"]))[-1]
    assert (event["action"], event["data"]) == ("call_ahead", {"note": "约十点到"})
    await desk.drive(ticket["id"], ["confirm", "arrive"])
    assert (await desk.act(ticket["id"], "call_ahead")).status_code == 409, "on site: too late to call ahead"


async def test_paid_work_after_a_visit_needs_the_customers_consent(desk):
    """DOMAIN 1.10 (002 征得客户同意): after a visit, paid lines only within the consented estimate;
    exactly the estimate is fine, one fen more is refused; free lines need no consent."""
    ticket = await desk.open()
    await desk.drive(ticket["id"], VISIT)
    refused = await charge(desk, ticket["id"], paid(100))
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "consent"
    assert (await charge(desk, ticket["id"], {**paid(100), "free": True})).status_code == 201

    assert (await desk.act(ticket["id"], "consent")).json()["errors"][0]["field"] == "quote", "nothing quoted yet"
    await desk.drive(ticket["id"], ["quote"])  # 8000 fen
    assert (await charge(desk, ticket["id"], paid(100))).status_code == 409, "quoted but not consented"
    consented = await desk.act(ticket["id"], "consent")
    assert consented.json()["quote"]["consented_by"] == "王先生"

    assert (await charge(desk, ticket["id"], paid(5000))).status_code == 201
    assert (await charge(desk, ticket["id"], paid(3000))).status_code == 201, "exactly the estimate"
    over = await charge(desk, ticket["id"], paid(1))
    assert over.status_code == 409 and over.json()["errors"][0]["field"] == "consent"
    lines = (await desk.tenant.get(f"/api/v1/tickets/{ticket['id']}/charges")).json()
    assert sorted(line["amount_fen"] for line in lines) == [100, 3000, 5000], "nothing half-written"


async def test_a_new_quote_needs_a_new_consent(desk):
    """DOMAIN 1.10: the customer consents to a plan and a cost; a new quote voids the old consent."""
    ticket = await desk.open()
    await desk.drive(ticket["id"], [*VISIT, "quote", "consent"])
    requoted = await desk.act(ticket["id"], "quote", plan="更换整灯", estimate_fen=20000)
    assert requoted.json()["quote"] == {**requoted.json()["quote"], "estimate_fen": 20000, "consented_by": None}
    assert (await charge(desk, ticket["id"], paid(10000))).status_code == 409
    await desk.drive(ticket["id"], ["consent"])
    assert (await charge(desk, ticket["id"], paid(20000))).status_code == 201


async def test_paid_lines_before_any_visit_need_no_consent(desk):
    """DOMAIN 1.10 applies on site: a remote case charges as before."""
    ticket = await desk.open()
    assert (await charge(desk, ticket["id"], paid(5000))).status_code == 201


async def test_a_company_stamps_what_it_signs(desk):
    """DOMAIN 1.12 (001): acceptance is signed, and a company customer also stamps (盖章)."""
    company = await desk.tenant.customer(name="某某灯饰有限公司", is_company=True)
    assert company["is_company"] is True
    ticket = await desk.open(customer_id=company["id"])
    await desk.drive(ticket["id"], [*VISIT, "resolve"])
    refused = await desk.act(ticket["id"], "accept")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "stamped"
    accepted = await desk.act(ticket["id"], "accept", stamped=True)
    assert accepted.status_code == 200 and accepted.json()["work"]["stamped"] is True

    person = await desk.open()
    await desk.drive(person["id"], [*VISIT, "resolve", "accept"])
    assert (await desk.tenant.get(f"/api/v1/tickets/{person['id']}")).json()["work"]["stamped"] is False


async def test_service_record_is_filed_once_the_work_is_done(desk):
    """DOMAIN 1.15/1.16 (001): the service record and the warranty card, handed in the same day."""
    ticket = await desk.open()
    await desk.drive(ticket["id"], VISIT)
    body = {"content": "更换镇流器一只，试灯正常", "warranty_card_written": True}
    early = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/service-record", json=body)
    assert early.status_code == 409 and early.json()["errors"][0]["field"] == "status"
    await desk.drive(ticket["id"], ["resolve"])
    filed = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/service-record", json=body)
    assert filed.status_code == 200, filed.text
    record = filed.json()["service_record"]
    assert record["content"] == body["content"] and record["warranty_card_written"] is True
    assert record["filed_same_day"] is True and record["filed_by"] == desk.tenant.admin_id
    again = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/service-record", json=body)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "service_record"
    event = (await desk.events(ticket["id"]))[-1]
    assert event["action"] == "service_record" and event["data"]["filed_same_day"] is True


async def test_service_record_input_is_checked(desk):
    ticket = await desk.open()
    await desk.drive(ticket["id"], ["resolve"])
    blank = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/service-record",
                                   json={"content": "", "warranty_card_written": True})
    assert blank.status_code == 400 or blank.status_code == 422
    assert "content" in blank.text
    missing = await desk.tenant.post(f"/api/v1/tickets/{ticket['id']}/service-record", json={"content": "好"})
    assert missing.status_code in (400, 422) and "warranty_card_written" in missing.text


def test_same_day_is_the_tenants_local_date():
    """DOMAIN 1.15 (001 当日上交): resolved 09:00 and filed 23:59 the same local day is on time;
    filed at 00:00 the next day is not (Asia/Shanghai, whatever the UTC date)."""
    resolved = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI).astimezone(UTC)
    ticket = Ticket(resolved_at=resolved, record_filed_at=datetime(2026, 3, 2, 23, 59, tzinfo=SHANGHAI).astimezone(UTC))
    assert filed_same_day(ticket, SHANGHAI) is True
    ticket.record_filed_at = datetime(2026, 3, 3, 0, 0, tzinfo=SHANGHAI).astimezone(UTC)
    assert filed_same_day(ticket, SHANGHAI) is False
    ticket.record_filed_at = None
    assert filed_same_day(ticket, SHANGHAI) is None


async def test_tenant_can_require_the_record_before_closing(desk):
    """DOMAIN 1.15 (001): with ``close_needs_service_record`` a visited ticket closes only once its
    record is filed; a remote case closes without one."""
    policy = (await desk.tenant.get("/api/v1/sla/policy")).json()
    assert policy["close_needs_service_record"] is False
    body = {k: v for k, v in policy.items() if k != "source"}
    saved = await desk.tenant.put("/api/v1/sla/policy", json={**body, "close_needs_service_record": True})
    assert saved.status_code == 200, saved.text

    visited = await desk.open()
    await desk.drive(visited["id"], [*ON_SITE, "resolve", "accept"])
    refused = await desk.act(visited["id"], "close")
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "service_record"
    await desk.tenant.post(f"/api/v1/tickets/{visited['id']}/service-record",
                           json={"content": "维修完成", "warranty_card_written": False})
    assert (await desk.act(visited["id"], "close")).json()["status"] == "closed"

    remote = await desk.open()
    await desk.drive(remote["id"], ["resolve", "close"])


async def test_without_the_policy_a_visit_closes_without_a_record(desk):
    """The default keeps API.md's close as written: the record is counted, not demanded."""
    ticket = await desk.open()
    await desk.drive(ticket["id"], [*VISIT, "resolve", "accept", "close"])


async def test_monthly_report_counts_the_records(desk):
    """DOMAIN 1.15/1.16: the report shows records due, filed, filed the same day, card written."""
    filed = await desk.open()
    await desk.drive(filed["id"], [*VISIT, "resolve"])
    await desk.tenant.post(f"/api/v1/tickets/{filed['id']}/service-record",
                           json={"content": "更换镇流器", "warranty_card_written": True})
    missing = await desk.open()
    await desk.drive(missing["id"], [*VISIT, "resolve"])
    remote = await desk.open()
    await desk.drive(remote["id"], ["resolve"])

    report = (await desk.tenant.get("/api/v1/reports/service-quality")).json()
    assert report["tickets"]["service_records"] == {"due": 2, "filed": 1, "filed_same_day": 1, "card_written": 1}
    csv = (await desk.tenant.get("/api/v1/reports/service-quality.csv")).text
    assert "tickets,service_records:due,2" in csv
