"""A call's outcome is recorded inside its window, never before it opens (DOMAIN §3; 004 (三)4-5:
the car's first follow-up 3 days to 1 week after collection, the second a week after the first),
the day counted in the tenant's time zone (DOMAIN §0); topics are asked only where a rule needs them.
Rules without a binding window (a plain booked call) keep taking outcomes at any time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from core.errors import InvalidTransition
from core.revisits.service import OutcomeInput, record_outcome
from tests.plugins.automotive.test_follow_up_topics import FIRST, repaired_car

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_today() -> date:
    return datetime.now(SHANGHAI).date()


async def book(tenant, due_from: date) -> dict:
    customer = await tenant.customer()
    response = await tenant.post("/api/v1/revisits", json={
        "customer_id": customer["id"], "due_from": due_from.isoformat(),
        "due_by": (due_from + timedelta(days=2)).isoformat(), "reason": "回访"})
    assert response.status_code == 201, response.text
    return response.json()


async def first_follow_up(shop) -> dict:
    car = await repaired_car(shop)
    items = (await shop.get("/api/v1/revisits", params={"customer_id": car["customer_id"]})).json()["items"]
    [first] = [r for r in items if FIRST in r["rule_ids"]]
    return first


async def test_seed_004_3_4_a_follow_up_outcome_before_the_window_opens_is_refused(make_tenant, open_revisit_window):
    """004 (三)4: the car's first follow-up falls 3 days to 1 week after collection; on the day the
    car leaves its outcome is 409 on ``due_from`` (reached or not), nothing recorded; once the
    window has opened it is taken."""
    shop = await make_tenant(plugins=("automotive",))
    first = await first_follow_up(shop)
    assert first["due_from"] == (shanghai_today() + timedelta(days=3)).isoformat()
    for body in ({"outcome": "satisfied", "topics": ["vehicle_use"]}, {"outcome": "unreachable"}):
        refused = await shop.post(f"/api/v1/revisits/{first['id']}/outcome", json=body)
        assert refused.status_code == 409, refused.text
        assert refused.json()["errors"][0]["field"] == "due_from" and first["due_from"] in refused.text
    after = (await shop.get(f"/api/v1/revisits/{first['id']}")).json()
    assert after["status"] == "open" and after["attempts"] == 0
    await open_revisit_window(shop, first["id"])
    taken = await shop.post(f"/api/v1/revisits/{first['id']}/outcome",
                            json={"outcome": "satisfied", "topics": ["vehicle_use"]})
    assert taken.status_code == 200, taken.text


@pytest.mark.parametrize(("minutes", "allowed"), [(-1, False), (0, True)])
async def test_domain_0_a_follow_up_window_opens_at_midnight_in_the_tenant_zone(make_tenant, tenant_session,
                                                                                   minutes, allowed):
    """DOMAIN §0 with 004 (三)4: days are the tenant's (Asia/Shanghai): 23:59 the evening before
    the window's first day is refused, 00:00 on that day (16:00 UTC the day before) is inside."""
    shop = await make_tenant(plugins=("automotive",))
    first = await first_follow_up(shop)
    opens = datetime.combine(date.fromisoformat(first["due_from"]), time(0), tzinfo=SHANGHAI)
    data = OutcomeInput("satisfied", topics=("vehicle_use",))
    async with tenant_session(shop.id) as (session, ctx):
        call = record_outcome(session, ctx, UUID(first["id"]), data, None, now=opens + timedelta(minutes=minutes))
        if allowed:
            assert (await call).status == "done"
        else:
            with pytest.raises(InvalidTransition):
                await call


async def test_seed_004_3_5_topics_are_asked_only_where_the_rule_needs_them(make_tenant, open_revisit_window):
    """004 (三)5: the car's follow-up calls record their topics (the second must not repeat the
    first's), and the 422 says which rule needs them; a call whose rule has no topics takes its
    outcome without any, as API.md's contract has ``topics`` optional."""
    shop = await make_tenant(plugins=("automotive",))
    first = await first_follow_up(shop)
    await open_revisit_window(shop, first["id"])
    refused = await shop.post(f"/api/v1/revisits/{first['id']}/outcome", json={"outcome": "satisfied"})
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "topics" and FIRST in error["message"] and "004 (三)5" in error["message"]
    plain = await book(shop, shanghai_today())
    assert (await shop.post(f"/api/v1/revisits/{plain['id']}/outcome", json={"outcome": "satisfied"})).status_code == 200
