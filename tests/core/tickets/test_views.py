"""``core.tickets.views.ticket_read``: a ticket read from its loaded state, and through its
attributes when a column is not loaded."""

from uuid import UUID

from sqlalchemy import select

from core.tickets.models import Ticket
from core.tickets.views import ticket_read


async def test_a_ticket_with_a_column_not_loaded_reads_the_same(desk, tenant_session):
    opened = await desk.open(subject="未加载的列")
    async with tenant_session(desk.tenant.id) as (session, ctx):
        ticket = await session.scalar(select(Ticket).where(Ticket.id == UUID(opened["id"])))
        loaded = ticket_read(ticket, ctx.tenant)
        session.expire(ticket, ["subject", "respond_by"])
        assert "subject" not in ticket.__dict__
        again = await session.run_sync(lambda _sync: ticket_read(ticket, ctx.tenant))
    assert again.subject == "未加载的列" and again.sla.respond_by == loaded.sla.respond_by
    assert again == loaded
