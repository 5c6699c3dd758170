"""Staff fines without the API (违规处罚, DOMAIN §12): the breaches recorded, newest first, with the
fine each reached; a form to record one; a proposed removal confirmed by a manager it does not
concern — the same service as ``/api/v1/staff-breaches``."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import MANAGERS, STAFF
from core.fines import queries, service
from core.fines.schemas import BreachConfirm, BreachCreate
from core.timezones import tenant_today
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, run_action, save_form, tenant_page
from tenants.context import TenantContext

PAGE_SIZE = 50


class FinePages(TenantPages, section="/staff-fines", roles=MANAGERS):
    """``/t/{slug}/staff-fines``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext, cursor: str | None = None,
                    saved: str = "") -> Response:
        """The breaches with their fines, and the form to record one."""
        form = FormState(values={"occurred_on": tenant_today(ctx.tenant).isoformat()})
        return await self._page(request, db, ctx, form, cursor=cursor, saved=saved)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, cursor: str | None = None, saved: str = "") -> Response:
        rows, next_cursor = await queries.breach_page(db, limit=PAGE_SIZE, cursor=cursor)
        staff = await auth_service.active_staff(db, STAFF)
        return tenant_page(
            request, ctx, "fines/index.html", status_code=status_code, breaches=rows, next_cursor=next_cursor,
            staff=staff, names={u.id: u.name for u in staff}, labels=queries.LABELS, form=form, saved=saved,
            own_case=lambda breach: service.decides_own_case(breach, request.user.user_id),
        )

    @post("/")
    async def record(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Record a breach; the list follows with it first (every mistake beside its field)."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert({k: v.strip() for k, v in values.items() if k in BreachCreate.__struct_fields__}, BreachCreate,
                       state)
        command = service.record(db, ctx, request.user, data) if data is not None else None
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/staff-fines/?saved=1",
                               again=lambda state: self._page(request, db, ctx, state, status_code=422))

    @post("/{breach_id:uuid}/confirm")
    async def confirm(self, request: Request, db: AsyncSession, ctx: TenantContext, breach_id: UUID) -> Response:
        """Confirm a proposed removal (not by the people it fines)."""
        values = await read_form(request)
        return await run_action(
            db, ctx, service.confirm(db, request.user, breach_id, BreachConfirm(note=values.get("note") or None)),
            to=f"/t/{ctx.tenant.slug}/staff-fines/?saved=1", passthrough=(404,),
            again=lambda exc: self._page(request, db, ctx, FormState().fail(exc), status_code=exc.status_code))
