"""The ticket list as spreadsheet rows: its number, status and intake time, then the import's
columns (customer and asset by external id), so an exported list of open tickets imports back."""

from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.queries import assets_by_id, customers_by_id
from core.file_columns import COLUMNS, EXPORT_ONLY
from core.tickets.models import Ticket
from core.timezones import tenant_zone
from tenants.context import TenantContext

#: The most rows one download holds (as many as one import reads).
EXPORT_MAX = 10_000


async def ticket_rows(session: AsyncSession, ctx: TenantContext, stmt: Select, locale: str) -> list[list]:
    """The tickets ``stmt`` selects, in queue order (urgent first, newest first within a
    priority), up to :data:`EXPORT_MAX`; times in the tenant's zone."""
    tickets = list(await session.scalars(
        stmt.order_by(Ticket.priority_rank, Ticket.id.desc()).limit(EXPORT_MAX)))
    customers = await customers_by_id(session, (t.customer_id for t in tickets))
    assets = await assets_by_id(session, (t.asset_id for t in tickets))
    english = locale.startswith("en")
    columns = (*EXPORT_ONLY["tickets"], *COLUMNS["tickets"])
    zone = tenant_zone(ctx.tenant)
    rows: list[list] = [[c.en if english else c.zh for c in columns]]
    for ticket in tickets:
        customer, asset = customers.get(ticket.customer_id), assets.get(ticket.asset_id)
        values = {
            "created_at": ticket.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "customer_external_id": customer.external_id if customer else None,
            "asset_external_id": asset.external_id if asset else None,
            "purchase_date": ticket.purchase_date.isoformat() if ticket.purchase_date else None,
        }
        rows.append([values[c.field] if c.field in values else getattr(ticket, c.field) for c in columns])
    return rows
