"""HTTP: tickets, their transitions, hand-over, charges and history, and the messages about them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.db.base import utcnow
from core.errors import Invalid, NotFound
from core.exports import table_response
from core.notifications.queries import notification_read, ticket_notifications
from core.notifications.schemas import NotificationRead
from core.pagination import Page
from core.tickets import actions, charges, export, records, service, sla_pause, ticket_forms
from core.tickets.queries import Day, QueueFilter, check_ticket, history_page, queue_page, queue_statement
from core.tickets.schemas import (
    ChargeCreate,
    ChargeRead,
    FormSubmission,
    Handover,
    Invoice,
    ServiceRecordIn,
    SlaPause,
    TicketCreate,
    TicketEventRead,
    TicketForms,
    TicketRead,
    Transition,
)
from core.tickets.views import charge_read, event_read, ticket_forms_read, ticket_read
from tenants.context import TenantContext

#: What ``on_day`` keeps (:class:`core.tickets.queries.Day`).
ON_DAY = ("visits of that day in the tenant's time zone: an appointment starting that day, and on today also the "
          "tickets at work now (on site)")


class TicketController(ApiResource, path="/api/v1/tickets", tag="tickets"):
    @post("/", guards=[requires_role(*STAFF)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: TicketCreate) -> Response:
        """Take a request (登记); the caller becomes its first-contact owner (首问负责制)."""
        return await idempotency.create_once(
            db, request,
            lambda: service.create_ticket(db, ctx, data, request.user),
            lambda ticket: ticket_read(ticket, ctx.tenant),
        )

    @get("/")
    async def list_tickets(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        status: str | None = Parameter(default=None, description="a status, or ``open`` for every status not done"),
        owner_id: UUID | None = Parameter(default=None),
        customer_id: UUID | None = Parameter(default=None),
        technician_id: UUID | None = Parameter(default=None),
        kind: str | None = Parameter(default=None),
        sla_state: str | None = Parameter(default=None, description="on_track, paused, breached or met"),
        due_before: datetime | None = Parameter(default=None, description="not done and due (resolve by) by then"),
        on_day: date | None = Parameter(default=None, description=ON_DAY),
        q: str | None = Parameter(default=None, description="ticket number, subject, description, contact phone, "
                                  "or the customer: name, phone in any format, address, an asset's serial, plate or ICCID"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
        sort: str = Parameter(default="priority", description="priority (urgent first, newest first within a "
                              "priority), newest, oldest, or appointment (the earliest first, those without one "
                              "last)"),
    ) -> Page[TicketRead]:
        """The ticket queue: urgent first, then by priority, newest first within a priority (or
        ``sort=newest|oldest|appointment``). The console's queue and the technician's day are the
        same query (``core.tickets.queries.queue_statement``)."""
        now = utcnow()
        wanted = QueueFilter(status=status, kind=kind, owner_id=owner_id, customer_id=customer_id,
                             technician_id=technician_id, sla_state=sla_state, due_before=due_before, q=q,
                             on_day=Day.of(ctx.tenant, on_day, now) if on_day else None)
        rows, next_cursor = await queue_page(db, queue_statement(wanted, now), limit=limit, cursor=cursor, sort=sort)
        return Page(items=[ticket_read(t, ctx.tenant, now) for t in rows], next_cursor=next_cursor)

    @get(["/export.csv", "/export.xlsx"])
    async def download(
        self, request: Request, db: AsyncSession, ctx: TenantContext,
        status: str | None = Parameter(default=None, description="a status, or ``open`` for every status not done"),
        owner_id: UUID | None = Parameter(default=None),
        customer_id: UUID | None = Parameter(default=None),
        technician_id: UUID | None = Parameter(default=None),
        kind: str | None = Parameter(default=None),
        sla_state: str | None = Parameter(default=None, description="on_track, paused, breached or met"),
        due_before: datetime | None = Parameter(default=None),
        on_day: date | None = Parameter(default=None, description=ON_DAY),
        q: str | None = Parameter(default=None),
    ) -> Response[bytes]:
        """The queue with the list's filters as CSV or XLSX: number, status, intake time, then the
        import's columns; up to 10 000 tickets in queue order."""
        now = utcnow()
        wanted = QueueFilter(status=status, kind=kind, owner_id=owner_id, customer_id=customer_id,
                             technician_id=technician_id, sla_state=sla_state, due_before=due_before, q=q,
                             on_day=Day.of(ctx.tenant, on_day, now) if on_day else None)
        rows = await export.ticket_rows(db, ctx, queue_statement(wanted, now), request.user.locale)
        return await table_response(rows, "tickets", request.url.path.rsplit(".", 1)[1])

    @get("/{ticket_id:uuid}")
    async def read(self, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> TicketRead:
        """One ticket."""
        return ticket_read(await service.get_ticket(db, ticket_id), ctx.tenant)

    @post("/{ticket_id:uuid}/transitions", status_code=200, guards=[requires_role(*STAFF)])
    async def transition(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: Transition) -> TicketRead:
        """Move the ticket with one action (assign, schedule, confirm, arrive, depart, resolve, accept,
        close, reopen, cancel, take_back, escalate); 409 when not allowed from its status."""
        ticket = await actions.transition(db, ctx, ticket_id, data, request.user)
        return ticket_read(ticket, ctx.tenant)

    @post("/{ticket_id:uuid}/service-record", status_code=200, guards=[requires_role(*STAFF)])
    async def service_record(
        self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: ServiceRecordIn
    ) -> TicketRead:
        """File the service record and whether the warranty card was written up (001), once the
        work is done; ``service_record.filed_same_day`` says whether it came in that day."""
        ticket = await records.file_service_record(db, ctx, ticket_id, data, request.user)
        return ticket_read(ticket, ctx.tenant)

    @post("/{ticket_id:uuid}/forms", guards=[requires_role(*STAFF)])
    async def attach_form(
        self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: FormSubmission
    ) -> Response:
        """Fill a form for the ticket after intake (validated against its JSON Schema, kept with its
        version), e.g. the service feedback form an action requires."""
        return await idempotency.create_once(
            db, request,
            lambda: ticket_forms.attach_form(db, ctx, ticket_id, data.id, data.data, request.user),
            lambda _attached: self._forms(db, ctx, ticket_id, request.user.locale),
        )

    @get("/{ticket_id:uuid}/forms")
    async def list_forms(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> TicketForms:
        """The ticket's forms (intake first) and the forms the enabled plugins require before an action."""
        return await self._forms(db, ctx, ticket_id, request.user.locale)

    @staticmethod
    async def _forms(db: AsyncSession, ctx: TenantContext, ticket_id: UUID, locale: str) -> TicketForms:
        ticket = await service.get_ticket(db, ticket_id)
        return ticket_forms_read(ticket, await ticket_forms.forms_of(db, ticket.id),
                                 ticket_forms.requirements(ctx, ticket), ctx.tenant, locale)

    @post("/{ticket_id:uuid}/handover", status_code=200, guards=[requires_role(*STAFF)])
    async def handover(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: Handover) -> TicketRead:
        """Hand the ticket to a colleague (from, to, reason and time go to the history)."""
        ticket = await service.handover(db, ctx, ticket_id, data.to_user_id, data.reason, request.user)
        return ticket_read(ticket, ctx.tenant)

    @post("/{ticket_id:uuid}/sla/pause", status_code=200, guards=[requires_role(*STAFF)])
    async def pause(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID,
                    data: SlaPause) -> TicketRead:
        """Stop the ticket's SLA clock (waiting_customer, waiting_parts, at_factory)."""
        ticket = await sla_pause.pause(db, ctx, ticket_id, data.reason, data.note, request.user)
        return ticket_read(ticket, ctx.tenant)

    @post("/{ticket_id:uuid}/sla/resume", status_code=200, guards=[requires_role(*STAFF)])
    async def resume(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> TicketRead:
        """Restart the clock; the due times move by the paused time."""
        ticket = await sla_pause.resume(db, ctx, ticket_id, request.user)
        return ticket_read(ticket, ctx.tenant)

    @get("/{ticket_id:uuid}/events")
    async def events(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        ticket_id: UUID,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[TicketEventRead]:
        """The append-only history, oldest first: who did what when, fields before and after."""
        await service.get_ticket(db, ticket_id)
        rows, next_cursor = await history_page(db, ticket_id, limit=limit, cursor=cursor)
        return Page(items=[event_read(e, ctx.tenant) for e in rows], next_cursor=next_cursor)

    @post("/{ticket_id:uuid}/charges", guards=[requires_role(*STAFF)])
    async def add_charge(self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: ChargeCreate) -> Response:
        """Add a parts or labour line, free or paid (amount in fen)."""
        return await idempotency.create_once(
            db, request,
            lambda: charges.add_charge(db, ctx, ticket_id, data, request.user),
            lambda line: charge_read(line, ctx.tenant),
        )

    @get("/{ticket_id:uuid}/charges")
    async def list_charges(self, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> list[ChargeRead]:
        """The ticket's charge lines."""
        return [charge_read(c, ctx.tenant) for c in await charges.charges_of(db, ticket_id)]

    @post("/{ticket_id:uuid}/charges/{charge_id:uuid}/invoice", status_code=200, guards=[requires_role(*STAFF)])
    async def invoice(
        self, request: Request, db: AsyncSession, ctx: TenantContext, ticket_id: UUID, charge_id: UUID, data: Invoice
    ) -> ChargeRead:
        """Record the invoice (发票) of a paid line once the work is resolved."""
        line = await charges.invoice_charge(db, ctx, ticket_id, charge_id, data.invoice_no, request.user)
        return charge_read(line, ctx.tenant)


class TicketNotificationController(ApiResource, path="/api/v1/tickets/{ticket_id:uuid}/notifications", tag="notifications",
                                   ):
    @get("/")
    async def list_for_ticket(self, db: AsyncSession, ctx: TenantContext, ticket_id: UUID) -> list[NotificationRead]:
        """The messages about a ticket and their delivery status, newest first (404 for a ticket
        that is not the tenant's)."""
        try:
            await check_ticket(db, ticket_id)
        except Invalid as exc:
            raise NotFound("no such ticket") from exc
        return [notification_read(row, ctx) for row in await ticket_notifications(db, ticket_id)]
