"""The business calendar beyond the holiday library (DOMAIN §1, 004 承诺书 "7 working days"):
working-day SLAs need every year's public holidays and make-up working days (调休). A tenant imports
a year (e.g. from the State Council notice 国务院办公厅关于2027年部分节假日安排的通知); a year nobody
covers is never guessed silently: the ticket says so and the admin is warned from December on.

The 2027 schedule below is this test's import, in the notice's shape (元旦, 春节 with two make-up
Saturdays); the product ships no 2027 data of its own."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from core.sla.calendar import LIBRARY, BusinessCalendar, add_working_days, library_covers, years_to_warn
from core.sla.due import due_times
from core.sla.types import SlaDefaults
from core.timezones import tenant_today

SH = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
END = time(18, 0)
WORKING_DAYS = SlaDefaults(source="core", resolve_working_days=7)
SPRING = [date(2027, 2, 6) + timedelta(days=i) for i in range(7)]  # Sat 6 … Fri 12 February
IMPORT_2027 = {
    "source": "国务院办公厅关于2027年部分节假日安排的通知 (as imported by the test)",
    "holidays": ["2027-01-01", *(d.isoformat() for d in SPRING)],
    "working_days": ["2027-01-30", "2027-02-20"],
}
CAL_2027 = BusinessCalendar(
    {date(2027, 1, 1): False, **{d: False for d in SPRING}, date(2027, 1, 30): True, date(2027, 2, 20): True},
    frozenset({2027}),
)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_domain_1_new_year_2027_is_not_a_working_day():
    """DOMAIN §1 (7 working days) and §0 (day 0): from Thursday 2026-12-31 the first working day
    is Monday 2027-01-04 — 元旦 (Friday 1 January) and the weekend are off. The library alone does
    not know 2027, and says so instead of guessing silently."""
    assert add_working_days(at(2026, 12, 31, 10), 1, SH, END, CAL_2027) == at(2027, 1, 4, 18)
    assert add_working_days(at(2026, 12, 30, 10), 1, SH, END, CAL_2027) == at(2026, 12, 31, 18)
    if not library_covers(2027):
        assert LIBRARY.uncovered(date(2026, 12, 31), date(2027, 1, 1)) == (2027,)
    assert CAL_2027.uncovered(date(2026, 12, 31), date(2027, 1, 4)) == ()


def test_domain_1_spring_festival_2027_and_its_make_up_saturdays():
    """春节 2027 as imported: Friday 5 February works, 6–12 February are off, Saturday 13 is a
    plain weekend, Saturdays 30 January and 20 February are make-up working days (调休)."""
    assert CAL_2027.is_working_day(date(2027, 2, 5))
    assert not any(CAL_2027.is_working_day(d) for d in SPRING)
    assert not CAL_2027.is_working_day(date(2027, 2, 13))
    assert CAL_2027.is_working_day(date(2027, 1, 30)) and CAL_2027.is_working_day(date(2027, 2, 20))
    # Thursday 4 Feb + 2 working days: Friday 5, then Monday 15 (the holiday and the weekend skipped)
    assert add_working_days(at(2027, 2, 4, 9), 2, SH, END, CAL_2027) == at(2027, 2, 15, 18)
    # Friday 19 Feb + 1: the make-up Saturday 20 Feb; Friday 29 Jan + 1: the make-up Saturday 30 Jan
    assert add_working_days(at(2027, 2, 19, 9), 1, SH, END, CAL_2027) == at(2027, 2, 20, 18)
    assert add_working_days(at(2027, 1, 29, 9), 1, SH, END, CAL_2027) == at(2027, 1, 30, 18)


def test_domain_1_a_year_nobody_entered_is_flagged_not_guessed():
    """A due time counted into a year neither the library nor the tenant covers carries that year
    (``calendar_uncovered``); clock-hour policies need no calendar and carry nothing."""
    year = next(y for y in range(2027, 2100) if not library_covers(y) and y not in CAL_2027.tenant_years)
    due = due_times(WORKING_DAYS, at(year - 1, 12, 30, 10), SH, same_province=True, open_question=False,
                    calendar=CAL_2027)
    assert due.resolve_by.year == year and year in due.calendar_uncovered
    inside = due_times(WORKING_DAYS, at(2027, 3, 1, 10), SH, same_province=True, open_question=False,
                       calendar=CAL_2027)
    assert inside.calendar_uncovered == ()
    clock = SlaDefaults(source="core", resolve_hours=48)
    assert due_times(clock, at(year - 1, 12, 31, 10), SH, same_province=True, open_question=False,
                     calendar=CAL_2027).calendar_uncovered == ()


@pytest.mark.parametrize(("instant", "warned"), [
    (datetime(2027, 11, 30, 15, 59, tzinfo=UTC), []),      # 23:59 on 30 November in Shanghai
    (datetime(2027, 11, 30, 16, 0, tzinfo=UTC), [2028]),   # 00:00 on 1 December in Shanghai
    (datetime(2027, 12, 31, 15, 59, tzinfo=UTC), [2028]),
])
def test_domain_1_the_admin_is_warned_from_the_first_of_december_in_the_tenant_zone(instant, warned):
    """The admin is warned ahead: from 00:00 on 1 December (tenant's zone) next year must be
    entered; on 30 November at 23:59 not yet. A current year nobody covers is always warned."""
    today = tenant_today(SimpleNamespace(timezone="Asia/Shanghai"), instant)
    expected = [y for y in warned if not library_covers(y)]
    assert years_to_warn(today, CAL_2027) == expected
    if not library_covers(2027):
        assert years_to_warn(date(2027, 1, 1), LIBRARY) == [2027]


# -- through the API ---------------------------------------------------------------------------------


async def _ticket(tenant) -> dict:
    customer = await tenant.customer()
    made = await tenant.post("/api/v1/tickets", json={"kind": "repair", "channel": "phone",
                                                     "customer_id": customer["id"], "subject": "不亮"})
    assert made.status_code == 201, made.text
    return made.json()


def _uncovered(ticket: dict, imported: set[int]) -> list[int]:
    first = datetime.fromisoformat(ticket["created_at"]).astimezone(SH).year
    last = datetime.fromisoformat(ticket["sla"]["resolve_by"]).astimezone(SH).year
    return [y for y in range(first, last + 1) if not library_covers(y) and y not in imported]


async def test_domain_1_tickets_carry_the_uncovered_years_until_the_tenant_imports_them(make_tenant):
    """A ticket whose working-day SLA runs into a year nobody covers says so on ``sla``; importing
    the year (PUT /api/v1/sla/calendar/{year}) covers it for the tickets that follow, and the
    calendar lists what was imported. The next uncovered year is still flagged."""
    tenant = await make_tenant()
    saved = await tenant.put("/api/v1/sla/policy", json={"resolve_working_days": 365})
    assert saved.status_code == 200, saved.text
    before = await _ticket(tenant)
    assert before["sla"]["calendar_uncovered"] == _uncovered(before, set()) != []
    first_gap = before["sla"]["calendar_uncovered"][0]
    body = {**IMPORT_2027, "holidays": [f"{first_gap}-01-01"], "working_days": []} if first_gap != 2027 else IMPORT_2027
    imported = await tenant.put(f"/api/v1/sla/calendar/{first_gap}", json=body)
    assert imported.status_code == 200, imported.text
    after = await _ticket(tenant)
    assert first_gap not in after["sla"]["calendar_uncovered"]
    assert after["sla"]["calendar_uncovered"] == _uncovered(after, {first_gap})
    calendar = (await tenant.get("/api/v1/sla/calendar")).json()
    assert [y["year"] for y in calendar["years"]] == [first_gap]
    assert {d["day"] for d in calendar["days"] if d["kind"] == "holiday"} >= {f"{first_gap}-01-01"}


async def test_domain_1_importing_2027_covers_it_and_warnings_follow(make_tenant):
    """The 2027 import through the API: every day is stored with its kind and source; 2027 is
    covered by the tenant; the policy and the calendar warn about exactly the years still to enter
    (this year when uncovered, next year from 1 December, tenant's zone)."""
    tenant = await make_tenant()
    answer = await tenant.put("/api/v1/sla/calendar/2027", json=IMPORT_2027)
    assert answer.status_code == 200, answer.text
    assert answer.json()["year"] == 2027 and answer.json()["source"] == IMPORT_2027["source"]
    calendar = (await tenant.get("/api/v1/sla/calendar")).json()
    days = {d["day"]: d["kind"] for d in calendar["days"] if d["day"].startswith("2027")}
    assert days == {"2027-01-01": "holiday", **{d.isoformat(): "holiday" for d in SPRING},
                    "2027-01-30": "working_day", "2027-02-20": "working_day"}
    today = tenant_today(SimpleNamespace(timezone="Asia/Shanghai"))
    expected = [y for y in [today.year, *([today.year + 1] if today.month == 12 else [])]
                if y != 2027 and not library_covers(y)]
    assert [w["year"] for w in calendar["warnings"]] == expected
    if today.year <= 2027:
        assert calendar["covered"].get("2027") == "tenant"
    policy = (await tenant.get("/api/v1/sla/policy")).json()
    assert policy["calendar_warnings"] == calendar["warnings"]
    again = await tenant.put("/api/v1/sla/calendar/2027", json={**IMPORT_2027, "working_days": []})
    assert again.status_code == 200
    kinds = {d["kind"] for d in (await tenant.get("/api/v1/sla/calendar")).json()["days"]}
    assert kinds == {"holiday"}  # a new import replaces the year


@pytest.mark.parametrize(("body", "field"), [
    ({**IMPORT_2027, "holidays": ["2028-01-01"]}, "holidays[0]"),
    ({**IMPORT_2027, "working_days": ["2027-01-01"]}, "working_days[0]"),
    ({**IMPORT_2027, "holidays": ["2027-01-01", "2027-01-01"]}, "holidays[1]"),
    ({**IMPORT_2027, "source": ""}, "source"),
])
async def test_bad_calendar_import_names_the_field_and_saves_nothing(make_tenant, body, field):
    tenant = await make_tenant()
    refused = await tenant.put("/api/v1/sla/calendar/2027", json=body)
    assert refused.status_code in (400, 422), refused.text
    assert refused.json()["errors"][0]["field"] == field
    calendar = (await tenant.get("/api/v1/sla/calendar")).json()
    assert calendar["days"] == [] and calendar["years"] == []


async def test_calendar_is_the_tenants_own_and_only_managers_change_it(make_tenant):
    """Another tenant neither sees nor gets the import; an agent may read but not change it."""
    tenant, other = await make_tenant(), await make_tenant()
    assert (await tenant.put("/api/v1/sla/calendar/2027", json=IMPORT_2027)).status_code == 200
    one_day = await tenant.post("/api/v1/sla/calendar/days", json={"day": "2027-05-06", "kind": "holiday",
                                                                   "note": "公司周年"})
    assert one_day.status_code == 201, one_day.text
    theirs = (await other.get("/api/v1/sla/calendar")).json()
    assert theirs["days"] == [] and theirs["years"] == []
    agent = await tenant.add_user("agent")
    assert (await agent.get("/api/v1/sla/calendar")).status_code == 200
    assert (await agent.put("/api/v1/sla/calendar/2027", json=IMPORT_2027)).status_code == 403
    assert (await agent.post("/api/v1/sla/calendar/days", json={"day": "2027-05-07", "kind": "holiday"})).status_code == 403
