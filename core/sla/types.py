"""SLA defaults that core and plugins propose; a tenant's policy overrides them."""

from __future__ import annotations

from typing import Literal

import msgspec


class EscalationRung(msgspec.Struct, frozen=True):
    """One rung of the management escalation ladder: once a ticket is ``after_minutes`` past a
    due time, it is escalated to ``role`` (level 1 = team lead, 2 = service manager …)."""

    level: int
    role: str
    after_minutes: int


#: team lead (班组长) at the breach, service manager (售后服务部长) 4 h later, department manager
#: (部门经理) a day later.
DEFAULT_LADDER: tuple[EscalationRung, ...] = (
    EscalationRung(level=1, role="team_lead", after_minutes=0),
    EscalationRung(level=2, role="service_manager", after_minutes=240),
    EscalationRung(level=3, role="department_manager", after_minutes=1440),
)


class SlaDefaults(msgspec.Struct, frozen=True):
    """Response and resolution targets, in hours unless named otherwise (DOMAIN §1 SLA defaults).

    ``hours_count`` says whether hour targets run on the clock (``"calendar"``, the default: the
    8 h / 24 h on-site promise of 004 §1.3) or only inside working hours of working days
    (``"working"``). ``resolve_working_days`` counts working days of the business calendar
    (weekends and Chinese public holidays off, make-up working days 调休 on); the due time is the
    end of the last working day.

    ``simple_resolve_hours`` / ``complex_resolve_hours`` (002: a simple fault within X h, a
    complex one within Y h) replace the resolution target of a ticket classified ``simple`` or
    ``complex``. ``remedy_after_days`` (001 §2 第二条: a repair point that has not repaired the
    product within 3 days exchanges it or refunds it) marks a repair still open more than that
    many days after it was received. ``advance_notice_hours`` (004 第十六条: a repair that will
    be late is announced in advance) publishes ``ticket.resolve_due_soon`` that many hours
    before ``resolve_by``. ``close_needs_service_record`` (001: the service record is handed in
    the same day) refuses to close a ticket that had a visit or a take-back until its record is
    filed; off by default, the record is then only counted in the monthly report.
    """

    source: str
    respond_in_province_hours: int = 8
    respond_out_of_province_hours: int = 24
    escalate_open_question_minutes: int = 30
    resolve_hours: int | None = None
    resolve_working_days: int | None = None
    chat_greet_seconds: int | None = None
    chat_answer_seconds: int | None = None
    simple_resolve_hours: int | None = 24
    complex_resolve_hours: int | None = 72
    remedy_after_days: int | None = None
    advance_notice_hours: int | None = None
    close_needs_service_record: bool = False
    hours_count: Literal["calendar", "working"] = "calendar"
    workday_start: str = "09:00"
    workday_end: str = "18:00"
    escalation_ladder: tuple[EscalationRung, ...] = DEFAULT_LADDER
