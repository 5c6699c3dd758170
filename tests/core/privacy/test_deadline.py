"""The answer deadline of a personal information request: 15 working days after the day it was
received (《App违法违规收集使用个人信息行为认定方法》 item 6(3); PIPL Art. 50 sets no number),
counted on the tenant's business calendar, checked at day N and N+1."""

from __future__ import annotations

from datetime import date, timedelta

from core.privacy.deadline import ANSWER_WORKING_DAYS, due_on, is_overdue
from core.sla.calendar import BusinessCalendar

#: A year no calendar library covers: its working days are Monday to Friday unless the tenant
#: says otherwise, so the expected dates below can be checked by hand.
MONDAY = date(2031, 3, 3)


def test_fifteen_working_days_are_three_plain_weeks():
    assert ANSWER_WORKING_DAYS == 15
    assert MONDAY.weekday() == 0
    assert due_on(MONDAY, BusinessCalendar()) == date(2031, 3, 24)


def test_a_holiday_moves_the_deadline_and_a_make_up_working_day_moves_it_back():
    holiday = BusinessCalendar({date(2031, 3, 10): False})
    assert due_on(MONDAY, holiday) == date(2031, 3, 25)
    made_up = BusinessCalendar({date(2031, 3, 10): False, date(2031, 3, 8): True})  # 调休 Saturday
    assert due_on(MONDAY, made_up) == date(2031, 3, 24)


def test_received_on_a_weekend_counts_from_the_next_working_day():
    saturday = date(2031, 3, 1)
    assert due_on(saturday, BusinessCalendar()) == date(2031, 3, 21)


def test_overdue_from_the_day_after_the_last_day_n_plus_one():
    last = due_on(MONDAY, BusinessCalendar())
    assert not is_overdue(last, last, open_=True)                       # day N: still in time
    assert is_overdue(last, last + timedelta(days=1), open_=True)       # day N+1: overdue
    assert not is_overdue(last, last + timedelta(days=1), open_=False)  # answered: never overdue
