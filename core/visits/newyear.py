"""The New Year campaign (新年礼物与次年需求, DOMAIN §12, 003 篇3 三: 客服部每年12月负责向新老客户
寄送新年礼物，并了解客户次年的需求计划).

Generated only in December of its year (the tenant's calendar: 30 November refused, 1 December
taken), once a year: one contact per customer, new (its file opened that year) or old. Each contact
records the day the gift was sent and the needs the customer stated for the next year.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.principal import Principal
from core.customers.models import Customer
from core.db.base import utcnow
from core.db.filters import where_given
from core.db.lookup import get_or_404
from core.errors import Conflict, Invalid
from core.pagination import paginate
from core.reads import read_of
from core.related import all_of
from core.timezones import tenant_today, tenant_zone
from core.visits.calendar import new_year_open
from core.visits.models import NewYearCampaign, NewYearContact
from core.visits.queries import campaign_counts
from core.visits.schemas import ContactRead, ContactRecord, NewYearCreate, NewYearProgress, NewYearRead
from tenants.context import TenantContext


async def generate(
    session: AsyncSession, ctx: TenantContext, who: Principal, data: NewYearCreate, now: datetime | None = None
) -> NewYearCampaign:
    """The campaign of the year, with a contact for every customer: in December only (422 on
    ``year``), once (409 on ``year``)."""
    now = now or utcnow()
    today = tenant_today(ctx.tenant, now)
    year = data.year or today.year
    if not new_year_open(today, year):
        raise Invalid(
            "year",
            f"the New Year campaign of {year} is generated in December {year} "
            f"(003 篇3 三); today is {today} in the tenant's time zone",
        )
    if await session.scalar(select(NewYearCampaign.id).where(NewYearCampaign.year == year)):
        raise Conflict(f"the New Year campaign of {year} is already generated", [("year", "once a year")])
    campaign = NewYearCampaign(year=year, created_by=who.user_id)
    session.add(campaign)
    await session.flush()
    zone = tenant_zone(ctx.tenant)
    customers = (
        await session.execute(
            select(Customer.id, Customer.created_at).where(Customer.erased_at.is_(None)).order_by(Customer.id)
        )
    ).all()
    for customer_id, created_at in customers:
        session.add(
            NewYearContact(
                campaign_id=campaign.id,
                customer_id=customer_id,
                new_customer=created_at is not None and created_at.astimezone(zone).year == year,
            )
        )
    await session.flush()
    return campaign


async def get_campaign(session: AsyncSession, campaign_id: UUID) -> NewYearCampaign:
    return await get_or_404(session, NewYearCampaign, campaign_id, "New Year campaign")


async def campaign_page(
    session: AsyncSession, *, limit: int | None, cursor: str | None
) -> tuple[list[NewYearCampaign], str | None]:
    return await paginate(session, select(NewYearCampaign), NewYearCampaign.id, limit=limit, cursor=cursor)


async def progress(session: AsyncSession, campaign_ids: list[UUID]) -> dict[UUID, NewYearProgress]:
    """Contacts, new customers among them, gifts sent and needs recorded per campaign."""
    counts = await campaign_counts(
        session, NewYearContact.campaign_id, campaign_ids, NewYearContact.new_customer.is_(True),
        NewYearContact.gift_sent_on.is_not(None), NewYearContact.needs.is_not(None),
    )
    return {cid: NewYearProgress(contacts=contacts, new_customers=new, gifts_sent=gifts, needs_recorded=needs)
            for cid, (contacts, new, gifts, needs) in counts.items()}


async def contacts_of(session: AsyncSession, campaign_id: UUID) -> list[NewYearContact]:
    await get_campaign(session, campaign_id)
    return await all_of(session, NewYearContact.campaign_id, campaign_id)


async def contact_page(
    session: AsyncSession, *, campaign_id: UUID | None = None, limit: int | None, cursor: str | None
) -> tuple[list[NewYearContact], str | None]:
    """One page of the contacts (a campaign's when asked), in the order they were generated; 404
    for a campaign not the tenant's."""
    if campaign_id is not None:
        await get_campaign(session, campaign_id)
    stmt = where_given(select(NewYearContact), (NewYearContact.campaign_id, campaign_id))
    return await paginate(session, stmt, NewYearContact.id, limit=limit, cursor=cursor, oldest_first=True)


async def record(
    session: AsyncSession, ctx: TenantContext, who: Principal, contact_id: UUID, data: ContactRecord,
    now: datetime | None = None
) -> NewYearContact:
    """Record the gift sent (a day not ahead of today, nor before the campaign's December) and the
    customer's needs for the next year; a field left out keeps its value."""
    contact = await get_or_404(session, NewYearContact, contact_id, "New Year contact", for_update=True)
    if data.gift_sent_on is None and data.needs is None:
        raise Invalid("gift_sent_on", "give the day the gift was sent, the customer's needs, or both")
    campaign = await get_campaign(session, contact.campaign_id)
    now = now or utcnow()
    today = tenant_today(ctx.tenant, now)
    if data.gift_sent_on is not None:
        if data.gift_sent_on > today:
            raise Invalid("gift_sent_on", f"{data.gift_sent_on} is after today ({today} in the tenant's time zone)")
        if data.gift_sent_on.year < campaign.year or (
            data.gift_sent_on.year == campaign.year and data.gift_sent_on.month < 12
        ):
            raise Invalid("gift_sent_on", f"the gifts of {campaign.year} go out from December {campaign.year}")
        contact.gift_sent_on = data.gift_sent_on
    if data.needs is not None:
        contact.needs = data.needs.strip()
    contact.recorded_at, contact.recorded_by = now, who.user_id
    await session.flush()
    return contact


def campaign_read(campaign: NewYearCampaign, progress_row: NewYearProgress) -> NewYearRead:
    return read_of(NewYearRead, campaign, progress=progress_row)


def contact_read(contact: NewYearContact) -> ContactRead:
    return read_of(ContactRead, contact)
