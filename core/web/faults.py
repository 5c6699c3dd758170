"""Major faults without the API (重大故障报告, DOMAIN §12): the faults by status with their
course, the first report made from the customer's page, the management informed, the analysis
filed and sent — the same service as ``/api/v1/major-faults``."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import STAFF
from core.faults import service
from core.faults.schemas import FaultAnalysis, FaultReport
from core.timezones import tenant_zone
from core.web.customer_names import listed_customers
from core.web.forms import FormState, convert, customer_form, read_form, uuid_or_none
from core.web.pages import TenantPages, save_form, tenant_page
from tenants.context import TenantContext

STATUSES = ("reported", "analysed", "sent")


class FaultPages(TenantPages, section="/major-faults", roles=STAFF):
    """``/t/{slug}/major-faults``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext, status: str = "",
                    customer_id: UUID | None = None, cursor: str | None = None) -> Response:
        """The faults (by status), and the first-report form for the customer whose page led here."""
        form = customer_form(customer_id)
        return await self._page(request, db, ctx, form, status=status, cursor=cursor)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, status: str = "", cursor: str | None = None) -> Response:
        rows, next_cursor = await service.fault_page(db, status=status if status in STATUSES else None, limit=50,
                                                     cursor=cursor)
        customers, customer = await listed_customers(db, [f.customer_id for f in rows],
                                                     uuid_or_none(form.values.get("customer_id")))
        staff = await auth_service.active_staff(db, STAFF)
        analyses = await service.reads_analyses(db, request.user, rows)  # secret records (DOMAIN §5)
        return tenant_page(request, ctx, "faults/index.html", status_code=status_code, faults=rows, analyses=analyses,
                           customers=customers, names={u.id: u.name for u in staff}, staff=staff, form=form,
                           status=status, statuses=STATUSES, next_cursor=next_cursor, customer=customer)

    @post("/")
    async def report(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The first report; the list follows."""
        values = await read_form(request)
        state = FormState(values=values)
        fields = {k: values.get(k, "").strip() for k in ("customer_id", "place", "symptoms", "plan",
                                                       "account_owner_id", "manager_id")}
        if values.get("occurred_at"):  # a datetime-local input: the tenant's wall clock
            try:
                local = datetime.fromisoformat(values["occurred_at"])
                fields["occurred_at"] = local.replace(tzinfo=local.tzinfo or tenant_zone(ctx.tenant)).isoformat()
            except ValueError:
                fields["occurred_at"] = values["occurred_at"]  # refused beside its field
        data = convert(fields, FaultReport, state)
        command = service.report(db, ctx, request.user, data) if data is not None else None
        return await self._saved(request, db, ctx, state, command)

    @post("/{fault_id:uuid}/{step:str}")
    async def step(self, request: Request, db: AsyncSession, ctx: TenantContext, fault_id: UUID, step: str) -> Response:
        """Management informed, the analysis filed, or the analysis sent."""
        values = await read_form(request)
        state = FormState(values=values)

        async def take_step() -> None:
            if step == "management-informed":
                await service.inform_management(db, request.user, fault_id)
            elif step == "send":
                await service.send(db, request.user, fault_id)
            elif step == "analysis":
                data = convert({k: values.get(k, "").strip() for k in FaultAnalysis.__struct_fields__}, FaultAnalysis,
                               state)
                if data is not None:
                    await service.analyse(db, request.user, fault_id, data)

        return await self._saved(request, db, ctx, state, take_step(), passthrough=(404,))

    async def _saved(self, request: Request, db: AsyncSession, ctx: TenantContext, state: FormState,
                     command: Awaitable | None, passthrough: tuple[int, ...] = ()) -> Response:
        """Back to the list, or the list again with the form's errors."""
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/major-faults/",
                               passthrough=passthrough,
                               again=lambda state: self._page(request, db, ctx, state, status_code=422))
