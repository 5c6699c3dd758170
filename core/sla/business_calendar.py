"""The tenant's business calendar: dated holidays and make-up working days (调休) it entered or
imported for a year, read once per command into a :class:`~core.sla.calendar.BusinessCalendar`."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.errors import Invalid
from core.sla.calendar import BusinessCalendar, library_covers, years_to_warn
from core.sla.models import CalendarDay, CalendarYear
from core.sla.schemas import CalendarDayIn, CalendarRead, CalendarWarning, CalendarYearIn, CalendarYearRead, DayRead
from core.timezones import tenant_today
from tenants import cache
from tenants.context import TenantContext

KINDS = {"holiday": False, "working_day": True}


async def load_calendar(session: AsyncSession, since: date) -> BusinessCalendar:
    """The tenant's calendar from ``since`` on (earlier overrides cannot move a due time): two
    queries, whatever the number of days a due time is counted over."""
    days = await session.execute(select(CalendarDay.day, CalendarDay.kind).where(CalendarDay.day >= since))
    years = await session.scalars(select(CalendarYear.year).where(CalendarYear.year >= since.year))
    return BusinessCalendar({day: KINDS[kind] for day, kind in days}, frozenset(years))


async def calendar_at(session: AsyncSession, ctx: TenantContext, start: datetime) -> BusinessCalendar:
    """The tenant's calendar for due times counted from ``start``."""
    return await calendar_from(session, ctx, tenant_today(ctx.tenant, start))


async def calendar_from(session: AsyncSession, ctx: TenantContext, since: date) -> BusinessCalendar:
    """:func:`load_calendar` from ``since``, cached per node at the tenant's configuration version
    (:mod:`tenants.cache`): the database bumps the version when a day or a year is entered."""
    return await cache.cached(ctx.tenant, ("calendar", since), lambda: load_calendar(session, since))


def warnings(today: date, calendar: BusinessCalendar) -> list[CalendarWarning]:
    """What the admin must enter now (this year uncovered, or next year from the 1st of December)."""
    return [
        CalendarWarning(
            year=year,
            message=f"the business calendar does not cover {year}: import its holidays and make-up working days "
                    f"(PUT /api/v1/sla/calendar/{year}); until then its working days are counted Monday–Friday "
                    f"and tickets say so (sla.calendar_uncovered)",
        )
        for year in years_to_warn(today, calendar)
    ]


async def calendar_read(session: AsyncSession, today: date) -> CalendarRead:
    """The tenant's entered days and imported years, which years are covered and by what, and the
    warnings for the admin."""
    calendar = await load_calendar(session, date(today.year, 1, 1))
    rows = await session.scalars(select(CalendarDay).order_by(CalendarDay.day))
    years = await session.scalars(select(CalendarYear).order_by(CalendarYear.year))
    return CalendarRead(
        days=[DayRead(day=r.day, kind=r.kind, note=r.note) for r in rows],
        years=[CalendarYearRead(year=y.year, source=y.source, imported_at=y.imported_at) for y in years],
        covered={str(y): _coverage(calendar, y) for y in (today.year, today.year + 1)},
        warnings=warnings(today, calendar),
    )


def _coverage(calendar: BusinessCalendar, year: int) -> str | None:
    if year in calendar.tenant_years:
        return "tenant"
    return "chinesecalendar" if library_covers(year) else None


async def enter_day(session: AsyncSession, data: CalendarDayIn, actor_id: UUID | None) -> CalendarDay:
    """Add (or change) one dated override; it applies to due times computed from now on."""
    row = await session.scalar(select(CalendarDay).where(CalendarDay.day == data.day))
    if row is None:
        row = CalendarDay(day=data.day)
        session.add(row)
    row.kind, row.note, row.entered_by = data.kind, data.note, actor_id
    await session.flush()
    return row


def _check_year(year: int, data: CalendarYearIn) -> None:
    """Every date inside ``year``, none both a holiday and a working day, none twice."""
    for name in ("holidays", "working_days"):
        values = getattr(data, name)
        for i, day in enumerate(values):
            if day.year != year:
                raise Invalid(f"{name}[{i}]", f"{day} is not in {year}")
            if day in values[:i]:
                raise Invalid(f"{name}[{i}]", f"{day} is listed twice")
    both = set(data.holidays) & set(data.working_days)
    if both:
        first = min(both)
        raise Invalid(f"working_days[{data.working_days.index(first)}]", f"{first} is also listed as a holiday")


async def import_year(session: AsyncSession, year: int, data: CalendarYearIn, actor_id: UUID | None) -> CalendarYear:
    """Replace ``year``'s holidays and make-up working days with ``data`` (e.g. the State Council
    notice for that year); the tenant's calendar covers the year from now on."""
    _check_year(year, data)
    await session.execute(delete(CalendarDay).where(CalendarDay.day >= date(year, 1, 1),
                                                     CalendarDay.day <= date(year, 12, 31)))
    for kind, days in (("holiday", data.holidays), ("working_day", data.working_days)):
        session.add_all(CalendarDay(day=d, kind=kind, note=data.source, entered_by=actor_id) for d in days)
    row = await session.scalar(select(CalendarYear).where(CalendarYear.year == year))
    if row is None:
        row = CalendarYear(year=year)
        session.add(row)
    row.source, row.imported_by, row.imported_at = data.source, actor_id, utcnow()
    await session.flush()
    return row
