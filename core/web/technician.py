"""The technician's day (我的今日预约): the tickets assigned to them with an appointment today in
the tenant's zone (another day with ``?day=``) or at work now, the earliest first, 50 a page, with
the field actions their state allows (arrive, depart, resolve, take back, customer acceptance with
signature), and the parts used as charge lines."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers import queries as customer_queries
from core.db.base import utcnow
from core.i18n.translate import N_
from core.tickets import actions, charges
from core.tickets import queries as tickets_q
from core.tickets.schemas import Transition
from core.tickets.workflow import TRANSITIONS
from core.timezones import tenant_today
from core.web.charge_form import charge_from_form
from core.web.forms import FormState, convert, day_or, read_form
from core.web.pages import TenantPages, save_form, tenant_page
from tenants.context import TenantContext

#: What a technician does on site, in the order the page offers it (the state machine decides
#: which of them the ticket's state allows).
FIELD_ACTIONS = ("arrive", "depart", "resolve", "take_back", "accept")
NOT_A_FIELD_ACTION = N_("This action is done from the ticket page")
PAGE_SIZE = 50


@dataclass
class Visit:
    """A ticket on the technician's day (the API's ``GET /api/v1/tickets?technician_id=…&on_day=…
    &sort=appointment``) with its customer, its asset if any and its charge lines, and the forms of
    its actions."""

    ticket: Any
    customer: Any
    asset: Any
    allowed: list[str]
    lines: list
    form: FormState = field(default_factory=FormState)
    failed: str = ""


class TechnicianPages(TenantPages, section="/my-day", roles=("technician",)):
    """``/t/{slug}/my-day``: for technicians."""

    @get("/")
    async def my_day(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """My appointments today (or on ``?day=``), earliest first, with the actions each ticket
        allows now."""
        return await self._page(request, db, ctx)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, failed_id: UUID | None = None,
                    state: FormState | None = None, failed: str = "", status_code: int = 200) -> Response:
        now = utcnow()
        today = tenant_today(ctx.tenant, now)
        asked = day_or(request.query_params.get("day") or (state.values.get("day") if state else None), today)
        day = tickets_q.Day.of(ctx.tenant, asked, now)
        mine = tickets_q.QueueFilter(technician_id=request.user.user_id, on_day=day)
        tickets, next_cursor = await tickets_q.queue_page(
            db, tickets_q.queue_statement(mine, now), limit=PAGE_SIZE, cursor=request.query_params.get("cursor"),
            sort="appointment")
        visits = []
        customers = await customer_queries.customers_by_id(db, [t.customer_id for t in tickets])
        assets = await customer_queries.assets_by_id(db, [t.asset_id for t in tickets])
        lines: dict[UUID, list] = {t.id: [] for t in tickets}
        for line in await charges.charges_of_tickets(db, list(lines)):
            lines[line.ticket_id].append(line)
        for ticket in tickets:
            visit = Visit(
                ticket=ticket,
                customer=customers[ticket.customer_id],
                asset=assets.get(ticket.asset_id),
                allowed=[a for a in FIELD_ACTIONS if a in TRANSITIONS.get(ticket.status, {})],
                lines=lines[ticket.id],
                form=FormState(prefix=f"t{ticket.id.hex[:8]}-"),
            )
            if ticket.id == failed_id and state is not None:
                state.prefix, visit.form, visit.failed = visit.form.prefix, state, failed
            visits.append(visit)
        return tenant_page(request, ctx, "technician/my_day.html", status_code=status_code, visits=visits,
                           day=asked, today=today, tomorrow=today + timedelta(days=1), next_cursor=next_cursor,
                           fresh=lambda prefix: FormState(prefix=prefix))

    @post("/{ticket_id:uuid}/actions")
    async def act(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """Apply a field action to one of my tickets (only those valid in its state are offered;
        the state machine refuses the others)."""
        await tickets_q.technician_ticket(db, request.user.user_id, ticket_id)
        values = await read_form(request)
        state = FormState(values=values)
        action = values.get("action", "")
        if action not in FIELD_ACTIONS:
            state.errors[""] = NOT_A_FIELD_ACTION
        data = convert(values, Transition, state) if state.ok else None
        command = actions.transition(db, ctx, ticket_id, data, request.user) if data is not None else None
        return await self._saved(request, db, ctx, ticket_id, state, command, action)

    @post("/{ticket_id:uuid}/parts")
    async def add_part(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> Response:
        """Record a part used (a charge line; amount in yuan, free under warranty)."""
        await tickets_q.technician_ticket(db, request.user.user_id, ticket_id)
        values = await read_form(request)
        state = FormState(values=values)
        data = charge_from_form(values, state, kind="parts")
        command = charges.add_charge(db, ctx, ticket_id, data, request.user) if data is not None else None
        return await self._saved(request, db, ctx, ticket_id, state, command, "parts")

    async def _saved(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                     state: FormState, command: Awaitable | None, failed: str) -> Response:
        """Back to the visit on the day it was shown on, or that day again with the errors beside
        the ``failed`` form."""
        day = f"?{urlencode({'day': state.values['day']})}" if state.values.get("day") else ""
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/my-day/{day}#visit-{ticket_id}",
                               again=lambda state: self._page(request, db, ctx, ticket_id, state, failed, 422))


__all__ = ["TechnicianPages"]
