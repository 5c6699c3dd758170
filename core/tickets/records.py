"""What the work leaves behind (DOMAIN §1, 001 and 002): the customer's consent to the quoted cost
before extra work or parts, and the service record filed the same day with the warranty card
written up.

* Consent (征得客户同意, 002): once a technician has been on site, a *paid* charge line may only
  bring the paid total up to the estimate the customer consented to; anything beyond needs a new
  quote and a new consent. Free (warranty) lines need none.
* Service record (001): the record of the service, and whether the product's warranty card got the
  service date and content, is filed once the work is done, the same day (当日上交): filed on the
  local date the ticket was resolved. Where the tenant's policy says so
  (``close_needs_service_record``), a ticket that had a visit or a take-back closes only with its
  record filed.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.errors import Conflict, InvalidTransition
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket, TicketCharge
from core.tickets.schemas import ServiceRecordIn
from core.tickets.service import actor_id_of, get_ticket, publish_ticket_event
from core.timezones import tenant_zone
from tenants.context import TenantContext

#: Statuses in which the work is done and its record can be filed.
RECORDABLE = frozenset({"resolved", "accepted"})


def had_field_work(ticket: Ticket) -> bool:
    """The technician went on site or took the product back: a service record is due."""
    return ticket.arrived_at is not None or ticket.taken_back_at is not None


def filed_same_day(ticket: Ticket, zone) -> bool | None:
    """当日上交: the record was filed on the local date the work was resolved."""
    if ticket.record_filed_at is None or ticket.resolved_at is None:
        return None
    return ticket.record_filed_at.astimezone(zone).date() == ticket.resolved_at.astimezone(zone).date()


async def check_consent(session: AsyncSession, ticket: Ticket, amount_fen: int) -> None:
    """002: after a visit, paid lines stay within the estimate the customer consented to."""
    if not had_field_work(ticket):
        return
    paid = await session.scalar(
        select(func.coalesce(func.sum(TicketCharge.amount_fen), 0))
        .where(TicketCharge.ticket_id == ticket.id, TicketCharge.free.is_(False))
    )
    if ticket.consented_at is None:
        raise Conflict("the customer has not consented to any cost yet: quote the plan and cost, then record "
                       "the customer's consent (征得客户同意)", [("consent", "no consent recorded")])
    if paid + amount_fen > ticket.quote_fen:
        raise Conflict(
            f"this line brings the paid total to {paid + amount_fen} fen, beyond the {ticket.quote_fen} fen the "
            "customer consented to: quote again and record the customer's consent",
            [("consent", "beyond the consented estimate")],
        )


def check_record_before_close(ticket: Ticket, policy) -> None:
    """001: where the policy asks for it, a visit or a take-back closes only with its service
    record filed."""
    if policy.close_needs_service_record and had_field_work(ticket) and ticket.record_filed_at is None:
        raise InvalidTransition("file the service record (and the warranty card) before closing",
                                [("service_record", "not filed")])


async def file_service_record(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, data: ServiceRecordIn, actor,
                              now: datetime | None = None) -> Ticket:
    """File the ticket's service record once; the history says whether it was filed the same day."""
    now = now or utcnow()
    ticket = await get_ticket(session, ticket_id, for_update=True)
    if ticket.status not in RECORDABLE:
        raise InvalidTransition(f"the service record is filed once the work is done, not while {ticket.status}",
                                [("status", "work not done")])
    if ticket.record_filed_at is not None:
        raise Conflict("the service record is already filed", [("service_record", "already filed")])
    before, actor_id = snapshot(ticket), actor_id_of(actor)
    ticket.record_content, ticket.record_card_written = data.content, data.warranty_card_written
    ticket.record_filed_at, ticket.record_filed_by = now, actor_id
    same_day = filed_same_day(ticket, tenant_zone(ctx.tenant))
    await record(session, ticket, actor_id, "service_record", before, from_status=ticket.status,
                 data={"warranty_card_written": data.warranty_card_written, "filed_same_day": same_day})
    await publish_ticket_event(session, ctx, ticket, "ticket.record_filed", actor_id, filed_same_day=same_day)
    return ticket
