"""The monthly service-quality report (issue: reports; DOMAIN §7 monthly summary per technician,
§1 SLA, §2 complaints, §3 revisit completion and satisfaction)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.db.base import utcnow


def this_month() -> str:
    return f"{utcnow().astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m}"


async def _ticket(tenant, customer_id, kind="repair", channel="phone"):
    response = await tenant.post(
        "/api/v1/tickets",
        json={"kind": kind, "channel": channel, "customer_id": customer_id, "subject": "灯不亮", "description": "不亮"},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _act(tenant, ticket_id, action, **fields):
    response = await tenant.post(f"/api/v1/tickets/{ticket_id}/transitions", json={"action": action, **fields})
    assert response.status_code == 200, response.text
    return response.json()


async def test_report_counts_tickets_complaints_revisits_and_staff(tenant_a):
    technician = await tenant_a.add_user("technician", name="王师傅")
    customer = await tenant_a.customer(is_member=True)
    done = await _ticket(tenant_a, customer["id"])
    await _ticket(tenant_a, customer["id"], kind="consultation")
    await _act(tenant_a, done["id"], "assign", technician_id=technician.admin_id)
    await _act(tenant_a, done["id"], "resolve", resolution="换了镇流器")
    await _act(tenant_a, done["id"], "close")
    complaint = await tenant_a.post(
        "/api/v1/complaints",
        json={"type": "service", "customer_id": customer["id"], "against_user_id": technician.admin_id,
              "description": "态度不好"},
    )
    assert complaint.status_code == 201, complaint.text
    await tenant_a.post(f"/api/v1/complaints/{complaint.json()['id']}/steps", json={"step": "classify", "valid": True})
    worklist = (await tenant_a.get("/api/v1/revisits")).json()["items"]
    member_call = next(r for r in worklist if r["ticket_id"] == done["id"])
    outcome = await tenant_a.post(f"/api/v1/revisits/{member_call['id']}/outcome", json={"outcome": "satisfied"})
    assert outcome.status_code == 200, outcome.text

    report = (await tenant_a.get(f"/api/v1/reports/service-quality?month={this_month()}")).json()
    assert report["tickets"]["created"] == 2
    assert report["tickets"]["by_kind"] == {"repair": 1, "consultation": 1}
    assert report["tickets"]["by_status"] == {"closed": 1, "new": 1}
    assert report["tickets"]["resolve_sla"]["met"] == 1
    assert report["complaints"]["created"] == 1 and report["complaints"]["by_type"] == {"service": 1}
    assert report["complaints"]["substantiated"] == 1 and report["complaints"]["batch_quality"] == 0
    assert report["revisits"]["completed"] >= 1 and report["revisits"]["satisfied"] >= 1
    [tech] = report["technicians"]
    assert tech["name"] == "王师傅" and tech["tickets"] == 1 and tech["resolved"] == 1
    assert tech["revisits_satisfied"] == 1 and tech["complaints_against"] == 1
    [agent] = report["agents"]
    assert agent["user_id"] == tenant_a.admin_id and agent["tickets"] == 2


async def test_report_of_another_month_is_empty(tenant_a):
    customer = await tenant_a.customer()
    await _ticket(tenant_a, customer["id"])
    report = (await tenant_a.get("/api/v1/reports/service-quality?month=2020-01")).json()
    assert report["tickets"]["created"] == 0 and report["technicians"] == []
    assert report["tickets"]["respond_sla"] == {"met": 0, "total": 0, "rate": None}


async def test_csv_export_carries_the_same_numbers(tenant_a):
    customer = await tenant_a.customer()
    await _ticket(tenant_a, customer["id"], kind="installation")
    response = await tenant_a.get(f"/api/v1/reports/service-quality.csv?month={this_month()}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "tickets,created,1" in text and "tickets,kind:installation,1" in text


async def test_reports_are_per_tenant_and_for_managers(tenant_a, tenant_b):
    customer = await tenant_a.customer()
    await _ticket(tenant_a, customer["id"])
    other = (await tenant_b.get(f"/api/v1/reports/service-quality?month={this_month()}")).json()
    assert other["tickets"]["created"] == 0
    agent = await tenant_a.add_user("agent")
    assert (await agent.get("/api/v1/reports/service-quality")).status_code == 403
    viewer = await tenant_a.add_user("viewer")
    assert (await viewer.get("/api/v1/reports/service-quality")).status_code == 200


async def test_bad_month_is_422(tenant_a):
    for month in ("2026-13", "yesterday", "2026"):
        response = await tenant_a.get(f"/api/v1/reports/service-quality?month={month}")
        assert response.status_code == 422, month
        assert response.json()["errors"][0]["field"] == "month"


def test_sla_rate_leaves_out_tickets_still_inside_their_window():
    from types import SimpleNamespace

    from core.reports.service import sla_rate

    now = datetime(2026, 5, 10, 12, tzinfo=UTC)
    due = datetime(2026, 5, 10, 20, tzinfo=UTC)
    late_due = datetime(2026, 5, 10, 8, tzinfo=UTC)
    rows = [
        SimpleNamespace(done=datetime(2026, 5, 10, 9, tzinfo=UTC), due=due),  # met
        SimpleNamespace(done=None, due=due),  # still open inside its window: not counted
        SimpleNamespace(done=None, due=late_due),  # open past due: missed
        SimpleNamespace(done=datetime(2026, 5, 10, 9, tzinfo=UTC), due=late_due),  # late: missed
        SimpleNamespace(done=due, due=due),  # on the dot: met
    ]
    rate = sla_rate(rows, "done", "due", now)
    assert (rate.met, rate.total, rate.rate) == (2, 4, 0.5)
