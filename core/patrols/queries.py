"""Reads of the patrols and research visits other contexts make (the PIPL access report)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.patrols.models import ServiceVisit, VisitFinding


async def of_customer(session: AsyncSession, customer_id: UUID) -> tuple[list[ServiceVisit], list[VisitFinding]]:
    """The quality patrols and service-research visits of a customer and their findings, oldest first."""
    visits = list(await session.scalars(
        select(ServiceVisit).where(ServiceVisit.customer_id == customer_id).order_by(ServiceVisit.id)))
    findings = list(await session.scalars(
        select(VisitFinding).where(VisitFinding.visit_id.in_([v.id for v in visits])).order_by(VisitFinding.id)))
    return visits, findings
