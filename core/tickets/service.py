"""Tickets: intake with a first-contact owner, hand-over, and the domain events they publish.

Other contexts create tickets through :func:`create_ticket` and :func:`create_follow_up`; the
state machine lives in :mod:`core.tickets.actions`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.guards import STAFF
from core.auth.service import get_user
from core.customers import service as customers
from core.customers.phones import to_e164
from core.db.base import utcnow
from core.db.inserts import insert_new
from core.db.lookup import get_or_404
from core.errors import Conflict, Invalid, NotFound
from core.eventbus import publish
from core.events import DomainEvent
from core.forms import service as forms
from core.geo.provinces import province_code
from core.sla.business_calendar import calendar_at
from core.sla.due import due_times, in_province, is_open_question
from core.sla.policy import effective_policy
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket
from core.tickets.numbering import next_number
from core.tickets.schemas import FormSubmission, TicketCreate
from core.timezones import tenant_now, tenant_today, tenant_zone
from core.warranty import service as warranty
from tenants.context import TenantContext

#: 咨询, 维修, 安装, 保养, 退换货, 投诉 (DOMAIN §1); plugins add ``<plugin>.<kind>``.
CORE_KINDS = ("consultation", "repair", "installation", "maintenance", "return", "complaint")

#: Queue order: urgent requests jump the queue (紧急维修需求优先处理).
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


def actor_id_of(actor: Any) -> UUID | None:
    """A Principal, a user id or ``None`` (the system)."""
    return getattr(actor, "user_id", actor)


def ticket_kinds(ctx: TenantContext) -> tuple[str, ...]:
    return (*CORE_KINDS, *ctx.declared("shouhou_ticket_kinds"))


async def get_ticket(session: AsyncSession, ticket_id: UUID, *, for_update: bool = False) -> Ticket:
    return await get_or_404(session, Ticket, ticket_id, "ticket", for_update=for_update)


async def publish_ticket_event(
    session: AsyncSession, ctx: TenantContext, ticket: Ticket, name: str, actor_id, *, at: datetime | None = None,
    **extra
) -> None:
    """Publish ``name`` with what subscribers (revisits, plugins) need to know about the ticket;
    ``at`` is when it happened (a sweep passes its own clock), by default now."""
    data = {
        "number": ticket.number,
        "kind": ticket.kind,
        "channel": ticket.channel,
        "status": ticket.status,
        "customer_id": str(ticket.customer_id),
        "asset_id": str(ticket.asset_id) if ticket.asset_id else None,
        "owner_id": str(ticket.owner_id),
        "technician_id": str(ticket.technician_id) if ticket.technician_id else None,
        "parent_ticket_id": str(ticket.parent_ticket_id) if ticket.parent_ticket_id else None,
        **extra,
    }
    event = DomainEvent(
        name=name, tenant_id=ticket.tenant_id, subject_id=ticket.id, occurred_at=at or utcnow(), actor_id=actor_id,
        data=data,
    )
    await publish(session, ctx, event)


async def check_form(session: AsyncSession, ctx: TenantContext,
                     form: FormSubmission | None) -> tuple[str | None, int | None]:
    """The form submitted with a ticket, validated against its JSON Schema: its id and the
    version it was filled with (an old ticket keeps that version when the form changes)."""
    if form is None:
        return None, None
    return await forms.validate_submission(session, ctx, form.id, form.data)


async def _customer_and_asset(session: AsyncSession, data: TicketCreate):
    customer = await customers.customer_named(session, data.customer_id)
    if customer.erased_at is not None:
        raise Invalid("customer_id", "the customer's personal information was erased; open a new customer file")
    asset = None
    if data.asset_id is not None:
        asset = await customers.asset_named(session, data.asset_id)
        if asset.customer_id != customer.id:
            raise Invalid("asset_id", "the asset belongs to another customer")
    return customer, asset


async def _warranty_decision(session: AsyncSession, data: TicketCreate, asset) -> str | None:
    """The id of the warranty decision the intake attaches: it must be the tenant's and about the
    ticket's asset (422 at ``warranty_decision_id`` otherwise)."""
    if data.warranty_decision_id is None:
        return None
    try:
        decision = await warranty.get_decision(session, data.warranty_decision_id)
    except NotFound as exc:
        raise Invalid("warranty_decision_id", "no such warranty decision") from exc
    if asset is None or decision.asset_id != asset.id:
        raise Invalid("warranty_decision_id", "the decision is about another product")
    return str(decision.id)


def _site_province(data: TicketCreate, customer) -> str | None:
    try:
        return province_code(data.province) or customer.province
    except ValueError as exc:
        raise Invalid("province", str(exc)) from exc


async def check_intake(session: AsyncSession, ctx: TenantContext, data: TicketCreate):
    """The intake's own rules (kind, subject, purchase date, the customer and its asset, the
    site's province): ``(customer, asset, province code)``, or ``Invalid`` naming the field.
    Importing tickets checks rows with it before writing any."""
    if data.kind not in ticket_kinds(ctx):
        raise Invalid("kind", f"unknown ticket kind {data.kind!r}; known: {', '.join(ticket_kinds(ctx))}")
    if not data.subject.strip():
        raise Invalid("subject", "must not be blank")
    if data.purchase_date is not None and data.purchase_date > tenant_today(ctx.tenant):
        raise Invalid("purchase_date", "cannot be in the future")
    to_e164(data.contact_phone, "contact_phone")
    customer, asset = await _customer_and_asset(session, data)
    return customer, asset, _site_province(data, customer)


async def create_ticket(session: AsyncSession, ctx: TenantContext, data: TicketCreate, actor, *,
                        parent_ticket_id: UUID | None = None) -> Ticket:
    """Take a request (登记): the actor who takes it is its first-contact owner (首问负责制).
    Due times come from the tenant's SLA policy; the ``ticket.created`` event is published."""
    actor_id = actor_id_of(actor)
    customer, asset, province = await check_intake(session, ctx, data)
    decision_id = await _warranty_decision(session, data, asset)
    form_id, form_version = await check_form(session, ctx, data.form)
    now = utcnow()
    policy = await effective_policy(session, ctx)
    due = due_times(
        policy, now, tenant_zone(ctx.tenant),
        same_province=in_province(ctx.tenant.province, province),
        open_question=is_open_question(data.kind, data.channel),
        complexity=data.complexity, calendar=await calendar_at(session, ctx, now),
    )
    ticket = Ticket(
        number=await next_number(session, ctx.tenant.id, tenant_now(ctx.tenant, now).year),
        kind=data.kind,
        channel=data.channel,
        status="new",
        priority=data.priority,
        priority_rank=PRIORITY_RANK[data.priority],
        subject=data.subject.strip(),
        description=data.description,
        customer_id=customer.id,
        asset_id=asset.id if asset else None,
        owner_id=actor_id,
        created_by=actor_id,
        parent_ticket_id=parent_ticket_id,
        contact_name=data.contact_name,
        contact_phone=to_e164(data.contact_phone, "contact_phone") or customer.phone,
        address=data.address or customer.address,
        province=province,
        product_model=data.product_model or (asset.model if asset else None),
        purchase_date=data.purchase_date or (asset.purchase_date if asset else None),
        serial=data.serial or (asset.serial if asset else None),
        complexity=data.complexity,
        form_id=form_id,
        form_version=form_version,
        form_data=data.form.data if data.form else None,
        respond_by=due.respond_by,
        resolve_by=due.resolve_by,
        escalate_by=due.escalate_by,
        sla_calendar_uncovered=list(due.calendar_uncovered) or None,
        created_at=now,
    )
    await insert_new(session, ticket)
    created = {"sla_policy": policy.source}
    if decision_id is not None:
        created["warranty_decision_id"] = decision_id
    await record(session, ticket, actor_id, "created", {}, data=created)
    await publish_ticket_event(session, ctx, ticket, "ticket.created", actor_id)
    return ticket


async def create_follow_up(
    session: AsyncSession,
    ctx: TenantContext,
    *,
    original_ticket_id: UUID,
    customer_id: UUID,
    asset_id: UUID | None,
    subject: str,
    description: str,
    actor_id: UUID | None,
    kind: str = "consultation",
) -> Ticket:
    """A follow-up case linked to the original (在原有个案基础上建立跟进个案, 003 篇6), e.g. when a
    revisit finds the customer unsatisfied. Taken by phone; owned by ``actor_id``, or by the
    original's owner when the system opens it."""
    original = await get_ticket(session, original_ticket_id)
    owner = actor_id or original.owner_id
    data = TicketCreate(
        kind=kind, channel="phone", customer_id=customer_id, asset_id=asset_id,
        subject=subject[:200] or original.subject, description=description,
    )
    return await create_ticket(session, ctx, data, owner, parent_ticket_id=original.id)


async def check_staff(session: AsyncSession, user_id: UUID, field: str, roles: tuple[str, ...] = STAFF):
    """An active user of this tenant with one of ``roles`` (422 on ``field`` otherwise)."""
    try:
        user = await get_user(session, user_id)
    except NotFound as exc:
        raise Invalid(field, "no such user") from exc
    if not user.is_active or user.role not in roles:
        raise Invalid(field, f"must be an active user with one of the roles: {', '.join(roles)}")
    return user


async def handover(session: AsyncSession, ctx: TenantContext, ticket_id: UUID, to_user_id: UUID, reason: str,
                   actor) -> Ticket:
    """Hand the ticket's responsibility to a colleague; the history keeps from, to, reason, time."""
    actor_id = actor_id_of(actor)
    ticket = await get_ticket(session, ticket_id, for_update=True)
    if ticket.status in ("closed", "cancelled"):
        raise Conflict(f"a {ticket.status} ticket cannot be handed over")
    if to_user_id == ticket.owner_id:
        raise Invalid("to_user_id", "already the owner")
    await check_staff(session, to_user_id, "to_user_id")
    before = snapshot(ticket)
    from_owner = ticket.owner_id
    ticket.owner_id = to_user_id
    ticket.updated_at = utcnow()
    await record(
        session, ticket, actor_id, "handover", before, from_status=ticket.status,
        data={"from_user_id": from_owner, "to_user_id": to_user_id, "reason": reason},
    )
    await publish_ticket_event(
        session, ctx, ticket, "ticket.handed_over", actor_id,
        from_user_id=str(from_owner), to_user_id=str(to_user_id), reason=reason,
    )
    return ticket
