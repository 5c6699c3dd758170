"""What the service visits hold on one customer (the PIPL access report's ``service_visits``):
three queries whatever the customer's history."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.related import all_of
from core.visits.calendar import terms_on, warranty_last_day
from core.visits.models import InspectionVisit, NewYearCampaign, NewYearContact, ResidentialProject, SeasonalCampaign


async def campaign_counts(
    session: AsyncSession, campaign_id, campaign_ids: list[UUID], *conditions
) -> dict[UUID, list[int]]:
    """Per campaign of ``campaign_ids`` (``campaign_id`` the rows' campaign column): its rows, then
    its rows meeting each of ``conditions``; zeros for a campaign without rows (one query)."""
    out = {cid: [0] * (1 + len(conditions)) for cid in campaign_ids}
    if not campaign_ids:
        return out
    rows = await session.execute(
        select(campaign_id, func.count(), *(func.sum(case((condition, 1), else_=0)) for condition in conditions))
        .where(campaign_id.in_(campaign_ids))
        .group_by(campaign_id)
    )
    for cid, *counts in rows.all():
        out[cid] = [int(n or 0) for n in counts]
    return out


async def of_customer(session: AsyncSession, customer_id: UUID) -> dict[str, list]:
    """The customer's residential projects, seasonal inspection visits and New Year contacts,
    oldest first."""
    return {
        "residential_projects": await all_of(session, ResidentialProject.customer_id, customer_id),
        "inspection_visits": await all_of(session, InspectionVisit.customer_id, customer_id),
        "new_year_contacts": await all_of(session, NewYearContact.customer_id, customer_id),
    }


async def history_of(session: AsyncSession, customer_id: UUID, limit: int, today: date) -> dict[str, list]:
    """The customer page's service visits, newest first: projects with their terms ``today`` and
    warranty's last day, seasonal visits with their season and year, New Year contacts with their
    year (three queries)."""
    projects = (
        await session.scalars(
            select(ResidentialProject)
            .where(ResidentialProject.customer_id == customer_id)
            .order_by(ResidentialProject.id.desc())
            .limit(limit)
        )
    ).all()
    visits = (
        await session.execute(
            select(SeasonalCampaign.season, SeasonalCampaign.year, InspectionVisit)
            .join(SeasonalCampaign, SeasonalCampaign.id == InspectionVisit.campaign_id)
            .where(InspectionVisit.customer_id == customer_id)
            .order_by(InspectionVisit.id.desc())
            .limit(limit)
        )
    ).all()
    contacts = (
        await session.execute(
            select(NewYearCampaign.year, NewYearContact)
            .join(NewYearCampaign, NewYearCampaign.id == NewYearContact.campaign_id)
            .where(NewYearContact.customer_id == customer_id)
            .order_by(NewYearCampaign.year.desc())
            .limit(limit)
        )
    ).all()
    terms = [
        (p, terms_on(p.handover_date, p.warranty_months, today), warranty_last_day(p.handover_date, p.warranty_months))
        for p in projects
    ]
    return {"projects": terms, "inspections": [tuple(r) for r in visits], "new_year": [tuple(r) for r in contacts]}
