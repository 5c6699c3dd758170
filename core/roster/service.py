"""Leave requests and the holiday duty roster (DOMAIN §12; 003 篇1 请假制度, 003 篇3 八): asking
leave in time, the one position that decides it, withdrawing it; the roster of each coming
holiday, its gaps, and the reminders through the notification outbox."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS, STAFF
from core.auth.principal import Principal
from core.auth.service import active_staff, get_user, holders
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.db.unique import add_unique
from core.errors import Conflict, Forbidden, Invalid, InvalidTransition, NotFound
from core.notifications.reminders import console_url, notify_staff
from core.pagination import paginate
from core.reads import read_of
from core.roster import rules
from core.roster.availability import holidays_and_gaps, holidays_between
from core.roster.models import DutyShift, LeaveRequest
from core.roster.schemas import DutyCreate, DutyRead, HolidayDay, LeaveCreate, LeaveRead, RosterRead, RosterSummary
from core.sla.calendar import parse_hhmm
from core.sla.policy import effective_policy
from core.timezones import tenant_today, tenant_zone
from tenants.context import TenantContext

#: How far ahead the roster is read when no range is asked (a Spring Festival seen from December).
LOOKAHEAD_DAYS = 120
#: The longest range one roster read covers.
MAX_RANGE_DAYS = 400
VIEWS = ("mine", "to_approve", "all")


# --- leave ---------------------------------------------------------------------------------------

async def ask(session: AsyncSession, ctx: TenantContext, who: Principal, data: LeaveCreate,
              now: datetime | None = None) -> LeaveRequest:
    """Ask one's own leave (请假制度 四), in time (二、六、七), not over a holiday one is on duty for
    (换班制度 九), not overlapping one's other leave (409); the approver's position is told."""
    now = now or utcnow()
    last = rules.check_dates(data.first_day, data.last_day, data.night_shift)
    days = rules.days_of(data.first_day, last)
    holidays = sorted(await holidays_between(session, ctx, data.first_day, last))
    policy = await effective_policy(session, ctx)
    shift_start = parse_hhmm(policy.workday_end if data.night_shift else policy.workday_start)
    rules.check_notice(first=data.first_day, night_shift=data.night_shift, special=data.special, holidays=holidays,
                       asked_at=now, zone=tenant_zone(ctx.tenant), shift_start=shift_start)
    on_duty = await session.scalar(select(DutyShift.day).where(
        DutyShift.user_id == who.user_id, DutyShift.day.in_(holidays)).order_by(DutyShift.day).limit(1))
    if on_duty is not None:
        raise Invalid("first_day", f"you are on the duty roster of the holiday {on_duty}: on-duty staff do not "
                                   f"take leave on it (换班制度 九); a manager changes the roster first")
    overlap = await session.scalar(select(LeaveRequest.id).where(
        LeaveRequest.user_id == who.user_id, LeaveRequest.status.in_(("requested", "approved")),
        LeaveRequest.first_day <= last, LeaveRequest.last_day >= data.first_day).limit(1))
    if overlap is not None:
        raise Conflict("these days overlap another leave of yours that is asked or approved",
                       [("first_day", "overlaps another leave")])
    me = await get_user(session, who.user_id)
    position = rules.approver_position(len(days), me.position)
    approvers = [u for u in await holders(session, position) if u.id != who.user_id]
    if not approvers:
        raise Invalid("last_day", f"nobody in this company holds the position {position!r}, who decides leave of "
                                  f"{len(days)} day(s) (请假制度 三): an admin gives it to someone on the Users page")
    leave = LeaveRequest(user_id=who.user_id, first_day=data.first_day, last_day=last, night_shift=data.night_shift,
                         special=data.special, holiday=bool(holidays), reason=data.reason.strip(),
                         approver_position=position, status="requested", created_at=now)
    session.add(leave)
    await session.flush()
    await notify_staff(session, ctx, key="leave.requested", user_ids=[u.id for u in approvers],
                       dedupe=f"leave:{leave.id}:requested", ticket_id=None,
                       variables=_leave_variables(session, ctx, leave, me.name))
    return leave


def _leave_variables(session: AsyncSession, ctx: TenantContext, leave: LeaveRequest, person: str) -> dict:
    return {
        "tenant_name": ctx.tenant.name, "person": person, "first_day": leave.first_day.isoformat(),
        "last_day": leave.last_day.isoformat(), "days": (leave.last_day - leave.first_day).days + 1,
        "night_shift": leave.night_shift, "holiday": leave.holiday, "reason": leave.reason,
        "decision": leave.status, "decision_reason": leave.decision_reason or "",
        "leave_url": console_url(session, ctx, "leave/"),
    }


async def _holds(session: AsyncSession, who: Principal) -> str | None:
    return (await get_user(session, who.user_id)).position


async def get_leave(session: AsyncSession, who: Principal, leave_id: UUID, *, for_update: bool = False) -> LeaveRequest:
    """A leave request its asker, its deciding position's holders and the managers see (404 to others)."""
    leave = await get_or_404(session, LeaveRequest, leave_id, "leave request", for_update=for_update)
    if leave.user_id != who.user_id and who.role not in MANAGERS \
            and await _holds(session, who) != leave.approver_position:
        raise NotFound("no such leave request")
    return leave


async def decide(session: AsyncSession, ctx: TenantContext, who: Principal, leave_id: UUID, approve: bool,
                 reason: str | None) -> LeaveRequest:
    """Approve or refuse (with its reason) a requested leave: only a holder of the position it
    was addressed to (请假制度 三: no skip-level, no crossed request), never the person asking."""
    leave = await get_leave(session, who, leave_id, for_update=True)
    if leave.user_id == who.user_id:
        raise Forbidden("nobody decides their own leave", [("approver", "the person who asked")])
    position = await _holds(session, who)
    if position != leave.approver_position:
        days = (leave.last_day - leave.first_day).days + 1
        kind = "crossed (交叉)"
        if position in rules.LADDER:
            above = rules.LADDER.index(position) > rules.LADDER.index(leave.approver_position)
            kind = "skip-level (越级)" if above else "lower-level"
        raise Forbidden(f"a leave of {days} day(s) is decided by the {leave.approver_position}, not by "
                        f"{position or 'someone without a position'}: a {kind} decision is not allowed "
                        f"(请假制度 三)", [("approver", f"must hold {leave.approver_position}")])
    if leave.status != "requested":
        raise InvalidTransition(f"the leave is {leave.status} already", [("status", leave.status)])
    if not approve and not (reason and reason.strip()):
        raise Invalid("reason", "say why the leave is refused")
    leave.status = "approved" if approve else "refused"
    leave.decided_by, leave.decided_at = who.user_id, utcnow()
    leave.decision_reason = reason.strip() if reason else None
    await session.flush()
    asker = await get_user(session, leave.user_id)
    await notify_staff(session, ctx, key="leave.decided", user_ids=[leave.user_id],
                       dedupe=f"leave:{leave.id}:{leave.status}", ticket_id=None,
                       variables=_leave_variables(session, ctx, leave, asker.name))
    return leave


async def withdraw(session: AsyncSession, ctx: TenantContext, who: Principal, leave_id: UUID) -> LeaveRequest:
    """The person who asked takes the leave back: while it waits, or approved before its first day."""
    leave = await get_leave(session, who, leave_id, for_update=True)
    if leave.user_id != who.user_id:
        raise Forbidden("only the person who asked withdraws a leave", [("user_id", "not yours")])
    started = leave.first_day <= tenant_today(ctx.tenant)
    if leave.status not in ("requested", "approved") or (leave.status == "approved" and started):
        state = "approved and begun" if leave.status == "approved" else leave.status
        raise InvalidTransition(f"the leave is {state}: it cannot be withdrawn", [("status", leave.status)])
    leave.status, leave.withdrawn_at = "withdrawn", utcnow()
    await session.flush()
    return leave


async def leave_page(session: AsyncSession, who: Principal, *, view: str, status: str | None, limit: int | None,
                     cursor: str | None) -> tuple[list[LeaveRequest], str | None]:
    """``mine`` (one's own), ``to_approve`` (requested, addressed to one's position) or ``all``
    (managers), newest first."""
    if view not in VIEWS:
        raise Invalid("view", f"one of {', '.join(VIEWS)}")
    stmt = select(LeaveRequest)
    if view == "mine":
        stmt = stmt.where(LeaveRequest.user_id == who.user_id)
    elif view == "to_approve":
        position = await _holds(session, who)
        stmt = stmt.where(LeaveRequest.approver_position == (position or ""), LeaveRequest.status == "requested",
                          LeaveRequest.user_id != who.user_id)
    elif who.role not in MANAGERS:
        raise Forbidden("every leave request is for managers", [("view", "managers only")])
    stmt = where_given(stmt, (LeaveRequest.status, status))
    return await paginate(session, stmt, LeaveRequest.id, limit=limit, cursor=cursor)


def leave_read(leave: LeaveRequest) -> LeaveRead:
    return read_of(LeaveRead, leave, days=(leave.last_day - leave.first_day).days + 1)


async def on_leave(session: AsyncSession, day: date) -> list[LeaveRequest]:
    """Approved leave covering ``day``."""
    stmt = select(LeaveRequest).where(LeaveRequest.status == "approved", LeaveRequest.first_day <= day,
                                      LeaveRequest.last_day >= day).order_by(LeaveRequest.first_day)
    return list((await session.scalars(stmt)).all())


# --- duty roster ---------------------------------------------------------------------------------

def duty_read(row: DutyShift) -> DutyRead:
    return read_of(DutyRead, row)


def check_range(ctx: TenantContext, first: date | None, last: date | None) -> tuple[date, date]:
    """From today (the tenant's) for :data:`LOOKAHEAD_DAYS` unless asked; at most a year and a bit."""
    first = first or tenant_today(ctx.tenant)
    last = last or first + timedelta(days=LOOKAHEAD_DAYS)
    if last < first:
        raise Invalid("last", f"{last} is before {first}")
    if (last - first).days > MAX_RANGE_DAYS:
        raise Invalid("last", f"a roster is read for at most {MAX_RANGE_DAYS} days at a time")
    return first, last


async def roster(session: AsyncSession, ctx: TenantContext, first: date | None = None,
                 last: date | None = None) -> RosterRead:
    """The holiday days of the range with who is on duty, the unstaffed shifts and the gaps."""
    first, last = check_range(ctx, first, last)
    holidays, uncovered = await holidays_and_gaps(session, ctx, first, last)
    rows = (await session.scalars(select(DutyShift).where(DutyShift.day >= first, DutyShift.day <= last)
                                  .order_by(DutyShift.day, DutyShift.shift, DutyShift.created_at))).all()
    by_day: dict[date, list[DutyShift]] = {}
    for row in rows:
        by_day.setdefault(row.day, []).append(row)
    days = []
    for day, name in sorted(holidays.items()):
        on = by_day.get(day, [])
        days.append(HolidayDay(day=day, holiday=name, on_duty=[duty_read(r) for r in on],
                               unstaffed_shifts=[s for s in rules.SHIFTS if all(r.shift != s for r in on)],
                               gap=not on))
    return RosterRead(first=first, last=last, days=days, gaps=sum(d.gap for d in days),
                      uncovered_years=list(uncovered))


async def add_duty(session: AsyncSession, ctx: TenantContext, who: Principal, data: DutyCreate) -> DutyShift:
    """Put an active member of staff on a holiday's shift: the day a statutory holiday of the
    tenant's calendar, not past, the person not on approved leave that day; once (409)."""
    if data.day < tenant_today(ctx.tenant):
        raise Invalid("day", f"{data.day} is past")
    if not await holidays_between(session, ctx, data.day, data.day):
        raise Invalid("day", f"{data.day} is not a statutory holiday in the company's business calendar "
                             f"(New Year, Spring Festival, May Day, National Day, or a holiday it entered)")
    staff = {u.id for u in await active_staff(session, STAFF)}
    if data.user_id not in staff:
        raise Invalid("user_id", "must be an active member of this company's staff")
    if any(leave.user_id == data.user_id for leave in await on_leave(session, data.day)):
        raise Invalid("user_id", f"on approved leave on {data.day}")
    row = DutyShift(day=data.day, shift=data.shift, user_id=data.user_id, note=data.note, created_by=who.user_id)
    await add_unique(session, row, Conflict("already on duty on that shift", [("user_id", "already on duty")]))
    return row


async def remove_duty(session: AsyncSession, duty_id: UUID) -> None:
    row = await get_or_404(session, DutyShift, duty_id, "duty shift", for_update=True)
    await session.delete(row)
    await session.flush()


async def summary(session: AsyncSession, ctx: TenantContext) -> RosterSummary:
    """The manager's numbers for today (the tenant's)."""
    today = tenant_today(ctx.tenant)
    coming = await roster(session, ctx, today, today + timedelta(days=LOOKAHEAD_DAYS))
    gaps = [d.day for d in coming.days if d.gap]
    waiting = await session.scalar(select(func.count()).select_from(LeaveRequest)
                                   .where(LeaveRequest.status == "requested"))
    return RosterSummary(today=today, on_leave_today=len({r.user_id for r in await on_leave(session, today)}),
                         awaiting_decision=waiting or 0, unstaffed_holiday_days=len(gaps),
                         next_gap=gaps[0] if gaps else None)


async def remind_gaps(session: AsyncSession, ctx: TenantContext, today: date) -> int:
    """The managers are told of each holiday day in the next :data:`~core.roster.rules.REMIND_DAYS_AHEAD`
    days with nobody on duty (once per day of gap); the number of such days."""
    coming = await roster(session, ctx, today, today + timedelta(days=rules.REMIND_DAYS_AHEAD))
    gaps = [d for d in coming.days if d.gap]
    if not gaps:
        return 0
    managers = [u.id for u in await active_staff(session, MANAGERS)]
    for gap in gaps:
        await notify_staff(session, ctx, key="roster.unstaffed", user_ids=managers, ticket_id=None,
                           dedupe=f"roster-gap:{gap.day.isoformat()}",
                           variables={"tenant_name": ctx.tenant.name, "day": gap.day.isoformat(),
                                      "holiday": rules.HOLIDAY_NAMES[gap.holiday], "days_ahead": (gap.day - today).days,
                                      "roster_url": console_url(session, ctx, "duty-roster/")})
    return len(gaps)
