"""Tickets as the API shows them: timestamps in the tenant's zone, SLA grouped under ``sla``."""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.db.base import utcnow
from core.db.loaded import column_values
from core.forms.types import FormRequirement
from core.i18n import pick
from core.tickets.models import Ticket, TicketCharge, TicketEvent, TicketForm
from core.tickets.queries import sla_state_of
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

#: Columns the API shows as they are, at the top and in ``sla``, and the due times it shows in the
#: tenant's zone.
PLAIN = ("id", "number", "kind", "channel", "status", "owner_id", "customer_id", "asset_id", "priority", "subject",
         "description", "created_by", "technician_id", "parent_ticket_id")
SLA_PLAIN = ("pause_reason", "paused_seconds", "escalation_level", "complexity")
SLA_TIMES = ("respond_by", "resolve_by", "escalate_by", "respond_breached_at", "resolve_breached_at", "remedy_due_at",
             "due_soon_at")
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
    """A ticket as the API shows it. A page renders fifty of them, so the columns are read from the
    loaded state once and the timestamps converted inline, without a call per value."""
    zone = tenant_zone(tenant)
    t = column_values(ticket)

    def shown(keys: tuple[str, ...]) -> dict:
        return {k: v.astimezone(zone) if isinstance(v := t[k], datetime) else v for k in keys}

    def show(key: str):
        value = t[key]
        return value.astimezone(zone) if isinstance(value, datetime) else value

    appointment = None
    if t["appointment_start"] is not None:
        appointment = Appointment(start=show("appointment_start"), end=show("appointment_end"),
                                  confirmed_at=show("confirmed_at"))
    form = None
    if t["form_id"] is not None:
        form = {"id": t["form_id"], "version": t["form_version"], "data": t["form_data"]}
    return TicketRead(
        **{k: t[k] for k in PLAIN},
        sla=SlaRead(
            **shown(SLA_TIMES),
            **{k: t[k] for k in SLA_PLAIN},
            state=sla_state_of(t, now or utcnow()),
            paused=t["paused_at"] is not None,
            calendar_uncovered=list(t["sla_calendar_uncovered"] or []),
        ),
        created_at=show("created_at"),
        appointment=appointment,
        form=form,
        intake={k: t[k] for k in INTAKE},
        work=shown(WORK),
        paused=t["paused_at"] is not None,
        updated_at=show("updated_at"),
        quote=None if t["quoted_at"] is None else {
            "plan": t["quote_plan"], "estimate_fen": t["quote_fen"], "quoted_at": show("quoted_at"),
            "consented_by": t["consented_by"], "consented_at": show("consented_at"),
        },
        service_record=None if t["record_filed_at"] is None else {
            "content": t["record_content"], "warranty_card_written": t["record_card_written"],
            "filed_at": show("record_filed_at"), "filed_by": t["record_filed_by"],
            "filed_same_day": filed_same_day(ticket, zone),
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
