"""Repairs of a residential project after its warranty are charged at material cost only
(001 篇2 二: 保修期后……维修时仅收取材料成本费): a paid labour line on a ticket about the project's
dwelling is refused (422 on ``amount_fen``) when the ticket was opened after the warranty's last
day; parts are charged (at cost) and a free labour line is taken. Under warranty nothing is
decided here (what warranty covers is the warranty's own question)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid
from core.eventbus import subscribe
from core.events import DomainEvent
from core.tickets.service import get_ticket
from core.timezones import tenant_today
from core.visits.projects import project_of_asset, terms
from tenants.context import TenantContext


@subscribe("ticket.charge_added")
async def on_charge_added(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    data = event.data
    if data.get("kind") != "labour" or data.get("free") or not data.get("amount_fen") or not data.get("asset_id"):
        return
    project = await project_of_asset(session, UUID(str(data["asset_id"])))
    if project is None:
        return
    ticket = await get_ticket(session, event.subject_id)
    opened_on = tenant_today(ctx.tenant, ticket.created_at)
    answer = terms(project, opened_on)
    if answer.terms == "material_cost_only":
        raise Invalid(
            "amount_fen",
            f"{project.name}: the warranty ended on {answer.warranty_last_day} and repairs "
            "after it are charged at material cost only (001 篇2 二): labour is free",
        )
