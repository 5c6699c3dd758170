"""DOMAIN §3 revisit outcomes: satisfied/neutral/unsatisfied/unreachable, the survey card, the
linked follow-up case, calling a busy customer again, and notice sequences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from core.db.base import new_id
from core.tickets.schemas import TicketCreate
from core.tickets.service import create_ticket, get_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def booked(tenant, customer_id: str | None = None, **fields) -> dict:
    customer_id = customer_id or (await tenant.customer())["id"]
    today = datetime.now(SHANGHAI).date()
    body = {"customer_id": customer_id, "due_from": today.isoformat(),
            "due_by": (today + timedelta(days=2)).isoformat(), "reason": "回访", **fields}
    response = await tenant.post("/api/v1/revisits", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def outcome(tenant, revisit_id: str, **body):
    return await tenant.post(f"/api/v1/revisits/{revisit_id}/outcome", json=body)


async def test_domain_3_satisfied_with_survey_card(make_tenant):
    """DOMAIN §3 survey card (顾客意见调查卡): attitude, technical ability, punctuality, service
    items (1–5) and a suggestion are kept with the outcome."""
    tenant = await make_tenant()
    revisit = await booked(tenant)
    survey = {"attitude": 5, "technical_ability": 4, "punctuality": 1, "service_items": 3, "suggestion": "准时些"}
    response = await outcome(tenant, revisit["id"], outcome="satisfied", notes="很好", survey=survey)
    assert response.status_code == 200, response.text
    done = response.json()
    assert (done["status"], done["outcome"], done["survey"], done["notes"]) == ("done", "satisfied", survey, "很好")
    assert done["follow_up_ticket_id"] is None and done["completed_at"] is not None
    again = await outcome(tenant, revisit["id"], outcome="neutral")
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {"outcome": "happy"},
        {},
        {"outcome": "satisfied", "survey": {"attitude": 6}},
        {"outcome": "satisfied", "survey": {"attitude": 0}},
        {"outcome": "satisfied", "survey": {"punctuality": 2.5}},
        {"outcome": "satisfied", "survey": {"mood": 3}},
        {"outcome": "satisfied", "extra": 1},
    ],
)
async def test_domain_3_invalid_outcome_or_survey_is_rejected(make_tenant, body):
    """Outcomes are one of four; survey scores are integers 1–5; unknown fields are refused."""
    tenant = await make_tenant()
    revisit = await booked(tenant)
    response = await outcome(tenant, revisit["id"], **body)
    assert response.status_code in (400, 422), response.text
    assert response.json()["errors"]
    assert (await tenant.get(f"/api/v1/revisits/{revisit['id']}")).json()["status"] == "open"


async def test_domain_3_unsatisfied_opens_a_follow_up_linked_to_the_original(make_tenant, tenant_session):
    """DOMAIN §3 (003 篇6): an unsatisfied outcome opens a follow-up case linked to the original
    ticket (在原有个案基础上建立跟进个案)."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    async with tenant_session(tenant.id) as (session, ctx):
        data = TicketCreate(kind="repair", channel="phone", customer_id=UUID(customer["id"]),
                            subject="灯不亮", description="客厅吸顶灯不亮")
        original = await create_ticket(session, ctx, data, UUID(tenant.admin_id))
    revisit = await booked(tenant, customer["id"], ticket_id=str(original.id))
    response = await outcome(tenant, revisit["id"], outcome="unsatisfied", notes="师傅迟到")
    assert response.status_code == 200, response.text
    follow_up_id = response.json()["follow_up_ticket_id"]
    assert follow_up_id is not None
    async with tenant_session(tenant.id) as (session, _ctx):
        follow_up = await get_ticket(session, UUID(follow_up_id))
        assert follow_up.parent_ticket_id == original.id
        assert str(follow_up.customer_id) == customer["id"]
        assert "师傅迟到" in follow_up.description


async def test_domain_3_new_need_opens_a_follow_up_even_when_satisfied(make_tenant):
    """DOMAIN §3: a new need raised during the call opens a follow-up case too (a new ticket when
    the revisit was about no ticket)."""
    tenant = await make_tenant()
    revisit = await booked(tenant)
    response = await outcome(tenant, revisit["id"], outcome="satisfied", new_need="想加装两盏灯")
    assert response.status_code == 200, response.text
    assert response.json()["follow_up_ticket_id"] is not None
    neutral = await outcome(tenant, (await booked(tenant))["id"], outcome="neutral")
    assert neutral.json()["follow_up_ticket_id"] is None


async def test_domain_3_unreachable_is_called_again_up_to_max_attempts(make_tenant):
    """DOMAIN §3 (003 篇2 §七): a busy customer is called again at another time, never in quiet
    hours; after ``max_attempts`` failed calls (default 3) the revisit is given up."""
    tenant = await make_tenant()
    revisit = await booked(tenant)
    for attempt in (1, 2):
        response = await outcome(tenant, revisit["id"], outcome="unreachable")
        assert response.status_code == 200, response.text
        again = response.json()
        assert (again["status"], again["attempts"]) == ("open", attempt)
        local = datetime.fromisoformat(again["scheduled_at"]).astimezone(SHANGHAI).time()
        assert not (12 <= local.hour < 14 or local.hour >= 21 or local.hour < 8)
    response = await outcome(tenant, revisit["id"], outcome="unreachable")
    assert (response.json()["status"], response.json()["attempts"]) == ("unreachable", 3)


async def test_domain_3_busy_customer_books_a_time_outside_quiet_hours(make_tenant):
    tenant = await make_tenant()
    revisit = await booked(tenant)
    tomorrow = datetime.now(SHANGHAI).date() + timedelta(days=1)
    quiet = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 12, 30, tzinfo=SHANGHAI)
    response = await outcome(tenant, revisit["id"], outcome="unreachable", callback_at=quiet.isoformat())
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "callback_at"
    fine = quiet.replace(hour=15)
    response = await outcome(tenant, revisit["id"], outcome="unreachable", callback_at=fine.isoformat())
    assert response.status_code == 200, response.text
    assert datetime.fromisoformat(response.json()["scheduled_at"]) == fine
    past = datetime.now(UTC) - timedelta(hours=1)
    assert (await outcome(tenant, revisit["id"], outcome="unreachable", callback_at=past.isoformat())).status_code == 422


async def test_domain_3_ready_repair_notified_three_times_then_mailed_back(make_tenant, emit, rules_plugin):
    """DOMAIN §3/§10 (004 第二十七-二十八条): a repaired product is ready: notify; if not
    collected notify again 3 days later; after 3 unanswered notices mail it back."""
    tenant = await make_tenant(plugins=(rules_plugin,))
    customer = await tenant.customer()
    await emit(tenant, "ticket.closed", new_id(), {"customer_id": customer["id"], "kind": "return"})
    seen = []
    for step in (1, 2, 3):
        items = (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}&status=open")).json()["items"]
        [notice] = items
        assert notice["reasons"][0]["notice_step"] in (None, step) and notice["channel"] == "sms"
        seen.append(notice["due_from"])
        response = await outcome(tenant, notice["id"], outcome="unreachable")
        assert response.json()["status"] == "unreachable"
    today = datetime.now(SHANGHAI).date()
    assert seen == [today.isoformat(), (today + timedelta(3)).isoformat(), (today + timedelta(3)).isoformat()]
    [final] = (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}&status=open")).json()["items"]
    assert final["channel"] == "letter"
    assert final["rule_ids"] == ["testrules.ready.final"]
    assert final["reason"] == "mail the product back"


async def test_domain_3_answered_notice_ends_the_sequence(make_tenant, emit, rules_plugin):
    tenant = await make_tenant(plugins=(rules_plugin,))
    customer = await tenant.customer()
    await emit(tenant, "ticket.closed", new_id(), {"customer_id": customer["id"], "kind": "return"})
    [notice] = (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}")).json()["items"]
    await outcome(tenant, notice["id"], outcome="neutral")
    assert (await tenant.get(f"/api/v1/revisits?customer_id={customer['id']}&status=open")).json()["items"] == []


async def test_domain_3_viewers_cannot_record_outcomes(make_tenant):
    tenant = await make_tenant()
    revisit = await booked(tenant)
    viewer = await tenant.add_user("viewer")
    assert (await viewer.get(f"/api/v1/revisits/{revisit['id']}")).status_code == 200
    assert (await outcome(viewer, revisit["id"], outcome="satisfied")).status_code == 403
