"""A major fault's course (DOMAIN §12, 003 篇3 七): reported at once, the management informed by
the responsible manager, analysed by the technical lead, the analysis sent to the customer — each
step in its order (409), by whom it belongs to (403), the people and records the tenant's (422)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import check_user
from core.confidentiality.levels import level_of
from core.confidentiality.service import check_read_type, check_reads, may_read_type
from core.customers.service import get_customer
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.errors import Conflict, Forbidden, Invalid, InvalidTransition
from core.faults import reminders
from core.faults.models import MajorFault
from core.faults.schemas import FaultAnalysis, FaultRead, FaultReport
from core.pagination import paginate
from core.reads import read_of
from core.related import all_of
from core.tickets.queries import check_ticket
from tenants.context import TenantContext

#: Roles that may act for the responsible manager.
ADMINS = ("admin",)
#: The record type of DOMAIN §5 a fault's analysis is (分析报告, an analysis report: secret,
#: ``core.confidentiality.levels.RECORD_LEVELS``); the first report itself is not.
RECORD_TYPE = "analysis_report"
#: The analysis's fields, withheld from a role that may not read secret records.
ANALYSIS_FIELDS = tuple(FaultAnalysis.__struct_fields__)


async def reads_analyses(session: AsyncSession, who: Principal, faults: list[MajorFault]) -> bool:
    """Whether the caller's role may read the faults' analyses (secret); when it may, the reads
    of the analysed ones go through the confidentiality check (audited if the level is)."""
    if not await may_read_type(session, who.role, RECORD_TYPE):
        return False
    analysed = [f for f in faults if f.analysed_at is not None]
    if analysed:
        await check_reads(session, who, [(level_of(RECORD_TYPE), RECORD_TYPE, f.id) for f in analysed])
    return True


async def report(session: AsyncSession, ctx: TenantContext, who: Principal, data: FaultReport) -> MajorFault:
    """The first report: whoever learns of the fault, at once; the fault cannot lie ahead. The
    account owner and the responsible manager are told at once through the outbox (time, place,
    symptoms, plan: :func:`core.faults.reminders.notify_reported`)."""
    await get_customer(session, data.customer_id)
    await check_ticket(session, data.ticket_id)
    await check_user(session, data.account_owner_id, "account_owner_id")
    await check_user(session, data.manager_id, "manager_id")
    if data.occurred_at.tzinfo is None:
        raise Invalid("occurred_at", "give the time with its offset (RFC 3339)")
    if data.occurred_at > utcnow():
        raise Invalid("occurred_at", "the fault cannot have happened after now")
    fault = MajorFault(
        customer_id=data.customer_id, ticket_id=data.ticket_id, occurred_at=data.occurred_at, place=data.place,
        symptoms=data.symptoms, plan=data.plan, reported_by=who.user_id, account_owner_id=data.account_owner_id,
        manager_id=data.manager_id, status="reported",
    )
    session.add(fault)
    await session.flush()
    await reminders.notify_reported(session, ctx, fault)
    return fault


def _managing(fault: MajorFault, who: Principal) -> None:
    if who.user_id != fault.manager_id and who.role not in ADMINS:
        raise Forbidden("the responsible manager (or an admin) does this")


async def inform_management(session: AsyncSession, who: Principal, fault_id: UUID) -> MajorFault:
    """The responsible manager has informed senior management (once: 409)."""
    fault = await get_or_404(session, MajorFault, fault_id, "fault", for_update=True)
    _managing(fault, who)
    if fault.management_informed_at is not None:
        raise Conflict("senior management was informed already", [("management_informed_at", "done")])
    fault.management_informed_at = utcnow()
    await session.flush()
    return fault


async def analyse(session: AsyncSession, who: Principal, fault_id: UUID, data: FaultAnalysis) -> MajorFault:
    """The technical lead files the analysis (once, after the report: 409); a secret record, so
    by a role that may read them (403)."""
    await check_read_type(session, who, RECORD_TYPE)
    fault = await get_or_404(session, MajorFault, fault_id, "fault", for_update=True)
    if fault.status != "reported":
        raise InvalidTransition(f"the fault is {fault.status}: its analysis is filed", [("status", fault.status)])
    for name in FaultAnalysis.__struct_fields__:
        setattr(fault, name, getattr(data, name))
    fault.status, fault.technical_lead_id, fault.analysed_at = "analysed", who.user_id, utcnow()
    await session.flush()
    return fault


async def send(session: AsyncSession, who: Principal, fault_id: UUID) -> MajorFault:
    """The analysis goes to the customer and the business department (after it is filed: 409), by
    the manager (403), whose role reads secret records (403)."""
    fault = await get_or_404(session, MajorFault, fault_id, "fault", for_update=True)
    _managing(fault, who)
    await check_read_type(session, who, RECORD_TYPE)
    if fault.status != "analysed":
        raise InvalidTransition(f"the fault is {fault.status}: only an analysed fault's report is sent",
                                [("status", fault.status)])
    fault.status, fault.sent_at = "sent", utcnow()
    await session.flush()
    return fault


async def fault_page(session: AsyncSession, *, status: str | None, limit: int | None,
                     cursor: str | None) -> tuple[list[MajorFault], str | None]:
    stmt = where_given(select(MajorFault), (MajorFault.status, status))
    return await paginate(session, stmt, MajorFault.id, limit=limit, cursor=cursor)


def fault_read(fault: MajorFault, *, analysis: bool = True) -> FaultRead:
    """The fault as the API answers it; without ``analysis`` its five analysis fields are null."""
    return read_of(FaultRead, fault, **({} if analysis else dict.fromkeys(ANALYSIS_FIELDS)))


async def of_customer(session: AsyncSession, customer_id: UUID) -> list[MajorFault]:
    """The major faults reported at a customer, oldest first (the PIPL access report)."""
    return await all_of(session, MajorFault.customer_id, customer_id)
