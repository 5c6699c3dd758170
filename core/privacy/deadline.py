"""By when a personal information request must be answered.

PIPL Art. 50 obliges a handler to run a convenient mechanism to accept and handle requests and
to give reasons for a refusal, but names no number of days. The number comes from the
regulator's identification method for apps (《App违法违规收集使用个人信息行为认定方法》,
国信办秘字〔2019〕191号, item 6(3)): correction, deletion and account cancellation requests are
to be verified and handled within the promised time, at most 15 working days, and 15 working
days when nothing was promised. GB/T 35273-2020 §8.7 allows 30 days; the shorter one is applied
to every kind of request.

Working days are the tenant's business calendar (holidays and 调休 working days,
:mod:`core.sla.calendar`); the day the request was received is day 0, the answer is due by the
end of the 15th working day after it.
"""

from __future__ import annotations

from datetime import date

from core.sla.calendar import BusinessCalendar

#: Working days to answer a request (see the module docstring for the source).
ANSWER_WORKING_DAYS = 15


def due_on(received_on: date, calendar: BusinessCalendar, days: int = ANSWER_WORKING_DAYS) -> date:
    """The last day to answer a request received on ``received_on``: the ``days``-th working day
    after it (the day received is day 0)."""
    return calendar.working_day_after(received_on, days)


def is_overdue(due: date, today: date, open_: bool) -> bool:
    """An open request is overdue from the day after its last day."""
    return open_ and today > due
