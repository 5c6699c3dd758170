"""Residential projects (DOMAIN §12, 001 篇2 二): 在保修期间内，每年定期对用户不少于二次回访 — at least
two revisits a year during the warranty, booked on the revisit worklist; 保修期后……维修时仅收取材料成本费
— after it, repairs at material cost only (labour free). The warranty's last day is still under it,
the day after is not (DOMAIN §0: days in the tenant's zone, both ends included)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.visits.calendar import half_years, terms_on, warranty_last_day, warranty_years

RULE = "core.residential_project.revisit"


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def project(tenant, customer_id: str, **fields) -> dict:
    body = {
        "customer_id": customer_id,
        "name": "阳光花园3栋502",
        "address": "南京市玄武区阳光花园3栋502",
        "handover_date": today().isoformat(),
        "warranty_months": 24,
        **fields,
    }
    answer = await tenant.post("/api/v1/residential-projects", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def repair(tenant, customer_id: str, asset_id: str, subject: str, description: str) -> dict:
    """A repair ticket of the customer's dwelling, taken by phone."""
    answer = await tenant.post(
        "/api/v1/tickets",
        json={
            "kind": "repair",
            "channel": "phone",
            "customer_id": customer_id,
            "asset_id": asset_id,
            "subject": subject,
            "description": description,
        },
    )
    return answer.json()


def test_domain_12_001_2_2_warranty_last_day_is_covered_the_day_after_material_cost_only():
    """001 篇2 二: handed over 2024-03-15 with 24 months: 2026-03-14 is the last day under
    warranty; from 2026-03-15 repairs cost the material only. The day before handover has no terms."""
    handover = date(2024, 3, 15)
    assert warranty_last_day(handover, 24) == date(2026, 3, 14)
    assert terms_on(handover, 24, date(2026, 3, 14)) == "in_warranty"
    assert terms_on(handover, 24, date(2026, 3, 15)) == "material_cost_only"
    assert terms_on(handover, 24, handover) == "in_warranty"
    assert terms_on(handover, 24, date(2024, 3, 14)) == "before_handover"
    assert warranty_last_day(date(2024, 2, 29), 12) == date(2025, 2, 27)  # 2025-02-28 is a year on


def test_domain_12_001_2_2_each_half_year_ends_with_a_revisit_two_in_every_warranty_year():
    """Each half-year from the handover ends with a revisit due in its last 14 days; a 24-month
    warranty gives four, two in each warranty year, the last ending on the warranty's last day."""
    handover = date(2026, 1, 15)
    assert half_years(handover, 24) == [
        (1, date(2026, 7, 1), date(2026, 7, 14)),
        (2, date(2027, 1, 1), date(2027, 1, 14)),
        (3, date(2027, 7, 1), date(2027, 7, 14)),
        (4, date(2028, 1, 1), date(2028, 1, 14)),
    ]
    assert warranty_years(handover, 24) == [
        (1, date(2026, 1, 15), date(2027, 1, 14)),
        (2, date(2027, 1, 15), date(2028, 1, 14)),
    ]
    for _year, first, last in warranty_years(handover, 24):
        assert sum(first <= due_by <= last for _n, _f, due_by in half_years(handover, 24)) == 2
    # A warranty that is not whole half-years: its last revisit is due by its last day.
    assert half_years(handover, 9)[-1] == (2, date(2026, 10, 1), date(2026, 10, 14))


async def test_domain_12_001_2_2_revisits_on_the_worklist_and_the_years_count_them(tenant_a, open_revisit_window):
    customer = await tenant_a.customer(name="王女士")
    made = await project(tenant_a, customer["id"])
    assert made["warranty_last_day"] == warranty_last_day(today(), 24).isoformat()
    assert [(y["year"], y["revisits"], y["done"]) for y in made["years"]] == [(1, 2, 0), (2, 2, 0)]
    assert made["terms_today"] == "in_warranty" and made["owner_id"] == tenant_a.admin_id
    calls = (await tenant_a.get("/api/v1/revisits", params={"customer_id": customer["id"]})).json()["items"]
    ours = [c for c in calls if RULE in c["rule_ids"]]
    assert len(ours) == 4 and all((c["status"], c["channel"]) == ("open", "phone") for c in ours)
    first = min(ours, key=lambda c: c["due_by"])
    await open_revisit_window(tenant_a, first["id"])
    done = await tenant_a.post(f"/api/v1/revisits/{first['id']}/outcome", json={"outcome": "satisfied"})
    assert done.status_code == 200, done.text
    read = (await tenant_a.get(f"/api/v1/residential-projects/{made['id']}")).json()
    assert [(y["revisits"], y["done"]) for y in read["years"]] == [(2, 1), (2, 0)]
    listed = (await tenant_a.get("/api/v1/residential-projects", params={"customer_id": customer["id"]})).json()
    assert [p["id"] for p in listed["items"]] == [made["id"]]


async def test_a_project_handed_over_long_ago_books_only_the_revisits_still_to_come(tenant_a):
    """Half-years whose window closed before today are not booked (they cannot be called now)."""
    customer = await tenant_a.customer()
    handover = today() - timedelta(days=400)
    made = await project(tenant_a, customer["id"], handover_date=handover.isoformat(), warranty_months=24)
    due = [d for _n, _f, d in half_years(handover, 24) if d >= today()]
    assert sum(y["revisits"] for y in made["years"]) == len(due) == 2
    again = await tenant_a.get(
        f"/api/v1/residential-projects/{made['id']}/terms", params={"on": made["warranty_last_day"]}
    )
    assert again.json()["terms"] == "in_warranty" and again.json()["parts_charged"] is False
    after = (date.fromisoformat(made["warranty_last_day"]) + timedelta(days=1)).isoformat()
    later = (await tenant_a.get(f"/api/v1/residential-projects/{made['id']}/terms", params={"on": after})).json()
    assert (later["terms"], later["parts_charged"], later["labour_charged"]) == ("material_cost_only", True, False)


async def test_domain_12_001_2_2_after_the_warranty_a_repair_charges_material_only(tenant_a, homes):
    """A ticket about the dwelling opened after the warranty's last day: parts are charged, a paid
    labour line is refused naming ``amount_fen`` (and nothing is written); free labour is taken.
    Under warranty this rule says nothing."""
    await homes(tenant_a)
    customer = await tenant_a.customer()
    home = await tenant_a.asset(customer["id"], "homes.dwelling")
    old = await project(
        tenant_a,
        customer["id"],
        asset_id=home["id"],
        handover_date=(today() - timedelta(days=1200)).isoformat(),
        warranty_months=24,
    )
    assert old["terms_today"] == "material_cost_only"
    ticket = await repair(tenant_a, customer["id"], home["id"], "卫生间渗水", "楼板渗水")
    url = f"/api/v1/tickets/{ticket['id']}/charges"
    labour = {"kind": "labour", "description": "维修工时", "free": False, "amount_fen": 5000}
    refused = await tenant_a.post(url, json=labour)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "amount_fen", refused.text
    assert (
        await tenant_a.post(url, json={"kind": "parts", "description": "防水材料", "free": False, "amount_fen": 3000})
    ).status_code == 201
    assert (await tenant_a.post(url, json={**labour, "free": True})).status_code == 201
    lines = (await tenant_a.get(url)).json()
    assert sorted((li["kind"], li["free"]) for li in lines) == [("labour", True), ("parts", False)]

    other = await tenant_a.customer()
    flat = await tenant_a.asset(other["id"], "homes.dwelling")
    await project(tenant_a, other["id"], asset_id=flat["id"], handover_date=today().isoformat())
    fresh = await repair(tenant_a, other["id"], flat["id"], "门锁损坏", "人为损坏")
    assert (await tenant_a.post(f"/api/v1/tickets/{fresh['id']}/charges", json=labour)).status_code == 201


async def test_bad_projects_are_refused_naming_the_field(tenant_a, homes):
    await homes(tenant_a)
    customer = await tenant_a.customer()
    body = {"customer_id": customer["id"], "name": "x", "address": "y", "warranty_months": 24}
    ahead = await tenant_a.post(
        "/api/v1/residential-projects", json={**body, "handover_date": (today() + timedelta(days=1)).isoformat()}
    )
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "handover_date"
    zero = await tenant_a.post(
        "/api/v1/residential-projects", json={**body, "handover_date": today().isoformat(), "warranty_months": 0}
    )
    assert zero.status_code == 400 or zero.json()["errors"][0]["field"] == "warranty_months"
    someone = await tenant_a.customer()
    theirs = await tenant_a.asset(someone["id"], "homes.dwelling")
    wrong = await tenant_a.post(
        "/api/v1/residential-projects", json={**body, "handover_date": today().isoformat(), "asset_id": theirs["id"]}
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "asset_id"
    assert (await tenant_a.get("/api/v1/residential-projects")).json()["items"] == []


async def test_another_tenants_projects_customers_and_people_are_not_reached(tenant_a, tenant_b):
    customer = await tenant_a.customer()
    made = await project(tenant_a, customer["id"])
    assert (await tenant_b.get(f"/api/v1/residential-projects/{made['id']}")).status_code == 404
    assert (await tenant_b.get(f"/api/v1/residential-projects/{made['id']}/terms")).status_code == 404
    assert (await tenant_b.get("/api/v1/residential-projects")).json()["items"] == []
    body = {
        "customer_id": customer["id"],
        "name": "x",
        "address": "y",
        "handover_date": today().isoformat(),
        "warranty_months": 24,
    }
    assert (await tenant_b.post("/api/v1/residential-projects", json=body)).status_code == 404
    mine = await tenant_b.customer()
    refused = await tenant_b.post(
        "/api/v1/residential-projects", json={**body, "customer_id": mine["id"], "owner_id": tenant_a.admin_id}
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "owner_id"


async def test_domain_12_001_2_2_the_owner_is_reminded_a_week_before_a_revisit_opens(tenant_a, tenant_session):
    """The project's owner hears of a revisit 7 days before its window opens (8 days before: not
    yet), once however often the sweep runs."""
    from sqlalchemy import select

    from core.notifications.models import Notification
    from core.visits.reminders import remind

    customer = await tenant_a.customer(name="王女士")
    await project(tenant_a, customer["id"])
    opens = half_years(today(), 24)[0][1]
    async with tenant_session(tenant_a.id) as (session, ctx):
        assert await remind(session, ctx, opens - timedelta(days=8)) == 0
        assert await remind(session, ctx, opens - timedelta(days=7)) == 1
        assert await remind(session, ctx, opens - timedelta(days=6)) == 1
        rows = (
            await session.scalars(select(Notification).where(Notification.template_key == "residential.revisit_due"))
        ).all()
        assert len(rows) == 1 and "阳光花园3栋502" in rows[0].body and rows[0].recipient == tenant_a.admin_email
