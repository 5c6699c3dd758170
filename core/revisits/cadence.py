"""The periodic revisit generator: cadence rules (DOMAIN §3: delivered projects monthly in the
first year and quarterly after; every customer at least once a quarter)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import msgspec
from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.customers.models import Asset, Customer
from core.customers.service import get_customer
from core.revisits.models import Revisit, RevisitReason
from core.revisits.rules import Facts, applies, due_window, revisit_rules
from core.revisits.service import Origin, schedule
from core.revisits.types import RevisitRule
from tenants.context import TenantContext

#: A cadence revisit appears on the worklist this many days before its window opens.
LOOKAHEAD_DAYS = 7


def occurrences(anchor: date, cadence: dict, until: date) -> Iterator[date]:
    """The contact dates of an anchored cadence up to ``until``: every ``every_months`` months
    after ``anchor``; after ``for_months`` months, every ``then_every_months`` (or stop)."""
    every = cadence.get("every_months") or 1
    for_months = cadence.get("for_months")
    then_every = cadence.get("then_every_months")
    months = every
    while True:
        when = anchor + relativedelta(months=months)
        if when > until:
            return
        yield when
        if for_months is not None and months >= for_months:
            if not then_every:
                return
            months += then_every
        else:
            months += every


def due_occurrences(rule: RevisitRule, anchor: date, today: date) -> list[date]:
    """Occurrences whose window is open today or opens within the look-ahead."""
    until = today + timedelta(days=LOOKAHEAD_DAYS - rule.due_from_days)
    return [when for when in occurrences(anchor, rule.cadence or {}, until) if due_window(rule, when)[1] >= today]


def quarter_of(day: date) -> tuple[date, date, str]:
    """First day, last day and label (``2026Q4``) of the calendar quarter of ``day``."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = first + relativedelta(months=3) - timedelta(days=1)
    return first, last, f"{day.year}Q{(day.month - 1) // 3 + 1}"


async def generate(session: AsyncSession, ctx: TenantContext, today: date) -> int:
    """Apply every enabled cadence rule for ``today``; returns how many rule applications were
    new. Idempotent: an occurrence already scheduled is not scheduled again."""
    created = 0
    for rule in revisit_rules(ctx):
        if rule.trigger != "cadence" or rule.cadence is None:
            continue
        if rule.cadence.get("per") == "quarter":
            created += await _per_quarter(session, ctx, rule, today)
        else:
            created += await _anchored(session, ctx, rule, today)
    return created


async def _anchored(session: AsyncSession, ctx: TenantContext, rule: RevisitRule, today: date) -> int:
    """Anchored on each asset's installation (delivery) date."""
    stmt = select(Asset).where(Asset.install_date.is_not(None), Asset.install_date <= today)
    prefix = rule.conditions.get("asset_type_prefix")
    if prefix:
        stmt = stmt.where(Asset.type.startswith(prefix))
    created = 0
    customers: dict = {}
    for asset in (await session.scalars(stmt.order_by(Asset.id))).all():
        whens = due_occurrences(rule, asset.install_date, today)
        if not whens:
            continue
        if asset.customer_id not in customers:
            customers[asset.customer_id] = await get_customer(session, asset.customer_id)
        customer = customers[asset.customer_id]
        if customer.erased_at is not None:  # an erased customer is called no more (PIPL Art. 47)
            continue
        for when in whens:
            facts = Facts(trigger="cadence", event_date=when, customer=customer, asset=asset)
            if applies(rule, facts):
                created += await _schedule_new(session, ctx, Origin(rule, f"{rule.id}:{asset.id}:{when}", facts))
    return created


async def _per_quarter(session: AsyncSession, ctx: TenantContext, rule: RevisitRule, today: date) -> int:
    """At least one contact per customer per calendar quarter: customers with no revisit in the
    quarter get one, due by the quarter's last day."""
    first, last, label = quarter_of(today)
    contacted = select(Revisit.customer_id).where(
        Revisit.status != "unreachable", Revisit.due_from <= last, Revisit.due_by >= first
    )
    stmt = (select(Customer).where(Customer.id.not_in(contacted), Customer.erased_at.is_(None))
            .order_by(Customer.id))
    quarter_rule = _quarter_rule(rule, first, last)
    created = 0
    for customer in (await session.scalars(stmt)).all():
        facts = Facts(trigger="cadence", event_date=first, customer=customer)
        if applies(rule, facts):
            created += await _schedule_new(session, ctx, Origin(quarter_rule, f"{rule.id}:{customer.id}:{label}", facts))
    return created


def _quarter_rule(rule: RevisitRule, first: date, last: date) -> RevisitRule:
    """The rule with its window running to the quarter's last day."""
    return msgspec.structs.replace(rule, due_by_days=(last - first).days)


async def _schedule_new(session: AsyncSession, ctx: TenantContext, origin: Origin) -> int:
    if await session.scalar(select(RevisitReason.id).where(RevisitReason.origin_key == origin.key)):
        return 0
    await schedule(session, ctx, origin)
    return 1
