"""DOMAIN §3 cadence rules, applied by the periodic generator: delivered projects monthly in the
first year and quarterly after (003 篇3 §五, core); every customer at least once a quarter (000)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core.revisits.cadence import generate, occurrences, quarter_of

YEAR_ONE_THEN_QUARTERLY = {"every_months": 1, "for_months": 12, "then_every_months": 3}


def test_domain_3_delivered_project_monthly_in_year_one_then_quarterly():
    anchor = date(2025, 1, 15)
    dates = list(occurrences(anchor, YEAR_ONE_THEN_QUARTERLY, date(2026, 7, 15)))
    assert dates[:12] == [anchor + relativedelta(months=m) for m in range(1, 13)]
    assert dates[12:] == [date(2026, 4, 15), date(2026, 7, 15)]
    assert list(occurrences(date(2025, 1, 31), {"every_months": 1}, date(2025, 3, 31))) == [
        date(2025, 2, 28), date(2025, 3, 31)
    ]


def test_domain_3_quarters():
    assert quarter_of(date(2026, 11, 23)) == (date(2026, 10, 1), date(2026, 12, 31), "2026Q4")
    assert quarter_of(date(2026, 1, 1)) == (date(2026, 1, 1), date(2026, 3, 31), "2026Q1")
    assert quarter_of(date(2026, 6, 30))[2] == "2026Q2"


async def revisits_of(tenant, customer_id):
    return (await tenant.get(f"/api/v1/revisits?customer_id={customer_id}")).json()["items"]


async def test_domain_3_delivered_project_generated_once_per_occurrence(make_tenant, tenant_session):
    """A project delivered 13 months ago is due its first quarterly call (month 15) in 2 months;
    one delivered a month ago is due its month-1 call now. Generating twice adds nothing."""
    tenant = await make_tenant(plugins=("gps_install",))
    customer = await tenant.customer()
    async with tenant_session(tenant.id) as (_s, ctx):
        from core.timezones import tenant_today

        today = tenant_today(ctx.tenant)
    month_ago = today - relativedelta(months=1)
    project = await tenant.asset(customer["id"], "gps_install.terminal", install_date=month_ago.isoformat(),
                                 attributes={"project": True})
    plain = await tenant.customer(name="非项目客户")
    await tenant.asset(plain["id"], "gps_install.terminal", install_date=month_ago.isoformat())
    async with tenant_session(tenant.id) as (session, ctx):
        assert await generate(session, ctx, today) == 1
    async with tenant_session(tenant.id) as (session, ctx):
        assert await generate(session, ctx, today) == 0
        assert await generate(session, ctx, today + timedelta(days=3)) == 0
    [revisit] = await revisits_of(tenant, customer["id"])
    assert revisit["rule_ids"] == ["core.delivered_project"]
    assert revisit["asset_id"] == project["id"]
    assert revisit["due_from"] == (month_ago + relativedelta(months=1)).isoformat()
    assert revisit["due_by"] == (month_ago + relativedelta(months=1) + timedelta(days=6)).isoformat()
    assert await revisits_of(tenant, plain["id"]) == []


async def test_domain_3_at_least_one_call_per_quarter(make_tenant, tenant_session, rules_plugin):
    """Every (non-member, per the test rule) customer without a revisit this quarter gets one due
    by the quarter's last day; one who already has a revisit in the quarter gets none."""
    tenant = await make_tenant(plugins=(rules_plugin,))
    await tenant.put("/api/v1/revisits/settings", json={"quiet_hours": [], "dedupe_days": 0})
    quiet_customer = await tenant.customer(name="甲")
    called = await tenant.customer(name="乙")
    member = await tenant.customer(name="丙", is_member=True)
    today = date(2032, 5, 10)
    body = {"customer_id": called["id"], "due_from": "2032-06-01", "due_by": "2032-06-02", "reason": "x"}
    assert (await tenant.post("/api/v1/revisits", json=body)).status_code == 201
    async with tenant_session(tenant.id) as (session, ctx):
        assert await generate(session, ctx, today) == 1
    [revisit] = await revisits_of(tenant, quiet_customer["id"])
    assert (revisit["due_from"], revisit["due_by"], revisit["rule_ids"]) == ("2032-04-01", "2032-06-30", ["testrules.quarterly"])
    assert len(await revisits_of(tenant, called["id"])) == 1
    assert await revisits_of(tenant, member["id"]) == []
    async with tenant_session(tenant.id) as (session, ctx):
        assert await generate(session, ctx, date(2032, 6, 1)) == 0
        assert await generate(session, ctx, date(2032, 7, 1)) == 2
