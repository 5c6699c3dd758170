"""Who can be dispatched on a day (请假制度: availability feeds dispatch): not a person on approved
leave that day, nor — on a statutory holiday whose duty roster names anyone — a person it does not
name. A holiday nobody is rostered for is a gap the managers are told about (:mod:`core.roster.
service`); it refuses nobody, so dispatch never stops for want of a roster."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid
from core.roster.models import DutyShift, LeaveRequest
from core.roster.rules import days_of, holiday_of
from core.sla.business_calendar import calendar_from
from tenants.context import TenantContext


async def holidays_between(session: AsyncSession, ctx: TenantContext, first: date, last: date) -> dict[date, str]:
    """The statutory holiday days from ``first`` to ``last`` by the tenant's calendar, with their
    holiday (:func:`core.roster.rules.holiday_of`)."""
    return (await holidays_and_gaps(session, ctx, first, last))[0]


async def holidays_and_gaps(session: AsyncSession, ctx: TenantContext, first: date,
                            last: date) -> tuple[dict[date, str], tuple[int, ...]]:
    """:func:`holidays_between`, and the years of the range nobody's calendar covers. The calendar
    is the node's cached one of the first day's year (one per year, whatever the days asked)."""
    calendar = await calendar_from(session, ctx, date(first.year, 1, 1))
    holidays = {day: name for day in days_of(first, last) if (name := holiday_of(day, calendar))}
    return holidays, calendar.uncovered(first, last)


async def unavailable(session: AsyncSession, ctx: TenantContext, day: date,
                      user_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Of ``user_ids``, those who cannot be dispatched on ``day``, each with why."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    why: dict[UUID, str] = {}
    leaves = await session.execute(
        select(LeaveRequest.user_id, LeaveRequest.first_day, LeaveRequest.last_day).where(
            LeaveRequest.status == "approved", LeaveRequest.first_day <= day, LeaveRequest.last_day >= day,
            LeaveRequest.user_id.in_(wanted)))
    for user_id, first, last in leaves:
        why[user_id] = (f"on approved leave on {day}" if first == last
                        else f"on approved leave from {first} to {last}")
    if await holidays_between(session, ctx, day, day):
        rostered = set(await session.scalars(select(DutyShift.user_id).where(DutyShift.day == day)))
        if rostered:
            for user_id in wanted - rostered - set(why):
                why[user_id] = f"{day} is a statutory holiday and they are not on its duty roster"
    return why


async def check_available(session: AsyncSession, ctx: TenantContext, day: date, user_id: UUID, field: str) -> None:
    """422 on ``field`` when ``user_id`` cannot be dispatched on ``day`` (:func:`unavailable`)."""
    why = (await unavailable(session, ctx, day, [user_id])).get(user_id)
    if why:
        raise Invalid(field, f"not available on {day}: {why}")


async def available_on(session: AsyncSession, ctx: TenantContext, day: date, people: list) -> list:
    """``people`` (users) less those who cannot be dispatched on ``day``: what a technician picker
    offers."""
    away = await unavailable(session, ctx, day, [p.id for p in people])
    return [p for p in people if p.id not in away]
