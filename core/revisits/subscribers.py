"""Revisit rules applied when things happen: core subscribers of the domain events that
rules can name as their trigger."""

from __future__ import annotations

import logging
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.service import get_asset, get_customer
from core.errors import NotFound
from core.eventbus import subscribe
from core.events import DomainEvent
from core.revisits.rules import Facts, applies, revisit_rules
from core.revisits.service import Origin, schedule
from core.tickets.service import get_ticket
from core.timezones import tenant_today
from tenants.context import TenantContext

log = logging.getLogger(__name__)

#: Events whose facts carry the asset they concern as their subject.
ASSET_SUBJECTS = ("asset", "installation")


def _uuid(value) -> UUID | None:
    return UUID(str(value)) if value else None


async def facts_of(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> Facts | None:
    """What rules may look at for ``event``; ``None`` when it concerns no customer."""
    data = dict(event.data)
    subject = event.name.split(".", 1)[0]
    event_date = tenant_today(ctx.tenant, event.occurred_at)
    asset = None
    if subject in ASSET_SUBJECTS:
        asset = await get_asset(session, event.subject_id)
        data.setdefault("customer_id", str(asset.customer_id))
        if event.name == "installation.done" and asset.install_date is not None:
            event_date = asset.install_date
    elif data.get("asset_id"):
        asset = await get_asset(session, _uuid(data["asset_id"]))
    if subject == "ticket":
        data.setdefault("ticket_id", str(event.subject_id))
        data.setdefault("ticket_status", data.get("status"))
    needs_ticket = not data.get("customer_id") or (subject != "ticket" and not data.get("ticket_status"))
    if data.get("ticket_id") and needs_ticket:
        known = {key: value for key, value in data.items() if value is not None}
        data = {**await _ticket_facts(session, _uuid(data["ticket_id"])), **known}
        if data.get("asset_id") and asset is None:
            asset = await get_asset(session, _uuid(data["asset_id"]))
    if subject == "complaint":
        data.setdefault("complaint_id", str(event.subject_id))
    customer_id = _uuid(data.get("customer_id"))
    if customer_id is None:
        return None
    return Facts(
        trigger=event.name,
        event_date=event_date,
        customer=await get_customer(session, customer_id),
        asset=asset,
        ticket_id=_uuid(data.get("ticket_id")),
        complaint_id=_uuid(data.get("complaint_id")),
        ticket_kind=data.get("ticket_kind") or data.get("kind"),
        ticket_status=data.get("ticket_status"),
        outcome=data.get("outcome"),
        rule_ids=tuple(data.get("rule_ids") or ()),
        data=data,
    )


async def _ticket_facts(session: AsyncSession, ticket_id: UUID) -> dict:
    """Customer, asset, kind and current status of a ticket the event names (nothing when the
    ticket is not this tenant's)."""
    try:
        ticket = await get_ticket(session, ticket_id)
    except NotFound:
        return {}
    return {
        "customer_id": str(ticket.customer_id),
        "asset_id": str(ticket.asset_id) if ticket.asset_id else None,
        "ticket_kind": ticket.kind,
        "ticket_status": ticket.status,
    }


async def apply_rules(session: AsyncSession, ctx: TenantContext, event: DomainEvent) -> None:
    """Schedule a revisit for every enabled rule triggered by ``event`` (DOMAIN §3)."""
    rules = [r for r in revisit_rules(ctx) if r.trigger == event.name]
    if not rules:
        return
    facts = await facts_of(session, ctx, event)
    if facts is None:
        log.warning("event %s %s names no customer: no revisit rule applied", event.name, event.subject_id)
        return
    for rule in rules:
        if applies(rule, facts):
            origin = Origin(rule=rule, key=f"{rule.id}:{event.name}:{event.subject_id}", facts=facts)
            await schedule(session, ctx, origin, event.occurred_at)


#: Any event can be a rule's trigger (``ticket.closed``, ``ticket.resolved``, ``installation.done``,
#: ``complaint.closed``, ``revisit.outcome``, a plugin's own event…): rules are matched by name.
subscribe("*")(apply_rules)
