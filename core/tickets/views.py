"""Tickets as the API shows them: timestamps in the tenant's zone, SLA grouped under ``sla``."""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.db.base import utcnow
from core.forms.types import FormRequirement
from core.i18n import pick
from core.tickets.models import Ticket, TicketCharge, TicketEvent, TicketForm
from core.tickets.queries import sla_state
from core.tickets.records import filed_same_day
from core.tickets.schemas import (
    Appointment,
    ChargeRead,
    FormRequirementRead,
    SlaRead,
    TicketEventRead,
    TicketFormRead,
    TicketForms,
    TicketRead,
)
from core.timezones import tenant_zone

INTAKE = ("contact_name", "contact_phone", "address", "province", "product_model", "purchase_date", "serial")
WORK = (
    "escalated_at", "arrived_at", "departed_at", "taken_back_at", "handover_note", "promised_date",
    "resolution", "resolved_at", "signed_by", "signature_image", "accepted_at", "closed_at", "cancel_reason",
    "remedy", "called_ahead_at", "stamped",
)


class Shown:
    """Converts aware timestamps to the tenant's zone."""

    def __init__(self, tenant) -> None:
        self.zone = tenant_zone(tenant)

    def __call__(self, value):
        return value.astimezone(self.zone) if isinstance(value, datetime) else value


def ticket_read(ticket: Ticket, tenant, now: datetime | None = None) -> TicketRead:
    show = Shown(tenant)
    appointment = None
    if ticket.appointment_start is not None:
        appointment = Appointment(
            start=show(ticket.appointment_start), end=show(ticket.appointment_end), confirmed_at=show(ticket.confirmed_at)
        )
    form = None
    if ticket.form_id is not None:
        form = {"id": ticket.form_id, "version": ticket.form_version, "data": ticket.form_data}
    return TicketRead(
        id=ticket.id,
        number=ticket.number,
        kind=ticket.kind,
        channel=ticket.channel,
        status=ticket.status,
        owner_id=ticket.owner_id,
        customer_id=ticket.customer_id,
        asset_id=ticket.asset_id,
        sla=SlaRead(
            respond_by=show(ticket.respond_by),
            resolve_by=show(ticket.resolve_by),
            escalate_by=show(ticket.escalate_by),
            state=sla_state(ticket, now or utcnow()),
            paused=ticket.paused_at is not None,
            pause_reason=ticket.pause_reason,
            paused_seconds=ticket.paused_seconds,
            respond_breached_at=show(ticket.respond_breached_at),
            resolve_breached_at=show(ticket.resolve_breached_at),
            escalation_level=ticket.escalation_level,
            complexity=ticket.complexity,
            remedy_due_at=show(ticket.remedy_due_at),
            due_soon_at=show(ticket.due_soon_at),
            calendar_uncovered=list(ticket.sla_calendar_uncovered or []),
        ),
        created_at=show(ticket.created_at),
        priority=ticket.priority,
        subject=ticket.subject,
        description=ticket.description,
        created_by=ticket.created_by,
        technician_id=ticket.technician_id,
        parent_ticket_id=ticket.parent_ticket_id,
        appointment=appointment,
        form=form,
        intake={k: getattr(ticket, k) for k in INTAKE},
        work={k: show(getattr(ticket, k)) for k in WORK},
        paused=ticket.paused_at is not None,
        updated_at=show(ticket.updated_at),
        quote=None if ticket.quoted_at is None else {
            "plan": ticket.quote_plan, "estimate_fen": ticket.quote_fen, "quoted_at": show(ticket.quoted_at),
            "consented_by": ticket.consented_by, "consented_at": show(ticket.consented_at),
        },
        service_record=None if ticket.record_filed_at is None else {
            "content": ticket.record_content, "warranty_card_written": ticket.record_card_written,
            "filed_at": show(ticket.record_filed_at), "filed_by": ticket.record_filed_by,
            "filed_same_day": filed_same_day(ticket, tenant_zone(tenant)),
        },
    )


def event_read(event: TicketEvent, tenant) -> TicketEventRead:
    read = msgspec.convert(event, TicketEventRead, from_attributes=True)
    read.created_at = Shown(tenant)(read.created_at)
    return read


def charge_read(line: TicketCharge, tenant) -> ChargeRead:
    read = msgspec.convert(line, ChargeRead, from_attributes=True)
    read.created_at = Shown(tenant)(read.created_at)
    return read


def ticket_forms_read(ticket: Ticket, attached: list[TicketForm], needed: list[FormRequirement], tenant,
                      locale: str) -> TicketForms:
    """The intake form and the attached ones, then each requirement with whether it is met."""
    zone = tenant_zone(tenant)
    forms = [TicketFormRead(form_id=ticket.form_id, form_version=ticket.form_version or 1,
                            data=ticket.form_data or {}, intake=True, filled_by=ticket.created_by,
                            filled_at=ticket.created_at.astimezone(zone))] if ticket.form_id else []
    forms += [TicketFormRead(form_id=f.form_id, form_version=f.form_version, data=f.data, intake=False,
                             filled_by=f.filled_by, filled_at=f.created_at.astimezone(zone)) for f in attached]
    filled = {f.form_id for f in forms}
    return TicketForms(forms=forms, required=[
        FormRequirementRead(form_id=r.form_id, before_action=r.before_action, reason=pick(r.reason, locale),
                            filled=r.form_id in filled)
        for r in needed
    ])
