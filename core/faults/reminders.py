"""A major fault's reminders (DOMAIN §12, 003 篇3 七). The seed asks for each step "及时"
(promptly) without a number; the defaults here are the product's reading of it:

* senior management not recorded as informed :data:`INFORM_WITHIN` (4 hours, as long as the SLA
  ladder gives the service manager) after the report → the responsible manager (``manager_id``);
* the analysis not filed :data:`ANALYSIS_WITHIN_DAYS` (3) tenant days after the day of the report
  → the technical lead: the holders of the ``service_manager`` position (技术服务部主管, who
  organises the analysis), or the responsible manager when nobody holds it; from 09:00 of that
  day (:mod:`core.notifications.reminders`).

Each reminder goes once per fault and person; a fault whose analysis was sent to the customer
(``sent``) is finished and reminds nobody.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.service import holders
from core.customers.queries import customers_by_id
from core.faults.models import MajorFault
from core.notifications.reminders import console_url, local, notify_staff, reminded_on
from core.timezones import tenant_zone
from tenants.context import TenantContext

#: How long after the report senior management should have been informed.
INFORM_WITHIN = timedelta(hours=4)
#: Tenant days after the day of the report by which the analysis should be filed.
ANALYSIS_WITHIN_DAYS = 3
#: Who organises the analysis (003 篇3 七: 技术服务部主管).
TECHNICAL_LEAD = "service_manager"


async def notify_reported(session: AsyncSession, ctx: TenantContext, fault: MajorFault) -> None:
    """The first report told at once (003 篇3 七: 第一时间通知) to the account owner and the
    responsible manager: when and where, the symptoms and the plan."""
    customer = (await customers_by_id(session, {fault.customer_id})).get(fault.customer_id)
    await notify_staff(session, ctx, key="fault.reported", user_ids=[fault.account_owner_id, fault.manager_id],
                       ticket_id=fault.ticket_id, dedupe=f"fault.reported:{fault.id}", variables={
                           "tenant_name": ctx.tenant.name, "customer_name": customer.name if customer else "",
                           "place": fault.place, "occurred_at": local(ctx, fault.occurred_at),
                           "symptoms": fault.symptoms, "plan": fault.plan,
                           "url": console_url(session, ctx, "major-faults")})


async def remind(session: AsyncSession, ctx: TenantContext, now: datetime) -> int:
    """Queue the reminders due at ``now``; how many faults were reminded about."""
    zone = tenant_zone(ctx.tenant)
    uninformed = list(await session.scalars(select(MajorFault).where(
        MajorFault.management_informed_at.is_(None), MajorFault.status != "sent",
        MajorFault.created_at <= now - INFORM_WITHIN).order_by(MajorFault.id)))
    reported = list(await session.scalars(select(MajorFault).where(MajorFault.status == "reported")
                                          .order_by(MajorFault.id)))
    unanalysed = [f for f in reported if reminded_on(f.created_at.astimezone(zone).date(), ANALYSIS_WITHIN_DAYS,
                                                      now, zone)]
    if not uninformed and not unanalysed:
        return 0
    found = await customers_by_id(session, {f.customer_id for f in (*uninformed, *unanalysed)})
    names = {customer_id: customer.name for customer_id, customer in found.items()}
    url = console_url(session, ctx, "major-faults")

    def variables(fault: MajorFault) -> dict:
        return {"tenant_name": ctx.tenant.name, "customer_name": names.get(fault.customer_id, ""),
                "place": fault.place, "occurred_at": local(ctx, fault.occurred_at), "url": url}

    for fault in uninformed:
        hours = int((now - fault.created_at).total_seconds() // 3600)
        await notify_staff(session, ctx, key="fault.inform_management", user_ids=[fault.manager_id], ticket_id=None,
                           dedupe=f"fault.inform_management:{fault.id}", variables={**variables(fault), "hours": hours})
    leads = [user.id for user in await holders(session, TECHNICAL_LEAD)] if unanalysed else []
    for fault in unanalysed:
        await notify_staff(session, ctx, key="fault.analysis_due", user_ids=leads or [fault.manager_id],
                           ticket_id=None, dedupe=f"fault.analysis_due:{fault.id}",
                           variables={**variables(fault), "days": ANALYSIS_WITHIN_DAYS})
    return len(uninformed) + len(unanalysed)
