"""The reminders of the service visits, queued in the notification outbox by a daily sweep:

* ``residential.revisit_due`` — to the project's owner, once per revisit, when the revisit of a
  residential project opens within :data:`REVISIT_LEAD_DAYS` days (001 篇2 二: at least twice a
  year under warranty);
* ``season.visits_open`` — to each technician with visits still open, and to whoever generated
  the season, once per season, when :data:`SEASON_LEAD_DAYS` days or fewer are left (004 1.3).
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.models import Customer
from core.notifications.reminders import console_url, notify_staff
from core.revisits.models import Revisit, RevisitReason
from core.visits.models import InspectionVisit, ResidentialProject, SeasonalCampaign
from core.visits.projects import RULE_ID
from tenants.context import TenantContext

#: A residential revisit is announced to the project's owner this many days before it opens.
REVISIT_LEAD_DAYS = 7
#: Open seasonal visits are announced when this many days (or fewer) of the season are left.
SEASON_LEAD_DAYS = 14
SEASON_NAMES = {"summer": {"zh_Hans": "夏季", "en": "summer"}, "winter": {"zh_Hans": "冬季", "en": "winter"}}


async def _tell(session: AsyncSession, ctx: TenantContext, key: str, user_id: UUID, dedupe: str, variables: dict) -> None:
    """One reminder to one person, kept once by ``dedupe``."""
    await notify_staff(
        session,
        ctx,
        key=key,
        user_ids=[user_id],
        dedupe=dedupe,
        ticket_id=None,
        variables={"tenant_name": ctx.tenant.name, **variables},
    )


async def remind_revisits(session: AsyncSession, ctx: TenantContext, today: date) -> int:
    """Residential revisits opening by ``today`` + 7 days and still open: their owners are told."""
    rows = (
        await session.execute(
            select(RevisitReason.id, RevisitReason.origin_key, Revisit.due_from, Revisit.due_by, Revisit.customer_id)
            .join(Revisit, Revisit.id == RevisitReason.revisit_id)
            .where(
                RevisitReason.rule_id == RULE_ID,
                Revisit.status == "open",
                Revisit.due_from <= today + timedelta(days=REVISIT_LEAD_DAYS),
                Revisit.due_by >= today,
            )
        )
    ).all()
    told = 0
    for reason_id, key, due_from, due_by, customer_id in rows:
        project = await session.scalar(
            select(ResidentialProject).where(ResidentialProject.id == UUID(key.split(":")[1]))
        )
        if project is None or project.owner_id is None:
            continue
        customer = await session.scalar(select(Customer.name).where(Customer.id == customer_id))
        await _tell(
            session,
            ctx,
            "residential.revisit_due",
            project.owner_id,
            f"residential:{reason_id}",
            {
                "customer_name": customer or "",
                "project_name": project.name,
                "due_from": due_from.isoformat(),
                "due_by": due_by.isoformat(),
                "url": console_url(session, ctx, f"revisits/?day={due_from}"),
            },
        )
        told += 1
    return told


async def remind_seasons(session: AsyncSession, ctx: TenantContext, today: date) -> int:
    """Seasons ending within 14 days with visits not done: each technician holding some, and the
    one who generated the season, are told how many are left."""
    campaigns = (
        await session.scalars(
            select(SeasonalCampaign)
            .where(
                SeasonalCampaign.last_day >= today,
                SeasonalCampaign.last_day <= today + timedelta(days=SEASON_LEAD_DAYS),
            )
            .order_by(SeasonalCampaign.id)
        )
    ).all()
    told = 0
    for campaign in campaigns:
        open_by = dict(
            (
                await session.execute(
                    select(InspectionVisit.technician_id, func.count())
                    .where(InspectionVisit.campaign_id == campaign.id, InspectionVisit.status == "open")
                    .group_by(InspectionVisit.technician_id)
                )
            ).all()
        )
        if not open_by:
            continue
        base = {
            "season": SEASON_NAMES[campaign.season].get(ctx.tenant.locale, campaign.season),
            "year": campaign.year,
            "last_day": campaign.last_day.isoformat(),
            "url": console_url(session, ctx, f"seasonal-visits/?campaign_id={campaign.id}"),
        }
        for technician_id, count in open_by.items():
            if technician_id is not None:
                await _tell(session, ctx, "season.visits_open", technician_id, f"season:{campaign.id}",
                            {**base, "open": count})
                told += 1
        if campaign.created_by is not None:
            await _tell(session, ctx, "season.visits_open", campaign.created_by, f"season:{campaign.id}:all",
                        {**base, "open": sum(open_by.values())})
            told += 1
    return told


async def remind(session: AsyncSession, ctx: TenantContext, today: date) -> int:
    """Both reminders of the day."""
    return await remind_revisits(session, ctx, today) + await remind_seasons(session, ctx, today)
