"""What the service visits hold on one customer (the PIPL access report's ``service_visits``):
three queries whatever the customer's history."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.visits.models import InspectionVisit, NewYearContact, ResidentialProject


async def of_customer(session: AsyncSession, customer_id: UUID) -> dict[str, list]:
    """The customer's residential projects, seasonal inspection visits and New Year contacts,
    oldest first."""
    return {
        "residential_projects": list(
            (
                await session.scalars(
                    select(ResidentialProject)
                    .where(ResidentialProject.customer_id == customer_id)
                    .order_by(ResidentialProject.id)
                )
            ).all()
        ),
        "inspection_visits": list(
            (
                await session.scalars(
                    select(InspectionVisit)
                    .where(InspectionVisit.customer_id == customer_id)
                    .order_by(InspectionVisit.id)
                )
            ).all()
        ),
        "new_year_contacts": list(
            (
                await session.scalars(
                    select(NewYearContact).where(NewYearContact.customer_id == customer_id).order_by(NewYearContact.id)
                )
            ).all()
        ),
    }
