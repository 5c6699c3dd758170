"""Events and promotions (DOMAIN §3 rule 3.11, source 004 (三)6): customers are phoned two weeks
ahead, then sent the letter within 2 days of the call."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

CALL, LETTER = "core.campaign.call", "core.campaign.letter"


def today() -> date:
    """Today where the test tenants are (Asia/Shanghai, DOMAIN §0)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def in_days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@pytest.fixture
async def desk(make_tenant):
    return await make_tenant()


async def announce(tenant, **fields):
    return await tenant.post("/api/v1/campaigns", json={"title": "车主联谊会", "event_date": in_days(30), **fields})


async def revisits(tenant, customer_id: str, rule_id: str) -> list[dict]:
    items = (await tenant.get("/api/v1/revisits", params={"customer_id": customer_id})).json()["items"]
    return [r for r in items if rule_id in r["rule_ids"]]


async def test_domain_3_11_the_event_is_announced_at_least_two_weeks_ahead(desk):
    """DOMAIN 3.11 (004 (三)6: 提前两周): an event 14 days away can still be announced, 13 days
    away is too late; the call window closes 14 days before the event."""
    customer = await desk.customer()
    late = await announce(desk, event_date=in_days(13))
    assert late.status_code == 422
    assert late.json()["errors"][0]["field"] == "event_date"
    assert (await desk.get("/api/v1/campaigns")).json()["items"] == [], "nothing half-written"
    assert await revisits(desk, customer["id"], CALL) == []

    made = await announce(desk, event_date=in_days(14))
    assert made.status_code == 201, made.text
    assert made.json()["call_by"] == in_days(0) and made.json()["customers"] == 1
    [call] = await revisits(desk, customer["id"], CALL)
    assert (call["due_by"], call["channel"]) == (in_days(0), "phone")
    assert call["script_id"] == "core.event_notice" and "车主联谊会" in call["reason"]


async def test_domain_3_11_far_events_are_called_in_the_third_and_second_week_before(desk):
    """DOMAIN 3.11: an event 60 days away is phoned between 21 and 14 days before it."""
    customer = await desk.customer()
    await announce(desk, event_date=in_days(60))
    [call] = await revisits(desk, customer["id"], CALL)
    assert (call["due_from"], call["due_by"]) == (in_days(39), in_days(46))


@pytest.mark.parametrize("outcome", ["satisfied", "unreachable"])
async def test_domain_3_11_the_letter_follows_within_two_days_of_the_call(desk, outcome):
    """DOMAIN 3.11 (两日内寄出通知函): whatever the call's outcome, the letter is due from the day
    of the call to 2 days after it, on the letter channel (never merged into a phone call)."""
    customer = await desk.customer()
    campaign = (await announce(desk, event_date=in_days(14))).json()
    [call] = await revisits(desk, customer["id"], CALL)
    assert (await desk.post(f"/api/v1/revisits/{call['id']}/outcome", json={"outcome": outcome})).status_code == 200
    [letter] = await revisits(desk, customer["id"], LETTER)
    assert (letter["channel"], letter["due_from"], letter["due_by"]) == ("letter", in_days(0), in_days(2))
    progress = (await desk.get(f"/api/v1/campaigns/{campaign['id']}")).json()["progress"]
    assert progress == {"calls": 1, "calls_made": 1, "letters": 1, "letters_sent": 0}
    await desk.post(f"/api/v1/revisits/{letter['id']}/outcome", json={"outcome": "neutral"})
    progress = (await desk.get(f"/api/v1/campaigns/{campaign['id']}")).json()["progress"]
    assert progress["letters_sent"] == 1


async def test_audience_members_asset_owners_or_a_list(make_tenant):
    """The audience: everyone, members only, owners of an asset type, or the customers named."""
    shop = await make_tenant(plugins=("automotive",))
    member = await shop.customer(name="会员", is_member=True)
    owner = await shop.customer(name="车主")
    await shop.asset(owner["id"], "automotive.vehicle", attributes={"plate": "苏A00001"})
    other = await shop.customer(name="其他")
    assert (await announce(shop)).json()["customers"] == 3
    assert (await announce(shop, members_only=True)).json()["customers"] == 1
    assert (await announce(shop, asset_type_prefix="automotive.")).json()["customers"] == 1
    named = await announce(shop, customer_ids=[member["id"], other["id"]])
    assert named.json()["customers"] == 2
    nobody = await announce(shop, asset_type_prefix="lighting.")
    assert nobody.status_code == 422 and nobody.json()["errors"][0]["field"] == "audience"


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": ""}, "title"),
    ({"event_date": "2026-02-30"}, "event_date"),
    ({"script_id": "no.such.script"}, "script_id"),
    ({"customer_ids": ["00000000-0000-0000-0000-000000000000"]}, "customer_ids"),
    ({"colour": "red"}, "colour"),
])
async def test_bad_input_is_refused_with_the_field(desk, fields, field):
    await desk.customer()
    response = await announce(desk, **fields)
    assert response.status_code in (400, 422), response.text
    assert field in response.text


async def test_another_tenants_campaigns_and_customers_are_out_of_reach(make_tenant):
    """Tenant isolation: B cannot read A's campaign, list it, or announce to A's customers."""
    a, b = await make_tenant(), await make_tenant()
    customer_a = await a.customer()
    await b.customer()
    campaign = (await announce(a)).json()
    assert (await b.get(f"/api/v1/campaigns/{campaign['id']}")).status_code == 404
    assert (await b.get("/api/v1/campaigns")).json()["items"] == []
    foreign = await announce(b, customer_ids=[customer_a["id"]])
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "customer_ids"
    assert [c["id"] for c in (await a.get("/api/v1/campaigns")).json()["items"]] == [campaign["id"]]


async def test_technicians_cannot_announce(desk):
    technician = await desk.add_user("technician")
    await desk.customer()
    response = await technician.post("/api/v1/campaigns", json={"title": "活动", "event_date": in_days(30)})
    assert response.status_code == 403
