"""DOMAIN §3 revisit rules applied when things happen (and DOMAIN §0 for their windows)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.db.base import new_id
from core.revisits.rules import due_window
from core.revisits.types import RevisitRule
from core.timezones import tenant_today


def shanghai_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def rule(due_from: int, due_by: int) -> RevisitRule:
    return RevisitRule(id="x", trigger="ticket.closed", due_from_days=due_from, due_by_days=due_by, reason={})


def test_domain_0_window_counts_from_day_0_both_ends_inclusive():
    """DOMAIN §0: the event day is day 0; "within 3 days" is elapsed <= 3, so the window's last
    day is event + 3 and its first the event day itself."""
    assert due_window(rule(0, 3), date(2026, 11, 23)) == (date(2026, 11, 23), date(2026, 11, 26))
    assert due_window(rule(1, 1), date(2026, 11, 30)) == (date(2026, 12, 1), date(2026, 12, 1))
    assert due_window(rule(3, 7), date(2026, 12, 28)) == (date(2026, 12, 31), date(2027, 1, 4))


async def revisits_of(tenant, customer_id: str) -> list[dict]:
    response = await tenant.get(f"/api/v1/revisits?customer_id={customer_id}")
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_domain_3_member_revisit_within_3_days_of_the_service(make_tenant, emit):
    """DOMAIN §3 (003 篇2 §七): members are revisited within 3 days of the service; the service
    day counts in the tenant's zone (16:30 UTC is the next day in Shanghai)."""
    tenant = await make_tenant()
    member = await tenant.customer(is_member=True)
    closed_at = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    await emit(tenant, "ticket.closed", new_id(), {"customer_id": member["id"], "kind": "repair"}, at=closed_at)
    [revisit] = await revisits_of(tenant, member["id"])
    assert (revisit["due_from"], revisit["due_by"]) == ("2026-11-24", "2026-11-27")
    assert revisit["rule_ids"] == ["core.member_service"]
    assert revisit["ticket_id"] is not None and revisit["status"] == "open"
    assert revisit["reason"] == "会员服务回访（服务后3天内）"


async def test_domain_3_non_members_get_no_member_revisit(make_tenant, emit):
    tenant = await make_tenant()
    customer = await tenant.customer(is_member=False)
    await emit(tenant, "ticket.closed", new_id(), {"customer_id": customer["id"], "kind": "repair"})
    assert await revisits_of(tenant, customer["id"]) == []


async def test_domain_2_closed_complaint_gets_a_satisfaction_revisit(make_tenant, emit):
    """DOMAIN §2 (002 §五(四)): after closing, a revisit asks whether the customer is satisfied
    with the handling."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    complaint_id = new_id()
    await emit(tenant, "complaint.closed", complaint_id, {"customer_id": customer["id"]})
    [revisit] = await revisits_of(tenant, customer["id"])
    assert revisit["rule_ids"] == ["core.complaint_satisfaction"]
    assert revisit["complaint_id"] == str(complaint_id)


async def test_domain_3_rules_of_a_plugin_apply_only_when_enabled(make_tenant, emit, rules_plugin):
    """DOMAIN §3 next-day satisfaction call (a plugin's rule): only tenants that enabled the
    plugin get it, and only for the ticket kinds it names."""
    enabled = await make_tenant(plugins=(rules_plugin,))
    other = await make_tenant()
    day = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    for tenant in (enabled, other):
        customer = await tenant.customer()
        await emit(tenant, "ticket.closed", new_id(), {"customer_id": customer["id"], "kind": "repair"}, at=day)
        await emit(tenant, "ticket.closed", new_id(), {"customer_id": customer["id"], "kind": "consultation"}, at=day)
        found = await revisits_of(tenant, customer["id"])
        if tenant is enabled:
            assert [(r["rule_ids"], r["due_from"], r["due_by"]) for r in found] == [
                (["testrules.next_day"], "2026-11-24", "2026-11-24")
            ]
        else:
            assert found == []


async def test_domain_3_installation_revisit_within_a_month(make_tenant, rules_plugin):
    """DOMAIN §3 (000 第三条(三)8): a new installation gets a call within 1 month of the
    installation date (the date installed, not the day it was recorded)."""
    tenant = await make_tenant(plugins=(rules_plugin, "gps_install"))
    customer = await tenant.customer()
    installed = date.today() - timedelta(days=2)
    await tenant.asset(customer["id"], "gps_install.terminal", install_date=installed.isoformat())
    [revisit] = await revisits_of(tenant, customer["id"])
    assert revisit["rule_ids"] == ["testrules.installation"]
    assert revisit["due_from"] == installed.isoformat()
    assert revisit["due_by"] == (installed + timedelta(days=30)).isoformat()
    assert revisit["asset_id"] is not None


async def test_domain_3_car_second_follow_up_chains_on_the_first(make_tenant, rules_plugin):
    """DOMAIN §3 (004 §(三)4-5): first follow-up 3 days to 1 week after the car is collected;
    the second one 7 days later within a further 7 days, only once the customer was reached."""
    tenant = await make_tenant(plugins=(rules_plugin, "automotive"))
    customer = await tenant.customer()
    await tenant.asset(customer["id"], "automotive.vehicle", attributes={"plate": "苏A12345"})
    [first] = await revisits_of(tenant, customer["id"])
    today = shanghai_today()
    assert first["rule_ids"] == ["testrules.car_first"]
    assert (first["due_from"], first["due_by"]) == ((today + timedelta(3)).isoformat(), (today + timedelta(7)).isoformat())
    response = await tenant.post(f"/api/v1/revisits/{first['id']}/outcome", json={"outcome": "unreachable"})
    assert response.status_code == 200
    assert len(await revisits_of(tenant, customer["id"])) == 1
    response = await tenant.post(f"/api/v1/revisits/{first['id']}/outcome", json={"outcome": "satisfied"})
    assert response.status_code == 200, response.text
    second = [r for r in await revisits_of(tenant, customer["id"]) if r["id"] != first["id"]]
    assert [r["rule_ids"] for r in second] == [["testrules.car_second"]]
    assert (second[0]["due_from"], second[0]["due_by"]) == (
        (today + timedelta(7)).isoformat(), (today + timedelta(14)).isoformat()
    )


async def test_domain_3_the_same_event_twice_schedules_once(make_tenant, emit):
    tenant = await make_tenant()
    member = await tenant.customer(is_member=True)
    ticket_id = new_id()
    for _ in range(2):
        await emit(tenant, "ticket.closed", ticket_id, {"customer_id": member["id"], "kind": "repair"})
    [revisit] = await revisits_of(tenant, member["id"])
    assert len(revisit["reasons"]) == 1


async def test_domain_0_revisit_dates_use_tenant_zone(make_tenant, emit, tenant_session):
    """A tenant in another zone counts the event day in its own zone."""
    tenant = await make_tenant(timezone="America/New_York")
    member = await tenant.customer(is_member=True)
    at = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 21:00 on the 23rd in New York
    await emit(tenant, "ticket.closed", new_id(), {"customer_id": member["id"]}, at=at)
    [revisit] = await revisits_of(tenant, member["id"])
    async with tenant_session(tenant.id) as (_session, ctx):
        assert tenant_today(ctx.tenant, at) == date(2026, 11, 23)
    assert revisit["due_from"] == "2026-11-23"


async def test_domain_3_closing_a_members_ticket_schedules_the_member_revisit(make_tenant):
    """End to end through the tickets API: a member's repair resolved by phone and closed gets
    the member revisit (DOMAIN §3), linked to the ticket; unsatisfied opens a follow-up ticket
    whose parent is that ticket (003 篇6)."""
    tenant = await make_tenant()
    member = await tenant.customer(is_member=True)
    body = {"kind": "repair", "channel": "phone", "customer_id": member["id"], "subject": "灯不亮",
            "description": "客厅吸顶灯不亮"}
    ticket = (await tenant.post("/api/v1/tickets", json=body)).json()
    for action in ({"action": "resolve", "resolution": "电话指导更换启辉器"}, {"action": "close"}):
        response = await tenant.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=action)
        assert response.status_code == 200, response.text
    [revisit] = await revisits_of(tenant, member["id"])
    assert revisit["ticket_id"] == ticket["id"] and revisit["rule_ids"] == ["core.member_service"]
    response = await tenant.post(f"/api/v1/revisits/{revisit['id']}/outcome", json={"outcome": "unsatisfied"})
    follow_up = (await tenant.get(f"/api/v1/tickets/{response.json()['follow_up_ticket_id']}")).json()
    assert follow_up["customer_id"] == member["id"]
    assert follow_up.get("parent_ticket_id", ticket["id"]) == ticket["id"]
