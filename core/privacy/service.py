"""Personal information requests (PIPL Art. 44–47): filing one with its deadline, answering an
access request, correcting through the customer edit path, erasing, refusing with reasons.

Erasing a customer who still has unfinished service is refused (409, naming the open tickets,
complaints and revisits): a real desk finishes or cancels the work first (a technician on the way
needs the address; a complaint is answered to the person), then erases. Erasure clears the fields
listed in :mod:`core.privacy.fields` in a fixed number of statements, marks the customer file
erased, and writes the append-only tombstone; nothing append-only is rewritten.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.chat.models import ChatMessage
from core.complaints import service as complaints
from core.complaints.models import Complaint
from core.customers import queries as customers
from core.customers import service as customer_service
from core.customers.models import Contact, Customer
from core.customers.schemas import CustomerEdit
from core.db.base import utcnow
from core.errors import Conflict, Invalid, InvalidTransition
from core.faults.models import MajorFault
from core.patrols.models import ServiceVisit, VisitFinding
from core.privacy import fields as personal
from core.privacy.deadline import due_on
from core.privacy.models import ErasureTombstone, PersonalInfoRequest
from core.privacy.queries import get_request
from core.privacy.retention import redact_surveys
from core.privacy.schemas import RequestCreate
from core.revisits.models import Revisit
from core.sla.business_calendar import load_calendar
from core.surveys.models import SurveyResponse
from core.tickets import queries as tickets
from core.tickets.models import Ticket, TicketForm
from core.timezones import check_not_future, tenant_today
from core.transport.models import TransportClaim
from core.visits.models import InspectionVisit, NewYearContact, ResidentialProject
from tenants.context import TenantContext

#: The customer file's fields a correction may change (the customer edit form's).
CORRECTABLE = ("name", "phone", "address", "province", "is_member", "is_company", "title")


async def file_request(session: AsyncSession, ctx: TenantContext, principal: Principal,
                       data: RequestCreate) -> PersonalInfoRequest:
    """Record a request received about a customer, due :data:`~core.privacy.deadline.ANSWER_WORKING_DAYS`
    working days after it was received. 422 for a customer the tenant does not have or a date
    ahead; 409 when the same kind of request is already open, or the file was erased (only an
    access request may still be made: the report says what is left)."""
    customer = await customers.customer_named(session, data.customer_id)
    received = data.received_on or tenant_today(ctx.tenant)
    check_not_future(ctx.tenant, "received_on", received)
    if customer.erased_at is not None and data.kind != "access":
        raise Conflict("the customer's personal information was already erased", [("customer_id", "erased")])
    already = await session.scalar(select(PersonalInfoRequest.id).where(
        PersonalInfoRequest.customer_id == customer.id, PersonalInfoRequest.kind == data.kind,
        PersonalInfoRequest.status == "open"))
    if already is not None:
        raise Conflict(f"an open {data.kind} request about this customer exists ({already})", [("kind", "already open")])
    request = PersonalInfoRequest(
        customer_id=customer.id, kind=data.kind, requester=data.requester, received_on=received,
        due_on=due_on(received, await load_calendar(session, received)), status="open",
        recorded_by=principal.user_id,
    )
    session.add(request)
    await session.flush()
    return request


async def _open(session: AsyncSession, request_id: UUID, kind: str | None) -> PersonalInfoRequest:
    request = await get_request(session, request_id)
    if request.status != "open":
        raise InvalidTransition(f"the request is already {request.status}")
    if kind is not None and request.kind != kind:
        raise InvalidTransition(f"this is an {request.kind} request, not an {kind} request")
    return request


#: The longest outcome or reason recorded (the wire type's limit, checked again for forms).
MAX_OUTCOME = 2000


def _words(outcome: str) -> str:
    """An answer's or a refusal's words: not blank, not longer than :data:`MAX_OUTCOME` (422)."""
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid("outcome", "must not be blank")
    if len(outcome) > MAX_OUTCOME:
        raise Invalid("outcome", f"at most {MAX_OUTCOME} characters")
    return outcome


def _finish(request: PersonalInfoRequest, principal: Principal, status: str, outcome: str | None,
            fields: list[str] | None = None) -> None:
    request.status, request.outcome, request.fields = status, outcome, fields
    request.completed_at, request.completed_by = utcnow(), principal.user_id


async def answer_access(session: AsyncSession, principal: Principal, request_id: UUID, outcome: str) -> PersonalInfoRequest:
    """Close an access request once its report was handed over, saying how."""
    request = await _open(session, request_id, "access")
    _finish(request, principal, "done", _words(outcome))
    await session.flush()
    return request


async def refuse(session: AsyncSession, principal: Principal, request_id: UUID, reason: str) -> PersonalInfoRequest:
    """Refuse an open request with its reasons (PIPL Art. 50)."""
    request = await _open(session, request_id, None)
    _finish(request, principal, "refused", _words(reason))
    await session.flush()
    return request


async def correct(session: AsyncSession, principal: Principal, request_id: UUID, data: CustomerEdit) -> PersonalInfoRequest:
    """Carry out a correction through the customer edit path (same validation, 422 per field);
    the request records which fields changed, not their values."""
    request = await _open(session, request_id, "correction")
    customer = await customers.read_customer(session, principal, request.customer_id)
    before = {name: getattr(customer, name) for name in CORRECTABLE}
    await customer_service.update_customer(session, customer.id, data)
    changed = [name for name in CORRECTABLE if getattr(customer, name) != before[name]]
    _finish(request, principal, "done", "corrected: " + ", ".join(changed) if changed else "nothing to change",
            changed)
    await session.flush()
    return request


async def unfinished_work(session: AsyncSession, ctx: TenantContext, customer_id: UUID) -> list[tuple[str, str]]:
    """What still needs the customer's contact details: unfinished tickets (by number), open
    complaints and revisits, and the plugins' unfinished records (by id), as ``(field, list)``
    pairs for a 409."""
    open_tickets = tickets.unfinished(await tickets.all_of_customer(session, customer_id))
    open_complaints = [c for c in await complaints.of_customer(session, customer_id, None) if c.closed_at is None]
    open_revisits = list(await session.scalars(
        select(Revisit.id).where(Revisit.customer_id == customer_id, Revisit.status == "open").order_by(Revisit.id)))
    found = [("open_tickets", ", ".join(t.number for t in open_tickets)),
             ("open_complaints", ", ".join(str(c.id) for c in open_complaints)),
             ("open_revisits", ", ".join(str(r) for r in open_revisits))]
    for table in personal.plugin_tables(ctx):
        if table.unfinished is not None:
            ids = await session.scalars(select(table.model.id).where(table.unfinished(customer_id))
                                        .order_by(table.model.id))
            found.append((f"open_{table.model.__tablename__}", ", ".join(str(i) for i in ids)))
    return [(name, ids) for name, ids in found if ids]


async def erase(session: AsyncSession, ctx: TenantContext, principal: Principal, request_id: UUID,
                outcome: str | None) -> PersonalInfoRequest:
    """Erase the personal information of the request's customer (see the module docstring):
    409 naming the unfinished work first; otherwise every listed field is cleared, the file is
    marked erased, the tombstone written and the request done."""
    request = await _open(session, request_id, "erasure")
    customer = await customers.read_customer(session, principal, request.customer_id)
    blocking = await unfinished_work(session, ctx, customer.id)
    if blocking:
        raise Conflict("the customer has unfinished service; finish or cancel it before erasing: "
                       + "; ".join(f"{name}: {ids}" for name, ids in blocking), blocking)
    rows = await _clear_customer(session, customer)
    rows.update(await _clear_plugin_tables(session, ctx, customer.id))
    session.add(ErasureTombstone(customer_id=customer.id, request_id=request.id, erased_by=principal.user_id,
                                 rows=rows))
    _finish(request, principal, "done", outcome or "erased", sorted(_field_names(ctx)))
    await session.flush()
    return request


def _field_names(ctx: TenantContext) -> set[str]:
    """The names of every field an erasure clears, as ``table.column``."""
    names = {f"customers.{c}" for c in ("name", *personal.CUSTOMER)} | {"customer_contacts.*", "assets.serial"}
    names |= {f"assets.attributes.{a}" for a in personal.ASSET_ATTRIBUTES}
    for model, columns in personal.TABLES.items():
        names |= {f"{model.__tablename__}.{c}" for c in columns}
    for table in personal.plugin_tables(ctx):
        names |= {f"{table.model.__tablename__}.{c}" for c in table.columns}
    return names


async def _clear_plugin_tables(session: AsyncSession, ctx: TenantContext, customer_id: UUID) -> dict[str, int]:
    """Apply the plugins' declared rules to the customer's rows of their tables (one query per
    declared table, one update per row changed)."""
    rows: dict[str, int] = {}
    for table in personal.plugin_tables(ctx):
        found = list(await session.scalars(select(table.model).where(table.rows_of(customer_id))))
        for row in found:
            for name, rule in table.columns.items():
                setattr(row, name, personal.apply_rule(getattr(row, name), rule))
        rows[table.model.__tablename__] = len(found)
    await session.flush()
    return rows


async def _execute(session: AsyncSession, stmt) -> int:
    return (await session.execute(stmt.execution_options(synchronize_session=False))).rowcount or 0


async def _clear_customer(session: AsyncSession, customer: Customer) -> dict[str, int]:
    """Clear every personal field held about ``customer``: a fixed number of statements plus
    one per asset whose attributes hold personal keys."""
    rows: dict[str, int] = {}
    for name, value in personal.customer_values().items():
        setattr(customer, name, value)
    customer.erased_at = utcnow()
    rows["customers"] = 1
    rows["customer_contacts"] = await _execute(session, delete(Contact).where(Contact.customer_id == customer.id))
    assets = await customers.assets_of(session, customer.id)
    for asset in assets:
        asset.serial, asset.attributes = None, personal.stripped_attributes(asset.attributes)
    rows["assets"] = len(assets)
    await redact_surveys(session, list(await session.scalars(select(Revisit.id).where(
        Revisit.customer_id == customer.id, Revisit.survey.is_not(None)))))
    ticket_ids = select(Ticket.id).where(Ticket.customer_id == customer.id).scalar_subquery()
    targets = {
        Ticket: Ticket.customer_id == customer.id,
        TicketForm: TicketForm.ticket_id.in_(ticket_ids),
        ChatMessage: ChatMessage.ticket_id.in_(ticket_ids),
        Complaint: Complaint.customer_id == customer.id,
        Revisit: Revisit.customer_id == customer.id,
        **{model: model.customer_id == customer.id
           for model in (SurveyResponse, TransportClaim, MajorFault, ServiceVisit, ResidentialProject,
                         InspectionVisit, NewYearContact)},
        VisitFinding: VisitFinding.visit_id.in_(
            select(ServiceVisit.id).where(ServiceVisit.customer_id == customer.id).scalar_subquery()),
    }
    for model, where in targets.items():
        rows[model.__tablename__] = await _execute(
            session, update(model).where(where).values(**personal.cleared(model, personal.TABLES[model])))
    await session.flush()
    return rows

