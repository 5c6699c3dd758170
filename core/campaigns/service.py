"""Announcing a campaign (DOMAIN §3, 004 (三)6: 优惠联谊活动提前两周电话通知，两日内寄出通知函).

Announcing books, for every customer of the audience, the core rule ``core.campaign.call``: a
phone call whose window closes ``-due_by_days`` (14) days before the event. Once a call has an
outcome, the core rule ``core.campaign.letter`` books the letter within 2 days (the revisit
engine applies it like any chained rule). An event closer than the lead time cannot be announced.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import msgspec
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.campaigns.models import Campaign
from core.campaigns.schemas import CampaignCreate, CampaignProgress
from core.customers.models import Asset, Customer
from core.db.lookup import get_or_404
from core.errors import Invalid
from core.pagination import paginate
from core.revisits.models import Revisit, RevisitReason
from core.revisits.rules import Facts, rules_by_id
from core.revisits.service import Origin, schedule
from core.revisits.types import RevisitRule
from core.scripts.service import check_script
from core.timezones import tenant_today
from tenants.context import TenantContext

CALL_RULE_ID = "core.campaign.call"
LETTER_RULE_ID = "core.campaign.letter"


def call_rule(ctx: TenantContext) -> RevisitRule:
    """The core's campaign call rule (its window gives the lead time)."""
    return rules_by_id(ctx)[CALL_RULE_ID]


def call_by(rule: RevisitRule, event_date: date) -> date:
    """The last day to phone the customers: ``-due_by_days`` (14) days before the event."""
    return event_date + timedelta(days=rule.due_by_days)


async def audience(session: AsyncSession, data: CampaignCreate) -> list[Customer]:
    """The customers told: the ids given, else every customer narrowed to members and/or owners
    of an asset type."""
    stmt = select(Customer).where(Customer.erased_at.is_(None)).order_by(Customer.id)
    if data.customer_ids is not None:
        stmt = stmt.where(Customer.id.in_(data.customer_ids))
    if data.members_only:
        stmt = stmt.where(Customer.is_member.is_(True))
    if data.asset_type_prefix:
        stmt = stmt.where(exists().where(Asset.customer_id == Customer.id,
                                         Asset.type.startswith(data.asset_type_prefix, autoescape=True)))
    customers = list(await session.scalars(stmt))
    if data.customer_ids is not None and len(customers) < len(set(data.customer_ids)) and not (
            data.members_only or data.asset_type_prefix):
        raise Invalid("customer_ids", "some of these customers do not exist")
    return customers


async def announce(session: AsyncSession, ctx: TenantContext, data: CampaignCreate, actor_id: UUID | None,
                   now: datetime | None = None) -> Campaign:
    """Record the campaign and book a call to every customer of its audience."""
    rule = call_rule(ctx)
    today = tenant_today(ctx.tenant, now)
    earliest = today - timedelta(days=rule.due_by_days)
    if data.event_date < earliest:
        raise Invalid("event_date", f"customers are phoned {-rule.due_by_days} days ahead (004 (三)6): "
                                    f"the event must be on {earliest.isoformat()} or later")
    await check_script(session, ctx, data.script_id)
    customers = await audience(session, data)
    if not customers:
        raise Invalid("audience", "no customer matches this audience")
    campaign = Campaign(
        title=data.title, description=data.description, event_date=data.event_date, address=data.address,
        script_id=data.script_id, members_only=data.members_only, asset_type_prefix=data.asset_type_prefix,
        customers=len(customers), created_by=actor_id,
    )
    session.add(campaign)
    await session.flush()
    when = data.event_date.isoformat()
    booked = msgspec.structs.replace(
        rule,
        script_id=data.script_id or rule.script_id,
        reason={"zh_Hans": f"活动通知：{data.title}（{when}）。提前两周电话通知，两日内寄出通知函（004 (三)6）",
                "en": f"Event notice: {data.title} ({when}). Phone two weeks ahead, post the letter within "
                      "2 days (004 (3)6)"},
    )
    for customer in customers:
        facts = Facts(trigger=rule.trigger, event_date=data.event_date, customer=customer)
        await schedule(session, ctx, Origin(booked, f"{CALL_RULE_ID}:{campaign.id}:{customer.id}", facts), now)
    return campaign


async def get_campaign(session: AsyncSession, campaign_id: UUID) -> Campaign:
    return await get_or_404(session, Campaign, campaign_id, "campaign")


async def progress(session: AsyncSession, campaign: Campaign) -> CampaignProgress:
    """Calls booked and made, letters booked and sent."""
    calls = (await session.execute(
        select(Revisit.id, Revisit.status, Revisit.attempts)
        .join(RevisitReason, RevisitReason.revisit_id == Revisit.id)
        .where(RevisitReason.origin_key.startswith(f"{CALL_RULE_ID}:{campaign.id}:"))
    )).all()
    letter_keys = [f"{LETTER_RULE_ID}:revisit.outcome:{c.id}" for c in calls]
    letters = (await session.execute(
        select(Revisit.status).join(RevisitReason, RevisitReason.revisit_id == Revisit.id)
        .where(RevisitReason.origin_key.in_(letter_keys))
    )).all() if letter_keys else []
    return CampaignProgress(
        calls=len(calls), calls_made=sum(1 for c in calls if c.status != "open" or c.attempts > 0),
        letters=len(letters), letters_sent=sum(1 for lt in letters if lt.status != "open"),
    )


async def campaign_page(session: AsyncSession, *, limit: int | None,
                        cursor: str | None) -> tuple[list[Campaign], str | None]:
    """One page of the campaigns, newest first."""
    return await paginate(session, select(Campaign), Campaign.id, limit=limit, cursor=cursor)
