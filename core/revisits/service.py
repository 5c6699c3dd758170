"""Scheduling revisits (with de-duplication) and recording their outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.service import get_asset, get_customer
from core.db.base import new_id, utcnow
from core.db.lookup import get_or_404
from core.errors import Invalid, InvalidTransition
from core.eventbus import publish
from core.events import DomainEvent
from core.i18n import pick
from core.quiet_hours import is_quiet, next_callable
from core.related import latest_of, rows_by
from core.revisits.models import Revisit, RevisitReason
from core.revisits.policy import Policy, load_policy
from core.revisits.rules import SENT, SENT_CHANNELS, Facts, due_window, rules_by_id
from core.revisits.sequences import after_unanswered
from core.revisits.topics import check_topics
from core.revisits.types import RevisitRule
from core.scripts.service import check_script
from core.tickets.queries import check_ticket
from core.tickets.schemas import TicketCreate
from core.tickets.service import create_follow_up, create_ticket, get_ticket
from core.timezones import tenant_today, tenant_zone
from tenants.context import TenantContext


@dataclass(frozen=True)
class Origin:
    """One application of a rule: the rule, what it is about and the date it counts from."""

    rule: RevisitRule
    key: str
    facts: Facts
    notice_step: int | None = None


def merged_window(a: tuple[date, date], b: tuple[date, date]) -> tuple[date, date]:
    """The window of one call serving two windows: their overlap when there is one, else from
    the earlier start to the earlier deadline (no reason's deadline is missed)."""
    start, end = max(a[0], b[0]), min(a[1], b[1])
    if start <= end:
        return start, end
    return min(a[0], b[0]), end


def call_time(due_from: date, now: datetime, zone, policy: Policy) -> datetime:
    """The first moment from the window's first day (or now, if later) outside quiet hours."""
    opens = datetime.combine(due_from, time(0), tzinfo=zone)
    return next_callable(max(now, opens), zone, policy.periods)


async def _mergeable(session: AsyncSession, customer_id: UUID, channel: str, window, days: int) -> Revisit | None:
    """An open revisit of the customer on the same channel (a letter never merges into a call)
    whose window lies within ``days`` of ``window``."""
    stmt = (
        select(Revisit)
        .where(
            Revisit.customer_id == customer_id,
            Revisit.channel == channel,
            Revisit.status == "open",
            Revisit.due_from <= window[1] + timedelta(days=days),
            Revisit.due_by >= window[0] - timedelta(days=days),
        )
        .order_by(Revisit.due_by, Revisit.id)
        .limit(1)
    )
    return await session.scalar(stmt)


async def schedule(session: AsyncSession, ctx: TenantContext, origin: Origin, now: datetime | None = None) -> Revisit:
    """Schedule the revisit ``origin`` asks for, or add its reason to an open revisit of the same
    customer within the de-duplication days. Applying the same origin twice does nothing new."""
    now = now or utcnow()
    existing = await session.scalar(select(RevisitReason).where(RevisitReason.origin_key == origin.key))
    if existing is not None:
        return await get_revisit(session, existing.revisit_id)
    policy = await load_policy(session)
    zone = tenant_zone(ctx.tenant)
    facts, rule = origin.facts, origin.rule
    window = due_window(rule, facts.event_date)
    revisit = await _mergeable(session, facts.customer.id, rule.channel, window, policy.dedupe_days)
    if revisit is None:
        revisit = Revisit(
            customer_id=facts.customer.id,
            asset_id=facts.asset.id if facts.asset is not None else None,
            ticket_id=facts.ticket_id,
            complaint_id=facts.complaint_id,
            due_from=window[0],
            due_by=window[1],
            channel=rule.channel,
            script_id=rule.script_id,
            status="open",
            attempts=0,
            scheduled_at=call_time(window[0], now, zone, policy),
        )
        session.add(revisit)
    else:
        revisit.due_from, revisit.due_by = merged_window((revisit.due_from, revisit.due_by), window)
        revisit.scheduled_at = call_time(revisit.due_from, now, zone, policy)
        revisit.asset_id = revisit.asset_id or (facts.asset.id if facts.asset is not None else None)
        revisit.ticket_id = revisit.ticket_id or facts.ticket_id
        revisit.complaint_id = revisit.complaint_id or facts.complaint_id
        revisit.script_id = revisit.script_id or rule.script_id
    await session.flush()
    session.add(
        RevisitReason(
            revisit_id=revisit.id,
            rule_id=rule.id,
            origin_key=origin.key,
            text=dict(rule.reason),
            event_date=facts.event_date,
            notice_step=origin.notice_step,
        )
    )
    await session.flush()
    await publish(session, ctx, _event("revisit.scheduled", revisit, now, None, rule_ids=[rule.id]))
    return revisit


async def get_revisit(session: AsyncSession, revisit_id: UUID) -> Revisit:
    return await get_or_404(session, Revisit, revisit_id, "revisit")


async def of_customer(session: AsyncSession, customer_id: UUID, limit: int) -> list[Revisit]:
    """A customer's latest ``limit`` revisits with their outcomes, newest first."""
    return await latest_of(session, Revisit.customer_id, customer_id, limit)


async def reasons_of(session: AsyncSession, revisit_ids: list[UUID]) -> dict[UUID, list[RevisitReason]]:
    """Every revisit's reasons, oldest first."""
    return await rows_by(session, RevisitReason.revisit_id, revisit_ids, RevisitReason.id)


def _event(name: str, revisit: Revisit, now: datetime, actor_id: UUID | None, **data) -> DomainEvent:
    return DomainEvent(
        name=name,
        tenant_id=revisit.tenant_id,
        subject_id=revisit.id,
        occurred_at=now,
        actor_id=actor_id,
        data={
            "customer_id": str(revisit.customer_id),
            "asset_id": str(revisit.asset_id) if revisit.asset_id else None,
            "ticket_id": str(revisit.ticket_id) if revisit.ticket_id else None,
            "status": revisit.status,
            **data,
        },
    )


@dataclass(frozen=True)
class OutcomeInput:
    outcome: str
    notes: str | None = None
    survey: dict | None = None
    new_need: str | None = None
    callback_at: datetime | None = None
    topics: tuple[str, ...] = ()


def check_window_open(revisit: Revisit, reasons, rules, today: date) -> None:
    """A call whose rule binds it to its window (``not_before_window``) takes no outcome before
    the window opens, ``today`` being the tenant's date: 409 on ``due_from``."""
    binding = [r.rule_id for r in reasons if r.rule_id in rules and rules[r.rule_id].not_before_window]
    if binding and today < revisit.due_from:
        raise InvalidTransition(
            f"the window of {', '.join(binding)} opens on {revisit.due_from} (today is {today} in the tenant's "
            "time zone): record the call's outcome from then on", [("due_from", f"opens on {revisit.due_from}")])


async def record_outcome(
    session: AsyncSession, ctx: TenantContext, revisit_id: UUID, data: OutcomeInput, actor_id: UUID | None,
    now: datetime | None = None
) -> Revisit:
    """Record a call's outcome (DOMAIN §3).

    Reached (satisfied, neutral, unsatisfied): the revisit is done with the topics it covered
    (checked by :func:`core.revisits.topics.check_topics`); an unsatisfied customer or a new need
    opens a follow-up ticket linked to the original case. Sent (a letter, SMS or e-mail only): done,
    and listed in the letter register (``channel=letter``, DOMAIN 8.6). Unreachable: a notice
    sequence schedules its next notice; otherwise the call is booked again (at the time the
    customer asked for, or ``retry_after_hours`` later) until ``max_attempts`` calls failed.
    """
    now = now or utcnow()
    revisit = await get_revisit(session, revisit_id)
    if revisit.status != "open":
        raise InvalidTransition(f"this revisit is already {revisit.status}", [("outcome", "already recorded")])
    policy = await load_policy(session)
    reasons = (await reasons_of(session, [revisit.id]))[revisit.id]
    check_window_open(revisit, reasons, rules_by_id(ctx), tenant_today(ctx.tenant, now))
    if data.outcome == SENT and revisit.channel not in SENT_CHANNELS:
        raise Invalid("outcome", f"a {revisit.channel} contact reaches the customer or not; only a letter, "
                                 "SMS or e-mail is sent")
    revisit.notes = data.notes if data.notes is not None else revisit.notes
    if data.outcome == "unreachable":
        await _unreachable(session, ctx, revisit, reasons, data, policy, now)
    else:
        revisit.topics = await check_topics(session, revisit, reasons, rules_by_id(ctx), list(data.topics))
        revisit.status = "done"
        revisit.outcome = data.outcome
        revisit.survey = data.survey
        revisit.new_need = data.new_need
        revisit.completed_at = now
        revisit.completed_by = actor_id
        if data.outcome == "unsatisfied" or data.new_need:
            revisit.follow_up_ticket_id = await _open_follow_up(session, ctx, revisit, reasons, actor_id)
    await session.flush()
    rule_ids = sorted({r.rule_id for r in reasons})
    await publish(
        session, ctx, _event("revisit.outcome", revisit, now, actor_id, outcome=data.outcome, rule_ids=rule_ids)
    )
    return revisit


async def _unreachable(session: AsyncSession, ctx: TenantContext, revisit, reasons, data: OutcomeInput, policy: Policy,
                       now: datetime) -> None:
    revisit.attempts += 1
    zone = tenant_zone(ctx.tenant)
    if data.callback_at is not None:
        if data.callback_at.tzinfo is None:
            raise Invalid("callback_at", "needs a time zone offset")
        if data.callback_at <= now:
            raise Invalid("callback_at", "must be in the future")
        if is_quiet(data.callback_at.astimezone(zone), policy.periods):
            raise Invalid("callback_at", "falls in the quiet hours: customers must not be called then")
    rules = rules_by_id(ctx)
    notices = [r for r in reasons if r.rule_id in rules and rules[r.rule_id].sequence is not None]
    if notices or revisit.attempts >= policy.max_attempts:
        revisit.status = "unreachable"
        revisit.outcome = "unreachable"
        revisit.completed_at = now
        await session.flush()
        await _next_notices(session, ctx, revisit, notices, rules, now)
    else:
        retry = data.callback_at or now + timedelta(hours=policy.retry_after_hours)
        revisit.scheduled_at = next_callable(retry, zone, policy.periods)


async def _next_notices(session: AsyncSession, ctx: TenantContext, revisit: Revisit, notices, rules,
                        now: datetime) -> None:
    """Schedule what each unanswered notice on the revisit asks for next (DOMAIN §3: notify
    again, or mail the product back after the last notice)."""
    if not notices:
        return
    customer = await get_customer(session, revisit.customer_id)
    asset = await get_asset(session, revisit.asset_id) if revisit.asset_id else None
    for reason in notices:
        waiting_on = rules[reason.rule_id].sequence.while_ticket_status
        if waiting_on and (revisit.ticket_id is None or (await get_ticket(session, revisit.ticket_id)).status
                           not in waiting_on):
            continue  # the case moved on (the customer collected the item): the sequence ends
        notice = after_unanswered(rules[reason.rule_id], reason.origin_key, reason.notice_step)
        facts = Facts(
            trigger=notice.rule.trigger,
            event_date=tenant_today(ctx.tenant, now),
            customer=customer,
            asset=asset,
            ticket_id=revisit.ticket_id,
            complaint_id=revisit.complaint_id,
        )
        await schedule(session, ctx, Origin(notice.rule, notice.key, facts, notice.step), now)


async def _open_follow_up(session: AsyncSession, ctx: TenantContext, revisit: Revisit, reasons,
                          actor_id: UUID | None) -> UUID:
    """A follow-up case linked to the original (在原有个案基础上建立跟进个案, 003 篇6); a new
    ticket when the revisit was about no ticket (a complaint or a cadence call)."""
    locale = ctx.tenant.locale
    reason = "；".join(pick(r.text, locale) for r in reasons)
    subject = (("回访跟进：" if locale == "zh_Hans" else "Revisit follow-up: ") + (reason or str(revisit.id)))[:200]
    parts = [
        f"outcome: {revisit.outcome}",
        f"notes: {revisit.notes}" if revisit.notes else None,
        f"new need: {revisit.new_need}" if revisit.new_need else None,
        f"revisit: {revisit.id}",
    ]
    description = "\n".join(p for p in parts if p)
    if revisit.ticket_id is None:
        data = TicketCreate(
            kind="consultation", channel="phone", customer_id=revisit.customer_id, asset_id=revisit.asset_id,
            subject=subject, description=description,
        )
        ticket = await create_ticket(session, ctx, data, actor_id)
    else:
        ticket = await create_follow_up(
            session,
            ctx,
            original_ticket_id=revisit.ticket_id,
            customer_id=revisit.customer_id,
            asset_id=revisit.asset_id,
            subject=subject,
            description=description,
            actor_id=actor_id,
        )
    return ticket.id


async def book(session: AsyncSession, ctx: TenantContext, *, customer_id: UUID, due_from: date, due_by: date,
               reason: str, channel: str, script_id: str | None, ticket_id: UUID | None,
               asset_id: UUID | None) -> Revisit:
    """A revisit booked by hand (rule id ``manual``); it merges like any other."""
    if due_by < due_from:
        raise Invalid("due_by", "must be on or after due_from")
    customer = await get_customer(session, customer_id)
    asset = await get_asset(session, asset_id) if asset_id else None
    if asset is not None and asset.customer_id != customer.id:
        raise Invalid("asset_id", "belongs to another customer")
    await check_ticket(session, ticket_id)
    await check_script(session, ctx, script_id)
    rule = RevisitRule(
        id="manual",
        trigger="manual",
        due_from_days=0,
        due_by_days=(due_by - due_from).days,
        reason={"zh_Hans": reason, "en": reason},
        channel=channel,
        script_id=script_id,
    )
    facts = Facts(trigger="manual", event_date=due_from, customer=customer, asset=asset, ticket_id=ticket_id)
    return await schedule(session, ctx, Origin(rule, f"manual:{new_id()}", facts))


async def reschedule_open(session: AsyncSession, ctx: TenantContext, policy: Policy) -> int:
    """Move open calls that now fall in quiet hours to the next moment outside them."""
    zone = tenant_zone(ctx.tenant)
    moved = 0
    for revisit in await session.scalars(select(Revisit).where(Revisit.status == "open")):
        if is_quiet(revisit.scheduled_at.astimezone(zone), policy.periods):
            revisit.scheduled_at = next_callable(revisit.scheduled_at, zone, policy.periods)
            moved += 1
    await session.flush()
    return moved
