"""Reading personal information requests, and the access report (shown, or as a file to hand
over): everything held on one customer (PIPL Art. 45), gathered through each context's own
queries in a fixed number of round trips whatever the customer's history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import names_of
from core.chat.service import messages_of_tickets
from core.complaints import service as complaints
from core.confidentiality.service import reads_of
from core.customers import queries as customers
from core.db.base import utcnow
from core.db.lookup import get_or_404
from core.errors import Forbidden, Invalid, one_of
from core.faults import service as faults
from core.pagination import paginate, paginate_by
from core.patrols import queries as patrols
from core.patrols.service import check_may_read as check_may_read_visits
from core.privacy.fields import plugin_tables
from core.privacy.models import KINDS, STATUSES, ErasureTombstone, PersonalInfoRequest
from core.revisits import service as revisits
from core.surveys import service as surveys
from core.tickets import charges, ticket_forms
from core.tickets import queries as tickets
from core.tickets.history import plain
from core.timezones import tenant_today
from core.transport import service as transport
from core.visits import queries as visits
from core.warranty import service as warranty
from tenants.context import TenantContext

#: The report's format name and version (its sections are documented in docs/api.md).
REPORT_FORMAT = "shouhou-personal-information-report"
REPORT_VERSION = 1


def row(record) -> dict[str, Any]:
    """Every column of a stored row but its tenant, JSON-friendly."""
    return {c.key: plain(getattr(record, c.key)) for c in record.__table__.columns if c.key != "tenant_id"}


def rows(records) -> list[dict[str, Any]]:
    """:func:`row` of each record, in order."""
    return [row(r) for r in records]


async def get_request(session: AsyncSession, request_id: UUID) -> PersonalInfoRequest:
    """One request of the tenant (404 otherwise)."""
    return await get_or_404(session, PersonalInfoRequest, request_id, "personal information request")


#: The orders of the request list: newest first, or the one due first (the deadline list).
SORTS = ("newest", "due")


async def request_page(
    session: AsyncSession, *, customer_id: UUID | None, status: str | None, kind: str | None,
    limit: int | None, cursor: str | None, sort: str = "newest",
) -> tuple[list[PersonalInfoRequest], str | None]:
    """Requests, newest first or the one due first (``sort``), optionally of one customer,
    status or kind; 422 naming the parameter that is not one of its values."""
    one_of(sort, SORTS, "sort")
    stmt = select(PersonalInfoRequest)
    if customer_id is not None:
        stmt = stmt.where(PersonalInfoRequest.customer_id == customer_id)
    if status is not None:
        if status not in STATUSES:
            raise Invalid("status", f"unknown status; statuses are {', '.join(STATUSES)}")
        stmt = stmt.where(PersonalInfoRequest.status == status)
    if kind is not None:
        if kind not in KINDS:
            raise Invalid("kind", f"unknown kind; kinds are {', '.join(KINDS)}")
        stmt = stmt.where(PersonalInfoRequest.kind == kind)
    if sort == "due":
        return await paginate_by(session, stmt, PersonalInfoRequest.due_on, PersonalInfoRequest.id, limit=limit,
                                 cursor=cursor)
    return await paginate(session, stmt, PersonalInfoRequest.id, limit=limit, cursor=cursor)


async def requests_of(session: AsyncSession, customer_id: UUID) -> list[PersonalInfoRequest]:
    """Every request about one customer, newest first."""
    stmt = (select(PersonalInfoRequest).where(PersonalInfoRequest.customer_id == customer_id)
            .order_by(PersonalInfoRequest.id.desc()))
    return list((await session.scalars(stmt)).all())


async def tombstone_of(session: AsyncSession, customer_id: UUID) -> ErasureTombstone | None:
    """The record of the customer's erasure, if it was erased."""
    return await session.scalar(select(ErasureTombstone).where(ErasureTombstone.customer_id == customer_id))


async def access_report(session: AsyncSession, principal: Principal, ctx: TenantContext,
                        customer_id: UUID) -> dict[str, Any]:
    """Everything the tenant holds on one customer: the file and contacts, assets, tickets with
    their history, forms, charges and chat, complaints with their steps, revisits with their
    reasons and outcomes, warranty decisions about the assets, the questionnaires they answered,
    the transport claims made for them, the major faults at their premises (an analysis is a secret
    record, DOMAIN §5: 403 for a role that may not read one), the quality patrols and research visits
    at their sites with their findings (visit logs, secret records likewise), their residential
    projects, seasonal inspections and New Year contacts, who read the file, and the requests
    the person made. Call records name no customer (only the agent and the times) and are not in it. Building it is a read of the file (audited when top secret); it
    takes the same number of queries whatever the number of records."""
    customer = await customers.read_customer(session, principal, customer_id)
    contacts = await customers.contacts_of(session, customer_id)
    assets = await customers.assets_of(session, customer_id)
    ticket_rows = await tickets.all_of_customer(session, customer_id)
    ticket_ids = [t.id for t in ticket_rows]
    complaint_rows = await complaints.of_customer(session, customer_id, None)
    revisit_rows = await revisits.of_customer(session, customer_id, None)
    reasons = await revisits.reasons_of(session, [r.id for r in revisit_rows])
    reads = await reads_of(session, customers.CUSTOMER_FILE, customer_id)
    readers = await names_of(session, [r.user_id for r in reads])
    tombstone = await tombstone_of(session, customer_id)
    fault_rows = await faults.of_customer(session, customer_id)
    if not await faults.reads_analyses(session, principal, fault_rows) and any(f.analysed_at for f in fault_rows):
        raise Forbidden(f"the role {principal.role!r} may not read secret records (a major fault's analysis)")
    patrol_visits, patrol_findings = await patrols.of_customer(session, customer_id)
    if patrol_visits:  # visit logs are secret records (DOMAIN §5): 403 for a role that may not read them
        await check_may_read_visits(session, principal, patrol_visits)
    return {
        "format": REPORT_FORMAT,
        "format_version": REPORT_VERSION,
        "generated_at": plain(utcnow()),
        "handler": {"name": ctx.tenant.name, "slug": ctx.tenant.slug},
        "customer": row(customer),
        "contacts": rows(contacts),
        "assets": rows(assets),
        "tickets": rows(ticket_rows),
        "ticket_history": rows(await tickets.events_of_tickets(session, ticket_ids)),
        "ticket_forms": rows(await ticket_forms.forms_of_tickets(session, ticket_ids)),
        "charges": rows(await charges.charges_of_tickets(session, ticket_ids)),
        "chat_messages": rows(await messages_of_tickets(session, ticket_ids)),
        "complaints": rows(reversed(complaint_rows)),
        "complaint_steps": rows(await complaints.steps_of_complaints(session, [c.id for c in complaint_rows])),
        "revisits": [{**row(r), "reasons": rows(reasons[r.id])} for r in reversed(revisit_rows)],
        "warranty_decisions": rows(await warranty.decisions_about(session, [a.id for a in assets], None)),
        "survey_responses": rows(await surveys.of_customer(session, customer_id)),
        "transport_claims": rows(await transport.of_customer(session, customer_id)),
        "major_faults": rows(fault_rows),
        "file_reads": [{"user_id": str(r.user_id), "user_name": readers.get(r.user_id), "role": r.role,
                        "level": r.level, "read_at": plain(r.created_at)} for r in reads],
        "service_visits": {name: rows(found) for name, found in (await visits.of_customer(session, customer_id)).items()},
        "quality_visits": rows(patrol_visits),
        "quality_visit_findings": rows(patrol_findings),
        "requests": rows(await requests_of(session, customer_id)),
        "erasure": row(tombstone) if tombstone is not None else None,
        "plugins": {table.model.__tablename__: rows(await session.scalars(
            select(table.model).where(table.rows_of(customer_id)).order_by(table.model.id)))
            for table in plugin_tables(ctx)},
    }


async def report_file(session: AsyncSession, principal: Principal, ctx: TenantContext,
                      request_id: UUID) -> Response[bytes]:
    """The access report of a request's customer as a JSON file to hand over
    (``Content-Disposition: attachment``), named after the customer and the tenant's today."""
    found = await get_request(session, request_id)
    body = await access_report(session, principal, ctx, found.customer_id)
    name = f"personal-information-{found.customer_id}-{tenant_today(ctx.tenant).isoformat()}.json"
    return Response(msgspec.json.encode(body), media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
