"""DOMAIN §3 metrics: completion rate (target 100%), on-time rate, satisfaction rate, over the
revisits due (``due_by``) in the month."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from core.revisits.service import OutcomeInput, record_outcome


async def test_domain_3_month_rates(make_tenant, tenant_session):
    tenant = await make_tenant()
    await tenant.put("/api/v1/revisits/settings", json={"quiet_hours": [], "dedupe_days": 0})
    customer = await tenant.customer()
    windows = [("2032-01-01", "2032-01-05"), ("2032-01-08", "2032-01-10"), ("2032-01-15", "2032-01-20"),
               ("2032-01-25", "2032-01-31"), ("2032-02-01", "2032-02-03")]
    ids = []
    for due_from, due_by in windows:
        body = {"customer_id": customer["id"], "due_from": due_from, "due_by": due_by, "reason": "x"}
        ids.append((await tenant.post("/api/v1/revisits", json=body)).json()["id"])
    # 1st: satisfied on its last day (23:00 Shanghai = 15:00 UTC): on time.
    # 2nd: unsatisfied a day late. 3rd: unreachable 3 times. 4th: still open. 5th is due in February.
    done = [
        (ids[0], "satisfied", datetime(2032, 1, 5, 15, 0, tzinfo=UTC)),
        (ids[1], "unsatisfied", datetime(2032, 1, 10, 16, 30, tzinfo=UTC)),
        (ids[2], "unreachable", datetime(2032, 1, 16, 2, 0, tzinfo=UTC)),
        (ids[2], "unreachable", datetime(2032, 1, 17, 2, 0, tzinfo=UTC)),
        (ids[2], "unreachable", datetime(2032, 1, 18, 2, 0, tzinfo=UTC)),
        (ids[4], "satisfied", datetime(2032, 2, 1, 2, 0, tzinfo=UTC)),
    ]
    async with tenant_session(tenant.id) as (session, ctx):
        for revisit_id, result, at in done:
            await record_outcome(session, ctx, UUID(revisit_id), OutcomeInput(outcome=result), UUID(tenant.admin_id), now=at)
    stats = (await tenant.get("/api/v1/revisits/stats?month=2032-01")).json()
    assert stats == {
        "month": "2032-01", "due": 4, "completed": 2, "on_time": 1, "satisfied": 1,
        "completion_rate": 0.5, "on_time_rate": 0.25, "satisfaction_rate": 0.5,
    }
    february = (await tenant.get("/api/v1/revisits/stats?month=2032-02")).json()
    assert (february["due"], february["completion_rate"], february["satisfaction_rate"]) == (1, 1.0, 1.0)
    empty = (await tenant.get("/api/v1/revisits/stats?month=2040-01")).json()
    assert (empty["due"], empty["completion_rate"], empty["on_time_rate"]) == (0, None, None)


async def test_domain_3_stats_month_must_be_yyyy_mm(make_tenant):
    tenant = await make_tenant()
    for month in ("2032-13", "january", "2032"):
        assert (await tenant.get(f"/api/v1/revisits/stats?month={month}")).status_code in (400, 422)
    assert (await tenant.get("/api/v1/revisits/stats")).status_code == 400
