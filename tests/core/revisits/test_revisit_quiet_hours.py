"""DOMAIN §3 quiet hours (避免在客户休息时打扰): default 12:00–14:00 and 21:00–08:00 local,
configurable per tenant; a call is never scheduled in them."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.errors import Invalid
from core.quiet_hours import DEFAULT_QUIET_HOURS, is_quiet, next_callable, parse_periods

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT = parse_periods(DEFAULT_QUIET_HOURS)


def at(hh: int, mm: int, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hh, mm, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("hh", "mm", "quiet"),
    [(11, 59, False), (12, 0, True), (13, 59, True), (14, 0, False),
     (20, 59, False), (21, 0, True), (0, 0, True), (7, 59, True), (8, 0, False)],
)
def test_domain_3_quiet_hours_edges(hh, mm, quiet):
    """DOMAIN §3: quiet periods cover their start minute and end just before their end minute."""
    assert is_quiet(at(hh, mm), DEFAULT) is quiet


@pytest.mark.parametrize(
    ("start", "expected"),
    [((11, 59), at(11, 59)), ((12, 0), at(14, 0)), ((14, 0), at(14, 0)), ((20, 59), at(20, 59)),
     ((21, 0), at(8, 0, day=24)), ((7, 59), at(8, 0)), ((8, 0), at(8, 0))],
)
def test_domain_3_call_moves_to_first_moment_outside_quiet_hours(start, expected):
    """DOMAIN §3: a call due in quiet hours is scheduled at the end of the quiet period."""
    assert next_callable(at(*start), SHANGHAI, DEFAULT) == expected


def test_domain_3_quiet_hours_are_local_time():
    """DOMAIN §0/§3: 04:30 UTC is 12:30 in Shanghai (quiet) but 10:00 in Kolkata (not quiet)."""
    utc_moment = datetime(2026, 11, 23, 4, 30, tzinfo=ZoneInfo("UTC"))
    assert next_callable(utc_moment, SHANGHAI, DEFAULT) == at(14, 0)
    assert next_callable(utc_moment, ZoneInfo("Asia/Kolkata"), DEFAULT) == utc_moment


def test_domain_3_quiet_hours_covering_the_whole_day_are_refused():
    with pytest.raises(Invalid):
        next_callable(at(10, 0), SHANGHAI, parse_periods([["00:00", "12:00"], ["12:00", "00:00"]]))


async def test_domain_3_quiet_hours_settings_default_and_configurable(make_tenant):
    tenant = await make_tenant()
    response = await tenant.get("/api/v1/revisits/settings")
    assert response.status_code == 200
    assert response.json() == {
        "quiet_hours": [["12:00", "14:00"], ["21:00", "08:00"]], "dedupe_days": 3, "max_attempts": 3,
        "retry_after_hours": 4,
    }
    body = {"quiet_hours": [["12:30", "13:30"], ["22:00", "07:00"]], "dedupe_days": 5, "max_attempts": 2}
    response = await tenant.put("/api/v1/revisits/settings", json=body)
    assert response.status_code == 200, response.text
    assert (await tenant.get("/api/v1/revisits/settings")).json()["quiet_hours"] == [["12:30", "13:30"], ["22:00", "07:00"]]


@pytest.mark.parametrize(
    "quiet_hours",
    [[["25:00", "08:00"]], [["12:00"]], [["12:00", "12:00"]], [["00:00", "12:00"], ["12:00", "00:00"]], [["x", "y"]]],
)
async def test_domain_3_bad_quiet_hours_are_422(make_tenant, quiet_hours):
    tenant = await make_tenant()
    response = await tenant.put("/api/v1/revisits/settings", json={"quiet_hours": quiet_hours})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].startswith("quiet_hours")


async def test_domain_3_settings_need_a_manager(make_tenant):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent")
    response = await agent.put("/api/v1/revisits/settings", json={"quiet_hours": []})
    assert response.status_code == 403


async def test_domain_3_booked_calls_are_never_in_quiet_hours(make_tenant):
    """Whatever the hour, a revisit's ``scheduled_at`` lies outside the tenant's quiet hours;
    changing the quiet hours moves open calls out of the new ones."""
    tenant = await make_tenant()
    customer = await tenant.customer()
    today = date.today().isoformat()
    response = await tenant.post(
        "/api/v1/revisits",
        json={"customer_id": customer["id"], "due_from": today, "due_by": today, "reason": "check"},
    )
    assert response.status_code == 201, response.text
    scheduled = datetime.fromisoformat(response.json()["scheduled_at"]).astimezone(SHANGHAI)
    assert not is_quiet(scheduled, DEFAULT)
    hour = scheduled.time()
    start, end = hour.strftime("%H:%M"), (time((hour.hour + 2) % 24, hour.minute)).strftime("%H:%M")
    await tenant.put("/api/v1/revisits/settings", json={"quiet_hours": [[start, end]]})
    moved = (await tenant.get(f"/api/v1/revisits/{response.json()['id']}")).json()
    assert datetime.fromisoformat(moved["scheduled_at"]).astimezone(SHANGHAI).strftime("%H:%M") == end
