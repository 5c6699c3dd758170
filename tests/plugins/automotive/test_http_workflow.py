"""The car repair shop's workflow through its API (DOMAIN §8, source 004 (二)): visits written into
the customer file within 2 days, the next maintenance by time or mileage (whichever first), the
maintenance-due list, and the reminder revisit scheduled before the due date."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

API = "/api/v1/p/automotive"


def today() -> date:
    """Today where the test tenants are (Asia/Shanghai, DOMAIN §0)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@pytest.fixture
async def shop(make_tenant):
    return await make_tenant(plugins=("automotive",))


async def vehicle(tenant, plate="苏A12345", **attributes):
    customer = await tenant.customer()
    return await tenant.asset(customer["id"], "automotive.vehicle", purchase_date="2023-01-01",
                              attributes={"plate": plate, **attributes})


async def visit(tenant, car, visit_date, mileage_km=30_000, **fields):
    body = {"visit_date": visit_date, "mileage_km": mileage_km, "items": ["更换机油", "更换机滤"], **fields}
    return await tenant.post(f"{API}/vehicles/{car['id']}/visits", json=body)


async def test_domain_8_a_visit_sets_the_next_maintenance_by_time_and_schedules_the_reminder(shop):
    """DOMAIN §8: 6 months or 5,000 km, whichever first; without mileage information time decides;
    the maintenance reminder is a revisit due in the 7 days before the due date."""
    car = await vehicle(shop, maintenance_cycle={"months": 6, "km": 5000})
    served = days(-1)
    response = await visit(shop, car, served)
    assert response.status_code == 201, response.text
    body = response.json()
    due = date.fromisoformat(served) + relativedelta(months=6)
    assert body["next_maintenance"]["due_date"] == due.isoformat()
    assert (body["next_maintenance"]["reason"], body["next_maintenance"]["due_km"]) == ("time", 35_000)
    assert body["visit"]["items"] == ["更换机油", "更换机滤"] and body["visit"]["file_late"] is False

    revisit_id = body["next_maintenance"]["reminder_revisit_id"]
    revisit = (await shop.get(f"/api/v1/revisits/{revisit_id}")).json()
    assert revisit["rule_ids"] == ["automotive.maintenance_reminder"]
    assert (revisit["due_from"], revisit["due_by"]) == ((due - timedelta(days=7)).isoformat(), due.isoformat())
    assert revisit["asset_id"] == car["id"] and revisit["script_id"] == "automotive.maintenance_reminder"
    again = (await shop.get(f"{API}/vehicles/{car['id']}/maintenance")).json()
    assert again["due_date"] == due.isoformat() and again["source"] == "service_record"


async def test_domain_8_mileage_first_when_the_car_is_driven_a_lot(shop):
    """DOMAIN §8: 100 km a day reaches 5,000 km after 50 days, before 6 months."""
    car = await vehicle(shop, maintenance_cycle={"months": 6, "km": 5000}, daily_km=100)
    response = await visit(shop, car, days(0), mileage_km=40_000)
    assert response.status_code == 201, response.text
    nxt = response.json()["next_maintenance"]
    assert (nxt["due_date"], nxt["reason"], nxt["due_km"]) == (days(50), "mileage", 45_000)
    assert nxt["rule_id"] == "automotive.maintenance.by_mileage" and nxt["reminder_date"] == days(43)


async def test_domain_8_tenant_default_cycle_applies_to_a_vehicle_without_one(shop):
    """DOMAIN §8 configurable: a vehicle with no cycle uses the tenant's default (here 3 months)."""
    await shop.enable("automotive", automotive={"default_cycle_months": 3, "reminder_days_before": 3})
    car = await vehicle(shop)
    served = days(-2)
    nxt = (await visit(shop, car, served)).json()["next_maintenance"]
    due = date.fromisoformat(served) + relativedelta(months=3)
    assert nxt["due_date"] == due.isoformat() and nxt["reminder_date"] == (due - timedelta(days=3)).isoformat()
    revisit = (await shop.get(f"/api/v1/revisits/{nxt['reminder_revisit_id']}")).json()
    assert revisit["due_from"] == (due - timedelta(days=3)).isoformat()


async def test_domain_8_due_list_edges_within_days(shop):
    """DOMAIN §8 / §0: the due list holds vehicles due on or before today + within_days, overdue
    ones included, soonest first; computed from the vehicle's file when no service is recorded."""
    at_edge = await vehicle(shop, "苏A00001", maintenance_cycle={"days": 30}, last_service_date=days(-30 + 10))
    past_edge = await vehicle(shop, "苏A00002", maintenance_cycle={"days": 30}, last_service_date=days(-30 + 11))
    overdue = await vehicle(shop, "苏A00003", maintenance_cycle={"days": 30}, last_service_date=days(-35))
    await vehicle(shop, "苏A00004")  # nothing known: not listed
    listed = (await shop.get(f"{API}/maintenance/due", params={"within_days": 10})).json()
    assert [i["asset_id"] for i in listed["items"]] == [overdue["id"], at_edge["id"]]
    assert listed["items"][0]["overdue"] is True and listed["items"][0]["days_left"] == -5
    assert listed["items"][1]["days_left"] == 10 and listed["items"][1]["source"] == "vehicle_file"
    assert listed["as_of"] == today().isoformat() and listed["until"] == days(10)
    wider = (await shop.get(f"{API}/maintenance/due", params={"within_days": 11})).json()
    assert past_edge["id"] in [i["asset_id"] for i in wider["items"]]


async def test_domain_8_a_recorded_service_moves_the_vehicle_off_the_due_list(shop):
    car = await vehicle(shop, maintenance_cycle={"months": 6, "km": 5000}, last_service_date=days(-200),
                        last_service_km=20_000)
    due = (await shop.get(f"{API}/maintenance/due", params={"within_days": 0})).json()["items"]
    assert [i["asset_id"] for i in due] == [car["id"]] and due[0]["overdue"] is True
    assert (await visit(shop, car, days(0), mileage_km=26_000)).status_code == 201
    assert (await shop.get(f"{API}/maintenance/due", params={"within_days": 0})).json()["items"] == []


async def test_domain_8_customer_file_within_2_days_of_the_visit_late_files_flagged(shop):
    """DOMAIN §8 / §0: the file is due within 2 days of the visit: day 2 on time, day 3 late;
    ``GET …/visits?late=true`` lists the late files. The edge moves with the tenant's setting."""
    car = await vehicle(shop, maintenance_cycle={"months": 6})
    ok = (await visit(shop, car, days(-2))).json()["visit"]
    car2 = await vehicle(shop, "苏A22222", maintenance_cycle={"months": 6})
    late = (await visit(shop, car2, days(-3))).json()["visit"]
    assert (ok["file_late"], late["file_late"]) == (False, True)
    assert ok["filed_on"] == today().isoformat()
    late_ids = [v["id"] for v in (await shop.get(f"{API}/visits", params={"late": "true"})).json()["items"]]
    assert ok["id"] not in late_ids and late["id"] in late_ids
    await shop.enable("automotive", automotive={"customer_file_days": 3})
    car3 = await vehicle(shop, "苏A33333", maintenance_cycle={"months": 6})
    assert (await visit(shop, car3, days(-3))).json()["visit"]["file_late"] is False


@pytest.mark.parametrize(("first", "second", "field"), [
    ((-5, 30_000), (-6, 30_500), "visit_date"),
    ((-5, 30_000), (-1, 29_999), "mileage_km"),
])
async def test_visits_cannot_go_back_in_time_or_mileage_422(shop, first, second, field):
    car = await vehicle(shop, maintenance_cycle={"months": 6})
    assert (await visit(shop, car, days(first[0]), mileage_km=first[1])).status_code == 201
    response = await visit(shop, car, days(second[0]), mileage_km=second[1])
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


async def test_future_visits_bad_input_and_roles(shop):
    car = await vehicle(shop, maintenance_cycle={"months": 6})
    future = await visit(shop, car, days(1))
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "visit_date"
    for body in ({"items": []}, {"mileage_km": -1}, {"extra": True}):
        response = await visit(shop, car, days(0), **body)
        assert response.status_code in (400, 422), response.text
    assert (await visit(shop, car, "2024-02-30")).status_code in (400, 422)
    for params in ({"within_days": -1}, {"within_days": "soon"}):
        assert (await shop.get(f"{API}/maintenance/due", params=params)).status_code == 400
    viewer = await shop.add_user("viewer")
    assert (await visit(viewer, car, days(0))).status_code == 403
    technician = await shop.add_user("technician")
    assert (await visit(technician, car, days(0))).status_code == 201


async def test_only_vehicles_of_the_tenant_404(shop, make_tenant):
    customer = await shop.customer()
    await shop.enable("gps_install")
    terminal = await shop.asset(customer["id"], "gps_install.terminal")
    assert (await visit(shop, terminal, days(0))).status_code == 404
    assert (await visit(shop, {"id": str(uuid.uuid4())}, days(0))).status_code == 404
    assert (await shop.get(f"{API}/vehicles/{terminal['id']}/maintenance")).status_code == 404
    car = await vehicle(shop)
    assert (await shop.get(f"{API}/vehicles/{car['id']}/maintenance")).status_code == 404, "nothing known yet"


async def test_a_tenant_without_the_plugin_gets_404(make_tenant):
    tenant = await make_tenant()
    assert (await tenant.get(f"{API}/maintenance/due")).status_code == 404
    assert (await tenant.get(f"{API}/visits")).status_code == 404


async def test_another_tenants_vehicles_and_visits_are_404_or_invisible(shop, make_tenant):
    car = await vehicle(shop, maintenance_cycle={"days": 5})
    assert (await visit(shop, car, days(0))).status_code == 201
    other = await make_tenant(plugins=("automotive",))
    assert (await visit(other, car, days(0))).status_code == 404
    assert (await other.get(f"{API}/vehicles/{car['id']}/maintenance")).status_code == 404
    assert (await other.get(f"{API}/visits")).json()["items"] == []
    assert (await other.get(f"{API}/maintenance/due", params={"within_days": 30})).json()["items"] == []


async def test_seed_004_first_free_service_is_granted_once_per_car(shop):
    """DOMAIN §8 (004 售后服务合作方案, 首保): the first free service is granted once per new car
    and the maker pays its fee once. Filing it a second time for the same car (even on another
    day) is 409 on ``first_service`` naming the first date, and nothing is filed; the warranty
    decision for a car whose 首保 was filed no longer grants it (paid, rule
    ``automotive.first_service.already_given``); another car still gets its own."""
    car, other = await vehicle(shop), await vehicle(shop, plate="苏A99999")
    before = await shop.post("/api/v1/warranty/decisions", json={
        "asset_id": car["id"], "claim_date": days(0), "claimant": "consumer", "facts": {"first_service": True}})
    assert before.json()["rule_ids"] == ["automotive.first_service"]
    first = await visit(shop, car, days(-2), mileage_km=3_000, first_service=True)
    assert first.status_code == 201, first.text
    for day in (days(-2), days(-1)):
        again = await visit(shop, car, day, mileage_km=3_100, first_service=True)
        assert again.status_code == 409, again.text
        assert again.json()["errors"][0]["field"] == "first_service" and days(-2) in again.text
    filed = (await shop.get(f"{API}/visits?asset_id={car['id']}")).json()["items"]
    assert [v["first_service"] for v in filed] == [True]
    assert (await visit(shop, car, days(-1), mileage_km=3_100)).status_code == 201, "an ordinary service is fine"
    after = await shop.post("/api/v1/warranty/decisions", json={
        "asset_id": car["id"], "claim_date": days(0), "claimant": "consumer",
        "facts": {"first_service": True, "labour_fen": 8000}})
    assert after.status_code == 200, after.text
    assert after.json()["decision"] == "repair_paid"
    assert after.json()["rule_ids"] == ["automotive.first_service.already_given"]
    assert after.json()["charge"] == {"amount_fen": 8000, "currency": "CNY"}
    assert (await visit(shop, other, days(-1), mileage_km=2_000, first_service=True)).status_code == 201
