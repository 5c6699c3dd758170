"""Ticket transitions: the table of :mod:`core.tickets.workflow` walked by :func:`transition`, one
small effect per action that records what the action means (appointment, arrival, signature…)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.service import get_customer
from core.db.base import utcnow
from core.errors import Invalid, InvalidTransition
from core.roster.availability import check_available, unavailable
from core.sla.business_calendar import calendar_at
from core.sla.clock import end_pause
from core.sla.due import resolve_due, uncovered_years
from core.sla.policy import effective_policy
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket
from core.tickets.records import check_record_before_close
from core.tickets.schemas import Transition
from core.tickets.service import actor_id_of, check_staff, get_ticket, publish_ticket_event
from core.tickets.ticket_forms import check_required_forms
from core.tickets.workflow import DONE, EVENT_NAMES, REQUIRED, next_state
from core.timezones import tenant_today, tenant_zone
from tenants.context import TenantContext

Effect = Callable[[AsyncSession, object, Ticket, Transition, datetime], Awaitable[dict]]
SIGNATURE_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,", "data:image/svg+xml;base64,")


def aware(value: datetime, ctx: TenantContext) -> datetime:
    """A timestamp without offset is read in the tenant's zone."""
    return value if value.tzinfo else value.replace(tzinfo=tenant_zone(ctx.tenant))


async def _assign(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """派工: a technician of the tenant; a new assignment drops the old appointment."""
    await check_staff(session, req.technician_id, "technician_id", roles=("technician",))
    await check_available(session, ctx, tenant_today(ctx.tenant, now), req.technician_id, "technician_id")
    ticket.technician_id = req.technician_id
    ticket.appointment_start = ticket.appointment_end = ticket.confirmed_at = None
    return {"technician_id": req.technician_id}


async def _schedule(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """The appointment window; it needs the customer's confirmation again."""
    start, end = aware(req.start, ctx), aware(req.end, ctx)
    if end <= start:
        raise Invalid("end", "must be after start")
    if ticket.technician_id is not None:
        day = start.astimezone(tenant_zone(ctx.tenant)).date()
        why = (await unavailable(session, ctx, day, [ticket.technician_id])).get(ticket.technician_id)
        if why:
            raise Invalid("start", f"the technician dispatched is not available on {day}: {why}; dispatch "
                                   f"another technician (technician_id) or choose another day")
    ticket.appointment_start, ticket.appointment_end, ticket.confirmed_at = start, end, None
    return {"start": start, "end": end}


async def _confirm(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """The customer confirmed the appointment; a re-confirmation before the time is recorded too."""
    reconfirmation = ticket.confirmed_at is not None
    ticket.confirmed_at = now
    return {"reconfirmation": reconfirmation, "note": req.note}


async def _arrive(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """到达: attendance time; reaching the site is the SLA response."""
    ticket.arrived_at, ticket.departed_at = now, None
    ticket.responded_at = ticket.responded_at or now
    return {}


#: A departure without the customer's consent or the lead's coordination on record.
UNCONFIRMED_DEPARTURE = "unconfirmed"


async def _depart(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """离开: attendance time; only while the technician is on site. The technician leaves with the
    customer's consent or the department lead's coordination (000 第三条(二)8): ``left_with``
    says which; without it the departure is recorded as unconfirmed and the lead is asked to
    coordinate (the ``ticket.departed`` event carries ``left_with``)."""
    if ticket.arrived_at is None or ticket.departed_at is not None:
        raise InvalidTransition("the technician is not on site", [("action", "not on site")])
    ticket.departed_at = now
    return {"left_with": req.left_with or UNCONFIRMED_DEPARTURE}


async def _resolve(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """Done; ``remedy`` says what the customer got (repaired, or exchanged or refunded when the
    repair took too long, 001 §2 第二条)."""
    ticket.resolution, ticket.resolved_at = req.resolution, now
    ticket.responded_at = ticket.responded_at or now
    ticket.remedy = req.remedy
    return {"remedy": req.remedy} if req.remedy else {}


async def _accept(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """验收: the customer signs the service record (signature image optional, as a data URL); a
    company also stamps it (盖章)."""
    image = req.signature_image
    if image is not None and not image.startswith(SIGNATURE_PREFIXES):
        raise Invalid("signature_image", "must be a data URL of a PNG, JPEG or SVG image (data:image/png;base64,…)")
    if not req.signed_by.strip():
        raise Invalid("signed_by", "must not be blank")
    customer = await get_customer(session, ticket.customer_id)
    if customer.is_company and not req.stamped:
        raise Invalid("stamped", "a company customer stamps the service record (盖章): confirm the stamp")
    ticket.signed_by, ticket.signature_image, ticket.accepted_at = req.signed_by.strip(), image, now
    ticket.stamped = bool(req.stamped)
    return {"signed_by": ticket.signed_by, "signature": image is not None, "stamped": ticket.stamped}


async def _close(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    check_record_before_close(ticket, await effective_policy(session, ctx))
    ticket.closed_at = now
    return {}


async def _quote(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """On site (002): the plan, time and cost explained to the customer; a new quote needs a new consent."""
    if not req.plan.strip():
        raise Invalid("plan", "must not be blank")
    ticket.quote_plan, ticket.quote_fen, ticket.quoted_at = req.plan.strip(), req.estimate_fen, now
    ticket.consented_by = ticket.consented_at = None
    return {"plan": ticket.quote_plan, "estimate_fen": req.estimate_fen}


async def _consent(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """征得客户同意 (002): the customer agrees to the quoted plan and cost."""
    if ticket.quoted_at is None:
        raise InvalidTransition("nothing to consent to: quote the plan and cost first", [("quote", "no quote")])
    if not req.consented_by.strip():
        raise Invalid("consented_by", "must not be blank")
    ticket.consented_by, ticket.consented_at = req.consented_by.strip(), now
    return {"consented_by": ticket.consented_by, "estimate_fen": ticket.quote_fen}


async def _call_ahead(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """The technician calls the customer before leaving for the site (000, 002)."""
    ticket.called_ahead_at = now
    return {"note": req.note} if req.note else {}


async def _set_resolve_by(session: AsyncSession, ctx: TenantContext, ticket: Ticket, policy, start: datetime,
                          complexity: str | None) -> None:
    """A fresh ``resolve_by`` counted from ``start`` in the tenant's business calendar, and the
    years it crossed that no calendar covers."""
    zone, calendar = tenant_zone(ctx.tenant), await calendar_at(session, ctx, start)
    ticket.resolve_by = resolve_due(policy, start, zone, complexity, calendar)
    gaps = uncovered_years(policy, calendar, zone, start, ticket.respond_by, ticket.resolve_by)
    ticket.sla_calendar_uncovered = list(gaps) or None


async def _reopen(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """The customer disputes the result: work again, with a fresh resolution due time."""
    policy = await effective_policy(session, ctx)
    ticket.resolved_at = ticket.accepted_at = ticket.closed_at = None
    await _set_resolve_by(session, ctx, ticket, policy, now, ticket.complexity)
    ticket.resolve_breached_at, ticket.escalation_level, ticket.due_soon_at = None, 0, None
    return {"reason": req.reason}


async def _cancel(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    ticket.cancel_reason = req.reason
    return {"reason": req.reason}


async def _take_back(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """带回维修: a written hand-over of the product and a promised completion date (001)."""
    if req.promised_date < tenant_today(ctx.tenant, now):
        raise Invalid("promised_date", "cannot be in the past")
    ticket.handover_note, ticket.promised_date, ticket.taken_back_at = req.handover_note, req.promised_date, now
    ticket.departed_at = ticket.departed_at or now
    return {"handover_note": req.handover_note, "promised_date": req.promised_date}


async def _escalate(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """An open question goes to the responsible person (30 minutes, 003 篇6)."""
    if req.to_user_id is not None:
        await check_staff(session, req.to_user_id, "to_user_id")
    ticket.escalated_at = now
    return {"to_user_id": req.to_user_id, "reason": req.reason}


async def _classify(session: AsyncSession, ctx: TenantContext, ticket: Ticket, req: Transition, now) -> dict:
    """002: a simple fault within X h, a complex one within Y h, counted from when the request
    was received; the history keeps the due time before and after."""
    policy = await effective_policy(session, ctx)
    ticket.complexity = req.complexity
    if ticket.resolved_at is None:
        await _set_resolve_by(session, ctx, ticket, policy, ticket.created_at, req.complexity)
        ticket.resolve_breached_at, ticket.due_soon_at = None, None
    return {"complexity": req.complexity}


EFFECTS: dict[str, Effect] = {
    "assign": _assign, "schedule": _schedule, "confirm": _confirm, "arrive": _arrive, "depart": _depart,
    "resolve": _resolve, "accept": _accept, "close": _close, "reopen": _reopen, "cancel": _cancel,
    "take_back": _take_back, "escalate": _escalate, "classify": _classify, "quote": _quote, "consent": _consent,
    "call_ahead": _call_ahead,
}


def check_request(req: Transition) -> None:
    missing = [(f, "required for this action") for f in REQUIRED.get(req.action, ()) if getattr(req, f) is None]
    if missing:
        raise Invalid.fields(f"{req.action} needs {', '.join(f for f, _ in missing)}", missing)


async def transition(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, req: Transition, actor) -> Ticket:
    """Apply one action. Not allowed from the current status: 409 and nothing changes."""
    if req.action not in EFFECTS:
        raise Invalid("action", f"unknown action; one of: {', '.join(EFFECTS)}")
    actor_id = actor_id_of(actor)
    ticket = await get_ticket(session, ticket_id, for_update=True)
    target = next_state(ticket.status, req.action)
    if target is None:
        raise InvalidTransition(
            f"{req.action} is not allowed while the ticket is {ticket.status}", [("action", "not allowed now")]
        )
    check_request(req)
    await check_required_forms(session, ctx, ticket, req.action)
    before, from_status, now = snapshot(ticket), ticket.status, utcnow()
    data = await EFFECTS[req.action](session, ctx, ticket, req, now)
    ticket.status, ticket.updated_at = target, now
    if target in DONE and ticket.paused_at is not None:
        data["sla_resumed_after_seconds"] = end_pause(ticket, now)
    await record(session, ticket, actor_id, req.action, before, from_status=from_status, data=data)
    await publish_ticket_event(session, ctx, ticket, EVENT_NAMES[req.action], actor_id, from_status=from_status,
                               **_event_extra(req.action, data))
    return ticket


def _event_extra(action: str, data: dict) -> dict:
    """What an action's event says beyond the ticket: who an open question was escalated to, and
    why (the notification to the responsible person needs it); how the technician left."""
    if action == "depart":
        return {"left_with": data["left_with"]}
    if action != "escalate":
        return {}
    return {"to_user_id": str(data["to_user_id"]) if data.get("to_user_id") else None, "reason": data.get("reason")}
