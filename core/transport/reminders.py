"""A transport claim's reminders to its owner (DOMAIN §12, 001 篇1 退换货 第四条: the claim is
filed with the carrier for the customer and tracked to its result). The seed gives no number of
days; the product's defaults:

* a claim opened and not filed with the carrier :data:`FILE_WITHIN_DAYS` (3) tenant days after
  the day it was opened;
* a claim filed and neither settled nor rejected :data:`RESULT_WITHIN_DAYS` (30) days after its
  ``filed_on`` day;

each reminds the claim's owner (customer service) once, from 09:00 of that day
(:mod:`core.notifications.reminders`). A settled or rejected claim reminds nobody.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.queries import customers_by_id
from core.notifications.reminders import console_url, notify_staff, reminded_on
from core.timezones import tenant_zone
from core.transport.models import TransportClaim
from tenants.context import TenantContext

#: Tenant days after the claim was opened by which it should be filed with the carrier.
FILE_WITHIN_DAYS = 3
#: Days after filing by which the carrier should have settled or rejected it.
RESULT_WITHIN_DAYS = 30


async def remind(session: AsyncSession, ctx: TenantContext, now: datetime) -> int:
    """Queue the reminders due at ``now``; how many claims were reminded about."""
    zone = tenant_zone(ctx.tenant)
    waiting = list(await session.scalars(select(TransportClaim).where(TransportClaim.status.in_(("open", "filed")))
                                         .order_by(TransportClaim.id)))
    unfiled = [c for c in waiting if c.status == "open"
               and reminded_on(c.created_at.astimezone(zone).date(), FILE_WITHIN_DAYS, now, zone)]
    unsettled = [c for c in waiting if c.status == "filed" and c.filed_on is not None
                 and reminded_on(c.filed_on, RESULT_WITHIN_DAYS, now, zone)]
    if not unfiled and not unsettled:
        return 0
    found = await customers_by_id(session, {c.customer_id for c in (*unfiled, *unsettled)})
    url = console_url(session, ctx, "transport-claims")

    def variables(claim: TransportClaim) -> dict:
        customer = found.get(claim.customer_id)
        return {"tenant_name": ctx.tenant.name, "customer_name": customer.name if customer else "",
                "carrier": claim.carrier, "waybill_no": claim.waybill_no, "url": url}

    for claim in unfiled:
        await notify_staff(session, ctx, key="transport.file_due", user_ids=[claim.owner_id], ticket_id=claim.ticket_id,
                           dedupe=f"transport.file_due:{claim.id}", variables={**variables(claim),
                                                                               "days": FILE_WITHIN_DAYS})
    for claim in unsettled:
        await notify_staff(session, ctx, key="transport.result_due", user_ids=[claim.owner_id],
                           ticket_id=claim.ticket_id, dedupe=f"transport.result_due:{claim.id}",
                           variables={**variables(claim), "filed_on": claim.filed_on.isoformat(),
                                      "days": RESULT_WITHIN_DAYS})
    return len(unfiled) + len(unsettled)
