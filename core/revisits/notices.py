"""What a revisit sends the customer besides the call, through the notifications' outbox: the
notices of a sequence (the repaired item is ready, 004 第二十七条), the sequence's final contact
(mail it back, 第二十八条) and revisits by SMS, each at the revisit's time and withdrawn once the
call reached the customer. A collected item's notices are withdrawn by the tickets
(:mod:`core.tickets.notices`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.models import Customer
from core.eventbus import subscribe
from core.events import DomainEvent
from core.notifications.recipients import notify_customer
from core.notifications.service import suppress_queued
from core.revisits.models import Revisit, RevisitReason
from core.revisits.rules import REACHED, rules_by_id
from core.tickets.models import Ticket
from core.tickets.notices import ticket_variables
from tenants.context import TenantContext


@subscribe("revisit.outcome")
async def on_revisit_outcome(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
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
async def on_revisit(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
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
    await notify_customer(session, ctx, key=key, customer_id=revisit.customer_id, dedupe=dedupe, variables=variables,
                          phone=ticket.contact_phone if ticket is not None else None,
                          ticket_id=ticket.id if ticket is not None else None, due=revisit.scheduled_at)
