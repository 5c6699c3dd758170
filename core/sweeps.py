"""The periodic sweeps a worker enqueues for every tenant, and what each job kind runs: the
composition module that knows the contexts, imported for its installation by every process that
runs jobs (the app, for its in-process sweeps, and ``shouhou worker``). Importing it installs
:data:`PERIODIC` and :data:`HANDLERS` in :mod:`core.worker.schedule` and registers the core
subscribers of domain events (:mod:`core.subscribers`), which the jobs' events must reach.

Each sweep is one row of :data:`PERIODIC`: its job kind, how often (the period label goes into
the dedupe key, so one period gives one job however many workers enqueue it) and the handler
that does the work in a session bound to the job's tenant.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.audits import service as audits
from core.calls import reminders as call_reminders
from core.db.base import utcnow
from core.faults import reminders as fault_reminders
from core.fines import reminders as fine_reminders
from core.imports.service import JOB_KIND, run_queued
from core.notifications.service import deliver_due
from core.patrols import service as patrols
from core.privacy import retention
from core.revisits import cadence
from core.roster.service import remind_gaps
from core.subscribers import EVENT_SUBSCRIBERS  # noqa: F401 - the jobs' events reach the core subscribers
from core.surveys import reminders as survey_reminders
from core.tickets import sla_sweep
from core.tickets.sla_sweep import SweepReport
from core.transport import reminders as claim_reminders
from core.visits import reminders as visit_reminders
from core.webhooks import delivery as webhook_delivery
from core.weekly import reminders as weekly_reminders
from core.worker.schedule import Handler, Sweep, daily, every_interval, hourly, install, the_day
from tenants.context import TenantContext


async def sweep_sla(session: AsyncSession, ctx: TenantContext, _payload: dict) -> SweepReport:
    """SLA breaches and the escalation ladder of the tenant's tickets (DOMAIN §1)."""
    report = SweepReport()
    await sla_sweep.sweep_tenant(session, ctx, utcnow(), report)
    return report


async def generate_revisits(session: AsyncSession, ctx: TenantContext, payload: dict) -> int:
    """Cadence revisits of the payload's day (DOMAIN §3)."""
    return await cadence.generate(session, ctx, the_day(payload))


async def remind_visits(session: AsyncSession, ctx: TenantContext, payload: dict) -> int:
    """Residential revisits coming due and seasonal visits not done near the season's end (DOMAIN §12)."""
    return await visit_reminders.remind(session, ctx, the_day(payload))


async def apply_retention(session: AsyncSession, ctx: TenantContext, payload: dict) -> dict[str, int]:
    """Clear the personal fields of records past the tenant's retention periods (PIPL Art. 47)."""
    return await retention.sweep(session, ctx, the_day(payload))


async def remind_follow_ups(session: AsyncSession, ctx: TenantContext, payload: dict) -> dict[str, int]:
    """The day's reminders of DOMAIN §12: findings of patrols and research visits still open after
    their due day (their owners), office audits near or past their completion date (the audit group)."""
    today = the_day(payload)
    return {"findings": await patrols.remind_overdue(session, ctx, today),
            "audits": await audits.remind(session, ctx, today)}


async def remind_roster_gaps(session: AsyncSession, ctx: TenantContext, payload: dict) -> int:
    """The managers told of the coming holiday days nobody is on duty for (DOMAIN §12, 003 篇3 八)."""
    return await remind_gaps(session, ctx, the_day(payload))


async def deliver_notifications(session: AsyncSession, ctx: TenantContext, _payload: dict) -> int:
    """The tenant's notifications that are due, handed to their channels."""
    return await deliver_due(session, ctx, utcnow())


#: The staff reminders of the service operations (DOMAIN §12), by record type.
REMINDERS = {
    "weekly_reports": weekly_reminders.remind,
    "call_records": call_reminders.remind,
    "survey_results": survey_reminders.remind,
    "major_faults": fault_reminders.remind,
    "transport_claims": claim_reminders.remind,
    "staff_breaches": fine_reminders.remind,
}


async def send_reminders(session: AsyncSession, ctx: TenantContext, _payload: dict,
                         now: datetime | None = None) -> dict[str, int]:
    """Queue the reminders due now of the weekly reports, the day's three-rings digest, the month's
    questionnaire results, major faults, transport claims and proposed removals; each is kept once by its dedupe key, so running again queues nothing new."""
    at = now or utcnow()
    return {name: await remind(session, ctx, at) for name, remind in REMINDERS.items()}


PERIODIC: list[Sweep] = [
    Sweep("revisits.cadence", daily, generate_revisits),
    Sweep("sla.sweep", every_interval, sweep_sla),
    Sweep("privacy.retention", daily, apply_retention),
    Sweep("follow_ups.remind", daily, remind_follow_ups),
    Sweep("visits.reminders", daily, remind_visits),
    Sweep("roster.gaps", daily, remind_roster_gaps),
    Sweep("notifications.deliver", every_interval, deliver_notifications),
    Sweep("reminders.sweep", hourly, send_reminders),
]

#: Every job kind the worker runs: the sweeps, and the work the outbox and requests queue (webhook
#: deliveries, large imports).
HANDLERS: dict[str, Handler] = {sweep.kind: sweep.handler for sweep in PERIODIC} | {
    webhook_delivery.JOB_KIND: webhook_delivery.run,
    JOB_KIND: run_queued,
}

install(PERIODIC, HANDLERS)
