"""Wire types of the SLA policy, the business calendar and the pause request."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from core.auth.schemas import Position

Hours = Annotated[int, msgspec.Meta(ge=1, le=24 * 365)]
HHMM = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class RungIn(msgspec.Struct, frozen=True):
    level: Annotated[int, msgspec.Meta(ge=1, le=10)]
    #: The position escalated to (:data:`core.auth.positions.POSITIONS`).
    role: Position
    after_minutes: Annotated[int, msgspec.Meta(ge=0, le=60 * 24 * 365)]


class SlaPolicyIn(msgspec.Struct):
    """A tenant's SLA policy (every field optional: missing fields take the core defaults)."""

    respond_in_province_hours: Hours = 8
    respond_out_of_province_hours: Hours = 24
    escalate_open_question_minutes: Annotated[int, msgspec.Meta(ge=1, le=24 * 60)] = 30
    resolve_hours: Hours | None = None
    resolve_working_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | None = None
    chat_greet_seconds: Annotated[int, msgspec.Meta(ge=1, le=3600)] | None = None
    chat_answer_seconds: Annotated[int, msgspec.Meta(ge=1, le=3600)] | None = None
    simple_resolve_hours: Hours | None = 24
    complex_resolve_hours: Hours | None = 72
    remedy_after_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | None = None
    advance_notice_hours: Hours | None = None
    close_needs_service_record: bool = False
    hours_count: Literal["calendar", "working"] = "calendar"
    workday_start: HHMM = "09:00"
    workday_end: HHMM = "18:00"
    escalation_ladder: list[RungIn] | None = None


class CalendarWarning(msgspec.Struct):
    """A year the business calendar must cover and does not yet."""

    year: int
    message: str


class SlaPolicyRead(msgspec.Struct):
    source: str
    respond_in_province_hours: int
    respond_out_of_province_hours: int
    escalate_open_question_minutes: int
    resolve_hours: int | None
    resolve_working_days: int | None
    chat_greet_seconds: int | None
    chat_answer_seconds: int | None
    simple_resolve_hours: int | None
    complex_resolve_hours: int | None
    remedy_after_days: int | None
    advance_notice_hours: int | None
    close_needs_service_record: bool
    hours_count: str
    workday_start: str
    workday_end: str
    escalation_ladder: list[RungIn]
    #: Years the business calendar must cover and does not (this year, next year from December).
    calendar_warnings: list[CalendarWarning] = []


Note = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class CalendarDayIn(msgspec.Struct, forbid_unknown_fields=True):
    """One dated override: a public holiday or a make-up working day (调休)."""

    day: date
    kind: Literal["holiday", "working_day"]
    note: Note | None = None


class CalendarYearIn(msgspec.Struct, forbid_unknown_fields=True):
    """A whole year's holidays and make-up working days, with where they come from (e.g. the State
    Council notice 国务院办公厅关于2027年部分节假日安排的通知)."""

    source: Note
    holidays: Annotated[list[date], msgspec.Meta(max_length=366)]
    working_days: Annotated[list[date], msgspec.Meta(max_length=366)] = []


class DayRead(msgspec.Struct):
    day: date
    kind: str
    note: str | None


class CalendarYearRead(msgspec.Struct):
    year: int
    source: str
    imported_at: datetime


class CalendarRead(msgspec.Struct):
    """The tenant's calendar: its days and imported years; ``covered`` says, for this year and the
    next, who covers it (``tenant``, ``chinesecalendar``) or ``null``; ``warnings`` what to enter."""

    days: list[DayRead]
    years: list[CalendarYearRead]
    covered: dict[str, str | None]
    warnings: list[CalendarWarning]
