"""What queues notifications: core subscribers of the domain events, in the transaction of the
command (or sweep) that published them.

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
* ``revisit.scheduled`` — a notice of a sequence (the repaired item is ready, 004 第二十七条), the
  sequence's final contact (mail it back, 第二十八条), or a revisit by SMS.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from core.auth.models import User
from core.auth.service import holders
from core.customers.models import Customer
from core.eventbus import subscribe
from core.events import DomainEvent
from core.notifications.service import (
    Recipient,
    adapters,
    load_settings,
    notify,
    notify_all,
    operator_settings,
    suppress_queued,
)
from core.revisits.models import Revisit, RevisitReason
from core.revisits.rules import REACHED, rules_by_id
from core.sla.policy import effective_policy
from core.tickets.models import Ticket
from core.timezones import tenant_zone
from tenants.context import TenantContext

#: The messages of a notice sequence (the repaired item waits).
NOTICE_KINDS = ("repair_ready.notice", "repair_ready.mail_back")
#: How long before the appointment the customer is reminded.
REMINDER_LEAD = timedelta(hours=24)


def _local(ctx: TenantContext, moment) -> str:
    return moment.astimezone(tenant_zone(ctx.tenant)).strftime("%Y-%m-%d %H:%M") if moment else ""


async def ticket_variables(session, ctx: TenantContext, ticket: Ticket) -> dict:
    """The variables every ticket message may use."""
    customer = await session.scalar(select(Customer).where(Customer.id == ticket.customer_id))
    base = operator_settings(session).public_url.rstrip("/")
    return {
        "tenant_name": ctx.tenant.name, "ticket_number": ticket.number, "ticket_subject": ticket.subject,
        "customer_name": customer.name if customer else "",
        "ticket_url": f"{base}/t/{ctx.tenant.slug}/tickets/{ticket.id}",
    }


async def notify_staff(session, ctx: TenantContext, *, key: str, user_ids: list[UUID], dedupe: str, variables: dict,
                       ticket_id: UUID | None) -> None:
    """Queue ``key`` on each of the tenant's staff channels: one message per user on an e-mail
    channel (in the user's language), one per group on a group robot."""
    settings = await load_settings(session)
    known = adapters(ctx)
    users = []
    if user_ids:
        stmt = select(User).where(User.id.in_(set(user_ids)), User.is_active.is_(True)).order_by(User.id)
        users = list((await session.scalars(stmt)).all())
    for channel in settings.staff_channels:
        kind = known[channel].recipient if channel in known else None
        if kind == "email":
            recipients = [Recipient(user.email, f"{dedupe}:{channel}:{user.id}", user.locale) for user in users]
        elif kind == "group" and users:
            recipients = [Recipient("group", f"{dedupe}:{channel}")]
        else:
            continue
        await notify_all(session, ctx, key=key, channel=channel, recipients=recipients, variables=variables,
                         ticket_id=ticket_id)


async def customer_phone(session, ticket: Ticket | None, customer_id: UUID | None) -> str | None:
    """The number a customer message goes to: the ticket's contact phone, else the customer's."""
    if ticket is not None and ticket.contact_phone:
        return ticket.contact_phone
    if customer_id is None:
        return None
    return await session.scalar(select(Customer.phone).where(Customer.id == customer_id))


async def notify_customer(session, ctx: TenantContext, *, key: str, ticket: Ticket | None, customer_id: UUID | None,
                          dedupe: str, variables: dict, due=None) -> None:
    """Queue ``key`` to the customer on the tenant's customer channel (quiet hours apply)."""
    settings = await load_settings(session)
    await notify(session, ctx, key=key, recipient=await customer_phone(session, ticket, customer_id),
                 channel=settings.customer_channel, dedupe_key=dedupe, variables=variables,
                 ticket_id=ticket.id if ticket is not None else None, due=due)


async def _ticket(session, event: DomainEvent) -> Ticket | None:
    return await session.scalar(select(Ticket).where(Ticket.id == event.subject_id))


async def _first_rung(session, ctx: TenantContext) -> list[UUID]:
    ladder = (await effective_policy(session, ctx)).escalation_ladder
    return [user.id for user in await holders(session, ladder[0].role)] if ladder else []


def _ids(*values) -> list[UUID]:
    return [UUID(str(v)) for v in values if v]


@subscribe("ticket.escalated")
async def on_escalated(session, ctx: TenantContext, event: DomainEvent) -> None:
    """The open question reached the responsible person (DOMAIN §1.2, 30 minutes)."""
    ticket = await _ticket(session, event)
    to = _ids(event.data.get("to_user_id")) or await _first_rung(session, ctx)
    variables = {**await ticket_variables(session, ctx, ticket), "reason": event.data.get("reason") or ""}
    await notify_staff(session, ctx, key="ticket.escalated", user_ids=to, variables=variables, ticket_id=ticket.id,
                       dedupe=f"ticket.escalated:{ticket.id}:{event.occurred_at.isoformat()}")


@subscribe("ticket.departed")
async def on_departed(session, ctx: TenantContext, event: DomainEvent) -> None:
    """The technician left without the customer's consent or the lead's coordination on record:
    the department lead (the first rung of the escalation ladder) coordinates (000 第三条(二)8)."""
    if event.data.get("left_with") != "unconfirmed":
        return
    ticket = await _ticket(session, event)
    await notify_staff(session, ctx, key="ticket.left_unconfirmed", user_ids=await _first_rung(session, ctx),
                       variables=await ticket_variables(session, ctx, ticket), ticket_id=ticket.id,
                       dedupe=f"ticket.left_unconfirmed:{ticket.id}:{event.occurred_at.isoformat()}")


@subscribe("ticket.sla_breached")
async def on_breached(session, ctx: TenantContext, event: DomainEvent) -> None:
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
                       variables={**variables, "deadline": deadline, "due": _local(ctx, _parse(due))},
                       ticket_id=ticket.id, dedupe=f"sla.breached:{ticket.id}:{deadline}")


def _parse(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value) if isinstance(value, str) else None


@subscribe("ticket.sla_escalated")
async def on_ladder(session, ctx: TenantContext, event: DomainEvent) -> None:
    """A new level of the management escalation ladder."""
    ticket = await _ticket(session, event)
    level = event.data.get("level")
    variables = {**await ticket_variables(session, ctx, ticket), "level": level,
                 "overdue_minutes": event.data.get("overdue_minutes")}
    await notify_staff(session, ctx, key="sla.escalated", user_ids=_ids(*event.data.get("to") or ()),
                       variables=variables, ticket_id=ticket.id, dedupe=f"sla.escalated:{ticket.id}:{level}")


@subscribe("ticket.resolve_due_soon")
async def on_due_soon(session, ctx: TenantContext, event: DomainEvent) -> None:
    """The resolution is due soon: warn the owner and the technician (004 第十六条)."""
    ticket = await _ticket(session, event)
    variables = {**await ticket_variables(session, ctx, ticket), "resolve_by": _local(ctx, ticket.resolve_by)}
    await notify_staff(session, ctx, key="sla.due_soon", user_ids=_ids(ticket.owner_id, ticket.technician_id),
                       variables=variables, ticket_id=ticket.id,
                       dedupe=f"sla.due_soon:{ticket.id}:{ticket.resolve_by.isoformat()}")


@subscribe("ticket.scheduled")
async def on_scheduled(session, ctx: TenantContext, event: DomainEvent) -> None:
    """Remind the customer of the appointment :data:`REMINDER_LEAD` before it (or at once when it
    is sooner), outside quiet hours; an earlier reminder of the ticket is withdrawn."""
    ticket = await _ticket(session, event)
    await suppress_queued(session, "the appointment changed", ticket_id=ticket.id, keys=("appointment.reminder",))
    if ticket.appointment_start is None:
        return
    variables = {**await ticket_variables(session, ctx, ticket), "start": _local(ctx, ticket.appointment_start),
                 "end": _local(ctx, ticket.appointment_end)}
    await notify_customer(session, ctx, key="appointment.reminder", ticket=ticket, customer_id=ticket.customer_id,
                          variables=variables, due=ticket.appointment_start - REMINDER_LEAD,
                          dedupe=f"appointment.reminder:{ticket.id}:{ticket.appointment_start.isoformat()}")


@subscribe("ticket.assigned")
@subscribe("ticket.cancelled")
async def on_appointment_dropped(session, ctx: TenantContext, event: DomainEvent) -> None:
    """A new technician (the appointment is dropped) or a cancelled ticket: no reminder."""
    reason = "the appointment was dropped" if event.name == "ticket.assigned" else "the ticket was cancelled"
    await suppress_queued(session, reason, ticket_id=event.subject_id, keys=("appointment.reminder",))


@subscribe("ticket.accepted")
@subscribe("ticket.closed")
@subscribe("ticket.cancelled")
@subscribe("ticket.reopened")
async def on_collected(session, ctx: TenantContext, event: DomainEvent) -> None:
    """The repaired item no longer waits (collected and accepted, closed, cancelled, or the repair
    reopened): its pending repair-ready notices are withdrawn (004 第二十七条 notices are for an
    item that waits)."""
    await suppress_queued(session, f"the ticket was {event.name.split('.', 1)[1]}", ticket_id=event.subject_id,
                          keys=(*NOTICE_KINDS,))


@subscribe("revisit.outcome")
async def on_revisit_outcome(session, ctx: TenantContext, event: DomainEvent) -> None:
    """The customer was reached by the call before the message went out: the revisit's pending
    notice or SMS is withdrawn (a mail-back notice still tells them the item is on its way)."""
    if event.data.get("outcome") not in REACHED:
        return
    stmt = select(RevisitReason.id).where(RevisitReason.revisit_id == event.subject_id)
    reason_ids = (await session.scalars(stmt)).all()
    await suppress_queued(session, f"the customer was reached: {event.data.get('outcome')}",
                          keys=("repair_ready.notice", "revisit.sms"),
                          dedupe_keys=[f"revisit:{reason_id}" for reason_id in reason_ids])


@subscribe("revisit.scheduled")
async def on_revisit(session, ctx: TenantContext, event: DomainEvent) -> None:
    """Notices of a sequence (repaired item ready, 004 第二十七-二十八条) and revisits by SMS."""
    rule_ids = event.data.get("rule_ids") or []
    if not rule_ids:
        return
    revisit = await session.scalar(select(Revisit).where(Revisit.id == event.subject_id))
    reason = await session.scalar(
        select(RevisitReason).where(RevisitReason.revisit_id == revisit.id, RevisitReason.rule_id == rule_ids[0])
        .order_by(RevisitReason.created_at.desc(), RevisitReason.id.desc()).limit(1))
    rules = rules_by_id(ctx)
    rule = rules.get(rule_ids[0])
    base = rules.get(rule_ids[0].removesuffix(".final")) if rule_ids[0].endswith(".final") else None
    ticket = await session.scalar(select(Ticket).where(Ticket.id == revisit.ticket_id)) if revisit.ticket_id else None
    variables = await ticket_variables(session, ctx, ticket) if ticket is not None else {
        "tenant_name": ctx.tenant.name,
        "customer_name": await session.scalar(select(Customer.name).where(Customer.id == revisit.customer_id))}
    dedupe = f"revisit:{reason.id}" if reason is not None else f"revisit:{revisit.id}:{rule_ids[0]}"
    if rule is not None and rule.sequence is not None:
        key, variables = "repair_ready.notice", {**variables, "step": (reason.notice_step if reason else None) or 1,
                                                 "notices": rule.sequence.notices}
    elif base is not None and base.sequence is not None:
        key, variables = "repair_ready.mail_back", {**variables, "notices": base.sequence.notices}
    elif revisit.channel == "sms":
        text = reason.text if reason is not None else {}
        key = "revisit.sms"
        variables = {**variables, "reason": text.get(ctx.tenant.locale) or text.get("zh_Hans") or ""}
    else:
        return
    await notify_customer(session, ctx, key=key, ticket=ticket, customer_id=revisit.customer_id, dedupe=dedupe,
                          variables=variables, due=revisit.scheduled_at)
