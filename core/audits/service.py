"""Office audits (办事处稽查, DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–八条).

The product has no office record of its own: an office is named in the plan (``office``) and
headed by the user holding the ``regional_manager`` position (区域经理/办事处经理, DOMAIN §11) named
``office_manager_id`` — the person 第五条 makes organise the office's cooperation. The marketing
centre's vice president (营销中心副总) is whoever holds the ``marketing_vice_president`` position.

* 第二条: customer service leads an audit group with sales planning, finance and people named for
  it — ``auditor_ids`` (at least one, its lead first; never the audited office's manager).
* 第三条: the group plans each office's audit: content, method, completion date and costs. The
  completion date cannot lie before the tenant's today when planning (today is accepted). The
  plan is made by an admin or manager and submitted for approval: the vice president is told
  through the outbox (the tenant's admins when nobody holds the position, so that one is named).
  Only the vice president approves it — never one of the audit group nor the audited office's
  manager — and only an approved audit runs: its result cannot be recorded before (409 saying so),
  and the completion-date reminders concern approved audits only.
* 第四条: regular or unscheduled, announced or surprise (the four ``METHODS``); the costs (fen)
  are the company's, never charged to the office. An announced audit tells the office manager
  through the outbox once it is approved (a plan not approved does not run); a surprise audit
  tells nobody, and until it is done it is hidden from the audited office's manager (list, read).
* 第一条: offices accept audits unconditionally — there is no decline transition: an attempt is
  answered 409 saying so.
* 第六条: once the audit is done the group writes its report (findings and the problems the office
  showed) within the plan's ``report_within_days`` (规定时间, 7 days unless the plan says otherwise;
  due day N is on time, N+1 late and the group is reminded once); the report goes to the vice
  president (the outbox). It is read by admins and managers, the vice president, the audit group
  and the audited office's manager — not by other staff.
* 第七条: the audit group is not the office's line: it orders nothing. The line — the vice
  president, or an admin or manager outside the audit group, never the office's manager — orders
  each problem's rectification with a due date (today or later); the office's manager is told and
  reports it put right. A rectification still open after its due day N reminds the office's
  manager once on N+1.

``planned`` → ``approved`` → ``done`` (the result, completed today) by one of the audit group or
an admin or manager, never by the audited office's manager. The daily sweep reminds the audit
group of an approved audit once :data:`REMIND_DAYS` days or fewer before the completion date,
and once when it has passed (completion day N is not overdue, N+1 is).
"""


from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import and_, func, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audits.models import AuditProblem, OfficeAudit
from core.audits.schemas import (
    AuditDone,
    AuditPlan,
    AuditRead,
    AuditReport,
    ProblemRead,
    RectificationOrder,
    Rectified,
    ReportRead,
)
from core.auth.principal import Principal
from core.auth.service import check_user, holders_or_admins, position_of
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.errors import Conflict, Forbidden, Invalid, InvalidTransition, not_blank
from core.notifications.reminders import console_url, notify_staff
from core.pagination import paginate
from core.reads import read_of
from core.related import rows_by
from core.timezones import tenant_today
from tenants.context import TenantContext

#: The position that heads an office (区域经理/办事处经理).
OFFICE_MANAGER = "regional_manager"
#: The marketing centre's vice president (营销中心副总, 第三条, 第六条, 第七条).
VICE_PRESIDENT = "marketing_vice_president"
SURPRISE = ("regular_surprise", "unscheduled_surprise")
MANAGING = ("admin", "manager")
STATUSES = ("planned", "approved", "done")
OPEN = ("planned", "approved")
PROBLEM_STATUSES = ("open", "ordered", "rectified")
#: The audit group is reminded this many days (or fewer) before the completion date.
REMIND_DAYS = 3
REFUSAL = (
    "an office cannot refuse an audit: offices accept the company's audits unconditionally "
    "(001 篇1 办事处审计检查管理制度 第一条, 第五条)"
)
UNAPPROVED = (
    "the audit plan is not approved: the marketing centre's vice president approves it before the audit "
    "runs (001 篇1 办事处审计检查管理制度 第三条)"
)
NOT_THE_LINE = (
    "the audit group is not the office's line and orders nothing: the marketing centre's vice president or "
    "the line orders the rectification (001 篇1 办事处审计检查管理制度 第七条)"
)


async def plan(session: AsyncSession, ctx: TenantContext, who: Principal, data: AuditPlan) -> OfficeAudit:
    """Plan an office's audit (第三条); an announced one tells the office manager."""
    await check_user(session, data.office_manager_id, "office_manager_id")
    if await position_of(session, data.office_manager_id) != OFFICE_MANAGER:
        raise Invalid("office_manager_id", "name the office's manager (a user holding the regional_manager position)")
    auditors: list[UUID] = []
    for index, person in enumerate(data.auditor_ids):
        await check_user(session, person, f"auditor_ids[{index}]")
        if person == data.office_manager_id:
            raise Invalid(f"auditor_ids[{index}]", "the audited office's manager cannot be in the audit group")
        if person not in auditors:
            auditors.append(person)
    office, content = not_blank(data.office, "office"), not_blank(data.content, "content")
    today = tenant_today(ctx.tenant)
    if data.planned_completion_on < today:
        raise Invalid("planned_completion_on", "the completion date cannot lie before today (the tenant's time zone)")
    audit = OfficeAudit(
        office=office,
        office_manager_id=data.office_manager_id,
        content=content,
        method=data.method,
        planned_completion_on=data.planned_completion_on,
        costs_fen=data.costs_fen,
        auditor_ids=[str(a) for a in auditors],
        status="planned",
        planned_by=who.user_id,
        report_within_days=data.report_within_days,
    )
    session.add(audit)
    await session.flush()
    await _tell(session, ctx, audit, "office_audit.approval_requested", await _vice_presidents(session))
    return audit


async def _vice_presidents(session: AsyncSession) -> list[UUID]:
    """Who holds the vice president's position; the admins when nobody does (so that one is named)."""
    return await holders_or_admins(session, VICE_PRESIDENT)


async def _position(session: AsyncSession, who: Principal) -> str | None:
    return await position_of(session, who.user_id)


async def is_vice_president(session: AsyncSession, who: Principal) -> bool:
    return await _position(session, who) == VICE_PRESIDENT


async def approve(session: AsyncSession, ctx: TenantContext, who: Principal, audit_id: UUID) -> OfficeAudit:
    """第三条: the marketing centre's vice president approves the plan; an announced audit is then
    told to the office's manager."""
    audit = await get_audit(session, who, audit_id, for_update=True)
    if await _position(session, who) != VICE_PRESIDENT:
        raise Forbidden("only the marketing centre's vice president approves an audit plan (第三条)")
    if who.user_id == audit.office_manager_id:
        raise Forbidden("the audited office's manager does not approve its audit")
    if _in_group(who, audit):
        raise Forbidden("one of the audit group does not approve its own plan")
    _expect("audit", audit.status, "planned")
    audit.status, audit.approved_by, audit.approved_at = "approved", who.user_id, utcnow()
    await session.flush()
    if audit.method not in SURPRISE:
        await _tell(session, ctx, audit, "office_audit.announced", [audit.office_manager_id])
    return audit


def _variables(session: AsyncSession, ctx: TenantContext, audit: OfficeAudit) -> dict:
    return {
        "tenant_name": ctx.tenant.name,
        "office": audit.office,
        "content": audit.content[:200],
        "completion_date": audit.planned_completion_on.isoformat(),
        "report_due": report_due_on(audit).isoformat() if audit.completed_on else "",
        "audit_url": console_url(session, ctx, f"office-audits/#audit-{audit.id}"),
    }


async def _tell(session: AsyncSession, ctx: TenantContext, audit: OfficeAudit, key: str, to: list[UUID], *,
                problem: AuditProblem | None = None) -> None:
    variables = _variables(session, ctx, audit)
    if problem is not None:
        variables |= {"problem": problem.description[:200], "instruction": (problem.instruction or "")[:200],
                      "due_on": problem.due_on.isoformat() if problem.due_on else ""}
    await notify_staff(
        session,
        ctx,
        key=key,
        user_ids=to,
        ticket_id=None,
        dedupe=f"{key}:{problem.id if problem is not None else audit.id}",
        variables=variables,
    )


def _expect(record: str, status: str, expected: str) -> None:
    """409 naming the record's status unless it is ``expected`` (the step it is ready for)."""
    if status != expected:
        raise InvalidTransition(f"the {record} is {status}", [("status", status)])


def _in_group(who: Principal, audit: OfficeAudit) -> bool:
    return str(who.user_id) in (audit.auditor_ids or [])


def _check_group_acts(who: Principal, audit: OfficeAudit, manager_does_not: str, group_does: str) -> None:
    """One of the audit group, or an admin or manager, acts — never the audited office's manager."""
    if who.user_id == audit.office_manager_id:
        raise Forbidden(f"the audited office's manager does not {manager_does_not}")
    if not _in_group(who, audit) and who.role not in MANAGING:
        raise Forbidden(f"one of the audit group (or an admin or manager) {group_does}")


def _hidden_from(who: Principal):
    """A surprise audit not yet done, seen by the manager of the office it surprises."""
    return and_(
        OfficeAudit.status.in_(OPEN), OfficeAudit.method.in_(SURPRISE), OfficeAudit.office_manager_id == who.user_id
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
    stmt = where_given(select(OfficeAudit).where(not_(_hidden_from(who))), (OfficeAudit.status, status))
    return await paginate(session, stmt, OfficeAudit.id, limit=limit, cursor=cursor)


async def complete(session: AsyncSession, ctx: TenantContext, who: Principal, audit_id: UUID,
                   data: AuditDone) -> OfficeAudit:
    """The audit is done, with its result (once: 409), by the audit group or an admin or manager."""
    audit = await get_audit(session, who, audit_id, for_update=True)
    _check_group_acts(who, audit, "record the audit's result", "records the result")
    if audit.status == "planned":
        raise InvalidTransition(UNAPPROVED, [("status", audit.status)])
    _expect("audit", audit.status, "approved")
    audit.status, audit.result = "done", not_blank(data.result, "result")
    audit.completed_on, audit.completed_by = tenant_today(ctx.tenant), who.user_id
    await session.flush()
    return audit


async def decline(session: AsyncSession, who: Principal, audit_id: UUID) -> None:
    """An office's refusal: there is none (第一条) — always 409 for an audit the caller can see."""
    audit = await get_audit(session, who, audit_id)
    raise Conflict(REFUSAL, [("status", audit.status)])


async def report(session: AsyncSession, ctx: TenantContext, who: Principal, audit_id: UUID,
                 data: AuditReport) -> OfficeAudit:
    """第六条: the audit group's written report of a done audit (once: 409), sent to the vice president."""
    audit = await get_audit(session, who, audit_id, for_update=True)
    _check_group_acts(who, audit, "write the audit's report", "writes the report")
    if audit.status != "done":
        raise InvalidTransition("the report follows the audit: record its result first (第六条)",
                                [("status", audit.status)])
    if audit.reported_on is not None:
        raise InvalidTransition("the audit's report is already written", [("reported_on", str(audit.reported_on))])
    findings = not_blank(data.findings, "findings")
    problems = [not_blank(p.description, f"problems[{index}].description") for index, p in enumerate(data.problems)]
    audit.report_findings = findings
    audit.reported_on, audit.reported_by = tenant_today(ctx.tenant), who.user_id
    for index, description in enumerate(problems):
        session.add(AuditProblem(audit_id=audit.id, position=index, description=description, status="open"))
    await session.flush()
    await _tell(session, ctx, audit, "office_audit.report", await _vice_presidents(session))
    return audit


async def _problem(session: AsyncSession, who: Principal, audit_id: UUID, problem_id: UUID
                   ) -> tuple[OfficeAudit, AuditProblem]:
    audit = await get_audit(session, who, audit_id)
    problem = await get_or_404(session, AuditProblem, problem_id, "problem of this audit", for_update=True,
                               where=(AuditProblem.audit_id == audit.id,))
    return audit, problem


async def order(session: AsyncSession, ctx: TenantContext, who: Principal, audit_id: UUID, problem_id: UUID,
                data: RectificationOrder) -> OfficeAudit:
    """第七条: the line orders a problem's rectification by a due date; the office's manager is told."""
    audit, problem = await _problem(session, who, audit_id, problem_id)
    if who.user_id == audit.office_manager_id:
        raise Forbidden("the audited office's manager does not order its own rectification")
    if _in_group(who, audit):
        raise Forbidden(NOT_THE_LINE)
    if who.role not in MANAGING and await _position(session, who) != VICE_PRESIDENT:
        raise Forbidden("the marketing centre's vice president or the line (an admin or manager) orders it")
    _expect("problem", problem.status, "open")
    instruction = not_blank(data.instruction, "instruction")
    today = tenant_today(ctx.tenant)
    if data.due_on < today:
        raise Invalid("due_on", "the due date cannot lie before today (the tenant's time zone)")
    problem.status, problem.instruction, problem.due_on = "ordered", instruction, data.due_on
    problem.ordered_by, problem.ordered_on = who.user_id, today
    await session.flush()
    await _tell(session, ctx, audit, "office_audit.rectification", [audit.office_manager_id], problem=problem)
    return audit


async def rectified(session: AsyncSession, ctx: TenantContext, who: Principal, audit_id: UUID, problem_id: UUID,
                    data: Rectified) -> OfficeAudit:
    """The office's manager (or an admin or manager) reports an ordered rectification done."""
    audit, problem = await _problem(session, who, audit_id, problem_id)
    if who.user_id != audit.office_manager_id and who.role not in MANAGING:
        raise Forbidden("the audited office's manager (or an admin or manager) reports the rectification")
    _expect("problem", problem.status, "ordered")
    problem.status, problem.note = "rectified", not_blank(data.note, "note")
    problem.rectified_on, problem.rectified_by = tenant_today(ctx.tenant), who.user_id
    await session.flush()
    return audit


def is_overdue(audit: OfficeAudit, today: date) -> bool:
    return audit.status in OPEN and today > audit.planned_completion_on


def report_due_on(audit: OfficeAudit) -> date | None:
    """第六条: the day the written report is due (the audit done), else None."""
    if audit.completed_on is None:
        return None
    return audit.completed_on + timedelta(days=audit.report_within_days or 0)


def is_report_overdue(audit: OfficeAudit, today: date) -> bool:
    due = report_due_on(audit)
    return due is not None and audit.reported_on is None and today > due


def is_problem_overdue(problem: AuditProblem, today: date) -> bool:
    return problem.status == "ordered" and problem.due_on is not None and today > problem.due_on


async def counts(session: AsyncSession, today: date) -> dict[str, int]:
    """Audits awaiting approval, approved (not done) and, of the open ones, overdue today; done;
    rectifications ordered and not done, and of them overdue."""
    rows = dict((await session.execute(select(OfficeAudit.status, func.count()).group_by(OfficeAudit.status))).all())
    overdue = (
        await session.scalar(
            select(func.count()).where(OfficeAudit.status.in_(OPEN), OfficeAudit.planned_completion_on < today)
        )
        or 0
    )
    ordered = select(func.count()).where(AuditProblem.status == "ordered")
    return {"planned": rows.get("planned", 0), "approved": rows.get("approved", 0), "done": rows.get("done", 0),
            "overdue": overdue, "rectifying": await session.scalar(ordered) or 0,
            "rectification_overdue": await session.scalar(ordered.where(AuditProblem.due_on < today)) or 0}


async def remind(session: AsyncSession, ctx: TenantContext, today: date) -> int:
    """The daily sweep: the audit group of each approved audit, once when the completion date is
    :data:`REMIND_DAYS` days away or nearer, once when it has passed (a plan not approved does not
    run: it is not reminded); the group once when a done audit's report is late (第六条); the
    office's manager once when an ordered rectification is late (第七条)."""
    stmt = select(OfficeAudit).where(
        OfficeAudit.status == "approved",
        OfficeAudit.planned_completion_on <= date.fromordinal(today.toordinal() + REMIND_DAYS),
    )
    sent = 0
    for audit in await session.scalars(stmt):
        key = "office_audit.overdue" if today > audit.planned_completion_on else "office_audit.due_soon"
        await _tell(session, ctx, audit, key, [UUID(a) for a in audit.auditor_ids or []])
        sent += 1
    unreported = select(OfficeAudit).where(OfficeAudit.status == "done", OfficeAudit.reported_on.is_(None))
    for audit in await session.scalars(unreported):
        if is_report_overdue(audit, today):
            await _tell(session, ctx, audit, "office_audit.report_overdue", [UUID(a) for a in audit.auditor_ids or []])
            sent += 1
    late = select(AuditProblem, OfficeAudit).join(OfficeAudit, OfficeAudit.id == AuditProblem.audit_id).where(
        AuditProblem.status == "ordered", AuditProblem.due_on < today)
    for problem, audit in (await session.execute(late)).all():
        await _tell(session, ctx, audit, "office_audit.rectification_overdue", [audit.office_manager_id],
                    problem=problem)
        sent += 1
    return sent


async def reads_report(session: AsyncSession, who: Principal, audit: OfficeAudit) -> bool:
    """第六条: the report is for admins and managers, the vice president, the audit group and the
    audited office's manager."""
    if who.role in MANAGING or who.user_id == audit.office_manager_id or _in_group(who, audit):
        return True
    return await _position(session, who) == VICE_PRESIDENT


async def audit_reads(session: AsyncSession, who: Principal, audits: list[OfficeAudit], today: date
                      ) -> list[AuditRead]:
    """The audits as the caller reads them (the report only for those it is for)."""
    reported = [a.id for a in audits if a.reported_on is not None]
    problems = await rows_by(session, AuditProblem.audit_id, reported, AuditProblem.position)
    return [audit_read(a, today, problems.get(a.id, []) if await reads_report(session, who, a) else None)
            for a in audits]


def problem_read(problem: AuditProblem, today: date) -> ProblemRead:
    return read_of(ProblemRead, problem, overdue=is_problem_overdue(problem, today))


def audit_read(audit: OfficeAudit, today: date, problems: list[AuditProblem] | None = None) -> AuditRead:
    report = None
    if problems is not None and audit.reported_on is not None:
        report = ReportRead(findings=audit.report_findings or "", reported_on=audit.reported_on,
                            reported_by=audit.reported_by, problems=[problem_read(p, today) for p in problems])
    return read_of(
        AuditRead, audit,
        auditor_ids=[UUID(a) for a in audit.auditor_ids or []],
        overdue=is_overdue(audit, today),
        report_due_on=report_due_on(audit),
        report_overdue=is_report_overdue(audit, today),
        report=report,
    )
