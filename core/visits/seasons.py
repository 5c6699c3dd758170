"""Seasonal inspection visits (夏季、冬季回访检修, DOMAIN §12, 004 1.3): every summer and every
winter a technician visits each customer owning the product to inspect and maintain it.

Generating a season books one visit per customer owning an asset (of the campaign's type);
generating it again books only the customers not yet in it (an owner since), never a second
visit. Each visit is assigned to a technician and recorded done with its findings; the manager
sees done / total per season.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import check_user
from core.customers.models import Asset, Customer
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.errors import Conflict, Forbidden, Invalid, InvalidTransition
from core.pagination import paginate
from core.reads import read_of
from core.timezones import tenant_today
from core.visits.calendar import season_days
from core.visits.models import InspectionVisit, SeasonalCampaign
from core.visits.queries import campaign_counts
from core.visits.schemas import SeasonCreate, SeasonProgress, SeasonRead, VisitAssign, VisitDone, VisitRead
from tenants.context import TenantContext

DESK_ROLES = ("admin", "manager", "agent")


async def _owners(session: AsyncSession, prefix: str | None) -> list[UUID]:
    """Customers (not erased) owning an asset, of the type ``prefix`` when given."""
    owns = exists().where(Asset.customer_id == Customer.id)
    if prefix:
        owns = exists().where(Asset.customer_id == Customer.id, Asset.type.startswith(prefix, autoescape=True))
    stmt = select(Customer.id).where(Customer.erased_at.is_(None), owns).order_by(Customer.id)
    return list((await session.scalars(stmt)).all())


async def generate(
    session: AsyncSession, ctx: TenantContext, who: Principal, data: SeasonCreate, now: datetime | None = None
) -> tuple[SeasonalCampaign, int]:
    """The season's campaign and how many visits this call added (0 when every owner has one)."""
    first, last = season_days(data.season, data.year)
    today = tenant_today(ctx.tenant, now or utcnow())
    if last < today:
        raise Invalid(
            "year", f"the {data.season} of {data.year} ended on {last} (today is {today} in the tenant's time zone)"
        )
    campaign = await session.scalar(
        select(SeasonalCampaign)
        .where(SeasonalCampaign.season == data.season, SeasonalCampaign.year == data.year)
        .with_for_update()
    )
    if campaign is None:
        campaign = SeasonalCampaign(
            season=data.season,
            year=data.year,
            first_day=first,
            last_day=last,
            asset_type_prefix=data.asset_type_prefix,
            created_by=who.user_id,
        )
        session.add(campaign)
        await session.flush()
    elif campaign.asset_type_prefix != data.asset_type_prefix:
        raise Conflict(
            f"the {data.season} of {data.year} is generated for the products "
            f"{campaign.asset_type_prefix or 'of every type'}",
            [("asset_type_prefix", "differs from the season's")],
        )
    visited = set(
        (
            await session.scalars(select(InspectionVisit.customer_id).where(InspectionVisit.campaign_id == campaign.id))
        ).all()
    )
    added = 0
    for customer_id in await _owners(session, campaign.asset_type_prefix):
        if customer_id not in visited:
            session.add(InspectionVisit(campaign_id=campaign.id, customer_id=customer_id, status="open"))
            added += 1
    await session.flush()
    return campaign, added


async def get_campaign(session: AsyncSession, campaign_id: UUID) -> SeasonalCampaign:
    return await get_or_404(session, SeasonalCampaign, campaign_id, "seasonal campaign")


async def campaign_page(
    session: AsyncSession, *, limit: int | None, cursor: str | None
) -> tuple[list[SeasonalCampaign], str | None]:
    return await paginate(session, select(SeasonalCampaign), SeasonalCampaign.id, limit=limit, cursor=cursor)


async def progress(session: AsyncSession, campaign_ids: list[UUID]) -> dict[UUID, SeasonProgress]:
    """Visits, assigned and done per campaign (the manager's number: done / total per season)."""
    counts = await campaign_counts(session, InspectionVisit.campaign_id, campaign_ids,
                                   InspectionVisit.technician_id.is_not(None), InspectionVisit.status == "done")
    return {cid: SeasonProgress(visits=visits, assigned=assigned, done=done)
            for cid, (visits, assigned, done) in counts.items()}


def _visits(campaign_id: UUID | None, technician_id: UUID | None, status: str | None) -> Select:
    stmt = where_given(select(InspectionVisit), (InspectionVisit.campaign_id, campaign_id),
                       (InspectionVisit.technician_id, technician_id))
    if status is not None:
        if status not in ("open", "done"):
            raise Invalid("status", "must be open or done")
        stmt = stmt.where(InspectionVisit.status == status)
    return stmt


async def visits_of(
    session: AsyncSession, campaign_id: UUID, *, technician_id: UUID | None = None, status: str | None = None
) -> list[InspectionVisit]:
    """A campaign's visits, in the order they were booked."""
    await get_campaign(session, campaign_id)
    stmt = _visits(campaign_id, technician_id, status)
    return list((await session.scalars(stmt.order_by(InspectionVisit.id))).all())


async def visit_page(
    session: AsyncSession, *, campaign_id: UUID | None = None, technician_id: UUID | None = None,
    status: str | None = None, limit: int | None, cursor: str | None,
) -> tuple[list[InspectionVisit], str | None]:
    """One page of the visits (a campaign's, a technician's, open or done when asked), in the order
    they were booked; 404 for a campaign not the tenant's."""
    if campaign_id is not None:
        await get_campaign(session, campaign_id)
    stmt = _visits(campaign_id, technician_id, status)
    return await paginate(session, stmt, InspectionVisit.id, limit=limit, cursor=cursor, oldest_first=True)


async def get_visit(session: AsyncSession, visit_id: UUID, *, for_update: bool = False) -> InspectionVisit:
    return await get_or_404(session, InspectionVisit, visit_id, "inspection visit", for_update=for_update)


async def assign(session: AsyncSession, visit_id: UUID, data: VisitAssign) -> InspectionVisit:
    """Give an open visit to a technician of the tenant (again to change them)."""
    visit = await get_visit(session, visit_id, for_update=True)
    await check_user(session, data.technician_id, "technician_id")
    if visit.status != "open":
        raise InvalidTransition("the visit is already done", [("status", "done")])
    visit.technician_id = data.technician_id
    await session.flush()
    return visit


async def record_done(
    session: AsyncSession, ctx: TenantContext, who: Principal, visit_id: UUID, data: VisitDone,
    now: datetime | None = None
) -> InspectionVisit:
    """The visit was made on ``done_on``, within the season up to today (the tenant's), with its
    findings: by the technician it is assigned to, or the desk."""
    visit = await get_visit(session, visit_id, for_update=True)
    if who.role not in DESK_ROLES and visit.technician_id != who.user_id:
        raise Forbidden("only the technician assigned to the visit, or the desk, records it")
    if visit.status != "open":
        raise InvalidTransition("the visit is already done", [("status", "done")])
    campaign = await get_campaign(session, visit.campaign_id)
    today = tenant_today(ctx.tenant, now or utcnow())
    done_on = data.done_on or today
    if done_on > today:
        raise Invalid("done_on", f"{done_on} is after today ({today} in the tenant's time zone)")
    if not campaign.first_day <= done_on <= campaign.last_day:
        raise Invalid(
            "done_on", f"the {campaign.season} of {campaign.year} runs from {campaign.first_day} to {campaign.last_day}"
        )
    visit.status, visit.findings, visit.done_on, visit.done_by = "done", data.findings, done_on, who.user_id
    visit.technician_id = visit.technician_id or who.user_id
    await session.flush()
    return visit


def campaign_read(campaign: SeasonalCampaign, progress_row: SeasonProgress, added: int | None = None) -> SeasonRead:
    return read_of(SeasonRead, campaign, progress=progress_row, added=added)


def visit_read(visit: InspectionVisit) -> VisitRead:
    return read_of(VisitRead, visit)
