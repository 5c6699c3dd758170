"""The service visits without the API (DOMAIN §12): residential projects with their warranty
revisits and terms (001 篇2 二), the seasonal inspection rounds with their visits (004 1.3) and the
December New Year campaign (003 篇3 三) — the same services as ``/api/v1/residential-projects``,
``/api/v1/seasonal-campaigns`` and ``/api/v1/new-year-campaigns``."""

from __future__ import annotations

from types import ModuleType
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import DESK, STAFF
from core.customers import queries as customers_q
from core.timezones import tenant_today
from core.visits import newyear, projects, seasons
from core.visits.schemas import ContactRecord, NewYearCreate, ProjectCreate, SeasonCreate, VisitAssign, VisitDone
from core.web.customer_names import customer_names, listed_customers
from core.web.forms import FormState, convert, customer_form, read_form, uuid_or_none
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.security import page_role
from tenants.context import TenantContext

DESK_ONLY = [page_role(*DESK)]
#: Campaigns a page (the API's default page).
CAMPAIGN_PAGE = 50
#: A campaign's visits or contacts a page.
ROWS_PAGE = 50


def _fields(values: dict[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The non-empty typed values of ``names``."""
    return {k: values.get(k, "").strip() for k in names if values.get(k, "").strip()}


def blank(prefix: str) -> FormState:
    """An empty form of one row of a list (its ids prefixed so rows do not share them)."""
    return FormState(prefix=prefix)


async def _campaigns(
    db: AsyncSession, kind: ModuleType, campaign_id: UUID | None, cursor: str | None, *, first_by_default: bool = False
):
    """One page of the campaigns of ``kind`` (:mod:`~core.visits.seasons` or :mod:`~core.visits.newyear`),
    newest first as the API lists them, the cursor of the next, their progress and the one chosen —
    ``campaign_id``'s, read on its own when it is not on the page (404 when not the tenant's); without
    one, the page's first when ``first_by_default``."""
    rows, next_cursor = await kind.campaign_page(db, limit=CAMPAIGN_PAGE, cursor=cursor)
    done = await kind.progress(db, [c.id for c in rows])
    chosen = next((c for c in rows if c.id == campaign_id), rows[0] if first_by_default and rows else None)
    if campaign_id is not None and (chosen is None or chosen.id != campaign_id):
        chosen = await kind.get_campaign(db, campaign_id)
        done.update(await kind.progress(db, [chosen.id]))
    return rows, next_cursor, done, chosen


class ResidentialProjectPages(TenantPages, section="/residential-projects", roles=STAFF):
    """``/t/{slug}/residential-projects``"""

    @get("/")
    async def index(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        customer_id: UUID | None = None,
        cursor: str | None = None,
    ) -> Response:
        """The projects (a customer's when opened from their page) and the form to record one."""
        form = customer_form(customer_id)
        return await self._page(request, db, ctx, form, cursor=cursor)

    async def _page(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        form: FormState,
        status_code: int = 200,
        cursor: str | None = None,
    ) -> Response:
        chosen = uuid_or_none(form.values.get("customer_id"))
        rows, next_cursor = await projects.project_page(db, customer_id=chosen, limit=50, cursor=cursor)
        years = await projects.years_of(db, rows)
        customers, customer = await listed_customers(db, [p.customer_id for p in rows], chosen)
        assets = await customers_q.assets_of(db, chosen) if chosen else []
        staff = await auth_service.active_staff(db, DESK)
        return tenant_page(
            request,
            ctx,
            "visits/projects.html",
            status_code=status_code,
            projects=rows,
            next_cursor=next_cursor,
            reads={p.id: projects.project_read(ctx, p, years[p.id]) for p in rows},
            customers=customers,
            customer=customer,
            assets=assets,
            staff=staff,
            names={u.id: u.name for u in staff},
            form=form,
        )

    @post("/", guards=DESK_ONLY)
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Record a handed-over project (its revisits are booked); the customer's projects follow."""
        values = await read_form(request)
        state = FormState(values=values)
        names = ("customer_id", "name", "address", "handover_date", "warranty_months", "asset_id", "owner_id")
        data = convert(_fields(values, names), ProjectCreate, state)
        command = projects.create_project(db, ctx, request.user, data) if data is not None else None
        return await save_form(
            db, ctx, state, command,
            to=lambda project: f"/t/{ctx.tenant.slug}/residential-projects/?customer_id={project.customer_id}",
            again=lambda state: self._page(request, db, ctx, state, status_code=422),
        )


class CampaignPages(TenantPages):
    """The newest campaigns of one kind with their progress, and the one chosen with its rows (a
    seasonal round's visits, a New Year campaign's contacts), a page of each."""

    #: :mod:`~core.visits.seasons` or :mod:`~core.visits.newyear`.
    kind: ModuleType
    template: str
    #: Without a campaign asked for, the newest is chosen.
    first_by_default = False
    #: The query parameter (and the rows' forms' hidden field) of the page of the chosen campaign's
    #: rows: a form sent from a later page comes back to it.
    rows_param: str

    def back_to(self, ctx: TenantContext, campaign_id: UUID, values: dict[str, str], anchor: str) -> str:
        """The chosen campaign's page of rows a form was sent from, at the row ``anchor``."""
        query = {"campaign_id": campaign_id, self.rows_param: values.get(self.rows_param, "")}
        return f"/t/{ctx.tenant.slug}{self.section}/?{urlencode({k: v for k, v in query.items() if v})}#{anchor}"

    @get("/")
    async def index(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        campaign_id: UUID | None = None,
        cursor: str | None = None,
    ) -> Response:
        """One page of the campaigns with their progress ("Next page" for older ones, the campaign
        chosen kept), and one campaign's rows."""
        return await self._page(request, db, ctx, FormState(), campaign_id, cursor=cursor)

    async def _page(
        self,
        request: Request,
        db: AsyncSession,
        ctx: TenantContext,
        form: FormState,
        campaign_id: UUID | None,
        status_code: int = 200,
        cursor: str | None = None,
    ) -> Response:
        rows, next_cursor, done, chosen = await _campaigns(
            db, self.kind, campaign_id, cursor, first_by_default=self.first_by_default
        )
        rows_cursor = request.query_params.get(self.rows_param) or form.values.get(self.rows_param) or None
        found, rows_next = (await self.rows_page(db, request, chosen, rows_cursor)) if chosen else ([], None)
        return tenant_page(
            request,
            ctx,
            self.template,
            status_code=status_code,
            campaigns=rows,
            cursor=cursor,
            next_cursor=next_cursor,
            progress=done,
            chosen=chosen,
            form=form,
            blank=blank,
            rows_cursor=rows_cursor,
            rows_next=rows_next,
            rows_query=urlencode({"campaign_id": chosen.id, **({"cursor": cursor} if cursor else {})}) if chosen else "",
            customers=await customer_names(db, [r.customer_id for r in found]),
            **await self._chosen_rows(request, db, ctx, rows, found),
        )

    async def rows_page(self, db: AsyncSession, request: Request, chosen, cursor: str | None) -> tuple[list, str | None]:
        """A page of the chosen campaign's rows, as the API pages them, and the next one's cursor."""
        raise NotImplementedError

    async def _chosen_rows(self, request: Request, db: AsyncSession, ctx: TenantContext, rows: list, found: list) -> dict:
        """What the page shows besides the campaigns and the page of the chosen one's rows."""
        raise NotImplementedError


class SeasonalVisitPages(CampaignPages, section="/seasonal-visits", roles=STAFF):
    """``/t/{slug}/seasonal-visits``: the seasons with their visits done / total, and one season's
    visits."""

    kind = seasons
    template = "visits/seasons.html"
    rows_param = "visits_cursor"

    async def rows_page(self, db: AsyncSession, request: Request, chosen, cursor: str | None) -> tuple[list, str | None]:
        """The season's visits (a technician's own), as ``GET /api/v1/inspection-visits`` pages them."""
        mine = request.user.user_id if request.user.role not in DESK else None
        return await seasons.visit_page(db, campaign_id=chosen.id, technician_id=mine, limit=ROWS_PAGE, cursor=cursor)

    async def _chosen_rows(self, request: Request, db: AsyncSession, ctx: TenantContext, rows: list, found: list) -> dict:
        technicians = await auth_service.active_staff(db, ("technician",))
        staff = await auth_service.active_staff(db, STAFF)
        return {
            "visits": found,
            "technicians": technicians,
            "names": {u.id: u.name for u in staff},
            "year": tenant_today(ctx.tenant).year,
            "mine_only": request.user.role not in DESK,
        }

    @post("/", guards=DESK_ONLY)
    async def generate(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Generate a season's visits (again: only the owners not yet in it)."""
        values = await read_form(request)
        state = FormState(values=values)
        data = convert(_fields(values, ("season", "year", "asset_type_prefix")), SeasonCreate, state)
        command = seasons.generate(db, ctx, request.user, data) if data is not None else None
        return await save_form(
            db, ctx, state, command,
            to=lambda generated: f"/t/{ctx.tenant.slug}/seasonal-visits/?campaign_id={generated[0].id}",
            again=lambda state: self._page(request, db, ctx, state, None, status_code=422),
        )

    @post("/visits/{visit_id:uuid}/{step:str}")
    async def step(self, request: Request, db: AsyncSession, ctx: TenantContext, visit_id: UUID, step: str) -> Response:
        """Assign a visit (the desk) or record it done with its findings."""
        values = await read_form(request)
        state = FormState(values=values, prefix=f"v-{visit_id}-")
        campaign_id = (await seasons.get_visit(db, visit_id)).campaign_id
        assigning = step == "assign" and request.user.role in DESK
        if not assigning and step != "done":
            return Response(status_code=403, content="")

        async def take_step() -> None:
            if assigning:
                data = convert(_fields(values, ("technician_id",)), VisitAssign, state)
                if data is not None:
                    await seasons.assign(db, visit_id, data)
            else:
                data = convert(_fields(values, ("findings", "done_on")), VisitDone, state)
                if data is not None:
                    await seasons.record_done(db, ctx, request.user, visit_id, data)

        return await save_form(
            db, ctx, state, take_step(), passthrough=(403, 404),
            to=self.back_to(ctx, campaign_id, values, f"visit-{visit_id}"),
            again=lambda state: self._page(request, db, ctx, state, campaign_id, status_code=422),
        )


class NewYearPages(CampaignPages, section="/new-year", roles=DESK):
    """``/t/{slug}/new-year``: the campaigns with gifts sent and needs recorded, and one campaign's
    customers."""

    kind = newyear
    template = "visits/new_year.html"
    first_by_default = True
    rows_param = "contacts_cursor"

    async def rows_page(self, db: AsyncSession, request: Request, chosen, cursor: str | None) -> tuple[list, str | None]:
        """The campaign's contacts, as ``GET /api/v1/new-year-campaigns/contacts`` pages them."""
        return await newyear.contact_page(db, campaign_id=chosen.id, limit=ROWS_PAGE, cursor=cursor)

    async def _chosen_rows(self, request: Request, db: AsyncSession, ctx: TenantContext, rows: list, found: list) -> dict:
        today = tenant_today(ctx.tenant)
        return {
            "contacts": found,
            "today": today,
            "december": today.month == 12,
            "generated": any(c.year == today.year for c in rows),
        }

    @post("/")
    async def generate(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Generate this year's campaign (December only, once)."""
        values = await read_form(request)
        return await save_form(
            db, ctx, FormState(values=values), newyear.generate(db, ctx, request.user, NewYearCreate()),
            to=lambda campaign: f"/t/{ctx.tenant.slug}/new-year/?campaign_id={campaign.id}",
            again=lambda state: self._page(request, db, ctx, state, None, status_code=422),
        )

    @post("/contacts/{contact_id:uuid}")
    async def record(self, request: Request, db: AsyncSession, ctx: TenantContext, contact_id: UUID) -> Response:
        """Record a customer's gift and needs for the next year."""
        values = await read_form(request)
        state = FormState(values=values, prefix=f"c-{contact_id}-")
        data = convert(_fields(values, ("gift_sent_on", "needs")), ContactRecord, state)
        command = newyear.record(db, ctx, request.user, contact_id, data) if data is not None else None
        return await save_form(
            db, ctx, state, command, passthrough=(404,),
            to=lambda contact: self.back_to(ctx, contact.campaign_id, values, f"contact-{contact.id}"),
            again=lambda state: self._page(request, db, ctx, state, uuid_or_none(values.get("campaign_id")),
                                           status_code=422),
        )
