"""Leave requests and the holiday duty roster over HTTP (DOMAIN §12; 003 篇1 请假制度, 003 篇3 八):
asked in time, decided by the one right position and no other, the people told through the
outbox; the roster's gaps; availability feeding dispatch; another company sees nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock(monkeypatch):
    """``clock(datetime)``: the moment leave is asked and tickets are dispatched."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr("core.roster.service.utcnow", lambda: moment)
        monkeypatch.setattr("core.tickets.actions.utcnow", lambda: moment)

    return set_to


async def staff(tenant, role: str, position: str | None = None, name: str | None = None):
    person = await tenant.add_user(role, name=name)
    if position:
        changed = await tenant.patch(f"/api/v1/users/{person.admin_id}", json={"position": position})
        assert changed.status_code == 200, changed.text
    return person


async def outbox(tenant, key: str) -> list[dict]:
    return (await tenant.get(f"/api/v1/notifications?template_key={key}")).json()["items"]


def field_of(response) -> str:
    return response.json()["errors"][0]["field"]


async def test_domain_12_leave_asked_exactly_a_day_ahead_is_taken_the_day_itself_refused(tenant_a, clock):
    """请假制度 二: asked on 14 December at 23:59:59 (Shanghai) for the 15th is taken; at 00:00:00 on
    the 15th it is refused, 422 naming first_day, and nothing is written."""
    await staff(tenant_a, "manager", "service_manager")
    li = await staff(tenant_a, "technician", name="李师傅")
    body = {"first_day": "2026-12-15", "reason": "家中有事"}
    clock(datetime(2026, 12, 15, 0, 0, tzinfo=SHANGHAI))
    late = await li.post("/api/v1/leave-requests", json=body)
    assert late.status_code == 422 and field_of(late) == "first_day", late.text
    listed = await li.get("/api/v1/leave-requests")
    assert listed.status_code == 200 and listed.json()["items"] == [], listed.text
    clock(datetime(2026, 12, 14, 23, 59, 59, tzinfo=SHANGHAI))
    taken = await li.post("/api/v1/leave-requests", json=body)
    assert taken.status_code == 201, taken.text
    leave = taken.json()
    assert leave["status"] == "requested" and leave["days"] == 1 and leave["approver_position"] == "service_manager"
    again = await li.post("/api/v1/leave-requests", json=body)
    assert again.status_code == 409 and field_of(again) == "first_day"


async def test_domain_12_night_shift_leave_at_11_59_59_taken_at_12_00_00_refused(tenant_a, clock):
    """请假制度 六: night-shift leave before 12:00 of that day, the tenant's time."""
    await staff(tenant_a, "manager", "service_manager")
    li = await staff(tenant_a, "technician")
    body = {"first_day": "2026-12-15", "night_shift": True, "reason": "孩子发烧"}
    clock(datetime(2026, 12, 15, 12, 0, 0, tzinfo=SHANGHAI))
    refused = await li.post("/api/v1/leave-requests", json=body)
    assert refused.status_code == 422 and field_of(refused) == "first_day" and "12:00" in refused.text
    clock(datetime(2026, 12, 15, 11, 59, 59, tzinfo=SHANGHAI))
    taken = await li.post("/api/v1/leave-requests", json=body)
    assert taken.status_code == 201 and taken.json()["night_shift"] is True, taken.text
    two_nights = await li.post("/api/v1/leave-requests", json={**body, "first_day": "2026-12-20",
                                                               "last_day": "2026-12-21"})
    assert two_nights.status_code == 422 and field_of(two_nights) == "last_day"


async def test_domain_12_one_day_by_the_department_head_two_by_the_centre_head_no_skip_level(tenant_a, clock):
    """请假制度 三: one day approved by the department head (service_manager), not by the centre head
    above (skip-level, 越级) nor a regional manager beside (crossed, 交叉), never by oneself; two
    days by the centre head (department_manager), not the department head. The approvers are told
    when asked, the person when decided."""
    dept = await staff(tenant_a, "manager", "service_manager", name="部门主任")
    centre = await staff(tenant_a, "manager", "department_manager", name="中心主任")
    beside = await staff(tenant_a, "manager", "regional_manager")
    li = await staff(tenant_a, "technician", name="李师傅")
    clock(datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI))
    one = (await li.post("/api/v1/leave-requests", json={"first_day": "2026-12-15", "reason": "看病"})).json()
    two = (await li.post("/api/v1/leave-requests", json={"first_day": "2026-12-17", "last_day": "2026-12-18",
                                                          "reason": "回老家"})).json()
    assert (one["approver_position"], two["approver_position"]) == ("service_manager", "department_manager")
    asked = await outbox(tenant_a, "leave.requested")
    assert sorted(n["recipient"] for n in asked) == sorted([dept.admin_email, centre.admin_email])

    assert [r["id"] for r in (await dept.get("/api/v1/leave-requests?view=to_approve")).json()["items"]] == [one["id"]]
    for wrong, kind in ((centre, "skip-level"), (beside, "crossed"), (tenant_a, "crossed")):
        refused = await wrong.post(f"/api/v1/leave-requests/{one['id']}/approve")
        assert refused.status_code == 403 and kind in refused.text and field_of(refused) == "approver", refused.text
    assert (await li.post(f"/api/v1/leave-requests/{one['id']}/approve")).status_code == 403  # one's own
    approved = await dept.post(f"/api/v1/leave-requests/{one['id']}/approve", json={"reason": "同意"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.text
    assert (await dept.post(f"/api/v1/leave-requests/{one['id']}/approve")).status_code == 409

    below = await dept.post(f"/api/v1/leave-requests/{two['id']}/approve")
    assert below.status_code == 403 and "lower-level" in below.text and "department_manager" in below.text
    no_reason = await centre.post(f"/api/v1/leave-requests/{two['id']}/refuse", json={})
    assert no_reason.status_code == 422 and field_of(no_reason) == "reason"
    refused = await centre.post(f"/api/v1/leave-requests/{two['id']}/refuse", json={"reason": "年底人手不足"})
    assert refused.status_code == 200 and refused.json()["decision_reason"] == "年底人手不足"
    decided = await outbox(tenant_a, "leave.decided")
    assert [n["recipient"] for n in decided] == [li.admin_email, li.admin_email]
    assert any("年底人手不足" in n["body"] for n in decided)


async def test_domain_12_a_heads_own_day_goes_one_level_up_and_nobody_to_decide_is_said(tenant_a, clock):
    """A department head's own day off is the centre head's (nobody approves their own); with no
    holder of the position the request is refused up front, naming it."""
    li = await staff(tenant_a, "technician")
    clock(datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI))
    nobody = await li.post("/api/v1/leave-requests", json={"first_day": "2026-12-15", "reason": "x"})
    assert nobody.status_code == 422 and "service_manager" in nobody.text
    dept = await staff(tenant_a, "manager", "service_manager")
    await staff(tenant_a, "manager", "department_manager")
    own = await dept.post("/api/v1/leave-requests", json={"first_day": "2026-12-15", "reason": "体检"})
    assert own.status_code == 201 and own.json()["approver_position"] == "department_manager"


async def test_domain_12_holiday_leave_only_two_days_ahead(tenant_a, clock):
    """请假制度 七: leave over National Day (1 October) asked on 29 September is taken as an
    exception (marked holiday); asked on 30 September it is refused."""
    await staff(tenant_a, "manager", "service_manager")
    li = await staff(tenant_a, "technician")
    body = {"first_day": "2026-10-01", "reason": "婚礼"}
    clock(datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI))
    late = await li.post("/api/v1/leave-requests", json=body)
    assert late.status_code == 422 and field_of(late) == "first_day" and "2 days ahead" in late.text
    clock(datetime(2026, 9, 29, 23, 59, 59, tzinfo=SHANGHAI))
    taken = await li.post("/api/v1/leave-requests", json=body)
    assert taken.status_code == 201 and taken.json()["holiday"] is True, taken.text


async def test_domain_12_dispatch_refused_to_someone_on_leave_and_taken_the_day_after(tenant_a, tenant_b, clock):
    """请假制度 — availability feeds dispatch: a technician on approved leave on 15–16 December is
    refused on the 16th (422 naming technician_id, saying why) and dispatched on the 17th; an
    appointment on a leave day is refused too. Another company's leave changes nothing."""
    dept_centre = await staff(tenant_a, "manager", "department_manager")
    li = await staff(tenant_a, "technician", name="李师傅")
    clock(datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI))
    leave = (await li.post("/api/v1/leave-requests", json={"first_day": "2026-12-15", "last_day": "2026-12-16",
                                                            "reason": "回老家"})).json()
    customer = await tenant_a.customer()
    ticket, other = [(await tenant_a.post("/api/v1/tickets", json={
        "customer_id": customer["id"], "kind": "repair", "channel": "phone", "subject": subject})).json()
        for subject in ("空调不制冷", "漏水")]
    assign = {"action": "assign", "technician_id": li.admin_id}
    clock(datetime(2026, 12, 16, 10, 0, tzinfo=SHANGHAI))
    before = await tenant_a.post(f"/api/v1/tickets/{ticket['id']}/transitions", json=assign)
    assert before.status_code == 200, before.text  # asked, not approved: still available
    assert (await dept_centre.post(f"/api/v1/leave-requests/{leave['id']}/approve")).status_code == 200

    refused = await tenant_a.post(f"/api/v1/tickets/{other['id']}/transitions", json=assign)
    assert refused.status_code == 422 and field_of(refused) == "technician_id", refused.text
    assert "leave" in refused.json()["errors"][0]["message"]
    assert (await tenant_a.get(f"/api/v1/tickets/{other['id']}")).json()["technician_id"] is None
    clock(datetime(2026, 12, 17, 0, 0, tzinfo=SHANGHAI))
    taken = await tenant_a.post(f"/api/v1/tickets/{other['id']}/transitions", json=assign)
    assert taken.status_code == 200 and taken.json()["technician_id"] == li.admin_id, taken.text
    on_leave_day = await tenant_a.post(f"/api/v1/tickets/{other['id']}/transitions", json={
        "action": "schedule", "start": "2026-12-16T14:00:00+08:00", "end": "2026-12-16T16:00:00+08:00"})
    assert on_leave_day.status_code == 422 and field_of(on_leave_day) == "start" and "leave" in on_leave_day.text

    # Another company: its people and requests are not this one's.
    assert (await tenant_b.get(f"/api/v1/leave-requests/{leave['id']}")).status_code == 404
    assert (await tenant_b.post(f"/api/v1/leave-requests/{leave['id']}/withdraw")).status_code == 404
    assert (await tenant_b.get("/api/v1/leave-requests?view=all")).json()["items"] == []


async def test_domain_12_the_roster_of_a_holiday_its_gap_and_who_may_be_dispatched(tenant_a, tenant_b, clock,
                                                                                   shouhou_sessions, shouhou_plugins):
    """003 篇3 八: a holiday of the company's calendar with nobody on duty is a gap, the managers are
    reminded ahead through the outbox; once a manager rosters a technician only they are offered
    for dispatch that day. Everybody reads the roster, only managers write it; another company's
    roster is its own."""
    from uuid import UUID

    from core.db.tenancy import bind_tenant
    from core.roster.service import remind_gaps
    from core.timezones import tenant_today
    from tenants.context import load_context

    manager = await staff(tenant_a, "manager")
    li, wang = await staff(tenant_a, "technician", name="李师傅"), await staff(tenant_a, "technician", name="王师傅")
    today = datetime.now(SHANGHAI).date()
    holiday = today + timedelta(days=5)
    entered = await tenant_a.post("/api/v1/sla/calendar/days", json={"day": holiday.isoformat(), "kind": "holiday",
                                                                     "note": "公司假日"})
    assert entered.status_code in (200, 201), entered.text
    roster = (await li.get(f"/api/v1/duty-roster?first={today}&last={holiday + timedelta(days=1)}")).json()
    day = next(d for d in roster["days"] if d["day"] == holiday.isoformat())
    assert day["gap"] is True and day["on_duty"] == [] and roster["gaps"] >= 1
    far = (await li.get("/api/v1/duty-roster?first=2099-01-01&last=2099-02-01")).json()
    assert far["days"] == [] and far["uncovered_years"] == [2099]  # nobody knows that year's holidays yet
    too_long = await li.get("/api/v1/duty-roster?first=2026-01-01&last=2027-12-31")
    assert too_long.status_code == 422 and field_of(too_long) == "last"
    summary = (await manager.get("/api/v1/duty-roster/summary")).json()
    assert summary["unstaffed_holiday_days"] >= 1 and summary["next_gap"] is not None

    async with shouhou_sessions() as session, session.begin():
        bind_tenant(session, UUID(tenant_a.id))
        ctx = await load_context(session, shouhou_plugins, UUID(tenant_a.id))
        assert await remind_gaps(session, ctx, tenant_today(ctx.tenant)) >= 1
    reminded = await outbox(tenant_a, "roster.unstaffed")
    assert {n["recipient"] for n in reminded} >= {manager.admin_email, tenant_a.admin_email}
    assert any(holiday.isoformat() in n["subject"] for n in reminded)

    add = {"day": holiday.isoformat(), "shift": "day", "user_id": li.admin_id}
    assert (await wang.post("/api/v1/duty-roster", json=add)).status_code == 403
    not_holiday = await manager.post("/api/v1/duty-roster", json={**add, "day": (holiday + timedelta(days=1)).isoformat()})
    if not_holiday.status_code != 201:  # (unless the day after happens to be a statutory holiday)
        assert not_holiday.status_code == 422 and field_of(not_holiday) == "day"
    foreign = await manager.post("/api/v1/duty-roster", json={**add, "user_id": tenant_b.admin_id})
    assert foreign.status_code == 422 and field_of(foreign) == "user_id"
    added = await manager.post("/api/v1/duty-roster", json=add)
    assert added.status_code == 201, added.text
    assert (await manager.post("/api/v1/duty-roster", json=add)).status_code == 409
    day = next(d for d in (await wang.get("/api/v1/duty-roster")).json()["days"] if d["day"] == holiday.isoformat())
    assert day["gap"] is False and day["unstaffed_shifts"] == ["night"] and day["on_duty"][0]["user_id"] == li.admin_id
    assert all(d["on_duty"] == [] for d in (await tenant_b.get("/api/v1/duty-roster")).json()["days"])
    foreign_delete = await tenant_b.client.delete(f"/api/v1/duty-roster/{added.json()['id']}", headers=tenant_b.headers)
    assert foreign_delete.status_code == 404
    clock(datetime.now(SHANGHAI))
    on_duty = await li.post("/api/v1/leave-requests", json={"first_day": holiday.isoformat(), "reason": "有事"})
    assert on_duty.status_code == 422 and "duty roster" in on_duty.text  # 换班制度 九

    customer = await tenant_a.customer()
    ticket = (await tenant_a.post("/api/v1/tickets", json={"customer_id": customer["id"], "kind": "repair",
                                                            "channel": "phone", "subject": "节日报修"})).json()
    clock(datetime.combine(holiday, datetime.min.time(), SHANGHAI) + timedelta(hours=10))
    off_roster = await tenant_a.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                     json={"action": "assign", "technician_id": wang.admin_id})
    assert off_roster.status_code == 422 and field_of(off_roster) == "technician_id"
    assert "duty roster" in off_roster.text
    on_roster = await tenant_a.post(f"/api/v1/tickets/{ticket['id']}/transitions",
                                    json={"action": "assign", "technician_id": li.admin_id})
    assert on_roster.status_code == 200, on_roster.text
