"""What a ticket's events tell whom: the tickets' subscribers that queue notifications, in the
transaction of the command (or sweep) that published the event.

* ``ticket.escalated`` — the person the open question went to (DOMAIN §1.2, 003 篇6: within 30
  minutes), or the holders of the ladder's first position when nobody was named;
* ``ticket.sla_breached`` — for ``escalate`` (not escalated within 30 minutes) the owner and the
  first rung; for ``respond``/``resolve`` the owner and the technician;
* ``ticket.sla_escalated`` — the users of the ladder's new level;
* ``ticket.departed`` without the customer's consent or the lead's coordination on record — the
  first rung, to coordinate with the customer (000 第三条(二)8);
* ``ticket.resolve_due_soon`` — the owner and the technician (004 第十六条);
* ``ticket.scheduled`` — the customer, :data:`REMINDER_LEAD` before the appointment (002
  §二.(二)); a new appointment, a new technician or a cancelled ticket withdraws the old reminder;
* a repaired item collected, the ticket closed, cancelled or reopened — its pending repair-ready
  notices (sent by :mod:`core.revisits.notices`) are withdrawn.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.service import holders
from core.customers.models import Customer
from core.eventbus import subscribe
from core.events import DomainEvent
from core.notifications.recipients import notify_customer, notify_staff
from core.notifications.reminders import console_url, local
from core.notifications.service import suppress_queued
from core.sla.policy import effective_policy
from core.tickets.models import Ticket
from tenants.context import TenantContext

#: The messages of a notice sequence (the repaired item waits).
NOTICE_KINDS = ("repair_ready.notice", "repair_ready.mail_back")
#: How long before the appointment the customer is reminded.
REMINDER_LEAD = timedelta(hours=24)


async def ticket_variables(session: AsyncSession, ctx: TenantContext, ticket: Ticket) -> dict:
    """The variables every ticket message may use."""
    customer = await session.scalar(select(Customer).where(Customer.id == ticket.customer_id))
    return {
        "tenant_name": ctx.tenant.name, "ticket_number": ticket.number, "ticket_subject": ticket.subject,
        "customer_name": customer.name if customer else "",
        "ticket_url": console_url(session, ctx, f"tickets/{ticket.id}"),
    }


async def _ticket(session: AsyncSession, event: DomainEvent) -> Ticket | None:
    return await session.scalar(select(Ticket).where(Ticket.id == event.subject_id))


async def _first_rung(session: AsyncSession, ctx: TenantContext) -> list[UUID]:
    ladder = (await effective_policy(session, ctx)).escalation_ladder
    return [user.id for user in await holders(session, ladder[0].role)] if ladder else []


def _ids(*values) -> list[UUID]:
    return [UUID(str(v)) for v in values if v]


@subscribe("ticket.escalated")
async def on_escalated(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """The open question reached the responsible person (DOMAIN §1.2, 30 minutes)."""
    ticket = await _ticket(session, event)
    to = _ids(event.data.get("to_user_id")) or await _first_rung(session, ctx)
    variables = {**await ticket_variables(session, ctx, ticket), "reason": event.data.get("reason") or ""}
    await notify_staff(session, ctx, key="ticket.escalated", user_ids=to, variables=variables, ticket_id=ticket.id,
                       dedupe=f"ticket.escalated:{ticket.id}:{event.occurred_at.isoformat()}")


@subscribe("ticket.departed")
async def on_departed(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """The technician left without the customer's consent or the lead's coordination on record:
    the department lead (the first rung of the escalation ladder) coordinates (000 第三条(二)8)."""
    if event.data.get("left_with") != "unconfirmed":
        return
    ticket = await _ticket(session, event)
    await notify_staff(session, ctx, key="ticket.left_unconfirmed", user_ids=await _first_rung(session, ctx),
                       variables=await ticket_variables(session, ctx, ticket), ticket_id=ticket.id,
                       dedupe=f"ticket.left_unconfirmed:{ticket.id}:{event.occurred_at.isoformat()}")


@subscribe("ticket.sla_breached")
async def on_breached(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """A due time passed: 30 minutes without escalation, or the respond/resolve targets."""
    ticket = await _ticket(session, event)
    variables = await ticket_variables(session, ctx, ticket)
    deadline = event.data.get("deadline")
    if deadline == "escalate":
        policy = await effective_policy(session, ctx)
        to = [*_ids(ticket.owner_id), *await _first_rung(session, ctx)]
        await notify_staff(session, ctx, key="sla.escalate_missed", user_ids=to, ticket_id=ticket.id,
                           variables={**variables, "minutes": policy.escalate_open_question_minutes},
                           dedupe=f"sla.escalate_missed:{ticket.id}")
        return
    due = event.data.get("due")
    await notify_staff(session, ctx, key="sla.breached", user_ids=_ids(ticket.owner_id, ticket.technician_id),
                       variables={**variables, "deadline": deadline, "due": local(ctx, _parse(due))},
                       ticket_id=ticket.id, dedupe=f"sla.breached:{ticket.id}:{deadline}")


def _parse(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value) if isinstance(value, str) else None


@subscribe("ticket.sla_escalated")
async def on_ladder(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """A new level of the management escalation ladder."""
    ticket = await _ticket(session, event)
    level = event.data.get("level")
    variables = {**await ticket_variables(session, ctx, ticket), "level": level,
                 "overdue_minutes": event.data.get("overdue_minutes")}
    await notify_staff(session, ctx, key="sla.escalated", user_ids=_ids(*event.data.get("to") or ()),
                       variables=variables, ticket_id=ticket.id, dedupe=f"sla.escalated:{ticket.id}:{level}")


@subscribe("ticket.resolve_due_soon")
async def on_due_soon(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """The resolution is due soon: warn the owner and the technician (004 第十六条)."""
    ticket = await _ticket(session, event)
    variables = {**await ticket_variables(session, ctx, ticket), "resolve_by": local(ctx, ticket.resolve_by)}
    await notify_staff(session, ctx, key="sla.due_soon", user_ids=_ids(ticket.owner_id, ticket.technician_id),
                       variables=variables, ticket_id=ticket.id,
                       dedupe=f"sla.due_soon:{ticket.id}:{ticket.resolve_by.isoformat()}")


@subscribe("ticket.scheduled")
async def on_scheduled(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """Remind the customer of the appointment :data:`REMINDER_LEAD` before it (or at once when it
    is sooner), outside quiet hours; an earlier reminder of the ticket is withdrawn."""
    ticket = await _ticket(session, event)
    await suppress_queued(session, "the appointment changed", ticket_id=ticket.id, keys=("appointment.reminder",))
    if ticket.appointment_start is None:
        return
    variables = {**await ticket_variables(session, ctx, ticket), "start": local(ctx, ticket.appointment_start),
                 "end": local(ctx, ticket.appointment_end)}
    await notify_customer(session, ctx, key="appointment.reminder", customer_id=ticket.customer_id,
                          phone=ticket.contact_phone, ticket_id=ticket.id, variables=variables,
                          due=ticket.appointment_start - REMINDER_LEAD,
                          dedupe=f"appointment.reminder:{ticket.id}:{ticket.appointment_start.isoformat()}")


@subscribe("ticket.assigned")
@subscribe("ticket.cancelled")
async def on_appointment_dropped(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """A new technician (the appointment is dropped) or a cancelled ticket: no reminder."""
    reason = "the appointment was dropped" if event.name == "ticket.assigned" else "the ticket was cancelled"
    await suppress_queued(session, reason, ticket_id=event.subject_id, keys=("appointment.reminder",))


@subscribe("ticket.accepted")
@subscribe("ticket.closed")
@subscribe("ticket.cancelled")
@subscribe("ticket.reopened")
async def on_collected(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """The repaired item no longer waits (collected and accepted, closed, cancelled, or the repair
    reopened): its pending repair-ready notices are withdrawn (004 第二十七条 notices are for an
    item that waits)."""
    await suppress_queued(session, f"the ticket was {event.name.split('.', 1)[1]}", ticket_id=event.subject_id,
                          keys=(*NOTICE_KINDS,))
