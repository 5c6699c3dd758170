"""The SLA sweep: marks breached due times and walks the management escalation ladder.

``await sweep_sla(session_maker, now)`` is what ``shouhou worker`` calls periodically (and the
embedded server in-process). For every tenant, in its own transaction bound to that tenant
(row-level security applies), it takes the open, running tickets with a due time passed and:

* marks each due time missed once (``respond``: reach the site, 8 h / 24 h; ``resolve``; and
  ``escalate``: an open phone question not handed to the responsible person within 30 minutes),
  recording ``sla.breach`` in the ticket's history and publishing ``ticket.sla_breached``;
* raises the escalation level along the tenant's ladder (team lead → service manager →
  department manager, by how far past due), recording ``sla.escalate`` and publishing
  ``ticket.sla_escalated`` for each new level.

It is idempotent: a mark or a level is recorded once, so running it twice records nothing new.
Several workers may run it at once: tickets are claimed with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL (SQLite serialises writers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from core.auth.service import holders
from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from core.sla.due import ladder_level
from core.sla.policy import effective_policy
from core.sla.types import SlaDefaults
from core.tickets.history import record, snapshot
from core.tickets.models import Ticket
from core.tickets.service import publish_ticket_event
from core.tickets.workflow import DONE
from tenants.context import load_context
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


def missed(ticket: Ticket, now: datetime) -> list[tuple[str, datetime]]:
    """The deadlines of ``ticket`` past due and not met at ``now``: ``(name, due)``."""
    out = []
    for name, due_col, met_cols, _mark in DEADLINES:
        due = getattr(ticket, due_col)
        if due is not None and due <= now and all(getattr(ticket, c) is None for c in met_cols):
            out.append((name, due))
    return out


async def _sweep_ticket(session, ctx, policy: SlaDefaults, ticket: Ticket, now: datetime, report: SweepReport) -> None:
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


async def sweep_tenant(session, ctx, now: datetime, report: SweepReport) -> None:
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


async def sweep_sla(session_maker, now: datetime | None = None, *, plugins=None) -> SweepReport:
    """Mark SLA breaches and escalate, for every tenant, as of ``now`` (default: the current time).

    ``session_maker`` is the app's (``app.state.session_maker``); ``plugins`` its plugin manager
    (``app.state.plugins``) so plugin SLA defaults and reaction hooks apply — when omitted, the
    installed plugins are loaded. Returns counts of what was recorded.
    """
    if plugins is None:
        from core.app import build_plugin_manager

        plugins = build_plugin_manager()
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
