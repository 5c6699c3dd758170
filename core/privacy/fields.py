"""Which fields hold personal information, and what erasure or retention leaves in their place.

This is the one list (docs/security.md "Personal information" repeats it for people). The rule
per field:

- identifying fields (name, phone, address, contact people, the serial and the plugins' plates,
  VINs, ICCIDs, drivers, order numbers) are cleared: ``NULL``, removed from the asset's
  attributes, the contact rows deleted; the customer's name becomes an unlinkable label
  (:func:`erased_name`, random, derived from nothing the person gave);
- free text written by or about the person (descriptions, notes, chat, signatures, the filled
  forms) is replaced by :data:`REDACTED` where it held something, so "was a note written" and
  "was the record signed" still read the same and no statistic moves;
- what the statistics count is kept: statuses, kinds, channels, dates and times, SLA due times
  and breaches, complaint steps and validity, revisit outcomes and survey scores, charge amounts,
  the province (reports group by it; it names no one) and the customer's member/company flags.

Audit, history and decision records (``confidentiality_audit``, ``ticket_events``,
``complaint_steps``, ``warranty_decisions``) are append-only and are never rewritten: the erasure
leaves a tombstone instead (:class:`core.privacy.models.ErasureTombstone`).
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import case, literal

from core.chat.models import ChatMessage
from core.complaints.models import Complaint
from core.faults.models import MajorFault
from core.patrols.models import ServiceVisit, VisitFinding
from core.revisits.models import Revisit
from core.surveys.models import SurveyResponse
from core.tickets.models import Ticket, TicketForm
from core.transport.models import TransportClaim
from core.visits.models import InspectionVisit, NewYearContact, ResidentialProject
from tenants.context import TenantContext

#: What free text that held personal information reads after erasure or retention.
REDACTED = "[已删除]"
#: Marks a free-text column: replaced by :data:`REDACTED` where it is not empty.
TEXT = object()
#: Marks a JSON column: emptied where it held something.
EMPTY = object()

#: The customer file's own personal fields (its name gets :func:`erased_name`).
CUSTOMER = {"phone": None, "address": None, "title": None}
#: A ticket's intake contact, the signature and consent names, and its free text.
TICKET = {
    "contact_name": None, "contact_phone": None, "address": None, "serial": None,
    "signed_by": TEXT, "signature_image": None, "consented_by": TEXT,
    "subject": TEXT, "description": TEXT, "handover_note": TEXT, "resolution": TEXT,
    "record_content": TEXT, "quote_plan": TEXT, "cancel_reason": TEXT, "form_data": EMPTY,
}
#: Forms filled for a ticket (feedback forms signed on site, DOMAIN §7).
TICKET_FORM = {"data": EMPTY}
#: Chat transcripts of a ticket.
CHAT_MESSAGE = {"body": TEXT}
#: A complaint's account and what the customer demanded.
COMPLAINT = {"description": TEXT, "demand": TEXT}
#: What a revisit call noted and the need it heard (outcome, topics and survey are kept).
REVISIT = {"notes": TEXT, "new_need": TEXT}
#: Free text inside a revisit's survey card (its scores are kept).
SURVEY_TEXT = ("suggestion",)
#: An asset's own column that identifies it (a car's VIN is its serial).
ASSET = {"serial": None}
#: Asset attributes of the plugins' types that identify a person or their vehicle or line:
#: plate and VIN (automotive), vehicle plate, SIM ICCID, terminal number and driver
#: (gps_install), order or receipt number (ecommerce), proof of purchase and dealer-side
#: voucher (lighting). Technical attributes (model, wattage, mileage, dates) are kept.
ASSET_ATTRIBUTES = (
    "plate", "vin", "vehicle_plate", "sim_iccid", "terminal_number", "driver", "order_no", "proof_of_purchase",
)

#: A questionnaire's comments (its scores and channel are kept).
SURVEY_RESPONSE = {"comments": TEXT}
#: A transport claim's account of the shipment (its states, dates and amounts are kept).
TRANSPORT_CLAIM = {"waybill_no": TEXT, "description": TEXT, "result": TEXT}
#: A major fault's place and account (its course and times are kept).
MAJOR_FAULT = {"place": TEXT, "symptoms": TEXT, "plan": TEXT, "impact": TEXT, "handling": TEXT, "root_cause": TEXT,
               "corrective_actions": TEXT, "preventive_actions": TEXT}

#: A patrol's or research visit's account and its findings (kind, dates, people and states are kept).
SERVICE_VISIT = {"summary": TEXT}
VISIT_FINDING = {"description": TEXT, "action": TEXT, "result": TEXT}
#: A residential project's name and address (the dwelling; its dates and warranty are kept), a
#: seasonal visit's findings and the needs a customer stated for the next year (DOMAIN §12).
RESIDENTIAL_PROJECT = {"name": TEXT, "address": TEXT}
INSPECTION_VISIT = {"findings": TEXT}
NEW_YEAR_CONTACT = {"needs": TEXT}

#: Each model and its personal columns, as :func:`cleared` applies them.
TABLES = {Ticket: TICKET, TicketForm: TICKET_FORM, ChatMessage: CHAT_MESSAGE, Complaint: COMPLAINT,
          Revisit: REVISIT, SurveyResponse: SURVEY_RESPONSE, TransportClaim: TRANSPORT_CLAIM, MajorFault: MAJOR_FAULT,
          ServiceVisit: SERVICE_VISIT, VisitFinding: VISIT_FINDING,
          ResidentialProject: RESIDENTIAL_PROJECT, InspectionVisit: INSPECTION_VISIT, NewYearContact: NEW_YEAR_CONTACT}


def plugin_tables(ctx: TenantContext) -> list:
    """The personal tables every installed plugin declares (enabled for this tenant or not: a
    disabled plugin's rows are still held)."""
    manager = ctx.hooks.manager
    return manager.for_tenant(manager.names).collect("shouhou_personal_fields")


def apply_rule(value: Any, rule: Any) -> Any:
    """What a value becomes under a plugin column's rule (see :class:`core.privacy.types.PersonalTable`)."""
    if rule is TEXT:
        return REDACTED if value else value
    if rule is EMPTY:
        return type(value)() if isinstance(value, list | dict) else value
    if callable(rule):
        return rule(value)
    return rule


def erased_name() -> str:
    """The name an erased customer file shows: a fixed prefix and a random tag (so two erased
    files can be told apart), derived from nothing the person gave."""
    return f"已删除客户-{secrets.token_hex(3)}"


def cleared(model, columns: dict[str, Any]) -> dict[str, Any]:
    """The ``UPDATE … SET`` values that clear ``columns`` of ``model``: ``NULL``, or
    :data:`REDACTED` / an empty object where the column held something (empty stays empty)."""
    values: dict[str, Any] = {}
    for name, rule in columns.items():
        column = getattr(model, name)
        if rule is TEXT:
            values[name] = case((column.is_(None), None), (column == "", ""), else_=literal(REDACTED))
        elif rule is EMPTY:
            values[name] = case((column.is_(None), None), else_=literal({}, column.type))
        else:
            values[name] = rule
    return values


def stripped_attributes(attributes: dict | None) -> dict:
    """An asset's attributes without the personal ones."""
    return {k: v for k, v in (attributes or {}).items() if k not in ASSET_ATTRIBUTES}


def redacted_survey(survey: dict | None) -> dict | None:
    """A survey card with its free text redacted and its scores kept."""
    if not survey:
        return survey
    return {k: (REDACTED if k in SURVEY_TEXT and v else v) for k, v in survey.items()}


def customer_values() -> dict[str, Any]:
    """The ``UPDATE`` values of an erased customer file (``erased_at`` is set by the caller)."""
    return {"name": erased_name(), **CUSTOMER}

