"""Seasonal inspection visits (DOMAIN §12, 004 1.3: 我公司在每年的夏天、冬季派专业维修服务人员到用户方进行
回访并协助用户进行产品检修和维修): a campaign per season books one visit per customer owning the
product; generating the season again books no second visit; each visit is assigned to a technician
and recorded done with its findings within the season; the manager sees done / total."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.visits.calendar import season_days

MID_SUMMER = datetime(2027, 7, 15, 2, 0, tzinfo=UTC)


def test_domain_12_004_1_3_summer_is_june_to_august_winter_december_to_february():
    assert season_days("summer", 2027) == (date(2027, 6, 1), date(2027, 8, 31))
    assert season_days("winter", 2026) == (date(2026, 12, 1), date(2027, 2, 28))
    assert season_days("winter", 2027) == (date(2027, 12, 1), date(2028, 2, 29))  # a leap February


async def test_domain_12_004_1_3_one_visit_per_owner_and_generating_again_duplicates_nothing(tenant_a, homes, clock):
    clock(MID_SUMMER)
    await homes(tenant_a)
    two, one, none = (
        await tenant_a.customer(name="甲"),
        await tenant_a.customer(name="乙"),
        await tenant_a.customer(name="丙"),
    )
    for owner in (two, two, one):
        await tenant_a.asset(owner["id"], "homes.dwelling")
    made = await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})
    assert made.status_code == 201, made.text
    season = made.json()
    assert (season["first_day"], season["last_day"], season["added"]) == ("2027-06-01", "2027-08-31", 2)
    assert season["progress"] == {"visits": 2, "assigned": 0, "done": 0}
    again = (await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    assert (again["id"], again["added"], again["progress"]["visits"]) == (season["id"], 0, 2)
    await tenant_a.asset(none["id"], "homes.dwelling")  # a new owner since
    third = (await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    assert (third["added"], third["progress"]["visits"]) == (1, 3)
    visits = (await tenant_a.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits")).json()
    assert sorted(v["customer_id"] for v in visits) == sorted([two["id"], one["id"], none["id"]])
    other = await tenant_a.post(
        "/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027, "asset_type_prefix": "lighting."}
    )
    assert other.status_code == 409 and other.json()["errors"][0]["field"] == "asset_type_prefix"
    past = await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "winter", "year": 2026})
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "year"  # ended 2027-02-28


async def test_domain_12_004_1_3_visits_assigned_done_with_findings_and_progress(tenant_a, homes, clock):
    clock(MID_SUMMER)
    await homes(tenant_a)
    for name in ("甲", "乙"):
        await tenant_a.asset((await tenant_a.customer(name=name))["id"], "homes.dwelling")
    season = (await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    first, second = (await tenant_a.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits")).json()
    li, wang = await tenant_a.add_user("technician", name="李师傅"), await tenant_a.add_user("technician")
    assigned = await tenant_a.post(
        f"/api/v1/inspection-visits/{first['id']}/assign", json={"technician_id": li.admin_id}
    )
    assert assigned.status_code == 200 and assigned.json()["technician_id"] == li.admin_id
    assert (
        await li.post(f"/api/v1/inspection-visits/{first['id']}/assign", json={"technician_id": li.admin_id})
    ).status_code == 403  # the desk assigns
    assert (
        await wang.post(f"/api/v1/inspection-visits/{first['id']}/done", json={"findings": "x"})
    ).status_code == 403  # not theirs
    before = await li.post(
        f"/api/v1/inspection-visits/{first['id']}/done", json={"findings": "x", "done_on": "2027-05-31"}
    )
    assert before.status_code == 422 and before.json()["errors"][0]["field"] == "done_on"  # before summer
    ahead = await li.post(
        f"/api/v1/inspection-visits/{first['id']}/done", json={"findings": "x", "done_on": "2027-07-16"}
    )
    assert ahead.status_code == 422 and ahead.json()["errors"][0]["field"] == "done_on"  # tomorrow
    done = await li.post(
        f"/api/v1/inspection-visits/{first['id']}/done",
        json={"findings": "空调滤网清洗，制冷正常", "done_on": "2027-06-01"},
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["done_on"], done.json()["done_by"]) == (
        "done",
        "2027-06-01",
        li.admin_id,
    )
    assert (
        await li.post(f"/api/v1/inspection-visits/{first['id']}/done", json={"findings": "again"})
    ).status_code == 409
    desk_done = await tenant_a.post(f"/api/v1/inspection-visits/{second['id']}/done", json={"findings": "正常"})
    assert desk_done.status_code == 200 and desk_done.json()["done_on"] == "2027-07-15"
    listed = (await tenant_a.get("/api/v1/seasonal-campaigns")).json()["items"]
    assert listed[0]["progress"] == {"visits": 2, "assigned": 2, "done": 2}
    mine = (
        await tenant_a.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits", params={"technician_id": li.admin_id})
    ).json()
    assert [v["id"] for v in mine] == [first["id"]]


async def test_seasonal_reminders_go_to_technicians_with_open_visits_near_the_seasons_end(
    tenant_a, homes, clock, tenant_session
):
    """Fourteen days before the season ends (2027-08-17 for summer) the technicians with visits
    still open, and whoever generated the season, are told once; a day earlier nobody is."""
    from sqlalchemy import select

    from core.notifications.models import Notification
    from core.visits.reminders import remind

    clock(MID_SUMMER)
    await homes(tenant_a)
    await tenant_a.asset((await tenant_a.customer())["id"], "homes.dwelling")
    season = (await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    [visit] = (await tenant_a.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits")).json()
    li = await tenant_a.add_user("technician")
    await tenant_a.post(f"/api/v1/inspection-visits/{visit['id']}/assign", json={"technician_id": li.admin_id})
    async with tenant_session(tenant_a.id) as (session, ctx):
        assert await remind(session, ctx, date(2027, 8, 16)) == 0
        assert await remind(session, ctx, date(2027, 8, 17)) == 2
    async with tenant_session(tenant_a.id) as (session, ctx):
        assert await remind(session, ctx, date(2027, 8, 18)) == 2  # asked again, queued once
        rows = (
            await session.scalars(select(Notification).where(Notification.template_key == "season.visits_open"))
        ).all()
        assert len(rows) == 2 and all("2027-08-31" in r.body for r in rows)


async def test_another_tenants_seasons_and_visits_are_not_reached(tenant_a, tenant_b, homes, clock):
    clock(MID_SUMMER)
    await homes(tenant_a)
    await tenant_a.asset((await tenant_a.customer())["id"], "homes.dwelling")
    season = (await tenant_a.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    [visit] = (await tenant_a.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits")).json()
    assert (await tenant_b.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits")).status_code == 404
    assert (
        await tenant_b.post(f"/api/v1/inspection-visits/{visit['id']}/done", json={"findings": "x"})
    ).status_code == 404
    theirs = await tenant_b.add_user("technician")
    refused = await tenant_a.post(
        f"/api/v1/inspection-visits/{visit['id']}/assign", json={"technician_id": theirs.admin_id}
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "technician_id"
    own = (await tenant_b.post("/api/v1/seasonal-campaigns", json={"season": "summer", "year": 2027})).json()
    assert own["progress"]["visits"] == 0  # tenant_b has no owners
