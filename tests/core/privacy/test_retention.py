"""Retention of personal information (PIPL Art. 19, 47(2)): each record type keeps its personal
fields N months after it was finished (the tenant's periods over the defaults), then the daily
worker sweep clears them; checked at day N (kept) and N+1 (cleared), statistics untouched."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import select, update

from core.db.tenancy import bind_tenant
from core.privacy import retention
from core.privacy.fields import REDACTED
from core.revisits.cadence import generate
from core.revisits.models import Revisit
from core.tickets.models import Ticket
from core.worker.runner import drain, enqueue_periodic
from tenants.context import load_context

SHANGHAI = ZoneInfo("Asia/Shanghai")
FINISHED = datetime.combine(date(2025, 1, 15), time(23, 30), SHANGHAI)  # late evening: the tenant's day counts


async def cancelled_ticket(tenant, customer_id: str) -> dict:
    created = await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer_id, "subject": "王女士的空调",
        "contact_name": "王女士", "contact_phone": "13912345678", "address": "南京市鼓楼区"})
    assert created.status_code == 201, created.text
    cancelled = await tenant.post(f"/api/v1/tickets/{created.json()['id']}/transitions",
                                  json={"action": "cancel", "reason": "王女士不需要了"})
    assert cancelled.status_code == 200, cancelled.text
    return created.json()


async def finished_at(sessions, tenant, ticket_id: str, when: datetime) -> None:
    async with sessions() as session, session.begin():
        bind_tenant(session, UUID(tenant.id))
        await session.execute(update(Ticket).where(Ticket.id == UUID(ticket_id)).values(updated_at=when, closed_at=None))


async def sweep_on(sessions, plugins, tenant, day: date) -> dict[str, int]:
    async with sessions() as session, session.begin():
        bind_tenant(session, UUID(tenant.id))
        ctx = await load_context(session, plugins, UUID(tenant.id))
        return await retention.sweep(session, ctx, day)


async def ticket_row(sessions, tenant, ticket_id: str) -> Ticket:
    async with sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        return await session.scalar(select(Ticket).where(Ticket.id == UUID(ticket_id)))


async def test_tenant_sets_its_periods_within_bounds_admin_only(make_tenant):
    tenant = await make_tenant()
    shown = (await tenant.get("/api/v1/privacy/retention")).json()
    assert shown["periods"] == shown["defaults"] == retention.DEFAULTS
    changed = await tenant.put("/api/v1/privacy/retention", json={"periods": {"tickets": 6}})
    assert changed.status_code == 200 and changed.json()["periods"]["tickets"] == 6
    assert changed.json()["periods"]["revisits"] == retention.DEFAULTS["revisits"]
    for periods, field in (({"invoices": 6}, "periods.invoices"), ({"tickets": 0}, "periods.tickets"),
                           ({"tickets": 241}, "periods.tickets")):
        refused = await tenant.put("/api/v1/privacy/retention", json={"periods": periods})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field
    manager = await tenant.add_user("manager")
    assert (await manager.get("/api/v1/privacy/retention")).status_code == 200
    assert (await manager.put("/api/v1/privacy/retention", json={"periods": {"tickets": 1}})).status_code == 403
    assert (await tenant.get("/api/v1/privacy/retention")).json()["periods"]["tickets"] == 6


async def test_a_finished_tickets_personal_fields_are_kept_through_day_n_and_cleared_on_day_n_plus_1(
    make_tenant, shouhou_sessions, shouhou_plugins
):
    tenant = await make_tenant()
    assert (await tenant.put("/api/v1/privacy/retention", json={"periods": {"tickets": 6}})).status_code == 200
    customer = await tenant.customer()
    ticket = await cancelled_ticket(tenant, customer["id"])
    await finished_at(shouhou_sessions, tenant, ticket["id"], FINISHED)
    day_n = FINISHED.date() + relativedelta(months=6)  # 2025-07-15

    kept = await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day_n)
    assert kept["tickets"] == 0
    row = await ticket_row(shouhou_sessions, tenant, ticket["id"])
    assert row.contact_phone == "+8613912345678" and row.subject == "王女士的空调"

    cleared = await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day_n + relativedelta(days=1))
    assert cleared["tickets"] == 1
    row = await ticket_row(shouhou_sessions, tenant, ticket["id"])
    assert row.contact_phone is None and row.contact_name is None and row.address is None
    assert row.subject == REDACTED and row.cancel_reason == REDACTED
    assert row.status == "cancelled" and row.number == ticket["number"]  # the statistics' fields stay
    # The customer file itself is not a finished record: it keeps its phone.
    assert (await tenant.get(f"/api/v1/customers/{customer['id']}")).json()["phone"] == "+8613800138000"
    again = await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day_n + relativedelta(days=2))
    assert again["tickets"] == 0  # cleared rows are not touched again


async def test_revisit_notes_follow_the_revisit_period(make_tenant, shouhou_sessions, shouhou_plugins,
                                                       open_revisit_window):
    tenant = await make_tenant()
    customer = await tenant.customer()
    booked = await tenant.post("/api/v1/revisits", json={
        "customer_id": customer["id"], "due_from": str(date.today()), "due_by": str(date.today()), "reason": "回访"})
    assert booked.status_code == 201, booked.text
    revisit = booked.json()
    await open_revisit_window(tenant, revisit["id"])
    made = await tenant.post(f"/api/v1/revisits/{revisit['id']}/outcome",
                             json={"outcome": "satisfied", "notes": "王女士说很好", "survey": {"attitude": 5, "suggestion": "王女士希望周末上门"}})
    assert made.status_code == 200, made.text
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, UUID(tenant.id))
        await session.execute(update(Revisit).where(Revisit.id == UUID(revisit["id"])).values(completed_at=FINISHED))
    day_n = FINISHED.date() + relativedelta(months=retention.DEFAULTS["revisits"])

    assert (await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day_n))["revisits"] == 0
    assert (await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day_n + relativedelta(days=1)))["revisits"] == 1
    assert (await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day_n + relativedelta(days=2)))["revisits"] == 0
    shown = (await tenant.get(f"/api/v1/revisits/{revisit['id']}")).json()
    assert shown["notes"] == REDACTED and shown["outcome"] == "satisfied" and shown["survey"] == {"attitude": 5, "suggestion": REDACTED}


async def test_the_worker_applies_retention_every_day(make_tenant, shouhou_sessions, shouhou_plugins):
    tenant = await make_tenant()
    customer = await tenant.customer()
    ticket = await cancelled_ticket(tenant, customer["id"])
    await finished_at(shouhou_sessions, tenant, ticket["id"], FINISHED - relativedelta(years=4))
    await enqueue_periodic(shouhou_sessions, datetime.now(SHANGHAI), 60)
    ran = await drain(shouhou_sessions, shouhou_plugins, "retention-test")
    assert any(r.kind == "privacy.retention" and r.tenant_id == tenant.id and r.ok for r in ran)
    row = await ticket_row(shouhou_sessions, tenant, ticket["id"])
    assert row.contact_phone is None and row.subject == REDACTED


async def test_an_erased_customer_is_called_by_no_cadence_revisit(make_tenant, shouhou_sessions, shouhou_plugins):
    """An erased customer keeps its (anonymised) assets for the statistics, but the revisit
    cadence books it no call: there is nobody to call."""
    tenant = await make_tenant(plugins=("gps_install",))
    erased, kept = await tenant.customer(), await tenant.customer(name="保留客户", phone="13700000000")
    delivered = datetime.now(SHANGHAI).date() - relativedelta(months=1)
    for customer in (erased, kept):
        await tenant.asset(customer["id"], "gps_install.terminal", install_date=delivered.isoformat(),
                           attributes={"project": True})
    request = (await tenant.post("/api/v1/privacy/requests",
                                 json={"customer_id": erased["id"], "kind": "erasure"})).json()
    assert (await tenant.post(f"/api/v1/privacy/requests/{request['id']}/erase")).status_code == 200
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, UUID(tenant.id))
        ctx = await load_context(session, shouhou_plugins, UUID(tenant.id))
        await generate(session, ctx, datetime.now(SHANGHAI).date())
    for customer, expected in ((erased, 0), (kept, 1)):
        booked = (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"]
        assert (len(booked) > 0) == bool(expected), customer["id"]


async def row_of(sessions, tenant, model, record_id: str):
    async with sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        return await session.scalar(select(model).where(model.id == UUID(record_id)))


async def test_the_service_records_keep_their_words_through_day_n_and_lose_them_on_day_n_plus_1(
    make_tenant, shouhou_sessions, shouhou_plugins
):
    """PIPL Art. 19, 47(2) over the service records of DOMAIN §12: a questionnaire answered on day
    F (24 months), a patrol visited on day F with its finding (36), a transport claim settled late
    on day F in the tenant's zone (36) and a residential project whose warranty ended on day F
    (36) keep their personal text through day F + N months and lose it the day after; their
    figures, states and dates stay."""
    from core.patrols.models import ServiceVisit, VisitFinding
    from core.surveys.models import SurveyResponse
    from core.transport.models import TransportClaim
    from core.visits.models import ResidentialProject

    tenant = await make_tenant()
    customer = await tenant.customer()
    day = FINISHED.date()
    survey = await tenant.post("/api/v1/surveys/responses", json={
        "customer_id": customer["id"], "channel": "phone", "answered_on": day.isoformat(), "after_sales": 5,
        "comments": "王女士说很好"})
    visit = await tenant.post("/api/v1/service-visits", json={
        "kind": "quality_patrol", "customer_id": customer["id"], "visited_on": day.isoformat(),
        "leader_id": tenant.admin_id, "summary": "王女士家配电检查",
        "findings": [{"description": "接线松动", "owner_id": tenant.admin_id, "due_on": day.isoformat()}]})
    claim = await tenant.post("/api/v1/transport-claims", json={
        "customer_id": customer["id"], "carrier": "顺丰", "waybill_no": "SF1", "kind": "damaged", "description": "碎裂"})
    # handed over 2024-01-16 with 12 months: the warranty's last day is 2025-01-15 (day F)
    project = await tenant.post("/api/v1/residential-projects", json={
        "customer_id": customer["id"], "name": "阳光花园3栋502", "address": "南京市鼓楼区",
        "handover_date": "2024-01-16", "warranty_months": 12})
    for made in (survey, visit, claim, project):
        assert made.status_code == 201, made.text
    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, UUID(tenant.id))
        await session.execute(update(TransportClaim).where(TransportClaim.id == UUID(claim.json()["id"]))
                              .values(status="settled", closed_at=FINISHED))
    kept_through = day + relativedelta(months=36)
    await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day + relativedelta(months=24))
    assert (await row_of(shouhou_sessions, tenant, SurveyResponse, survey.json()["id"])).comments == "王女士说很好"
    await sweep_on(shouhou_sessions, shouhou_plugins, tenant, day + relativedelta(months=24, days=1))
    answered = await row_of(shouhou_sessions, tenant, SurveyResponse, survey.json()["id"])
    assert (answered.comments, answered.after_sales) == (REDACTED, 5)
    await sweep_on(shouhou_sessions, shouhou_plugins, tenant, kept_through)
    assert (await row_of(shouhou_sessions, tenant, ServiceVisit, visit.json()["id"])).summary == "王女士家配电检查"
    assert (await row_of(shouhou_sessions, tenant, TransportClaim, claim.json()["id"])).description == "碎裂"
    assert (await row_of(shouhou_sessions, tenant, ResidentialProject, project.json()["id"])).name == "阳光花园3栋502"
    cleared = await sweep_on(shouhou_sessions, shouhou_plugins, tenant, kept_through + relativedelta(days=1))
    assert cleared["service_visits"] == cleared["visit_findings"] == cleared["transport_claims"] == 1
    assert cleared["residential_projects"] == 1
    assert (await row_of(shouhou_sessions, tenant, ServiceVisit, visit.json()["id"])).summary == REDACTED
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        finding = await session.scalar(select(VisitFinding).where(VisitFinding.visit_id == UUID(visit.json()["id"])))
    assert (finding.description, finding.due_on) == (REDACTED, day)
    settled = await row_of(shouhou_sessions, tenant, TransportClaim, claim.json()["id"])
    assert (settled.description, settled.waybill_no, settled.status) == (REDACTED, REDACTED, "settled")
    dwelling = await row_of(shouhou_sessions, tenant, ResidentialProject, project.json()["id"])
    assert (dwelling.name, dwelling.address, dwelling.warranty_months) == (REDACTED, REDACTED, 12)
    again = await sweep_on(shouhou_sessions, shouhou_plugins, tenant, kept_through + relativedelta(days=2))
    assert not any(again.values())
