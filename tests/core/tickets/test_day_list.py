"""``GET /api/v1/tickets?on_day=…&sort=appointment``: a day of visits in the tenant's zone (DOMAIN
§0, Asia/Shanghai here), the earliest appointment first: the technician's day (我的今日预约) the
console shows, as the API answers it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

ZONE = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return datetime.now(ZONE).date()


async def booked(desk, day: date, hour: int, minute: int = 0, subject: str = "吸顶灯不亮") -> str:
    """A ticket assigned to the desk's technician with an appointment from ``day`` at ``hour`` (for one hour)."""
    ticket = await desk.open(subject=subject)
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)
    await desk.drive(ticket["id"], ["assign"])
    schedule = await desk.act(ticket["id"], "schedule", start=start.isoformat(),
                              end=(start + timedelta(hours=1)).isoformat())
    assert schedule.status_code == 200, schedule.text
    return ticket["id"]


async def listed(desk, query: str) -> list[str]:
    """Every id the list answers for ``query``, following its cursor one ticket at a time."""
    seen, cursor = [], None
    while True:
        page = await desk.tenant.get(f"/api/v1/tickets?limit=1&{query}" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, page.text
        seen += [t["id"] for t in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return seen


async def test_a_day_runs_from_midnight_to_midnight_where_the_tenant_is(desk, client):
    """DOMAIN §0: a day is the tenant's. An appointment at 00:00 of the day and at 23:30 are on it;
    one at 23:30 the day before and at 00:00 the day after are not; another company's is not."""
    day = today() + timedelta(days=3)
    midnight = await booked(desk, day, 0)
    late = await booked(desk, day, 23, 30)
    await booked(desk, day - timedelta(days=1), 23, 30)
    await booked(desk, day + timedelta(days=1), 0)
    from tests.core.tickets.conftest import make_desk
    other = await make_desk(client)
    await booked(other, day, 10)

    assert await listed(desk, f"on_day={day}&sort=appointment") == [midnight, late]
    assert set(await listed(desk, f"on_day={day}")) == {midnight, late}  # the queue's own order, same tickets
    export = await desk.tenant.get(f"/api/v1/tickets/export.csv?on_day={day}")
    assert export.status_code == 200
    numbers = [t["number"] for t in (await desk.tenant.get(f"/api/v1/tickets?on_day={day}")).json()["items"]]
    assert sorted(line.split(",")[0] for line in export.text.splitlines()[1:]) == sorted(numbers)


async def test_today_also_holds_the_tickets_at_work_now(desk):
    """A ticket the technician arrived at (on site) is on today whatever its appointment; on
    another day only its appointment counts."""
    yesterday = today() - timedelta(days=1)
    at_work = await booked(desk, yesterday, 15)
    await desk.drive(at_work, ["confirm", "arrive"])
    waiting = await booked(desk, yesterday, 16)
    this_morning = await booked(desk, today(), 0, 5)

    assert await listed(desk, f"on_day={today()}&sort=appointment") == [at_work, this_morning]
    assert await listed(desk, f"on_day={yesterday}&sort=appointment") == [at_work, waiting]
    assert await listed(desk, f"on_day={today()}&technician_id={desk.technician.admin_id}&sort=appointment") == [
        at_work, this_morning]


async def test_appointment_order_breaks_ties_by_id_and_puts_the_unscheduled_last(desk):
    day = today() + timedelta(days=2)
    nine_a, nine_b = await booked(desk, day, 9), await booked(desk, day, 9)
    eight = await booked(desk, day, 8)
    unscheduled = [(await desk.open())["id"], (await desk.open())["id"]]
    expected = [eight, *sorted([nine_a, nine_b]), *sorted(unscheduled)]
    assert await listed(desk, "sort=appointment") == expected


@pytest.mark.parametrize("cursor", ["garbage", "12.", "--5.AAAA", "999999999999999999.AAAAAAAAAAAAAAAAAAAAAA", "x.y"])
async def test_a_cursor_not_from_the_list_is_refused(desk, cursor):
    response = await desk.tenant.get(f"/api/v1/tickets?sort=appointment&cursor={cursor}")
    assert response.status_code in (400, 422) and response.json()["errors"][0]["field"] == "cursor", response.text


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "2026-02-30"])
async def test_a_day_that_is_not_a_date_names_the_field(desk, value):
    response = await desk.tenant.get(f"/api/v1/tickets?on_day={value}")
    assert response.status_code == 400, response.text
    assert "on_day" in response.text


async def test_every_bad_parameter_is_named_at_once(desk):
    """The queue's parameters are the handler's own (not a dependency's, which Litestar validates
    apart and first): one 400 names each bad one."""
    response = await desk.tenant.get("/api/v1/tickets?due_before=bad&on_day=bad&limit=abc&owner_id=nope")
    assert response.status_code == 400
    assert sorted(e["field"] for e in response.json()["errors"]) == ["due_before", "limit", "on_day", "owner_id"]
