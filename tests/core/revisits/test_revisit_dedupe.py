"""DOMAIN §3: one customer is not called by two rules within the de-duplication days (default 3,
configurable): the calls merge into one revisit keeping every reason and rule id."""

from __future__ import annotations

from datetime import date

from core.db.base import new_id
from core.revisits.service import merged_window


def d(day: int) -> date:
    return date(2026, 12, day)


def test_domain_3_merged_window_is_the_overlap_or_the_earlier_deadline():
    assert merged_window((d(1), d(4)), (d(2), d(2))) == (d(2), d(2))
    assert merged_window((d(1), d(2)), (d(4), d(10))) == (d(1), d(2))
    assert merged_window((d(5), d(9)), (d(1), d(3))) == (d(1), d(3))


async def book(tenant, customer_id: str, due_from: str, due_by: str, reason: str) -> dict:
    body = {"customer_id": customer_id, "due_from": due_from, "due_by": due_by, "reason": reason}
    response = await tenant.post("/api/v1/revisits", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_domain_3_two_rules_one_call_keeping_every_reason(make_tenant, emit, rules_plugin):
    """A member's repair closes: the member 3-day rule (core) and the next-day call (plugin)
    become one call on the next day, with both reasons and rule ids."""
    tenant = await make_tenant(plugins=(rules_plugin,))
    member = await tenant.customer(is_member=True)
    await emit(tenant, "ticket.closed", new_id(), {"customer_id": member["id"], "kind": "repair"})
    [revisit] = (await tenant.get(f"/api/v1/revisits?customer_id={member['id']}")).json()["items"]
    assert sorted(revisit["rule_ids"]) == ["core.member_service", "testrules.next_day"]
    assert len(revisit["reasons"]) == 2
    assert "会员服务回访" in revisit["reason"] and "next-day" in revisit["reason"]
    assert revisit["due_from"] == revisit["due_by"]


async def test_domain_3_dedupe_edges_at_3_days(make_tenant):
    """Windows 3 days apart merge; 4 days apart they are two calls."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    first = await book(tenant, customer["id"], "2030-01-01", "2030-01-02", "A")
    merged = await book(tenant, customer["id"], "2030-01-05", "2030-01-08", "B")
    assert merged["id"] == first["id"]
    assert [r["text"] for r in merged["reasons"]] == ["A", "B"]
    assert (merged["due_from"], merged["due_by"]) == ("2030-01-01", "2030-01-02")
    apart = await book(tenant, customer["id"], "2030-01-07", "2030-01-09", "C")
    assert apart["id"] != first["id"]
    other_customer = await tenant.customer(name="另一位")
    alone = await book(tenant, other_customer["id"], "2030-01-01", "2030-01-02", "D")
    assert alone["id"] != first["id"]


async def test_domain_3_dedupe_days_is_configurable(make_tenant):
    tenant = await make_tenant()
    await tenant.put(
        "/api/v1/revisits/settings", json={"quiet_hours": [["12:00", "14:00"], ["21:00", "08:00"]], "dedupe_days": 0}
    )
    customer = await tenant.customer()
    first = await book(tenant, customer["id"], "2030-02-01", "2030-02-02", "A")
    assert (await book(tenant, customer["id"], "2030-02-03", "2030-02-04", "B"))["id"] != first["id"]
    assert (await book(tenant, customer["id"], "2030-02-02", "2030-02-05", "C"))["reasons"][0]["text"] in ("A", "B")


async def test_domain_3_done_revisits_do_not_absorb_new_calls(make_tenant):
    tenant = await make_tenant()
    customer = await tenant.customer()
    first = await book(tenant, customer["id"], "2030-03-01", "2030-03-03", "A")
    await tenant.post(f"/api/v1/revisits/{first['id']}/outcome", json={"outcome": "satisfied"})
    assert (await book(tenant, customer["id"], "2030-03-02", "2030-03-03", "B"))["id"] != first["id"]
