"""The dashboard's trend figures are the monthly reports' own, read in two queries."""

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from core.reports.service import service_quality
from core.reports.trend import trend
from core.revisits.models import Revisit
from core.tickets.models import Ticket
from core.web.reports import trend_months
from tenants.models import Tenant
from tests.core.reports.test_service_quality import _act, _ticket, this_month


async def test_trend_points_equal_each_months_report(tenant_a, shouhou_sessions):
    customer = await tenant_a.customer(is_member=True)
    done = await _ticket(tenant_a, customer["id"])
    await _act(tenant_a, done["id"], "resolve", resolution="换了镇流器")
    await _act(tenant_a, done["id"], "close")
    moved = await _ticket(tenant_a, customer["id"])
    await _ticket(tenant_a, customer["id"], kind="consultation")
    [call] = [r for r in (await tenant_a.get("/api/v1/revisits")).json()["items"] if r["ticket_id"] == done["id"]]
    assert (await tenant_a.post(f"/api/v1/revisits/{call['id']}/outcome", json={"outcome": "satisfied"})).status_code == 200

    months = trend_months(this_month())
    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        # One ticket, left unanswered past its targets, belongs to two months ago.
        long_ago = utcnow() - timedelta(days=62)
        await session.execute(
            update(Ticket).where(Ticket.id == uuid.UUID(moved["id"]))
            .values(created_at=long_ago, respond_by=long_ago, resolve_by=long_ago)
        )
        await session.execute(update(Revisit).where(Revisit.id == uuid.UUID(call["id"])).values(due_by=long_ago.date()))
        await session.commit()
        tenant = await session.scalar(select(Tenant).where(Tenant.id == uuid.UUID(tenant_a.id)))
        points = await trend(session, tenant, months)
        reports = [await service_quality(session, tenant, month) for month in months]

    assert [p.month for p in points] == months
    for point, report in zip(points, reports, strict=True):
        assert point.respond_sla == report.tickets.respond_sla, point.month
        assert point.resolve_sla == report.tickets.resolve_sla, point.month
        assert point.satisfaction_rate == report.revisits.satisfaction_rate, point.month
    assert sum(p.resolve_sla.total for p in points) >= 2  # the moved ticket and the closed one count
    assert [p.satisfaction_rate for p in points].count(1.0) == 1
