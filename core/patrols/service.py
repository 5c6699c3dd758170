"""Quality patrols and service research (DOMAIN §12, 003 篇3 10.1.1 and 10.1.3).

* A **quality patrol** (质量巡检, 10.1.1): the project manager (``leader_id``, whoever the tenant
  names: Shouhou has no project-manager position) inspects a customer's project — the customer and,
  when it is one installation, its asset — and the problems found go to customer service: the
  holders of the ``customer_service_department`` position are notified through the outbox (the
  tenant's admins when nobody holds it).
* A **service-research visit** (服务调研, 10.1.3): led by a senior leader — ``leader_id`` must hold
  the ``senior_management`` position (422 otherwise) — with at least one senior engineer among
  ``participant_ids``; the customer's opinions are recorded as findings and followed up.

Each finding has an owner and a follow-up due date (not before the visit); it runs ``open`` →
``followed_up`` (what was done, by its owner or an admin or manager) → ``closed`` (by the visit's
leader or an admin or manager). A finding still ``open`` after its due day is overdue (DOMAIN §0:
due day N is not overdue, N+1 is) and its owner is reminded once by the daily sweep.

Visit logs are secret records (机密, DOMAIN §5.3, 003 篇6 §五 (一)2): every read and write goes
through :mod:`core.confidentiality.service` with the record type ``visit_log``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.auth.service import check_user, holders_or_admins, position_of
from core.confidentiality.service import check_reads_of_type, may_read_type
from core.customers.models import Customer
from core.customers.queries import get_asset, get_customer
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.errors import Forbidden, Invalid, InvalidTransition, NotFound, not_blank
from core.notifications.reminders import console_url, notify_staff
from core.pagination import paginate
from core.patrols.models import ServiceVisit, VisitFinding
from core.patrols.schemas import FindingClose, FindingRead, FollowUp, VisitCreate, VisitRead, VisitSummary
from core.periods import check_period
from core.reads import read_of
from core.related import rows_by
from core.timezones import check_not_future, tenant_today
from tenants.context import TenantContext

#: The record type of DOMAIN §5 a visit is (``core.confidentiality.levels.RECORD_LEVELS``).
RECORD_TYPE = "visit_log"
#: Roles that may follow up or close any finding.
MANAGING = ("admin", "manager")
#: The position that leads a service-research visit (10.1.3: 由高层领导带队).
RESEARCH_LEADER = "senior_management"
#: Who receives a patrol's findings (10.1.1: 递交给客服部).
CUSTOMER_SERVICE = "customer_service_department"


async def check_may_read(session: AsyncSession, principal: Principal, visits: Iterable[ServiceVisit] = ()) -> None:
    """403 unless the caller's role may read the level of visit logs under the tenant's
    confidentiality rules; the visits themselves go through ``check_reads`` (audited if the level is)."""
    await check_reads_of_type(session, principal, RECORD_TYPE, [visit.id for visit in visits])


async def may_read(session: AsyncSession, role: str) -> bool:
    """Whether ``role`` may read visit logs under the tenant's confidentiality rules (to show or hide
    their numbers on a page that is not about them)."""
    return await may_read_type(session, role, RECORD_TYPE)


async def _check_people(session: AsyncSession, data: VisitCreate) -> list[UUID]:
    await check_user(session, data.leader_id, "leader_id")
    if data.kind == "service_research" and await position_of(session, data.leader_id) != RESEARCH_LEADER:
        raise Invalid("leader_id", "a service-research visit is led by senior management (003 篇3 10.1.3)")
    participants: list[UUID] = []
    for index, person in enumerate(data.participant_ids):
        await check_user(session, person, f"participant_ids[{index}]")
        if person != data.leader_id and person not in participants:
            participants.append(person)
    if data.kind == "service_research" and not participants:
        raise Invalid("participant_ids", "senior engineers go with the senior leader (003 篇3 10.1.3)")
    return participants


async def record(session: AsyncSession, ctx: TenantContext, who: Principal, data: VisitCreate) -> ServiceVisit:
    """Record a visit and its findings: the customer and the people the tenant's, the day not
    ahead of the tenant's today, each finding's follow-up not due before the visit."""
    await check_may_read(session, who)
    customer = await get_customer(session, data.customer_id)
    if data.asset_id is not None:
        try:
            asset = await get_asset(session, data.asset_id)
        except NotFound:
            asset = None
        if asset is None or asset.customer_id != data.customer_id:
            raise Invalid("asset_id", "no such asset of this customer")
    check_not_future(ctx.tenant, "visited_on", data.visited_on)
    summary = not_blank(data.summary, "summary")
    participants = await _check_people(session, data)
    for index, finding in enumerate(data.findings):
        not_blank(finding.description, f"findings[{index}].description")
        await check_user(session, finding.owner_id, f"findings[{index}].owner_id")
        if finding.due_on < data.visited_on:
            raise Invalid(f"findings[{index}].due_on", "the follow-up cannot be due before the visit")
    visit = ServiceVisit(
        kind=data.kind,
        customer_id=data.customer_id,
        asset_id=data.asset_id,
        visited_on=data.visited_on,
        leader_id=data.leader_id,
        participant_ids=[str(p) for p in participants],
        summary=summary,
        recorded_by=who.user_id,
    )
    session.add(visit)
    await session.flush()
    for index, finding in enumerate(data.findings, start=1):
        session.add(
            VisitFinding(
                visit_id=visit.id,
                position=index,
                description=finding.description.strip(),
                owner_id=finding.owner_id,
                due_on=finding.due_on,
                status="open",
            )
        )
    await session.flush()
    if data.kind == "quality_patrol" and data.findings:
        await _hand_to_customer_service(session, ctx, visit, customer, len(data.findings))
    return visit


def visit_url(session: AsyncSession, ctx: TenantContext, visit: ServiceVisit) -> str:
    return console_url(session, ctx, f"service-visits/#visit-{visit.id}")


async def _hand_to_customer_service(
    session: AsyncSession, ctx: TenantContext, visit: ServiceVisit, customer: Customer, findings: int
) -> None:
    """10.1.1: the problems a patrol found go to customer service to be solved."""
    to = await holders_or_admins(session, CUSTOMER_SERVICE)
    await notify_staff(
        session,
        ctx,
        key="patrol.findings",
        user_ids=to,
        ticket_id=None,
        dedupe=f"patrol.findings:{visit.id}",
        variables={
            "tenant_name": ctx.tenant.name,
            "customer_name": customer.name,
            "visited_on": visit.visited_on.isoformat(),
            "findings": findings,
            "visit_url": visit_url(session, ctx, visit),
        },
    )


async def get_visit(session: AsyncSession, who: Principal, visit_id: UUID) -> ServiceVisit:
    """One visit the caller may read (404 when it is not the tenant's, 403 for a refused role)."""
    await check_may_read(session, who)
    visit = await get_or_404(session, ServiceVisit, visit_id, "visit")
    await check_may_read(session, who, [visit])
    return visit


async def visit_page(
    session: AsyncSession,
    who: Principal,
    *,
    customer_id: UUID | None = None,
    kind: str | None = None,
    limit: int | None,
    cursor: str | None,
) -> tuple[list[ServiceVisit], str | None]:
    """Visits, newest first (of one customer, of one kind), for a role that may read them."""
    await check_may_read(session, who)
    stmt = where_given(select(ServiceVisit), (ServiceVisit.customer_id, customer_id), (ServiceVisit.kind, kind))
    rows, next_cursor = await paginate(session, stmt, ServiceVisit.id, limit=limit, cursor=cursor)
    await check_may_read(session, who, rows)
    return rows, next_cursor


async def findings_of(session: AsyncSession, visit_ids: list[UUID]) -> dict[UUID, list[VisitFinding]]:
    """The findings of some visits the caller has read, in their order."""
    return await rows_by(session, VisitFinding.visit_id, visit_ids, VisitFinding.position)


def is_overdue(finding: VisitFinding, today: date) -> bool:
    """Still open after its due day (due day N: not overdue; N+1: overdue)."""
    return finding.status == "open" and today > finding.due_on


async def _finding(
    session: AsyncSession,
    who: Principal,
    visit_id: UUID,
    finding_id: UUID,
) -> tuple[ServiceVisit, VisitFinding]:
    visit = await get_visit(session, who, visit_id)
    finding = await get_or_404(
        session,
        VisitFinding,
        finding_id,
        "finding of this visit",
        for_update=True,
        where=(VisitFinding.visit_id == visit.id,),
    )
    return visit, finding


def _check_acts(who: Principal, person_id: UUID, refusal: str) -> None:
    """The person a finding's step belongs to, or an admin or manager, takes it (403 ``refusal`` otherwise)."""
    if who.user_id != person_id and who.role not in MANAGING:
        raise Forbidden(refusal)


async def follow_up(
    session: AsyncSession, who: Principal, visit_id: UUID, finding_id: UUID, data: FollowUp
) -> ServiceVisit:
    """The owner (or an admin or manager) records what was done about an open finding (else 409)."""
    visit, finding = await _finding(session, who, visit_id, finding_id)
    _check_acts(who, finding.owner_id, "the finding's owner (or an admin or manager) follows it up")
    if finding.status != "open":
        raise InvalidTransition(f"the finding is {finding.status}: it was followed up", [("status", finding.status)])
    finding.status, finding.action = "followed_up", not_blank(data.action, "action")
    finding.followed_up_at, finding.followed_up_by = utcnow(), who.user_id
    await session.flush()
    return visit


async def close(
    session: AsyncSession, who: Principal, visit_id: UUID, finding_id: UUID, data: FindingClose
) -> ServiceVisit:
    """The visit's leader (or an admin or manager) closes a followed-up finding (an open one: 409)."""
    visit, finding = await _finding(session, who, visit_id, finding_id)
    _check_acts(who, visit.leader_id, "the visit's leader (or an admin or manager) closes a finding")
    if finding.status != "followed_up":
        raise InvalidTransition(
            f"the finding is {finding.status}: only a followed-up finding is closed", [("status", finding.status)]
        )
    finding.status, finding.result = "closed", (data.result or "").strip() or None
    finding.closed_at, finding.closed_by = utcnow(), who.user_id
    await session.flush()
    return visit


async def summary(session: AsyncSession, ctx: TenantContext, start: date, end: date) -> VisitSummary:
    """The manager's numbers: visits of each kind visited from ``start`` to ``end`` (both
    included), and the findings open and overdue today — counts only, no visit's content."""
    check_period(start, end)
    today = tenant_today(ctx.tenant)
    kinds = dict(
        (
            await session.execute(
                select(ServiceVisit.kind, func.count())
                .where(ServiceVisit.visited_on >= start, ServiceVisit.visited_on <= end)
                .group_by(ServiceVisit.kind)
            )
        ).all()
    )
    open_count = await session.scalar(select(func.count()).where(VisitFinding.status == "open")) or 0
    overdue = (
        await session.scalar(select(func.count()).where(VisitFinding.status == "open", VisitFinding.due_on < today))
        or 0
    )
    return VisitSummary(
        start=start,
        end=end,
        today=today,
        quality_patrols=kinds.get("quality_patrol", 0),
        service_research=kinds.get("service_research", 0),
        findings_open=open_count,
        findings_overdue=overdue,
    )


async def remind_overdue(session: AsyncSession, ctx: TenantContext, today: date) -> int:
    """The daily sweep: each finding still open after its due day reminds its owner, once."""
    stmt = (
        select(VisitFinding, ServiceVisit, Customer.name)
        .join(ServiceVisit, ServiceVisit.id == VisitFinding.visit_id)
        .join(Customer, Customer.id == ServiceVisit.customer_id)
        .where(VisitFinding.status == "open", VisitFinding.due_on < today)
    )
    rows = (await session.execute(stmt)).all()
    for finding, visit, customer_name in rows:
        await notify_staff(
            session,
            ctx,
            key="patrol.follow_up_overdue",
            user_ids=[finding.owner_id],
            ticket_id=None,
            dedupe=f"patrol.follow_up_overdue:{finding.id}",
            variables={
                "tenant_name": ctx.tenant.name,
                "customer_name": customer_name or "",
                "finding": finding.description[:200],
                "due_on": finding.due_on.isoformat(),
                "visit_url": visit_url(session, ctx, visit),
            },
        )
    return len(rows)


def finding_read(finding: VisitFinding, today: date) -> FindingRead:
    return read_of(FindingRead, finding, overdue=is_overdue(finding, today))


def visit_read(visit: ServiceVisit, findings: list[VisitFinding], today: date) -> VisitRead:
    return read_of(
        VisitRead, visit,
        participant_ids=[UUID(p) for p in visit.participant_ids or []],
        findings=[finding_read(f, today) for f in findings],
    )


async def full_read(session: AsyncSession, ctx: TenantContext, visit: ServiceVisit) -> VisitRead:
    return visit_read(visit, (await findings_of(session, [visit.id]))[visit.id], tenant_today(ctx.tenant))
