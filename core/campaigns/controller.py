"""HTTP: campaigns (events and promotions) announced to customers by phone, then by letter."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import DESK, requires_role
from core.auth.resource import ApiResource
from core.campaigns import service
from core.campaigns.models import Campaign
from core.campaigns.schemas import CampaignCreate, CampaignRead
from core.pagination import Page
from core.reads import read_of
from core.timezones import tenant_zone
from tenants.context import TenantContext


def campaign_read(campaign: Campaign, ctx: TenantContext, progress=None) -> CampaignRead:
    """A campaign as the API shows it, with the last day to phone its customers."""
    return read_of(
        CampaignRead, campaign,
        call_by=service.call_by(service.call_rule(ctx), campaign.event_date),
        created_at=campaign.created_at.astimezone(tenant_zone(ctx.tenant)), progress=progress,
    )


async def full_read(db: AsyncSession, ctx: TenantContext, campaign: Campaign) -> CampaignRead:
    """A campaign with its progress."""
    return campaign_read(campaign, ctx, await service.progress(db, campaign))


class CampaignController(ApiResource, path="/api/v1/campaigns", tag="campaigns"):
    @post("/", guards=[requires_role(*DESK)])
    async def announce(self, request: Request, db: AsyncSession, ctx: TenantContext, data: CampaignCreate) -> Response:
        """Announce an event or promotion (DOMAIN §3, 004 (三)6): every customer of the audience is
        phoned two weeks ahead, then sent the letter within 2 days of the call."""
        return await idempotency.create_once(
            db, request,
            lambda: service.announce(db, ctx, data, request.user.user_id),
            lambda campaign: full_read(db, ctx, campaign),
        )

    @get("/")
    async def list_campaigns(
        self, db: AsyncSession, ctx: TenantContext,
        limit: int | None = Parameter(default=None), cursor: str | None = Parameter(default=None),
    ) -> Page[CampaignRead]:
        """Campaigns, newest first."""
        return Page.of(
            await service.campaign_page(db, limit=limit, cursor=cursor),
            lambda campaign: campaign_read(campaign, ctx),
        )

    @get("/{campaign_id:uuid}")
    async def read(self, db: AsyncSession, ctx: TenantContext, campaign_id: UUID) -> CampaignRead:
        """One campaign with its progress: calls booked and made, letters booked and sent."""
        return await full_read(db, ctx, await service.get_campaign(db, campaign_id))
