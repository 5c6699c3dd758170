"""Weekly service reports (DOMAIN §12, 003 篇3 四): every technician submits the week's service
situations and customer feedback by Friday noon, the tenant's time (DOMAIN §0); managers see who
still owes one; a technician sees only their own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.weekly.deadline import due_at, on_time, week_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_domain_12_due_friday_noon_at_12_00_on_time_a_second_later_late():
    """003 篇3 四: 每周五中午前. Friday 12:00:00 local is on time; 12:00:01 is late."""
    week = date(2026, 12, 7)  # a Monday
    assert week_of(date(2026, 12, 13)) == week and week_of(week) == week  # Sunday belongs to it
    due = due_at(week, SHANGHAI)
    assert due == datetime(2026, 12, 11, 12, 0, tzinfo=SHANGHAI)
    assert on_time(week, due, SHANGHAI)
    assert not on_time(week, due + timedelta(seconds=1), SHANGHAI)
    # The tenant's zone decides: 04:00 UTC is noon in Shanghai, 03:59 before it.
    assert on_time(week, datetime(2026, 12, 11, 4, 0, tzinfo=UTC), SHANGHAI)
    assert not on_time(week, datetime(2026, 12, 11, 4, 0, 1, tzinfo=UTC), SHANGHAI)
    assert on_time(week, datetime(2026, 12, 11, 12, 0, tzinfo=ZoneInfo("Asia/Urumqi")), ZoneInfo("Asia/Urumqi"))


def this_monday() -> date:
    return week_of(datetime.now(SHANGHAI).date())


async def test_a_technician_submits_once_a_week_and_managers_see_who_owes_one(tenant_a, tenant_b):
    li, wang = await tenant_a.add_user("technician", name="李师傅"), await tenant_a.add_user("technician", name="王师傅")
    before = (await tenant_a.get("/api/v1/weekly-reports")).json()
    assert before["week_start"] == this_monday().isoformat() and set(before["missing"]) == {li.admin_id, wang.admin_id}
    sent = await li.post("/api/v1/weekly-reports", json={"situations": "上门 12 次，换灯 8 只", "feedback": "客户满意"})
    assert sent.status_code == 201, sent.text
    report = sent.json()
    assert report["week_start"] == this_monday().isoformat()
    assert report["on_time"] == (datetime.fromisoformat(report["submitted_at"]) <= datetime.fromisoformat(report["due_at"]))
    again = await li.post("/api/v1/weekly-reports", json={"situations": "x", "feedback": "y"})
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "week_start"
    week = (await tenant_a.get("/api/v1/weekly-reports")).json()
    assert [r["user_id"] for r in week["reports"]] == [li.admin_id] and week["missing"] == [wang.admin_id]
    assert (await wang.get("/api/v1/weekly-reports")).json()["reports"] == []  # only their own
    assert (await tenant_b.get("/api/v1/weekly-reports")).json()["reports"] == []  # another company's


async def test_a_past_week_is_taken_late_and_a_coming_week_or_a_tuesday_refused(tenant_a):
    li = await tenant_a.add_user("technician")
    last_week = this_monday() - timedelta(days=7)
    late = await li.post("/api/v1/weekly-reports", json={"situations": "补交", "feedback": "无",
                                                         "week_start": last_week.isoformat()})
    assert late.status_code == 201 and late.json()["on_time"] is False
    for wrong in (this_monday() + timedelta(days=7), this_monday() + timedelta(days=1)):
        refused = await li.post("/api/v1/weekly-reports", json={"situations": "x", "feedback": "y",
                                                                "week_start": wrong.isoformat()})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "week_start"
