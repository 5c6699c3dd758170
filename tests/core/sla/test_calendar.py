"""SLA due times and the business calendar as pure functions (DOMAIN §1 SLA defaults; DOMAIN §0)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.sla.calendar import add_working_days, add_working_hours, is_working_day
from core.sla.due import due_times, in_province, is_open_question, ladder_level
from core.sla.types import DEFAULT_LADDER, SlaDefaults

SH = ZoneInfo("Asia/Shanghai")
CORE = SlaDefaults(source="core", resolve_working_days=7)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(
    ("tenant", "site", "same"),
    [("320000", "320000", True), ("320000", "440000", False), ("320000", None, True), (None, "440000", True)],
)
def test_in_province_and_unknown_counts_as_in_province(tenant, site, same):
    """DOMAIN §1: 8 h in the same province, 24 h in another; an unknown province on either side
    takes the stricter in-province promise."""
    assert in_province(tenant, site) is same


@pytest.mark.parametrize(("same", "hours"), [(True, 8), (False, 24)])
def test_respond_by_8h_in_province_24h_outside(same, hours):
    """DOMAIN §1 (004 §1.3): reach the site within 8 h in the same province, 24 h in another."""
    start = at(2026, 3, 2, 10, 0)
    due = due_times(CORE, start, SH, same_province=same, open_question=False)
    assert due.respond_by == start + timedelta(hours=hours)
    assert due.escalate_by is None


def test_open_phone_question_escalates_after_30_minutes():
    """DOMAIN §1 (003 篇6): an open question reaches the responsible person within 30 minutes."""
    start = at(2026, 3, 2, 10, 0)
    assert is_open_question("consultation", "phone") and not is_open_question("repair", "phone")
    assert not is_open_question("consultation", "email")
    due = due_times(CORE, start, SH, same_province=True, open_question=True)
    assert due.escalate_by == start + timedelta(minutes=30)


def test_holiday_and_make_up_working_days():
    """Chinese public holidays are off; a make-up working Saturday (调休) is on."""
    assert not is_working_day(date(2026, 10, 1))  # National Day
    assert not is_working_day(date(2026, 10, 5))  # a Monday inside the holiday
    assert is_working_day(date(2026, 10, 10))  # Saturday, 调休
    assert not is_working_day(date(2026, 10, 17))  # an ordinary Saturday
    assert is_working_day(date(2026, 10, 12))


def test_working_days_skip_the_national_day_holiday():
    """'within N working days': 1 working day after 30 September 2026 is 8 October."""
    assert add_working_days(at(2026, 9, 30, 10, 0), 1, SH, time(18)) == at(2026, 10, 8, 18, 0)


def test_working_days_count_a_make_up_saturday():
    assert add_working_days(at(2026, 10, 9, 10, 0), 1, SH, time(18)) == at(2026, 10, 10, 18, 0)


def test_seven_working_days_from_a_friday():
    """DOMAIN §0: the start day is day 0; 7 working days from Fri 2026-03-06 is Tue 2026-03-17."""
    due = due_times(CORE, at(2026, 3, 6, 15, 0), SH, same_province=True, open_question=False)
    assert due.resolve_by == at(2026, 3, 17, 18, 0)


def test_beyond_the_library_years_weekends_only():
    """chinesecalendar knows years up to 2026; later years fall back to Monday–Friday."""
    assert is_working_day(date(2027, 1, 1))  # a Friday; the real holiday is unknown to the library
    assert not is_working_day(date(2027, 1, 2))
    assert add_working_days(at(2027, 1, 8, 10, 0), 1, SH, time(18)) == at(2027, 1, 11, 18, 0)


def test_working_hours_roll_over_to_the_next_working_day():
    nine, six = time(9), time(18)
    assert add_working_hours(at(2026, 10, 9, 17, 0), 2, SH, nine, six) == at(2026, 10, 10, 10, 0)
    assert add_working_hours(at(2026, 9, 30, 17, 30), 1, SH, nine, six) == at(2026, 10, 8, 9, 30)
    assert add_working_hours(at(2026, 3, 2, 7, 0), 1, SH, nine, six) == at(2026, 3, 2, 10, 0)


def test_hours_count_in_working_time_when_the_policy_says_so():
    policy = SlaDefaults(source="t", hours_count="working", resolve_hours=16)
    due = due_times(policy, at(2026, 3, 6, 17, 0), SH, same_province=True, open_question=False)
    assert due.respond_by == at(2026, 3, 9, 16, 0)  # 1 h Friday + 7 h Monday
    assert due.resolve_by == at(2026, 3, 10, 15, 0)


@pytest.mark.parametrize(
    ("minutes_late", "level"),
    [(-1, None), (0, 1), (239, 1), (240, 2), (1439, 2), (1440, 3), (10_000, 3)],
)
def test_escalation_ladder_levels_by_how_far_past_due(minutes_late, level):
    """Team lead at the breach, service manager 4 h later, department manager after a day."""
    rung = ladder_level(DEFAULT_LADDER, timedelta(minutes=minutes_late))
    assert (rung.level if rung else None) == level
