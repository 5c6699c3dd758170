"""A call's outcome is recorded inside its window, never before it opens (DOMAIN §3; 004 (三)4-5:
the car's first follow-up 3 days to 1 week after collection, the second a week after the first),
the day counted in the tenant's time zone (DOMAIN §0); topics are asked only where a rule needs them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
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


async def test_seed_004_3_4_an_outcome_before_the_window_opens_is_refused(make_tenant):
    """DOMAIN §3: a call due from tomorrow cannot have its outcome today (409 on ``due_from``,
    nothing recorded, not even an unanswered attempt); a call due from today can."""
    tenant = await make_tenant()
    tomorrow = await book(tenant, shanghai_today() + timedelta(days=1))
    for outcome in ("satisfied", "unreachable"):
        refused = await tenant.post(f"/api/v1/revisits/{tomorrow['id']}/outcome", json={"outcome": outcome})
        assert refused.status_code == 409, refused.text
        assert refused.json()["errors"][0]["field"] == "due_from"
    after = (await tenant.get(f"/api/v1/revisits/{tomorrow['id']}")).json()
    assert after["status"] == "open" and after["attempts"] == 0
    today = await book(tenant, shanghai_today())
    assert (await tenant.post(f"/api/v1/revisits/{today['id']}/outcome", json={"outcome": "satisfied"})).status_code == 200


@pytest.mark.parametrize(("local", "allowed"), [
    (datetime(2030, 3, 9, 23, 59, tzinfo=SHANGHAI), False),   # 23:59 the day before, tenant's zone
    (datetime(2030, 3, 10, 0, 0, tzinfo=SHANGHAI), True),     # 00:00 on the first day of the window
])
async def test_domain_0_the_window_opens_at_midnight_in_the_tenant_zone(make_tenant, tenant_session, local, allowed):
    """DOMAIN §0: days are the tenant's (Asia/Shanghai): 23:59 on 9 March is before a window
    opening on 10 March, 00:00 on 10 March (16:00 UTC on the 9th) is inside it."""
    tenant = await make_tenant()
    revisit = await book(tenant, date(2030, 3, 10))
    async with tenant_session(tenant.id) as (session, ctx):
        call = record_outcome(session, ctx, UUID(revisit["id"]), OutcomeInput("satisfied"), None, now=local)
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
    car = await repaired_car(shop)
    items = (await shop.get("/api/v1/revisits", params={"customer_id": car["customer_id"]})).json()["items"]
    [first] = [r for r in items if FIRST in r["rule_ids"]]
    await open_revisit_window(shop, first["id"])
    refused = await shop.post(f"/api/v1/revisits/{first['id']}/outcome", json={"outcome": "satisfied"})
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "topics" and FIRST in error["message"] and "004 (三)5" in error["message"]
    plain = await book(shop, shanghai_today())
    assert (await shop.post(f"/api/v1/revisits/{plain['id']}/outcome", json={"outcome": "satisfied"})).status_code == 200
