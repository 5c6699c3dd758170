"""The SLA sweep: marks breached due times and walks the management escalation ladder.

``await sweep_sla(session_maker, now)`` is what ``shouhou worker`` calls periodically (and the
embedded server in-process). For every tenant, in its own transaction bound to that tenant
(row-level security applies), it takes the open, running tickets with a due time passed and:

* marks each due time missed once (``respond``: reach the site, 8 h / 24 h; ``resolve``; and
  ``escalate``: an open phone question not handed to the responsible person within 30 minutes),
  recording ``sla.breach`` in the ticket's history and publishing ``ticket.sla_breached``;
* raises the escalation level along the tenant's ladder (team lead → service manager →
  department manager, by how far past due), recording ``sla.escalate`` and publishing
  ``ticket.sla_escalated`` for each new level;
* announces a resolution due soon, once per ticket (``advance_notice_hours`` before
  ``resolve_by``, 004 第十六条: a late repair is announced in advance): ``sla.due_soon`` in the
  history and ``ticket.resolve_due_soon`` published, on which revisit rules can call the customer;
* marks a repair still not done more than ``remedy_after_days`` after it was received as due
  for exchange or refund (001 §2 第二条), once: ``sla.remedy_due`` and ``ticket.remedy_due``.

It is idempotent: a mark or a level is recorded once, so running it twice records nothing new.
Several workers may run it at once: tickets are claimed with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL (SQLite serialises writers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.service import holders
from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from core.observability.metrics import SLA_BREACHES, SLA_ESCALATIONS
from core.sla.due import due_soon, ladder_level, remedy_due
from core.sla.policy import effective_policy
from core.sla.types import SlaDefaults
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket
from core.tickets.service import publish_ticket_event
from core.tickets.workflow import DONE
from core.timezones import tenant_zone
from tenants.context import TenantContext, load_context
from tenants.models import Tenant

#: deadline → (due column, met-by columns, breach mark column)
DEADLINES = (
    ("respond", "respond_by", ("responded_at",), "respond_breached_at"),
    ("resolve", "resolve_by", ("resolved_at",), "resolve_breached_at"),
    ("escalate", "escalate_by", ("escalated_at", "resolved_at"), "escalate_breached_at"),
)
#: The deadlines the management ladder escalates on.
LADDER_DEADLINES = ("respond", "resolve")


@dataclass
class SweepReport:
    tenants: int = 0
    breaches: int = 0
    escalations: int = 0
    due_soon: int = 0
    remedies: int = 0


def missed(ticket: Ticket, now: datetime) -> list[tuple[str, datetime]]:
    """The deadlines of ``ticket`` past due and not met at ``now``: ``(name, due)``."""
    out = []
    for name, due_col, met_cols, _mark in DEADLINES:
        due = getattr(ticket, due_col)
        if due is not None and due <= now and all(getattr(ticket, c) is None for c in met_cols):
            out.append((name, due))
    return out


async def _sweep_ticket(session: AsyncSession, ctx: TenantContext, policy: SlaDefaults, ticket: Ticket, now: datetime,
                        report: SweepReport) -> None:
    late = missed(ticket, now)
    marks = {name: mark for name, _due, _met, mark in DEADLINES}
    for name, due in late:
        if getattr(ticket, marks[name]) is not None:
            continue
        before = snapshot(ticket)
        setattr(ticket, marks[name], now)
        await record(session, ticket, None, "sla.breach", before, from_status=ticket.status,
                     data={"deadline": name, "due": due})
        await publish_ticket_event(session, ctx, ticket, "ticket.sla_breached", None,
                                   deadline=name, due=due.isoformat())
        report.breaches += 1
        SLA_BREACHES.inc()
    ladder_due = [due for name, due in late if name in LADDER_DEADLINES]
    if not ladder_due:
        return
    rung = ladder_level(policy.escalation_ladder, now - min(ladder_due))
    if rung is None or rung.level <= ticket.escalation_level:
        return
    before = snapshot(ticket)
    ticket.escalation_level = rung.level
    overdue_minutes = int((now - min(ladder_due)).total_seconds() // 60)
    to = [str(user.id) for user in await holders(session, rung.role)]
    await record(session, ticket, None, "sla.escalate", before, from_status=ticket.status,
                 data={"level": rung.level, "role": rung.role, "to": to, "overdue_minutes": overdue_minutes})
    await publish_ticket_event(session, ctx, ticket, "ticket.sla_escalated", None,
                               level=rung.level, role=rung.role, to=to, overdue_minutes=overdue_minutes)
    report.escalations += 1
    SLA_ESCALATIONS.inc()


async def sweep_tenant(session: AsyncSession, ctx: TenantContext, now: datetime, report: SweepReport) -> None:
    """Sweep one tenant's tickets inside the caller's transaction (bound to that tenant)."""
    policy = await effective_policy(session, ctx)
    stmt = (
        select(Ticket)
        .where(
            Ticket.status.not_in(DONE),
            Ticket.paused_at.is_(None),
            or_(Ticket.respond_by <= now, Ticket.resolve_by <= now, Ticket.escalate_by <= now),
        )
        .order_by(Ticket.id)
        .with_for_update(skip_locked=True)
    )
    for ticket in (await session.scalars(stmt)).all():
        await _sweep_ticket(session, ctx, policy, ticket, now, report)
    await _announce_due_soon(session, ctx, policy, now, report)
    await _mark_remedies(session, ctx, policy, now, report)


def _running(*conditions):
    """Open tickets whose clock runs and that meet ``conditions``, in id order, claimed so that two
    workers never take the same one (rows another holds are skipped)."""
    return (select(Ticket).where(Ticket.status.not_in(DONE), Ticket.paused_at.is_(None), *conditions)
            .order_by(Ticket.id).with_for_update(skip_locked=True))


async def _announce_due_soon(session: AsyncSession, ctx: TenantContext, policy: SlaDefaults, now: datetime,
                             report: SweepReport) -> None:
    if policy.advance_notice_hours is None:
        return
    stmt = _running(Ticket.due_soon_at.is_(None), Ticket.resolve_by > now,
                    Ticket.resolve_by <= now + timedelta(hours=policy.advance_notice_hours))
    for ticket in (await session.scalars(stmt)).all():
        if not due_soon(policy, ticket.resolve_by, now):
            continue
        before = snapshot(ticket)
        ticket.due_soon_at = now
        await record(session, ticket, None, "sla.due_soon", before, from_status=ticket.status,
                     data={"resolve_by": ticket.resolve_by, "advance_notice_hours": policy.advance_notice_hours})
        await publish_ticket_event(session, ctx, ticket, "ticket.resolve_due_soon", None, at=now,
                                   resolve_by=ticket.resolve_by.isoformat())
        report.due_soon += 1


async def _mark_remedies(session: AsyncSession, ctx: TenantContext, policy: SlaDefaults, now: datetime,
                         report: SweepReport) -> None:
    if policy.remedy_after_days is None:
        return
    stmt = _running(Ticket.kind == "repair", Ticket.remedy_due_at.is_(None),
                    Ticket.created_at <= now - timedelta(days=policy.remedy_after_days))
    zone = tenant_zone(ctx.tenant)
    for ticket in (await session.scalars(stmt)).all():
        received_on = ticket.created_at.astimezone(zone).date()
        if not remedy_due(policy, received_on, now.astimezone(zone).date()):
            continue
        before = snapshot(ticket)
        ticket.remedy_due_at = now
        await record(session, ticket, None, "sla.remedy_due", before, from_status=ticket.status,
                     data={"received_on": received_on, "remedy_after_days": policy.remedy_after_days})
        await publish_ticket_event(session, ctx, ticket, "ticket.remedy_due", None, at=now,
                                   remedy="exchange_or_refund")
        report.remedies += 1


async def sweep_sla(session_maker, now: datetime | None = None, *, plugins) -> SweepReport:
    """Mark SLA breaches and escalate, for every tenant, as of ``now`` (default: the current time).

    ``session_maker`` is the app's (``app.state.session_maker``); ``plugins`` its plugin manager
    (``app.state.plugins``) so plugin SLA defaults and reaction hooks apply. Returns counts of
    what was recorded.
    """
    now = now or utcnow()
    report = SweepReport()
    async with session_maker() as session:
        tenant_ids = list((await session.scalars(select(Tenant.id).order_by(Tenant.id))).all())
    for tenant_id in tenant_ids:
        async with session_maker() as session:
            bind_tenant(session, tenant_id)
            async with session.begin():
                ctx = await load_context(session, plugins, tenant_id)
                await sweep_tenant(session, ctx, now, report)
        report.tenants += 1
    return report
