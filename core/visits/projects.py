"""Residential projects (住宅工程售后服务, DOMAIN §12, 001 篇2 二): a handed-over dwelling is revisited
at least twice a year while under warranty, each revisit booked on the revisit worklist; after the
warranty a hotline answers and repairs are charged at material cost only (labour free).

The revisits are the revisit context's own (:func:`core.revisits.service.schedule`, rule
:data:`RULE_ID`, one origin per project and half-year, so booking twice books nothing new); the
half-years and the terms are :mod:`core.visits.calendar`'s.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import check_user
from core.customers.queries import get_asset, get_customer
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.errors import Invalid
from core.pagination import paginate
from core.reads import read_of
from core.revisits.models import Revisit, RevisitReason
from core.revisits.rules import Facts
from core.revisits.service import Origin, schedule
from core.revisits.types import RevisitRule
from core.timezones import check_not_future, tenant_today
from core.visits.calendar import half_years, terms_on, warranty_last_day, warranty_year_of, warranty_years
from core.visits.models import ResidentialProject
from core.visits.schemas import ProjectCreate, ProjectRead, ProjectTerms, WarrantyYear
from tenants.context import TenantContext

RULE_ID = "core.residential_project.revisit"


def revisit_rule(project: ResidentialProject, number: int, due_from: date, due_by: date) -> RevisitRule:
    """The revisit of the project's half-year ``number``, due ``[due_from, due_by]``."""
    return RevisitRule(
        id=RULE_ID,
        trigger="residential_project.half_year",
        due_from_days=0,
        due_by_days=(due_by - due_from).days,
        reason={
            "zh_Hans": f"住宅工程保修期内定期回访：{project.name}（第{number}个半年，每年不少于二次，001 篇2 二）",
            "en": f"Residential project under warranty: {project.name} (half-year {number}; at least twice "
            "a year, 001 part 2 II)",
        },
    )


def origin_key(project_id: UUID, number: int) -> str:
    return f"{RULE_ID}:{project_id}:{number}"


async def book_revisits(session: AsyncSession, ctx: TenantContext, project: ResidentialProject,
                        now: datetime | None = None) -> int:
    """Book the revisit of every half-year of the warranty whose window has not closed by today
    (the tenant's); returns how many were new (a half-year booked before is not booked again)."""
    today = tenant_today(ctx.tenant, now)
    customer = await get_customer(session, project.customer_id)
    if customer.erased_at is not None:
        return 0
    asset = await get_asset(session, project.asset_id) if project.asset_id else None
    booked = 0
    for number, due_from, due_by in half_years(project.handover_date, project.warranty_months):
        key = origin_key(project.id, number)
        if due_by < today or await session.scalar(select(RevisitReason.id).where(RevisitReason.origin_key == key)):
            continue
        facts = Facts(trigger="residential_project.half_year", event_date=due_from, customer=customer, asset=asset)
        await schedule(session, ctx, Origin(revisit_rule(project, number, due_from, due_by), key, facts), now)
        booked += 1
    return booked


async def create_project(
    session: AsyncSession, ctx: TenantContext, who: Principal, data: ProjectCreate, now: datetime | None = None
) -> ResidentialProject:
    """Record a handed-over project and book its warranty revisits."""
    now = now or utcnow()
    check_not_future(ctx.tenant, "handover_date", data.handover_date, now)
    customer = await get_customer(session, data.customer_id)
    if customer.erased_at is not None:
        raise Invalid("customer_id", "this customer's personal information was erased")
    if data.asset_id is not None and (await get_asset(session, data.asset_id)).customer_id != customer.id:
        raise Invalid("asset_id", "belongs to another customer")
    await check_user(session, data.owner_id, "owner_id")
    project = ResidentialProject(
        customer_id=customer.id,
        asset_id=data.asset_id,
        name=data.name.strip(),
        address=data.address.strip(),
        handover_date=data.handover_date,
        warranty_months=data.warranty_months,
        owner_id=data.owner_id or who.user_id,
    )
    session.add(project)
    await session.flush()
    await book_revisits(session, ctx, project, now)
    return project


async def get_project(session: AsyncSession, project_id: UUID) -> ResidentialProject:
    return await get_or_404(session, ResidentialProject, project_id, "residential project")


async def project_page(
    session: AsyncSession, *, customer_id: UUID | None, limit: int | None, cursor: str | None
) -> tuple[list[ResidentialProject], str | None]:
    """The projects, newest first, of one customer when asked."""
    stmt = where_given(select(ResidentialProject), (ResidentialProject.customer_id, customer_id))
    return await paginate(session, stmt, ResidentialProject.id, limit=limit, cursor=cursor)


async def project_of_asset(session: AsyncSession, asset_id: UUID) -> ResidentialProject | None:
    """The project whose dwelling is the asset, if any."""
    stmt = select(ResidentialProject).where(ResidentialProject.asset_id == asset_id).order_by(ResidentialProject.id)
    return await session.scalar(stmt.limit(1))


def terms(project: ResidentialProject, on: date) -> ProjectTerms:
    """What a repair of the project costs on ``on`` (001 篇2 二): under warranty nothing; after
    it the material cost only — parts at cost, labour free."""
    answer = terms_on(project.handover_date, project.warranty_months, on)
    return ProjectTerms(
        on=on,
        terms=answer,
        warranty_last_day=warranty_last_day(project.handover_date, project.warranty_months),
        parts_charged=answer != "in_warranty",
        labour_charged=False,
    )


async def years(session: AsyncSession, project: ResidentialProject) -> list[WarrantyYear]:
    """Each warranty year with its revisits booked and done (the manager's number: two a year)."""
    return (await years_of(session, [project]))[project.id]


async def years_of(session: AsyncSession, projects: list[ResidentialProject]) -> dict[UUID, list[WarrantyYear]]:
    """:func:`years` of several projects (a page of them), in one query."""
    out = {
        project.id: [WarrantyYear(year=n, first_day=first, last_day=last, revisits=0, done=0)
                     for n, first, last in warranty_years(project.handover_date, project.warranty_months)]
        for project in projects
    }
    if not projects:
        return out
    prefixes = [RevisitReason.origin_key.startswith(f"{RULE_ID}:{project.id}:") for project in projects]
    rows = (await session.execute(
        select(RevisitReason.origin_key, Revisit.status)
        .join(Revisit, Revisit.id == RevisitReason.revisit_id)
        .where(or_(*prefixes))
    )).all()
    for key, status in rows:
        _rule, project_id, number = key.rsplit(":", 2)
        project_years = out[UUID(project_id)]
        if 0 < warranty_year_of(int(number)) <= len(project_years):
            year = project_years[warranty_year_of(int(number)) - 1]
            year.revisits += 1
            year.done += status == "done"
    return out


def project_read(ctx: TenantContext, project: ResidentialProject,
                 year_rows: list[WarrantyYear] | None = None) -> ProjectRead:
    return read_of(
        ProjectRead, project,
        warranty_last_day=warranty_last_day(project.handover_date, project.warranty_months),
        terms_today=terms_on(project.handover_date, project.warranty_months, tenant_today(ctx.tenant)),
        years=year_rows,
    )
