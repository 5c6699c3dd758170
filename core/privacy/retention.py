"""Retention of personal information (PIPL Art. 19 and 47(2): kept no longer than the purpose
needs, then deleted or anonymised), per record type, applied every day by the worker.

A record type keeps its personal fields (:mod:`core.privacy.fields`) for a number of months after
the record was finished, then they are cleared; the record itself and everything the statistics
count stay. "Kept N months" means: a record finished on day F keeps them through the day F + N
months, and the first sweep from the day after clears them. Days are the tenant's calendar days.

=============  ===================================================  =============================
record type    finished when                                        cleared
=============  ===================================================  =============================
``tickets``    resolved, accepted, closed or cancelled, at the      the ticket's personal fields,
               latest of its closing, acceptance, resolution        its forms, its chat
               (or last change for a cancelled one)
``complaints`` closed                                               description and demand
``revisits``   done or given up (``completed_at``)                  notes and the new need heard
=============  ===================================================  =============================

The service records of DOMAIN §12 that hold a person's words (:data:`SERVICE_RECORDS`) follow the
same rule, each from the day it was finished: a questionnaire from the day it was answered, a
transport claim from its settlement or rejection, a major fault from the day its analysis was sent
to the customer, a patrol or research visit (with its findings) from the day of the visit, a
seasonal inspection from the day it was done, a New Year contact from the day it was recorded, and
a residential project from the last day of its warranty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.chat.models import ChatMessage
from core.complaints.models import Complaint
from core.errors import Invalid
from core.faults.models import MajorFault
from core.patrols.models import ServiceVisit, VisitFinding
from core.privacy.fields import (
    CHAT_MESSAGE,
    COMPLAINT,
    INSPECTION_VISIT,
    MAJOR_FAULT,
    NEW_YEAR_CONTACT,
    REDACTED,
    RESIDENTIAL_PROJECT,
    REVISIT,
    SERVICE_VISIT,
    SURVEY_RESPONSE,
    TICKET,
    TICKET_FORM,
    TRANSPORT_CLAIM,
    VISIT_FINDING,
    cleared,
    redacted_survey,
)
from core.privacy.models import RetentionRule
from core.revisits.models import Revisit
from core.surveys.models import SurveyResponse
from core.tickets.models import Ticket, TicketForm
from core.tickets.workflow import DONE
from core.timezones import tenant_zone
from core.transport.models import TransportClaim
from core.visits.calendar import warranty_last_day
from core.visits.models import InspectionVisit, NewYearContact, ResidentialProject
from tenants.context import TenantContext

#: Months each record type keeps its personal fields when the tenant set nothing: three years
#: for tickets and complaints (the longest 三包 periods and the limitation period of a claim,
#: Civil Code Art. 188), two years for revisit notes.
DEFAULTS = {"tickets": 36, "complaints": 36, "revisits": 24}


@dataclass(frozen=True)
class ServiceRecord:
    """A §12 record type under retention: its model, its personal columns, the column that says
    when it was finished (a moment or a day; ``None``: not finished) and its default months."""

    model: type
    columns: dict
    finished: Callable
    months: int


#: The §12 record types that hold a person's words, by the name a tenant sets its period with:
#: three years for claims, faults and visits (as tickets), two for answers and contacts (as
#: revisit notes).
SERVICE_RECORDS = {
    "surveys": ServiceRecord(SurveyResponse, SURVEY_RESPONSE, lambda: SurveyResponse.answered_on, 24),
    "transport_claims": ServiceRecord(TransportClaim, TRANSPORT_CLAIM, lambda: TransportClaim.closed_at, 36),
    "major_faults": ServiceRecord(MajorFault, MAJOR_FAULT, lambda: MajorFault.sent_at, 36),
    "service_visits": ServiceRecord(ServiceVisit, SERVICE_VISIT, lambda: ServiceVisit.visited_on, 36),
    "inspection_visits": ServiceRecord(InspectionVisit, INSPECTION_VISIT, lambda: InspectionVisit.done_on, 24),
    "new_year_contacts": ServiceRecord(NewYearContact, NEW_YEAR_CONTACT, lambda: NewYearContact.recorded_at, 24),
    "residential_projects": ServiceRecord(ResidentialProject, RESIDENTIAL_PROJECT,
                                          lambda: ResidentialProject.handover_date, 36),
}
DEFAULTS |= {name: record.months for name, record in SERVICE_RECORDS.items()}
#: The shortest and longest period a tenant may set (months).
MIN_MONTHS, MAX_MONTHS = 1, 240
#: Rows cleared per statement (bounded ``IN`` lists).
BATCH = 500


async def periods(session: AsyncSession) -> dict[str, int]:
    """The tenant's retention months per record type: its own over the defaults."""
    out = dict(DEFAULTS)
    for rule in await session.scalars(select(RetentionRule)):
        if rule.record_type in out:
            out[rule.record_type] = rule.months
    return out


async def set_periods(session: AsyncSession, changes: dict[str, int], actor_id: UUID | None) -> dict[str, int]:
    """Change some retention periods; an unknown record type or a period out of bounds is 422."""
    for record_type, months in changes.items():
        if record_type not in DEFAULTS:
            raise Invalid(f"periods.{record_type}", f"unknown record type; types are {', '.join(DEFAULTS)}")
        if not MIN_MONTHS <= months <= MAX_MONTHS:
            raise Invalid(f"periods.{record_type}", f"must be from {MIN_MONTHS} to {MAX_MONTHS} months")
    existing = {r.record_type: r for r in await session.scalars(select(RetentionRule))}
    for record_type, months in changes.items():
        rule = existing.get(record_type) or RetentionRule(record_type=record_type)
        rule.months, rule.updated_by = months, actor_id
        session.add(rule)
    await session.flush()
    return await periods(session)


def cutoff(today: date, months: int, zone) -> datetime:
    """Records finished before this instant are past their period on ``today``: the start of the
    day ``months`` months before today, in the tenant's zone."""
    return datetime.combine(today - relativedelta(months=months), time(), zone)


def ticket_finished_at():
    """When a finished ticket was finished (see the module table)."""
    return func.coalesce(Ticket.closed_at, Ticket.accepted_at, Ticket.resolved_at, Ticket.updated_at,
                         Ticket.created_at)


async def _ids(session: AsyncSession, stmt) -> list[UUID]:
    return list(await session.scalars(stmt))


async def _clear(session: AsyncSession, model, columns: dict, key, ids: list[UUID]) -> int:
    """Clear ``columns`` of the rows of ``model`` whose ``key`` is in ``ids``, in batches."""
    count = 0
    for start in range(0, len(ids), BATCH):
        stmt = (update(model).where(key.in_(ids[start:start + BATCH])).values(**cleared(model, columns))
                .execution_options(synchronize_session=False))
        count += (await session.execute(stmt)).rowcount or 0
    return count


async def redact_surveys(session: AsyncSession, revisit_ids) -> None:
    """Redact the free text of the revisits' survey cards (one update per card that has some)."""
    for start in range(0, len(revisit_ids), BATCH):
        stmt = select(Revisit).where(Revisit.id.in_(revisit_ids[start:start + BATCH]), Revisit.survey.is_not(None))
        for revisit in await session.scalars(stmt):
            redacted = redacted_survey(revisit.survey)
            if redacted != revisit.survey:
                revisit.survey = redacted
    await session.flush()


async def sweep(session: AsyncSession, ctx: TenantContext, today: date) -> dict[str, int]:
    """Clear the personal fields of every record past its retention period on ``today`` (the
    tenant's day); records already cleared are not touched again. Returns the rows cleared per
    table."""
    months, zone = await periods(session), tenant_zone(ctx.tenant)
    tickets = await _ids(session, select(Ticket.id).where(
        Ticket.status.in_(DONE), ticket_finished_at() < cutoff(today, months["tickets"], zone),
        Ticket.subject != REDACTED))
    complaints = await _ids(session, select(Complaint.id).where(
        Complaint.closed_at < cutoff(today, months["complaints"], zone), Complaint.description != REDACTED))
    revisits = await _ids(session, select(Revisit.id).where(
        Revisit.completed_at < cutoff(today, months["revisits"], zone),
        ((Revisit.notes.is_not(None) & (Revisit.notes != REDACTED))
         | (Revisit.new_need.is_not(None) & (Revisit.new_need != REDACTED))
         | (Revisit.survey["suggestion"].as_string().is_not(None)
            & (Revisit.survey["suggestion"].as_string() != REDACTED)))))
    await redact_surveys(session, revisits)
    done = {
        "tickets": await _clear(session, Ticket, TICKET, Ticket.id, tickets),
        "ticket_forms": await _clear(session, TicketForm, TICKET_FORM, TicketForm.ticket_id, tickets),
        "chat_messages": await _clear(session, ChatMessage, CHAT_MESSAGE, ChatMessage.ticket_id, tickets),
        "complaints": await _clear(session, Complaint, COMPLAINT, Complaint.id, complaints),
        "revisits": await _clear(session, Revisit, REVISIT, Revisit.id, revisits),
    }
    for name, record in SERVICE_RECORDS.items():
        ids = await _past(session, record, cutoff(today, months[name], zone))
        if record.model is ResidentialProject:
            ids = await _past_warranty(session, ids, today - relativedelta(months=months[name]))
        done[record.model.__tablename__] = await _clear(session, record.model, record.columns, record.model.id, ids)
        if record.model is ServiceVisit:
            done["visit_findings"] = await _clear(session, VisitFinding, VISIT_FINDING, VisitFinding.visit_id, ids)
    return done


async def _past(session: AsyncSession, record: ServiceRecord, before: datetime) -> list[UUID]:
    """The records of the type finished before ``before`` (a day column: before its day) whose
    personal text is not cleared yet."""
    finished = record.finished()
    limit = before.date() if finished.type.python_type is date else before
    uncleared = [(getattr(record.model, column).is_not(None) & (getattr(record.model, column) != REDACTED))
                 for column in record.columns]
    return await _ids(session, select(record.model.id).where(finished < limit, or_(*uncleared)))


async def _past_warranty(session: AsyncSession, ids: list[UUID], last_kept: date) -> list[UUID]:
    """Of the residential projects ``ids`` (handed over long enough ago), those whose warranty
    ended before ``last_kept``: a project is finished on the last day of its warranty."""
    rows = await session.execute(select(ResidentialProject.id, ResidentialProject.handover_date,
                                        ResidentialProject.warranty_months).where(ResidentialProject.id.in_(ids)))
    return [row.id for row in rows if warranty_last_day(row.handover_date, row.warranty_months) < last_kept]
