"""The leave rules at their edges (003 篇1 请假制度 二、三、六、七) and the statutory holidays of
003 篇3 八, in the tenant's time zone (DOMAIN §0)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import Invalid
from core.roster.rules import approver_position, check_dates, check_notice, holiday_of
from core.sla.calendar import LIBRARY, BusinessCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
NINE = time(9, 0)


def notice(first: date, asked: datetime, *, night=False, special=False, holidays=(), shift_start=NINE) -> None:
    check_notice(first=first, night_shift=night, special=special, holidays=list(holidays), asked_at=asked,
                 zone=SHANGHAI, shift_start=shift_start)


def refused(*args, **kwargs) -> str:
    with pytest.raises(Invalid) as caught:
        notice(*args, **kwargs)
    assert caught.value.errors[0][0] == "first_day"
    return caught.value.errors[0][1]


def test_domain_12_leave_asked_a_day_ahead_the_day_before_in_time_the_day_itself_not():
    """请假制度 二 一般事假需提前一天提出: asked on the day before (23:59:59) is in time; at 00:00:00 of
    the leave's own day it is not — in the tenant's zone (16:00 UTC is midnight in Shanghai)."""
    first = date(2026, 12, 15)
    notice(first, datetime(2026, 12, 14, 23, 59, 59, tzinfo=SHANGHAI))
    assert "a day ahead" in refused(first, datetime(2026, 12, 15, 0, 0, tzinfo=SHANGHAI))
    notice(first, datetime(2026, 12, 14, 15, 59, 59, tzinfo=ZoneInfo("UTC")))
    refused(first, datetime(2026, 12, 14, 16, 0, tzinfo=ZoneInfo("UTC")))


def test_domain_12_special_leave_up_to_an_hour_before_the_shift():
    """请假制度 二 特殊事假需在班前一小时提出: the day shift at 09:00 — 08:00:00 in time, 08:00:01 not."""
    first = date(2026, 12, 15)
    notice(first, datetime(2026, 12, 15, 8, 0, tzinfo=SHANGHAI), special=True)
    assert "an hour before the shift" in refused(first, datetime(2026, 12, 15, 8, 0, 1, tzinfo=SHANGHAI), special=True)


def test_domain_12_night_shift_leave_before_noon_11_59_59_in_time_12_00_00_not():
    """请假制度 六 夜班…必须在当日十二点之前提出."""
    first = date(2026, 12, 15)
    notice(first, datetime(2026, 12, 15, 11, 59, 59, tzinfo=SHANGHAI), night=True)
    assert "before 12:00" in refused(first, datetime(2026, 12, 15, 12, 0, 0, tzinfo=SHANGHAI), night=True)
    with pytest.raises(Invalid) as caught:
        check_dates(first, first + timedelta(days=1), night_shift=True)
    assert caught.value.errors[0][0] == "last_day"


def test_domain_12_holiday_leave_only_two_days_ahead():
    """请假制度 七 节假日…需提前二天提出: for 1 October, asked on 29 September (23:59:59) is in time,
    on 30 September (00:00:00) not — even as a special case or a night."""
    holiday = date(2026, 10, 1)
    notice(holiday, datetime(2026, 9, 29, 23, 59, 59, tzinfo=SHANGHAI), holidays=[holiday])
    assert "2 days ahead" in refused(holiday, datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI), holidays=[holiday])
    refused(holiday, datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI), holidays=[holiday], special=True)
    refused(holiday, datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI), holidays=[holiday], night=True)
    # A leave starting before the holiday counts from the first holiday day it covers.
    notice(date(2026, 9, 29), datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI), holidays=[holiday])


def test_domain_12_one_day_by_the_department_head_more_by_the_centre_head():
    """请假制度 三 一天由客服部主任批准；一天以上由客服中心主任批准 — one level up for a head's own."""
    assert approver_position(1, None) == "service_manager"
    assert approver_position(1, "technician") == "service_manager"
    assert approver_position(2, "technician") == "department_manager"
    assert approver_position(1, "service_manager") == "department_manager"
    assert approver_position(1, "department_manager") == "senior_management"
    assert approver_position(5, "senior_management") == "senior_management"


def test_domain_12_the_statutory_holidays_are_new_year_spring_festival_may_day_national_day():
    """003 篇3 八 国家法定假日，包括五一、国庆、元旦和春节 — every day of the break, not Qingming nor a
    weekend; the tenant's calendar decides first."""
    assert holiday_of(date(2026, 10, 1), LIBRARY) == "national_day"
    assert holiday_of(date(2026, 10, 4), LIBRARY) == "national_day"  # a Sunday inside the break
    assert holiday_of(date(2026, 5, 2), LIBRARY) == "may_day"
    assert holiday_of(date(2026, 2, 17), LIBRARY) == "spring_festival"
    assert holiday_of(date(2026, 1, 1), LIBRARY) == "new_year"
    assert holiday_of(date(2026, 4, 5), LIBRARY) is None  # Qingming
    assert holiday_of(date(2026, 3, 7), LIBRARY) is None  # an ordinary Saturday
    assert holiday_of(date(2026, 12, 15), LIBRARY) is None
    tenant = BusinessCalendar({date(2026, 10, 2): True, date(2027, 1, 1): False}, frozenset())
    assert holiday_of(date(2026, 10, 2), tenant) is None  # the company works that day
    assert holiday_of(date(2027, 1, 1), tenant) == "company_holiday"  # a year the library does not know
    assert holiday_of(date(2026, 10, 3), BusinessCalendar({}, frozenset({2026}))) is None  # imported year
