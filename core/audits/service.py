"""Office audits (办事处稽查, DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–四条).

The product has no office record of its own: an office is named in the plan (``office``) and
headed by the user holding the ``regional_manager`` position (区域经理/办事处经理, DOMAIN §11) named
``office_manager_id`` — the person 第五条 makes organise the office's cooperation.

* 第二条: customer service leads an audit group with sales planning, finance and people named for
  it — ``auditor_ids`` (at least one, its lead first; never the audited office's manager).
* 第三条: the group plans each office's audit: content, method, completion date and costs. The
  completion date cannot lie before the tenant's today when planning (today is accepted). The
  plan is made by an admin or manager.
* 第四条: regular or unscheduled, announced or surprise (the four ``METHODS``); the costs (fen)
  are the company's, never charged to the office. An announced audit tells the office manager
  through the outbox; a surprise audit tells nobody, and while it is planned it is hidden from
  the audited office's manager (list and read).
* 第一条: offices accept audits unconditionally — there is no decline transition: an attempt is
  answered 409 saying so.

``planned`` → ``done`` (the result, completed today) by one of the audit group or an admin or
manager, never by the audited office's manager. The daily sweep reminds the audit group once :data:`REMIND_DAYS` days or fewer before the
completion date, and once when it has passed (completion day N is not overdue, N+1 is).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import and_, func, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audits.models import OfficeAudit
from core.audits.schemas import AuditDone, AuditPlan, AuditRead
from core.auth.models import User
from core.auth.principal import Principal
from core.auth.service import check_user
from core.db.lookup import get_or_404
from core.errors import Conflict, Forbidden, Invalid, InvalidTransition
from core.notifications.service import operator_settings
from core.notifications.triggers import notify_staff
from core.pagination import paginate
from core.timezones import tenant_today

#: The position that heads an office (区域经理/办事处经理).
OFFICE_MANAGER = "regional_manager"
SURPRISE = ("regular_surprise", "unscheduled_surprise")
MANAGING = ("admin", "manager")
STATUSES = ("planned", "done")
#: The audit group is reminded this many days (or fewer) before the completion date.
REMIND_DAYS = 3
REFUSAL = (
    "an office cannot refuse an audit: offices accept the company's audits unconditionally "
    "(001 篇1 办事处审计检查管理制度 第一条, 第五条)"
)


async def plan(session: AsyncSession, ctx, who: Principal, data: AuditPlan) -> OfficeAudit:
    """Plan an office's audit (第三条); an announced one tells the office manager."""
    await check_user(session, data.office_manager_id, "office_manager_id")
    position = await session.scalar(select(User.position).where(User.id == data.office_manager_id))
    if position != OFFICE_MANAGER:
        raise Invalid("office_manager_id", "name the office's manager (a user holding the regional_manager position)")
    auditors: list[UUID] = []
    for index, person in enumerate(data.auditor_ids):
        await check_user(session, person, f"auditor_ids[{index}]")
        if person == data.office_manager_id:
            raise Invalid(f"auditor_ids[{index}]", "the audited office's manager cannot be in the audit group")
        if person not in auditors:
            auditors.append(person)
    for field in ("office", "content"):
        if not getattr(data, field).strip():
            raise Invalid(field, "must not be blank")
    today = tenant_today(ctx.tenant)
    if data.planned_completion_on < today:
        raise Invalid("planned_completion_on", "the completion date cannot lie before today (the tenant's time zone)")
    audit = OfficeAudit(
        office=data.office.strip(),
        office_manager_id=data.office_manager_id,
        content=data.content.strip(),
        method=data.method,
        planned_completion_on=data.planned_completion_on,
        costs_fen=data.costs_fen,
        auditor_ids=[str(a) for a in auditors],
        status="planned",
        planned_by=who.user_id,
    )
    session.add(audit)
    await session.flush()
    if audit.method not in SURPRISE:
        await _tell(session, ctx, audit, "office_audit.announced", [audit.office_manager_id])
    return audit


def _variables(session: AsyncSession, ctx, audit: OfficeAudit) -> dict:
    base = operator_settings(session).public_url.rstrip("/")
    return {
        "tenant_name": ctx.tenant.name,
        "office": audit.office,
        "content": audit.content[:200],
        "completion_date": audit.planned_completion_on.isoformat(),
        "audit_url": f"{base}/t/{ctx.tenant.slug}/office-audits/#audit-{audit.id}",
    }


async def _tell(session: AsyncSession, ctx, audit: OfficeAudit, key: str, to: list[UUID]) -> None:
    await notify_staff(
        session,
        ctx,
        key=key,
        user_ids=to,
        ticket_id=None,
        dedupe=f"{key}:{audit.id}",
        variables=_variables(session, ctx, audit),
    )


def _hidden_from(who: Principal):
    """A planned surprise audit, seen by the manager of the office it surprises."""
    return and_(
        OfficeAudit.status == "planned", OfficeAudit.method.in_(SURPRISE), OfficeAudit.office_manager_id == who.user_id
    )


async def get_audit(session: AsyncSession, who: Principal, audit_id: UUID, *, for_update: bool = False) -> OfficeAudit:
    """One audit (404 when not the tenant's, or a planned surprise audit of the caller's own office)."""
    return await get_or_404(
        session, OfficeAudit, audit_id, "office audit", for_update=for_update, where=(not_(_hidden_from(who)),)
    )


async def audit_page(
    session: AsyncSession, who: Principal, *, status: str | None, limit: int | None, cursor: str | None
) -> tuple[list[OfficeAudit], str | None]:
    """The audits the caller may see, newest first."""
    stmt = select(OfficeAudit).where(not_(_hidden_from(who)))
    if status:
        stmt = stmt.where(OfficeAudit.status == status)
    return await paginate(session, stmt, OfficeAudit.id, limit=limit, cursor=cursor)


async def complete(session: AsyncSession, ctx, who: Principal, audit_id: UUID, data: AuditDone) -> OfficeAudit:
    """The audit is done, with its result (once: 409), by the audit group or an admin or manager."""
    audit = await get_audit(session, who, audit_id, for_update=True)
    if who.user_id == audit.office_manager_id:
        raise Forbidden("the audited office's manager does not record the audit's result")
    if str(who.user_id) not in (audit.auditor_ids or []) and who.role not in MANAGING:
        raise Forbidden("one of the audit group (or an admin or manager) records the result")
    if audit.status != "planned":
        raise InvalidTransition(f"the audit is {audit.status}", [("status", audit.status)])
    if not data.result.strip():
        raise Invalid("result", "must not be blank")
    audit.status, audit.result = "done", data.result.strip()
    audit.completed_on, audit.completed_by = tenant_today(ctx.tenant), who.user_id
    await session.flush()
    return audit


async def decline(session: AsyncSession, who: Principal, audit_id: UUID) -> None:
    """An office's refusal: there is none (第一条) — always 409 for an audit the caller can see."""
    audit = await get_audit(session, who, audit_id)
    raise Conflict(REFUSAL, [("status", audit.status)])


def is_overdue(audit: OfficeAudit, today: date) -> bool:
    return audit.status == "planned" and today > audit.planned_completion_on


async def counts(session: AsyncSession, today: date) -> dict[str, int]:
    """Audits planned (not done) and, of them, overdue today; done."""
    rows = dict((await session.execute(select(OfficeAudit.status, func.count()).group_by(OfficeAudit.status))).all())
    overdue = (
        await session.scalar(
            select(func.count()).where(OfficeAudit.status == "planned", OfficeAudit.planned_completion_on < today)
        )
        or 0
    )
    return {"planned": rows.get("planned", 0), "done": rows.get("done", 0), "overdue": overdue}


async def remind(session: AsyncSession, ctx, today: date) -> int:
    """The daily sweep: the audit group of each planned audit, once when the completion date is
    :data:`REMIND_DAYS` days away or nearer, once when it has passed."""
    stmt = select(OfficeAudit).where(
        OfficeAudit.status == "planned",
        OfficeAudit.planned_completion_on <= date.fromordinal(today.toordinal() + REMIND_DAYS),
    )
    sent = 0
    for audit in await session.scalars(stmt):
        key = "office_audit.overdue" if today > audit.planned_completion_on else "office_audit.due_soon"
        await _tell(session, ctx, audit, key, [UUID(a) for a in audit.auditor_ids or []])
        sent += 1
    return sent


def audit_read(audit: OfficeAudit, today: date) -> AuditRead:
    return AuditRead(
        id=audit.id,
        office=audit.office,
        office_manager_id=audit.office_manager_id,
        content=audit.content,
        method=audit.method,
        planned_completion_on=audit.planned_completion_on,
        costs_fen=audit.costs_fen,
        auditor_ids=[UUID(a) for a in audit.auditor_ids or []],
        status=audit.status,
        overdue=is_overdue(audit, today),
        result=audit.result,
        completed_on=audit.completed_on,
        completed_by=audit.completed_by,
        planned_by=audit.planned_by,
        created_at=audit.created_at,
    )
