"""HTTP: the tenant's SLA policy and pausing a ticket's SLA clock."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post, put
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import MANAGERS, STAFF, authenticated, requires_role
from core.errors import Invalid
from core.sla import policy as policies
from core.sla import service
from core.sla.schemas import SlaPolicyIn, SlaPolicyRead
from core.sla.types import DEFAULT_LADDER, EscalationRung, SlaDefaults
from core.tickets.schemas import SlaPause, TicketRead
from core.tickets.views import ticket_read
from tenants.context import TenantContext


def policy_read(policy: SlaDefaults) -> SlaPolicyRead:
    return msgspec.convert(msgspec.to_builtins(policy), SlaPolicyRead)


def policy_from(data: SlaPolicyIn) -> SlaDefaults:
    """Check what the wire types cannot: a working day that ends after it starts, one resolution
    rule, distinct ladder levels."""
    if data.workday_end <= data.workday_start:
        raise Invalid("workday_end", "must be after workday_start")
    if data.resolve_hours is not None and data.resolve_working_days is not None:
        raise Invalid("resolve_working_days", "give resolve_hours or resolve_working_days, not both")
    ladder = DEFAULT_LADDER
    if data.escalation_ladder is not None:
        if len({r.level for r in data.escalation_ladder}) != len(data.escalation_ladder):
            raise Invalid("escalation_ladder", "levels must be distinct")
        ladder = tuple(EscalationRung(r.level, r.role, r.after_minutes) for r in data.escalation_ladder)
    body = {**msgspec.to_builtins(data), "escalation_ladder": msgspec.to_builtins(ladder)}
    return msgspec.convert({**body, "source": policies.TENANT_SOURCE}, SlaDefaults)


class SlaController(Controller):
    path = "/api/v1"
    tags = ["sla"]
    guards = [authenticated]

    @get("/sla/policy")
    async def read_policy(self, db: AsyncSession, ctx: TenantContext) -> SlaPolicyRead:
        """The SLA policy in force: the tenant's own, else an enabled plugin's default, else the core's
        (``source`` says which)."""
        return policy_read(await policies.effective_policy(db, ctx))

    @put("/sla/policy", guards=[requires_role(*MANAGERS)])
    async def save_policy(self, db: AsyncSession, data: SlaPolicyIn) -> SlaPolicyRead:
        """Replace the tenant's SLA policy; it applies to tickets created from now on."""
        return policy_read(await policies.save_policy(db, policy_from(data)))

    @post("/tickets/{ticket_id:uuid}/sla/pause", status_code=200, guards=[requires_role(*STAFF)])
    async def pause(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: SlaPause) -> TicketRead:
        """Stop the ticket's SLA clock (waiting_customer, waiting_parts, at_factory)."""
        ticket = await service.pause(db, ctx, ticket_id, data.reason, data.note, request.user)
        return ticket_read(ticket, ctx.tenant)

    @post("/tickets/{ticket_id:uuid}/sla/resume", status_code=200, guards=[requires_role(*STAFF)])
    async def resume(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> TicketRead:
        """Restart the clock; the due times move by the paused time."""
        ticket = await service.resume(db, ctx, ticket_id, request.user)
        return ticket_read(ticket, ctx.tenant)
