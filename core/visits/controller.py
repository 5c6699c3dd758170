"""HTTP: residential projects (001 篇2 二), seasonal inspection visits (004 1.3) and the New Year
campaign (003 篇3 三) — DOMAIN §12."""

from __future__ import annotations

from datetime import date
from types import ModuleType
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import DESK, STAFF, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.timezones import tenant_today
from core.visits import newyear, projects, seasons
from core.visits.schemas import (
    ContactRead,
    ContactRecord,
    NewYearCreate,
    NewYearRead,
    ProjectCreate,
    ProjectRead,
    ProjectTerms,
    SeasonCreate,
    SeasonRead,
    VisitAssign,
    VisitDone,
    VisitRead,
)
from tenants.context import TenantContext

#: When the whole-list reads of a campaign's rows were deprecated (RFC 9745), 2026-12-08 UTC.
DEPRECATED_AT = 1796688000


def deprecated_for(successor: str) -> list[ResponseHeader]:
    """The headers of a deprecated operation (RFC 9745 ``Deprecation``, RFC 8288 ``Link`` to what
    replaces it), so a client's logs say so without reading the document."""
    return [ResponseHeader(name="Deprecation", value=f"@{DEPRECATED_AT}", description="deprecated since (RFC 9745)"),
            ResponseHeader(name="Link", value=f'<{successor}>; rel="successor-version"',
                           description="the paged list that replaces it")]


async def _campaign_read(db: AsyncSession, kind: ModuleType, campaign, *extra):
    """A campaign of ``kind`` (:mod:`~core.visits.seasons` or :mod:`~core.visits.newyear`) with its progress."""
    return kind.campaign_read(campaign, (await kind.progress(db, [campaign.id]))[campaign.id], *extra)


async def _project_read(db: AsyncSession, ctx: TenantContext, project) -> ProjectRead:
    """A project with each warranty year's revisits booked and done."""
    return projects.project_read(ctx, project, await projects.years(db, project))


async def _campaign_list(db: AsyncSession, kind: ModuleType, limit: int | None, cursor: str | None) -> Page:
    """A page of the campaigns of ``kind``, newest first, each with its progress."""
    rows, next_cursor = await kind.campaign_page(db, limit=limit, cursor=cursor)
    done = await kind.progress(db, [c.id for c in rows])
    return Page(items=[kind.campaign_read(c, done[c.id]) for c in rows], next_cursor=next_cursor)


class ResidentialProjectController(ApiResource, path="/api/v1/residential-projects", tag="service visits",
                                   guards=[requires_role(*STAFF)]):
    @post("/", guards=[requires_role(*DESK)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: ProjectCreate) -> Response:
        """Record a handed-over dwelling or project; its revisits under warranty (one per half-year,
        two a year) are booked on the revisit worklist."""
        return await idempotency.create_once(
            db, request,
            lambda: projects.create_project(db, ctx, request.user, data),
            lambda project: _project_read(db, ctx, project),
        )

    @get("/")
    async def list_projects(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        customer_id: UUID | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[ProjectRead]:
        """The projects, newest first, of one customer when asked."""
        return Page.of(
            await projects.project_page(db, customer_id=customer_id, limit=limit, cursor=cursor),
            lambda project: projects.project_read(ctx, project),
        )

    @get("/{project_id:uuid}")
    async def read(self, db: AsyncSession, ctx: TenantContext, project_id: UUID) -> ProjectRead:
        """One project with each warranty year's revisits booked and done."""
        return await _project_read(db, ctx, await projects.get_project(db, project_id))

    @get("/{project_id:uuid}/terms")
    async def terms(
        self,
        db: AsyncSession,
        ctx: TenantContext,
        project_id: UUID,
        on: date | None = Parameter(default=None, description="the day (today, the tenant's)"),
    ) -> ProjectTerms:
        """What a repair costs on a day: under warranty nothing; after it material cost only."""
        project = await projects.get_project(db, project_id)
        return projects.terms(project, on or tenant_today(ctx.tenant))


class SeasonalCampaignController(ApiResource, path="/api/v1/seasonal-campaigns", tag="service visits",
                                 guards=[requires_role(*STAFF)]):
    @post("/", guards=[requires_role(*DESK)])
    async def generate(self, request: Request, db: AsyncSession, ctx: TenantContext, data: SeasonCreate) -> Response:
        """Generate a season's inspection visits, one per customer owning the product; again, only
        the owners not yet in it (``added``)."""
        return await idempotency.create_once(
            db, request,
            lambda: seasons.generate(db, ctx, request.user, data),
            lambda generated: _campaign_read(db, seasons, *generated),
        )

    @get("/")
    async def list_campaigns(
        self,
        db: AsyncSession,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[SeasonRead]:
        """The seasons, newest first, each with its visits done / total."""
        return await _campaign_list(db, seasons, limit, cursor)

    @get("/{campaign_id:uuid}")
    async def read(self, db: AsyncSession, campaign_id: UUID) -> SeasonRead:
        return await _campaign_read(db, seasons, await seasons.get_campaign(db, campaign_id))

    @get("/{campaign_id:uuid}/visits", deprecated=True, response_headers=deprecated_for("/api/v1/inspection-visits"))
    async def visits(
        self,
        db: AsyncSession,
        campaign_id: UUID,
        technician_id: UUID | None = Parameter(default=None),
        status: str | None = Parameter(default=None, description="open or done"),
    ) -> list[VisitRead]:
        """The season's visits, of one technician or status when asked, all in one answer: use
        ``GET /api/v1/inspection-visits?campaign_id=``, which pages them."""
        rows = await seasons.visits_of(db, campaign_id, technician_id=technician_id, status=status)
        return [seasons.visit_read(v) for v in rows]


class InspectionVisitController(ApiResource, path="/api/v1/inspection-visits", tag="service visits",
                                guards=[requires_role(*STAFF)]):
    @get("/")
    async def list_visits(
        self,
        db: AsyncSession,
        campaign_id: UUID | None = Parameter(default=None, description="one season's"),
        technician_id: UUID | None = Parameter(default=None),
        status: str | None = Parameter(default=None, description="open or done"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[VisitRead]:
        """The inspection visits in the order they were booked: a season's, a technician's, open
        or done when asked (the console's season page reads these pages)."""
        return Page.of(await seasons.visit_page(db, campaign_id=campaign_id, technician_id=technician_id,
                                                status=status, limit=limit, cursor=cursor), seasons.visit_read)

    @post("/{visit_id:uuid}/assign", status_code=200, guards=[requires_role(*DESK)])
    async def assign(self, db: AsyncSession, visit_id: UUID, data: VisitAssign) -> VisitRead:
        """Give an open visit to a technician."""
        return seasons.visit_read(await seasons.assign(db, visit_id, data))

    @post("/{visit_id:uuid}/done", status_code=200)
    async def done(
        self, request: Request, db: AsyncSession, ctx: TenantContext, visit_id: UUID, data: VisitDone
    ) -> VisitRead:
        """The visit was made, with its findings (the assigned technician or the desk)."""
        return seasons.visit_read(await seasons.record_done(db, ctx, request.user, visit_id, data))


class NewYearCampaignController(ApiResource, path="/api/v1/new-year-campaigns", tag="service visits",
                                guards=[requires_role(*DESK)]):
    @post("/")
    async def generate(self, request: Request, db: AsyncSession, ctx: TenantContext, data: NewYearCreate) -> Response:
        """Generate the year's campaign in December (once a year): a contact per customer, new or old."""
        return await idempotency.create_once(
            db, request,
            lambda: newyear.generate(db, ctx, request.user, data),
            lambda campaign: _campaign_read(db, newyear, campaign),
        )

    @get("/")
    async def list_campaigns(
        self,
        db: AsyncSession,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[NewYearRead]:
        """The campaigns, newest first, with gifts sent and needs recorded."""
        return await _campaign_list(db, newyear, limit, cursor)

    @get("/{campaign_id:uuid}/contacts", deprecated=True,
         response_headers=deprecated_for("/api/v1/new-year-campaigns/contacts"))
    async def contacts(self, db: AsyncSession, campaign_id: UUID) -> list[ContactRead]:
        """The campaign's customers with the gift sent and their needs for the next year, all in one
        answer: use ``GET /api/v1/new-year-campaigns/contacts?campaign_id=``, which pages them."""
        return [newyear.contact_read(c) for c in await newyear.contacts_of(db, campaign_id)]

    @get("/contacts")
    async def list_contacts(
        self,
        db: AsyncSession,
        campaign_id: UUID | None = Parameter(default=None, description="one campaign's"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[ContactRead]:
        """The campaigns' customers in the order they were generated (one campaign's when asked),
        with the gift sent and their needs for the next year."""
        return Page.of(await newyear.contact_page(db, campaign_id=campaign_id, limit=limit, cursor=cursor),
                       newyear.contact_read)

    @post("/contacts/{contact_id:uuid}", status_code=200)
    async def record(
        self, request: Request, db: AsyncSession, ctx: TenantContext, contact_id: UUID, data: ContactRecord
    ) -> ContactRead:
        """Record the gift sent and the customer's needs for the next year."""
        return newyear.contact_read(await newyear.record(db, ctx, request.user, contact_id, data))
