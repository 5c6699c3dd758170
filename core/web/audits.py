"""Office audits without the API (办事处稽查, DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–七条):
the plans by status with the overdue ones marked, the form planning an office's audit (admins and
managers), the marketing centre's vice president's approval (第三条), the result recorded by the
audit group, its written report (第六条) and the rectification the line orders and the office's
manager reports done (第七条) — the same service as ``/api/v1/office-audits``. There is no refusal
button: offices cannot refuse (第一条)."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.audits import service
from core.audits.schemas import (
    METHODS,
    AuditDone,
    AuditPlan,
    AuditReport,
    RectificationOrder,
    Rectified,
    ReportedProblem,
)
from core.auth import service as auth_service
from core.auth.guards import STAFF
from core.errors import DomainError
from core.i18n.translate import N_
from core.timezones import tenant_today
from core.web.charge_form import fen_from_form
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, alert, discard, first_reason, run_action, tenant_page
from tenants.context import TenantContext

METHOD_LABELS = {
    "regular_announced": N_("Regular, announced"), "regular_surprise": N_("Regular, surprise"),
    "unscheduled_announced": N_("Unscheduled, announced"), "unscheduled_surprise": N_("Unscheduled, surprise"),
}
STATUS_LABELS = {"planned": N_("Awaiting approval"), "approved": N_("Approved"), "done": N_("Done")}
PROBLEM_LABELS = {"open": N_("To be ordered"), "ordered": N_("Rectification ordered"), "rectified": N_("Rectified")}
#: The service's messages shown beside the form's fields, marked to be translated.
SERVICE_MESSAGES = (
    N_("name the office's manager (a user holding the regional_manager position)"),
    N_("the audited office's manager cannot be in the audit group"),
    N_("the completion date cannot lie before today (the tenant's time zone)"),
    N_("one of the audit group (or an admin or manager) records the result"),
    N_("the audited office's manager does not record the audit's result"),
    N_("only the marketing centre's vice president approves an audit plan (第三条)"),
    N_("the audited office's manager does not approve its audit"),
    N_("one of the audit group does not approve its own plan"),
    N_("the audit plan is not approved: the marketing centre's vice president approves it before the audit "
       "runs (001 篇1 办事处审计检查管理制度 第三条)"),
    N_("the report follows the audit: record its result first (第六条)"),
    N_("the audit's report is already written"),
    N_("the audited office's manager does not write the audit's report"),
    N_("one of the audit group (or an admin or manager) writes the report"),
    N_("the audit group is not the office's line and orders nothing: the marketing centre's vice president or "
       "the line orders the rectification (001 篇1 办事处审计检查管理制度 第七条)"),
    N_("the audited office's manager does not order its own rectification"),
    N_("the marketing centre's vice president or the line (an admin or manager) orders it"),
    N_("the due date cannot lie before today (the tenant's time zone)"),
    N_("the audited office's manager (or an admin or manager) reports the rectification"),
)


class AuditPages(TenantPages, section="/office-audits", roles=STAFF):
    """``/t/{slug}/office-audits``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext, status: str = "",
                    cursor: str | None = None) -> Response:
        """The audits (by status) and, for admins and managers, the form planning one."""
        form = FormState(values={"method": "regular_announced",
                                 "planned_completion_on": tenant_today(ctx.tenant).isoformat()})
        return await self._page(request, db, ctx, form, status=status, cursor=cursor)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, status: str = "", cursor: str | None = None,
                    alert: FormState | None = None) -> Response:
        rows, next_cursor = await service.audit_page(db, request.user, status=status if status in service.STATUSES
                                                     else None, limit=50, cursor=cursor)
        staff = await auth_service.active_staff(db, STAFF)
        today = tenant_today(ctx.tenant)
        return tenant_page(
            request, ctx, "audits/index.html", status_code=status_code,
            audits=await service.audit_reads(db, request.user, rows, today), form=form,
            alert=alert or FormState(), statuses=service.STATUSES, status=status, status_labels=STATUS_LABELS,
            problem_labels=PROBLEM_LABELS, methods=METHODS, method_labels=METHOD_LABELS, staff=staff,
            names={k: u.name for u in staff for k in (u.id, str(u.id))},
            heads=await auth_service.holders(db, service.OFFICE_MANAGER), today=today,
            vice_president=await service.is_vice_president(db, request.user),
            vice_presidents=await auth_service.holders(db, service.VICE_PRESIDENT),
            counts=await service.counts(db, today), next_cursor=next_cursor,
        )

    @post("/")
    async def plan(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Plan an office's audit (admins and managers); the list follows."""
        if request.user.role not in service.MANAGING:
            return Redirect(f"/t/{ctx.tenant.slug}/office-audits/", status_code=303)
        values = await read_form(request)
        state = FormState(values=values)
        body: dict = {k: values.get(k, "").strip() for k in ("office", "office_manager_id", "content", "method",
                                                              "planned_completion_on", "report_within_days")}
        body["auditor_ids"] = [k.split(":", 1)[1] for k, v in values.items() if k.startswith("auditor:") and v]
        try:
            body["costs_fen"] = fen_from_form(values.get("costs", ""))
        except ValueError as exc:
            state.errors["costs"] = str(exc)
        if not body["auditor_ids"]:
            state.errors["auditor_ids"] = N_("Choose the audit group")
        data = convert(body, AuditPlan, state) if state.ok else None
        if data is not None:
            try:
                await service.plan(db, ctx, request.user, data)
            except DomainError as exc:
                state.fail(exc)
                state.gather("auditor_ids[", "auditor_ids")
            else:
                return Redirect(f"/t/{ctx.tenant.slug}/office-audits/", status_code=303)
        state.gather("costs_fen", "costs")
        await discard(db, ctx)
        return await self._page(request, db, ctx, state, status_code=422)

    async def _act(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID, action) -> Response:
        """Run ``action``; a refusal is shown above the list (with its status), a success goes back to the audit."""
        return await run_action(
            db, ctx, action(), to=f"/t/{ctx.tenant.slug}/office-audits/#audit-{audit_id}", passthrough=(404,),
            again=lambda exc: self._page(request, db, ctx, FormState(), status_code=exc.status_code,
                                         alert=alert(first_reason(exc) if exc.status_code == 422 else exc.detail)))

    @post("/{audit_id:uuid}/complete")
    async def complete(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID) -> Response:
        """The audit group records the result."""
        values = await read_form(request)
        return await self._act(request, db, ctx, audit_id, lambda: service.complete(
            db, ctx, request.user, audit_id, AuditDone(result=values.get("result", ""))))

    @post("/{audit_id:uuid}/approve")
    async def approve(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID) -> Response:
        """The marketing centre's vice president approves the plan (第三条)."""
        return await self._act(request, db, ctx, audit_id, lambda: service.approve(db, ctx, request.user, audit_id))

    @post("/{audit_id:uuid}/report")
    async def report(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID) -> Response:
        """The audit group's written report: the findings and the problems, one a line (第六条)."""
        values = await read_form(request)
        problems = [ReportedProblem(description=line.strip()) for line in values.get("problems", "").splitlines()
                    if line.strip()]
        data = AuditReport(findings=values.get("findings", ""), problems=problems)
        return await self._act(request, db, ctx, audit_id, lambda: service.report(db, ctx, request.user, audit_id,
                                                                                  data))

    @post("/{audit_id:uuid}/problems/{problem_id:uuid}/rectification")
    async def order(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID,
                    problem_id: UUID) -> Response:
        """The line orders a problem put right by a due date (第七条)."""
        values = await read_form(request)
        alert = FormState(values=values)
        data = convert({"instruction": values.get("instruction", ""), "due_on": values.get("due_on", "")},
                       RectificationOrder, alert)
        if data is None:
            alert.errors[""] = next(iter(alert.errors.values()))
            return await self._page(request, db, ctx, FormState(), status_code=422, alert=alert)
        return await self._act(request, db, ctx, audit_id, lambda: service.order(
            db, ctx, request.user, audit_id, problem_id, data))

    @post("/{audit_id:uuid}/problems/{problem_id:uuid}/rectified")
    async def rectified(self, request: Request, db: AsyncSession, ctx: TenantContext, audit_id: UUID,
                        problem_id: UUID) -> Response:
        """The office's manager reports a rectification done."""
        values = await read_form(request)
        return await self._act(request, db, ctx, audit_id, lambda: service.rectified(
            db, ctx, request.user, audit_id, problem_id, Rectified(note=values.get("note", ""))))
