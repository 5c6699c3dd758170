"""The rules of the holiday roster and of leave, apart from the database (003 篇1 请假制度,
003 篇3 八), each checked in the tenant's time zone (DOMAIN §0).

Holidays (节假日, 003 篇3 八): the statutory holidays the seed names — New Year (元旦), Spring
Festival (春节), May Day (五一) and National Day (国庆) — as the ``chinese_calendar`` library dates
them (every day of the break, weekends inside it included), unless the tenant's business calendar
(:mod:`core.sla.business_calendar`) says otherwise: a day the tenant entered as a holiday is one, a
day it entered as a working day is not, and a year it imported whole counts only the holidays it
imported.

When leave may be asked (请假制度):
- 二: an ordinary leave is asked a day ahead — on a calendar day before its first day (the day
  before at 23:59:59 is in time, the day itself at 00:00:00 is not); a special case (特殊事假) up
  to one hour before the shift starts (the day shift at the tenant's ``workday_start``, the night
  shift at its ``workday_end``);
- 六: night-shift leave, one night, asked before 12:00 of that day (11:59:59 in time, 12:00:00 not);
- 七 (and 003 篇3 八): leave over a holiday only by exception, asked two days ahead — on or before
  the second day before the first holiday day it covers; 换班制度 九: not by someone on that
  day's duty roster.

Who approves (三, 不允许越级请假和交叉请假): one day by the customer-service department head
(客服部主任), more than one day by the customer-service centre head (客服中心主任). In the
positions of :mod:`core.auth.positions` the department head is the ``service_manager``
(售后服务部长) and the centre head the ``department_manager`` (部门/事业部经理); when the person
asking holds that position (or a higher one), the request goes one level up the ladder, to senior
management at the top. Only a holder of exactly that position approves or refuses: not someone
above it (skip-level, 越级), not someone beside it (crossed, 交叉), never the person asking.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

from core.errors import Invalid
from core.i18n.translate import N_
from core.sla.calendar import BusinessCalendar, library_covers

#: The statutory holidays of 003 篇3 八 (元旦、春节、五一、国庆), by the library's names.
STATUTORY = {
    chinese_calendar.Holiday.new_years_day.value: "new_year",
    chinese_calendar.Holiday.spring_festival.value: "spring_festival",
    chinese_calendar.Holiday.labour_day.value: "may_day",
    chinese_calendar.Holiday.national_day.value: "national_day",
}
#: A day the tenant's calendar marks as a holiday, without a library name.
COMPANY_HOLIDAY = "company_holiday"
#: Each holiday's name in the console (translated) and in the managers' reminder (both languages).
HOLIDAY_LABELS = {
    "new_year": N_("New Year"), "spring_festival": N_("Spring Festival"), "may_day": N_("May Day"),
    "national_day": N_("National Day"), COMPANY_HOLIDAY: N_("Company holiday"),
}
HOLIDAY_NAMES = {
    "new_year": "元旦 / New Year", "spring_festival": "春节 / Spring Festival", "may_day": "五一 / May Day",
    "national_day": "国庆节 / National Day", COMPANY_HOLIDAY: "公司假日 / Company holiday",
}
SHIFTS = ("day", "night")
#: 请假制度 六: night-shift leave before noon of that day.
NIGHT_DEADLINE = time(12, 0)
#: 请假制度 二: a special case up to one hour before the shift.
SPECIAL_NOTICE = timedelta(hours=1)
#: 请假制度 二: an ordinary leave a day ahead; 七: a holiday two days ahead.
ORDINARY_NOTICE_DAYS = 1
HOLIDAY_NOTICE_DAYS = 2
#: The longest leave one request may ask (days).
MAX_DAYS = 90
#: 请假制度 三: the department head (客服部主任) approves one day, the centre head (客服中心主任)
#: more; above them, senior management.
DEPARTMENT_HEAD = "service_manager"
CENTRE_HEAD = "department_manager"
LADDER = (DEPARTMENT_HEAD, CENTRE_HEAD, "senior_management")
#: Managers are reminded of an unstaffed holiday this many days ahead (and each day until it).
REMIND_DAYS_AHEAD = 7


def holiday_of(day: date, calendar: BusinessCalendar) -> str | None:
    """Which statutory holiday ``day`` is (``new_year``, ``spring_festival``, ``may_day``,
    ``national_day``, or ``company_holiday`` for one only the tenant's calendar names), or None."""
    entered = calendar.overrides.get(day)
    if entered is not None:
        return None if entered else _library_name(day) or COMPANY_HOLIDAY
    if day.year in calendar.tenant_years or not library_covers(day.year):
        return None
    return _library_name(day)


def _library_name(day: date) -> str | None:
    if not library_covers(day.year):
        return None
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    return STATUTORY.get(name) if on_holiday else None


def days_of(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def approver_position(days: int, requester_position: str | None) -> str:
    """The one position that decides a leave of ``days`` days asked by someone holding
    ``requester_position``: the department head for one day, the centre head for more, one level
    up when the person asking holds that level or a higher one."""
    level = 0 if days <= 1 else 1
    if requester_position in LADDER:
        level = max(level, LADDER.index(requester_position) + 1)
    return LADDER[min(level, len(LADDER) - 1)]


def check_dates(first: date, last: date | None, night_shift: bool) -> date:
    """The last day (``first`` when none); a night is one day; at most :data:`MAX_DAYS` days."""
    last = last or first
    if last < first:
        raise Invalid("last_day", f"{last} is before the first day {first}")
    if night_shift and last != first:
        raise Invalid("last_day", "night-shift leave is one night: the first and last day are the same")
    if (last - first).days + 1 > MAX_DAYS:
        raise Invalid("last_day", f"one request asks at most {MAX_DAYS} days")
    return last


def check_notice(*, first: date, night_shift: bool, special: bool, holidays: list[date], asked_at: datetime,
                 zone: ZoneInfo, shift_start: time) -> None:
    """422 on ``first_day`` unless the leave was asked in time (请假制度 二、六、七)."""
    local = asked_at.astimezone(zone)
    today = local.date()
    if holidays and today > holidays[0] - timedelta(days=HOLIDAY_NOTICE_DAYS):
        raise Invalid("first_day", f"{holidays[0]} is a statutory holiday: leave over it is an exception asked "
                                   f"{HOLIDAY_NOTICE_DAYS} days ahead, by {holidays[0] - timedelta(days=2)} "
                                   f"(请假制度 七)")
    if night_shift:
        deadline = datetime.combine(first, NIGHT_DEADLINE, zone)
        if local >= deadline:
            raise Invalid("first_day", f"night-shift leave is asked before 12:00 of that day ({first}, the "
                                       f"company's time zone) (请假制度 六)")
        return
    if special:
        starts = datetime.combine(first, shift_start, zone)
        if local > starts - SPECIAL_NOTICE:
            raise Invalid("first_day", f"a special case is asked at least an hour before the shift "
                                       f"({starts.strftime('%Y-%m-%d %H:%M')}) (请假制度 二)")
        return
    if today > first - timedelta(days=ORDINARY_NOTICE_DAYS):
        raise Invalid("first_day", f"leave is asked a day ahead: by {first - timedelta(days=1)} for {first} "
                                   f"(the company's time zone); a special case up to an hour before the shift "
                                   f"(请假制度 二)")
