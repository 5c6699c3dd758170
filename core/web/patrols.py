"""Quality patrols and service research without the API (质量巡检、服务调研, DOMAIN §12, 003 篇3
10.1.1 and 10.1.3): the visits with their findings, the month's numbers, the form recording a visit
for the customer whose page led here, and each finding followed up and closed — the same service
as ``/api/v1/service-visits``. Visit logs are secret records (DOMAIN §5.3): a role the tenant keeps
from them gets the 403 page."""

from __future__ import annotations

from collections.abc import Awaitable
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import STAFF
from core.customers import queries as customers_q
from core.errors import DomainError
from core.i18n.translate import N_
from core.patrols import service
from core.patrols.schemas import KINDS, FindingClose, FollowUp, VisitCreate
from core.timezones import tenant_today
from core.web.customer_names import listed_customers
from core.web.forms import FormState, convert, customer_form, read_form, uuid_or_none
from core.web.pages import TenantPages, alert, first_reason, run_action, save_form, tenant_page
from tenants.context import TenantContext

#: Finding rows the form offers.
FINDING_ROWS = 3
KIND_LABELS = {"quality_patrol": N_("Quality patrol"), "service_research": N_("Service research")}
STATUS_LABELS = {"open": N_("Open"), "followed_up": N_("Followed up"), "closed": N_("Closed")}
#: The service's messages shown beside the form's fields, marked to be translated.
SERVICE_MESSAGES = (
    N_("a service-research visit is led by senior management (003 篇3 10.1.3)"),
    N_("senior engineers go with the senior leader (003 篇3 10.1.3)"),
    N_("the follow-up cannot be due before the visit"),
    N_("no such asset of this customer"),
    N_("no such user in this tenant"),
    N_("the finding's owner (or an admin or manager) follows it up"),
    N_("the visit's leader (or an admin or manager) closes a finding"),
)


def visit_body(values: dict[str, str]) -> dict:
    """The posted visit as the wire type's fields: the ticked participants, the filled finding rows."""
    body = {k: values.get(k, "").strip() for k in ("kind", "customer_id", "visited_on", "leader_id", "summary",
                                                     "asset_id")}
    body["participant_ids"] = [k.split(":", 1)[1] for k, v in values.items() if k.startswith("participant:") and v]
    findings = []
    for i in range(FINDING_ROWS):
        row = {name: values.get(f"findings[{i}].{name}", "").strip() for name in ("description", "owner_id", "due_on")}
        if any(row.values()):
            findings.append(row)
    body["findings"] = findings
    return body


class PatrolPages(TenantPages, section="/service-visits", roles=STAFF):
    """``/t/{slug}/service-visits``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext, kind: str = "",
                    customer_id: UUID | None = None, cursor: str | None = None) -> Response:
        """The visits (of a kind, of the customer whose page led here) and the form recording one."""
        form = customer_form(customer_id, kind="quality_patrol", visited_on=tenant_today(ctx.tenant).isoformat())
        return await self._page(request, db, ctx, form, kind=kind, cursor=cursor)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, kind: str = "", cursor: str | None = None,
                    alert: FormState | None = None) -> Response:
        chosen = uuid_or_none(form.values.get("customer_id"))
        rows, next_cursor = await service.visit_page(db, request.user, customer_id=chosen,
                                                     kind=kind if kind in KINDS else None, limit=30, cursor=cursor)
        findings = await service.findings_of(db, [v.id for v in rows])
        customers, customer = await listed_customers(db, [v.customer_id for v in rows], chosen)
        staff = await auth_service.active_staff(db, STAFF)
        today = tenant_today(ctx.tenant)
        numbers = await service.summary(db, ctx, today.replace(day=1), today)
        assets = await customers_q.assets_of(db, chosen) if customer is not None else []
        return tenant_page(
            request, ctx, "visits/index.html", status_code=status_code, form=form, alert=alert or FormState(),
            visits=[(v, findings[v.id]) for v in rows], customers=customers,
            names={k: u.name for u in staff for k in (u.id, str(u.id))}, staff=staff, kinds=KINDS, kind=kind, kind_labels=KIND_LABELS,
            status_labels=STATUS_LABELS, today=today, numbers=numbers, next_cursor=next_cursor,
            customer=customer, assets=assets, rows=range(FINDING_ROWS),
            is_overdue=service.is_overdue, managing=service.MANAGING,
        )

    @post("/")
    async def record(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Record the visit; the customer's visits follow."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert(visit_body(values), VisitCreate, state)
        command = service.record(db, ctx, request.user, data) if data is not None else None
        return await save_form(
            db, ctx, state, command, passthrough=(403,),
            to=lambda visit: f"/t/{ctx.tenant.slug}/service-visits/?customer_id={visit.customer_id}",
            again=lambda state: self._page(request, db, ctx, state, status_code=422))

    @post("/{visit_id:uuid}/findings/{finding_id:uuid}/{step:str}")
    async def finding_step(self, request: Request, db: AsyncSession, ctx: TenantContext, visit_id: UUID,
                           finding_id: UUID, step: str) -> Response:
        """A finding followed up (what was done) or closed (how it ended)."""
        await service.check_may_read(db, request.user)  # a role kept from secret records: the 403 page
        values = await read_form(request)

        async def take_step() -> None:
            if step == "follow-up":
                await service.follow_up(db, request.user, visit_id, finding_id, FollowUp(action=values.get("action", "")))
            elif step == "close":
                await service.close(db, request.user, visit_id, finding_id,
                                    FindingClose(result=values.get("result") or None))

        def again(exc: DomainError) -> Awaitable[Response]:
            blank = {"kind": "quality_patrol", "visited_on": tenant_today(ctx.tenant).isoformat()}
            return self._page(request, db, ctx, FormState(values=blank), status_code=exc.status_code,
                              alert=alert(first_reason(exc)))

        return await run_action(db, ctx, take_step(), to=f"/t/{ctx.tenant.slug}/service-visits/#finding-{finding_id}",
                                again=again, passthrough=(404,))


__all__ = ["PatrolPages"]
