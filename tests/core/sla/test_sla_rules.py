"""SLA rules of DOMAIN §1 beyond the response times: the 7-working-day promise (004 承诺书), simple
and complex fault times (002), exchange or refund after 3 days at a repair point (001 §2 第二条),
and the advance notice of a late repair (004 第十六条)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.sla.calendar import add_working_days
from core.tickets.sla_sweep import sweep_sla
from tests.core.tickets.conftest import make_desk

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


@pytest.fixture
async def desk(client):
    return await make_desk(client)


async def events(desk, ticket_id: str, action: str) -> list[dict]:
    return [e for e in await desk.events(ticket_id) if e["action"] == action]


async def test_domain_1_core_default_is_seven_working_days(desk):
    """004 承诺书: without a plugin or tenant policy, a ticket is resolved within 7 working days
    (weekends and holidays off, make-up days on), by the end of the seventh working day."""
    policy = (await desk.tenant.get("/api/v1/sla/policy")).json()
    assert (policy["source"], policy["resolve_working_days"], policy["resolve_hours"]) == ("core", 7, None)
    ticket = await desk.open()
    expected = add_working_days(ts(ticket["created_at"]), 7, SHANGHAI, time(18, 0))
    assert ts(ticket["sla"]["resolve_by"]) == expected


@pytest.mark.parametrize(("complexity", "hours"), [("simple", 24), ("complex", 72)])
async def test_domain_1_simple_and_complex_faults_have_their_own_hours(desk, complexity, hours):
    """002: a simple fault within X h, a complex fault within Y h (defaults 24 h and 72 h)."""
    ticket = await desk.open(complexity=complexity)
    assert ticket["sla"]["complexity"] == complexity
    assert ts(ticket["sla"]["resolve_by"]) - ts(ticket["created_at"]) == timedelta(hours=hours)


async def test_domain_1_x_and_y_are_tenant_settings(desk):
    saved = await desk.tenant.put("/api/v1/sla/policy", json={"simple_resolve_hours": 4, "complex_resolve_hours": 48})
    assert saved.status_code == 200, saved.text
    simple = await desk.open(complexity="simple")
    assert ts(simple["sla"]["resolve_by"]) - ts(simple["created_at"]) == timedelta(hours=4)
    bad = await desk.tenant.put("/api/v1/sla/policy", json={"simple_resolve_hours": 0})
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"] == "simple_resolve_hours"


async def test_domain_1_classifying_later_recomputes_resolve_by_from_intake(desk):
    ticket = await desk.open()
    classified = await desk.act(ticket["id"], "classify", complexity="simple")
    assert classified.status_code == 200, classified.text
    body = classified.json()
    assert body["status"] == "new" and body["sla"]["complexity"] == "simple"
    assert ts(body["sla"]["resolve_by"]) - ts(ticket["created_at"]) == timedelta(hours=24)
    [event] = await events(desk, ticket["id"], "classify")
    assert event["data"]["complexity"] == "simple"
    assert event["before"]["resolve_by"] != event["after"]["resolve_by"]
    bad = await desk.act(ticket["id"], "classify", complexity="hard")
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"] == "complexity"


async def test_domain_1_simple_fault_breaches_one_minute_after_x_hours(desk, shouhou_sessions, shouhou_plugins):
    ticket = await desk.open(complexity="simple")
    resolve_by = ts(ticket["sla"]["resolve_by"])
    await sweep_sla(shouhou_sessions, resolve_by - timedelta(minutes=1), plugins=shouhou_plugins)
    assert not [e for e in await events(desk, ticket["id"], "sla.breach") if e["data"]["deadline"] == "resolve"]
    await sweep_sla(shouhou_sessions, resolve_by + timedelta(minutes=1), plugins=shouhou_plugins)
    assert [e for e in await events(desk, ticket["id"], "sla.breach") if e["data"]["deadline"] == "resolve"]


@pytest.fixture
async def repair_point(client):
    desk = await make_desk(client)
    await desk.tenant.enable("lighting")
    return desk


def local_day(ticket: dict, days: int, at: time) -> datetime:
    """``days`` after the day the ticket was received, at local ``at``."""
    received = ts(ticket["created_at"]).astimezone(SHANGHAI).date()
    return datetime.combine(received + timedelta(days=days), at, SHANGHAI)


async def test_domain_1_repair_not_done_on_day_3_is_not_yet_exchanged(repair_point, shouhou_sessions, shouhou_plugins):
    """001 §2 第二条: not repaired *within* 3 days (elapsed > 3): day 3 is still inside."""
    ticket = await repair_point.open()
    await sweep_sla(shouhou_sessions, local_day(ticket, 3, time(23, 59)), plugins=shouhou_plugins)
    read = (await repair_point.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()
    assert read["sla"]["remedy_due_at"] is None
    assert await events(repair_point, ticket["id"], "sla.remedy_due") == []


async def test_domain_1_repair_not_done_by_day_4_is_exchanged_or_refunded(repair_point, shouhou_sessions, shouhou_plugins):
    ticket = await repair_point.open()
    day_4 = local_day(ticket, 4, time(0, 0))
    await sweep_sla(shouhou_sessions, day_4, plugins=shouhou_plugins)
    await sweep_sla(shouhou_sessions, day_4 + timedelta(hours=1), plugins=shouhou_plugins)
    read = (await repair_point.tenant.get(f"/api/v1/tickets/{ticket['id']}")).json()
    assert ts(read["sla"]["remedy_due_at"]) == day_4
    [marked] = await events(repair_point, ticket["id"], "sla.remedy_due")
    assert marked["data"]["remedy_after_days"] == 3
    resolved = await repair_point.act(ticket["id"], "resolve", remedy="exchange", resolution="换新灯一只")
    assert resolved.status_code == 200 and resolved.json()["work"]["remedy"] == "exchange"


async def test_domain_1_remedy_only_for_repairs_and_only_with_the_lighting_plugin(
    desk, repair_point, shouhou_sessions, shouhou_plugins
):
    plain = await desk.open()
    consultation = await repair_point.open(kind="consultation")
    await sweep_sla(shouhou_sessions, local_day(plain, 10, time(12)), plugins=shouhou_plugins)
    for d, t in ((desk, plain), (repair_point, consultation)):
        assert (await d.tenant.get(f"/api/v1/tickets/{t['id']}")).json()["sla"]["remedy_due_at"] is None


@pytest.fixture
async def shop(client):
    desk = await make_desk(client)
    await desk.tenant.enable("ecommerce")
    return desk


async def late_notices(desk, ticket) -> list[dict]:
    items = (await desk.tenant.get(f"/api/v1/revisits?customer_id={ticket['customer_id']}")).json()["items"]
    return [r for r in items if "ecommerce.late_repair_notice" in r["rule_ids"]]


async def test_domain_10_late_repair_is_announced_a_day_ahead(shop, shouhou_sessions, shouhou_plugins):
    """004 第十六条: repairs finish within 1 week; if late, tell the customer in advance (24 h
    before the due time by default): not a minute earlier, once."""
    ticket = await shop.open()
    resolve_by = ts(ticket["sla"]["resolve_by"])
    assert resolve_by - ts(ticket["created_at"]) == timedelta(days=7)
    notice_at = resolve_by - timedelta(hours=24)
    await sweep_sla(shouhou_sessions, notice_at - timedelta(minutes=1), plugins=shouhou_plugins)
    assert await late_notices(shop, ticket) == []
    await sweep_sla(shouhou_sessions, notice_at, plugins=shouhou_plugins)
    await sweep_sla(shouhou_sessions, notice_at + timedelta(hours=1), plugins=shouhou_plugins)
    [call] = await late_notices(shop, ticket)
    assert call["script_id"] == "ecommerce.repair_delay_notice" and call["ticket_id"] == ticket["id"]
    assert call["due_by"] == str(notice_at.astimezone(SHANGHAI).date())
    assert len(await events(shop, ticket["id"], "sla.due_soon")) == 1


async def test_domain_10_a_repair_done_in_time_is_not_announced(shop, shouhou_sessions, shouhou_plugins):
    ticket = await shop.open()
    await shop.act(ticket["id"], "resolve", resolution="已修好")
    await sweep_sla(shouhou_sessions, ts(ticket["sla"]["resolve_by"]) - timedelta(hours=2), plugins=shouhou_plugins)
    assert await late_notices(shop, ticket) == []


async def test_no_advance_notice_without_the_shop_plugin(desk, shouhou_sessions, shouhou_plugins):
    ticket = await desk.open(complexity="simple")
    await sweep_sla(shouhou_sessions, ts(ticket["sla"]["resolve_by"]) - timedelta(hours=1), plugins=shouhou_plugins)
    assert await events(desk, ticket["id"], "sla.due_soon") == []
