"""Due times of a ticket from a policy: pure functions, times in, times out (DOMAIN §1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec

from core.sla.calendar import LIBRARY, BusinessCalendar, add_working_days, add_working_hours, parse_hhmm
from core.sla.types import EscalationRung, SlaDefaults


class Due(msgspec.Struct, frozen=True):
    """Due times; ``calendar_uncovered`` names the years they were counted through that no
    calendar covers (their working days were taken as Monday–Friday)."""

    respond_by: datetime
    resolve_by: datetime | None
    escalate_by: datetime | None
    calendar_uncovered: tuple[int, ...] = ()


def in_province(tenant_province: str | None, site_province: str | None) -> bool:
    """Same province as the tenant (8 h), or another (24 h). An unknown province on either side
    counts as in-province: the stricter promise applies until the address is known."""
    if tenant_province is None or site_province is None:
        return True
    return tenant_province == site_province


def is_open_question(kind: str, channel: str) -> bool:
    """A phone consultation: if not solved on the call it must reach the responsible person
    within 30 minutes (003 篇6)."""
    return kind == "consultation" and channel == "phone"


def add_hours(policy: SlaDefaults, start: datetime, hours: float, zone: ZoneInfo,
              calendar: BusinessCalendar = LIBRARY) -> datetime:
    """``start`` plus ``hours``: working hours of ``calendar``'s working days, or clock hours."""
    if policy.hours_count == "working":
        return add_working_hours(start, hours, zone, parse_hhmm(policy.workday_start), parse_hhmm(policy.workday_end),
                                 calendar)
    return start + timedelta(hours=hours)


def uncovered_years(policy: SlaDefaults, calendar: BusinessCalendar, zone: ZoneInfo, start: datetime,
                    *dues: datetime | None) -> tuple[int, ...]:
    """The years from ``start`` to the last of ``dues`` that no calendar covers, when the policy
    counts working days or hours (clock hours need no calendar)."""
    known = [d for d in dues if d is not None]
    if not known or (policy.hours_count != "working" and policy.resolve_working_days is None):
        return ()
    return calendar.uncovered(start.astimezone(zone).date(), max(known).astimezone(zone).date())


#: A ticket's complexity (002): which policy field holds its resolution hours.
COMPLEXITY_HOURS = {"simple": "simple_resolve_hours", "complex": "complex_resolve_hours"}


def resolve_due(policy: SlaDefaults, start: datetime, zone: ZoneInfo, complexity: str | None = None,
                calendar: BusinessCalendar = LIBRARY) -> datetime | None:
    """Resolve by the complexity's hours (simple X h, complex Y h) when the ticket is classified
    and the policy sets them; else by the policy's working days or hours."""
    hours = getattr(policy, COMPLEXITY_HOURS[complexity]) if complexity else None
    if hours is not None:
        return add_hours(policy, start, hours, zone, calendar)
    if policy.resolve_working_days is not None:
        return add_working_days(start, policy.resolve_working_days, zone, parse_hhmm(policy.workday_end), calendar)
    if policy.resolve_hours is not None:
        return add_hours(policy, start, policy.resolve_hours, zone, calendar)
    return None


def due_times(
    policy: SlaDefaults, start: datetime, zone: ZoneInfo, *, same_province: bool, open_question: bool,
    complexity: str | None = None, calendar: BusinessCalendar = LIBRARY,
) -> Due:
    """Respond by 8 h in the tenant's province and 24 h outside (004 §1.3, configurable); resolve
    by the policy's hours or working days of the tenant's ``calendar``; escalate an open phone
    question after 30 minutes."""
    hours = policy.respond_in_province_hours if same_province else policy.respond_out_of_province_hours
    escalate = start + timedelta(minutes=policy.escalate_open_question_minutes) if open_question else None
    respond_by = add_hours(policy, start, hours, zone, calendar)
    resolve_by = resolve_due(policy, start, zone, complexity, calendar)
    return Due(respond_by=respond_by, resolve_by=resolve_by, escalate_by=escalate,
               calendar_uncovered=uncovered_years(policy, calendar, zone, start, respond_by, resolve_by))


def remedy_due(policy: SlaDefaults, received_on: date, today: date) -> bool:
    """001 §2 第二条: a repair still not done *more than* ``remedy_after_days`` after it was received
    (DOMAIN §0: elapsed > N; day 3 is still inside, day 4 is not) is exchanged or refunded."""
    return policy.remedy_after_days is not None and (today - received_on).days > policy.remedy_after_days


def due_soon(policy: SlaDefaults, resolve_by: datetime | None, now: datetime) -> bool:
    """004 第十六条: within ``advance_notice_hours`` of ``resolve_by`` (and not yet past it) the
    customer is told in advance that the repair will be late."""
    if policy.advance_notice_hours is None or resolve_by is None:
        return False
    return resolve_by - timedelta(hours=policy.advance_notice_hours) <= now < resolve_by


def ladder_level(ladder: tuple[EscalationRung, ...], overdue: timedelta) -> EscalationRung | None:
    """The highest rung reached ``overdue`` past a due time (None before the breach)."""
    if overdue < timedelta(0):
        return None
    reached = [r for r in ladder if overdue >= timedelta(minutes=r.after_minutes)]
    return max(reached, key=lambda r: r.level, default=None)
