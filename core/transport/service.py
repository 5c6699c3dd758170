"""Transport-damage claims: opened for a customer, filed with the carrier, settled or rejected —
each step only from the one before it (409), the people and records the tenant's own (422)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import check_user
from core.customers.service import get_customer
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.errors import InvalidTransition
from core.pagination import paginate
from core.reads import read_of
from core.related import all_of
from core.tickets.queries import check_ticket
from core.timezones import check_not_future, tenant_today
from core.transport.models import TransportClaim
from core.transport.schemas import ClaimCreate, ClaimFile, ClaimRead, ClaimReject, ClaimSettle
from tenants.context import TenantContext

#: Which status each step leaves from.
FROM = {"file": "open", "settle": "filed", "reject": "filed"}


async def open_claim(session: AsyncSession, who: Principal, data: ClaimCreate) -> TransportClaim:
    """Open a claim for the customer; whoever opens it owns it (customer service)."""
    await get_customer(session, data.customer_id)
    await check_ticket(session, data.ticket_id)
    await check_user(session, data.logistics_id, "logistics_id")
    claim = TransportClaim(
        customer_id=data.customer_id, ticket_id=data.ticket_id, carrier=data.carrier.strip(),
        waybill_no=data.waybill_no.strip(), kind=data.kind, description=data.description,
        claimed_fen=data.claimed_fen, owner_id=who.user_id, logistics_id=data.logistics_id, status="open",
    )
    session.add(claim)
    await session.flush()
    return claim


async def _step(session: AsyncSession, claim_id: UUID, step: str) -> TransportClaim:
    claim = await get_or_404(session, TransportClaim, claim_id, "claim", for_update=True)
    if claim.status != FROM[step]:
        raise InvalidTransition(f"{step} is not allowed while the claim is {claim.status}",
                                [("status", f"the claim is {claim.status}")])
    return claim


async def file_claim(session: AsyncSession, ctx: TenantContext, claim_id: UUID, data: ClaimFile) -> TransportClaim:
    """Filed with the carrier, on a day not ahead of today (the tenant's)."""
    check_not_future(ctx.tenant, "filed_on", data.filed_on)
    claim = await _step(session, claim_id, "file")
    claim.status, claim.filed_on = "filed", data.filed_on or tenant_today(ctx.tenant)
    await session.flush()
    return claim


async def settle(session: AsyncSession, claim_id: UUID, data: ClaimSettle) -> TransportClaim:
    """The carrier pays ``settled_fen``: the claim is closed."""
    claim = await _step(session, claim_id, "settle")
    claim.status, claim.settled_fen, claim.result, claim.closed_at = "settled", data.settled_fen, data.result, utcnow()
    await session.flush()
    return claim


async def reject(session: AsyncSession, claim_id: UUID, data: ClaimReject) -> TransportClaim:
    """The carrier refuses, for the reason given: the claim is closed."""
    claim = await _step(session, claim_id, "reject")
    claim.status, claim.result, claim.closed_at = "rejected", data.result, utcnow()
    await session.flush()
    return claim


async def claim_page(session: AsyncSession, *, status: str | None, customer_id: UUID | None, limit: int | None,
                     cursor: str | None) -> tuple[list[TransportClaim], str | None]:
    """The claims, newest first, by status or customer."""
    stmt = where_given(select(TransportClaim), (TransportClaim.status, status),
                       (TransportClaim.customer_id, customer_id))
    return await paginate(session, stmt, TransportClaim.id, limit=limit, cursor=cursor)


def claim_read(claim: TransportClaim) -> ClaimRead:
    return read_of(ClaimRead, claim)


async def of_customer(session: AsyncSession, customer_id: UUID) -> list[TransportClaim]:
    """The transport claims made for a customer, oldest first (the PIPL access report)."""
    return await all_of(session, TransportClaim.customer_id, customer_id)
