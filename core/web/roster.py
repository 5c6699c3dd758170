"""Leave and the holiday duty roster without the API (DOMAIN §12; 003 篇1 请假制度, 003 篇3 八):
one's own leave asked and withdrawn, the leave waiting for one's decision approved or refused; the
coming holidays with who is on duty and the gaps, written by managers, read by everybody — the same
service as ``/api/v1/leave-requests`` and ``/api/v1/duty-roster``."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import MANAGERS, STAFF
from core.auth.positions import POSITIONS
from core.errors import DomainError
from core.roster import rules, service
from core.roster.schemas import DutyCreate, LeaveCreate
from core.timezones import tenant_today
from core.web.forms import INVALID, FormState, convert, read_form
from core.web.pages import TenantPages, discard, save_form, tenant_page
from core.web.security import page_role
from tenants.context import TenantContext

EVERYONE = ("admin", "manager", "agent", "technician", "viewer")
#: Leave requests a page, in each of the page's two lists (the API's default page).
LEAVE_PAGE = 50


class LeavePages(TenantPages, section="/leave", roles=STAFF):
    """``/t/{slug}/leave``"""

    @get("/")
    async def index(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        mine_cursor: str | None = None,
        decide_cursor: str | None = None,
    ) -> Response:
        """One's leave and the form to ask it; the leave waiting for one's decision; managers see
        who is on leave today. Each list pages on by its own cursor, the other list's kept."""
        return await self._page(request, db, ctx, FormState(), cursors=(mine_cursor, decide_cursor))

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, decision: FormState | None = None,
                    cursors: tuple[str | None, str | None] = (None, None)) -> Response:
        who = request.user
        mine_cursor, decide_cursor = cursors
        mine, next_mine = await service.leave_page(
            db, who, view="mine", status=None, limit=LEAVE_PAGE, cursor=mine_cursor
        )
        to_decide, next_decide = await service.leave_page(
            db, who, view="to_approve", status=None, limit=LEAVE_PAGE, cursor=decide_cursor
        )
        today = tenant_today(ctx.tenant)
        away = await service.on_leave(db, today) if who.role in MANAGERS else []
        staff = await auth_service.active_staff(db, EVERYONE)
        return tenant_page(
            request, ctx, "roster/leave.html", status_code=status_code, form=form, decision=decision or FormState(),
            mine=mine, to_decide=to_decide, away=away, mine_cursor=mine_cursor, decide_cursor=decide_cursor,
            next_mine=next_mine, next_decide=next_decide, today=today, names={u.id: u.name for u in staff},
            positions=POSITIONS, department_head=rules.DEPARTMENT_HEAD, centre_head=rules.CENTRE_HEAD,
        )

    @post("/")
    async def ask(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Ask one's own leave; the page follows with it waiting for a decision."""
        values = await read_form(request)
        state = FormState(values=values)
        fields = {k: values.get(k, "").strip() for k in ("first_day", "last_day", "reason")}
        flags = {k: values.get(k) == "on" for k in ("night_shift", "special")}
        data = convert({**fields, **flags}, LeaveCreate, state)
        command = service.ask(db, ctx, request.user, data) if data is not None else None
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/leave/",
                               again=lambda state: self._page(request, db, ctx, state, status_code=422))

    @post("/{leave_id:uuid}/{step:str}")
    async def step(self, request: Request, db: AsyncSession, ctx: TenantContext, leave_id: UUID,
                   step: str) -> Response:
        """Approve, refuse (with the reason) or withdraw one leave."""
        values = await read_form(request)
        state = FormState(values=values, prefix=f"{leave_id}-")
        reason = values.get("reason", "").strip() or None
        try:
            if step in ("approve", "refuse"):
                await service.decide(db, ctx, request.user, leave_id, step == "approve", reason)
            elif step == "withdraw":
                await service.withdraw(db, ctx, request.user, leave_id)
            else:
                state.errors[""] = INVALID
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            state.errors[""] = exc.detail
        if state.ok:
            return Redirect(f"/t/{ctx.tenant.slug}/leave/", status_code=303)
        await discard(db, ctx)
        return await self._page(request, db, ctx, FormState(), status_code=422, decision=state)


class DutyRosterPages(TenantPages, section="/duty-roster", roles=EVERYONE):
    """``/t/{slug}/duty-roster``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The coming holidays (120 days) with who is on duty and the gaps; managers add and remove."""
        return await self._page(request, db, ctx, FormState())

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200) -> Response:
        roster = await service.roster(db, ctx)
        staff = await auth_service.active_staff(db, STAFF)
        summary = await service.summary(db, ctx) if request.user.role in MANAGERS else None
        return tenant_page(
            request, ctx, "roster/duty.html", status_code=status_code, roster=roster, form=form, summary=summary,
            staff=staff, names={u.id: u.name for u in await auth_service.active_staff(db, EVERYONE)},
            holidays=rules.HOLIDAY_LABELS,
        )

    @post("/", guards=[page_role(*MANAGERS)])
    async def add(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Put a person on a holiday's shift."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert({k: values.get(k, "").strip() for k in ("day", "shift", "user_id", "note")}, DutyCreate, state)
        command = service.add_duty(db, ctx, request.user, data) if data is not None else None
        return await save_form(db, ctx, state, command, to=lambda duty: f"/t/{ctx.tenant.slug}/duty-roster/#day-{duty.day}",
                               again=lambda state: self._page(request, db, ctx, state, status_code=422))

    @post("/{duty_id:uuid}/remove", guards=[page_role(*MANAGERS)])
    async def remove(self, request: Request, db: AsyncSession, ctx: TenantContext, duty_id: UUID) -> Response:
        """Take a person off a holiday's shift."""
        await service.remove_duty(db, duty_id)
        return Redirect(f"/t/{ctx.tenant.slug}/duty-roster/", status_code=303)
