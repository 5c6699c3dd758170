"""The periodic sweeps a worker enqueues for every tenant, and what each job kind runs.

Each sweep is one row of :data:`PERIODIC`: its job kind, how often (the period label goes into
the dedupe key, so one period gives one job however many workers enqueue it) and the handler
that does the work in a session bound to the job's tenant.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.db.base import utcnow
from core.imports.service import JOB_KIND, run_queued
from core.notifications.service import deliver_due
from core.privacy import retention
from core.revisits import cadence
from core.roster.service import remind_gaps
from core.sla import sweep as sla_sweep
from core.sla.sweep import SweepReport
from core.timezones import tenant_today
from core.webhooks import delivery as webhook_delivery

Handler = Callable[[Any, Any, dict], Awaitable[Any]]


@dataclass(frozen=True)
class Sweep:
    kind: str
    #: ``(tenant, now, interval_seconds) -> (period label, payload)``
    period: Callable[[Any, datetime, int], tuple[str, dict]]
    handler: Handler


def daily(tenant, now: datetime, _interval: int) -> tuple[str, dict]:
    """Once per day of the tenant's calendar."""
    today = tenant_today(tenant, now).isoformat()
    return today, {"date": today}


def every_interval(_tenant, now: datetime, interval: int) -> tuple[str, dict]:
    """Once per ``sweep_interval_seconds``."""
    slot = int(now.timestamp() // max(interval, 1))
    return str(slot), {"at": now.isoformat()}


async def sweep_sla(session, ctx, _payload: dict) -> SweepReport:
    """SLA breaches and the escalation ladder of the tenant's tickets (DOMAIN §1)."""
    report = SweepReport()
    await sla_sweep.sweep_tenant(session, ctx, utcnow(), report)
    return report


async def generate_revisits(session, ctx, payload: dict) -> int:
    """Cadence revisits of the payload's day (DOMAIN §3)."""
    return await cadence.generate(session, ctx, date.fromisoformat(payload["date"]))


async def apply_retention(session, ctx, payload: dict) -> dict[str, int]:
    """Clear the personal fields of records past the tenant's retention periods (PIPL Art. 47)."""
    return await retention.sweep(session, ctx, date.fromisoformat(payload["date"]))


async def remind_roster_gaps(session, ctx, payload: dict) -> int:
    """The managers told of the coming holiday days nobody is on duty for (DOMAIN §12, 003 篇3 八)."""
    return await remind_gaps(session, ctx, date.fromisoformat(payload["date"]))


async def deliver_notifications(session, ctx, _payload: dict) -> int:
    """The tenant's notifications that are due, handed to their channels."""
    return await deliver_due(session, ctx, utcnow())


PERIODIC: list[Sweep] = [
    Sweep("revisits.cadence", daily, generate_revisits),
    Sweep("sla.sweep", every_interval, sweep_sla),
    Sweep("privacy.retention", daily, apply_retention),
    Sweep("roster.gaps", daily, remind_roster_gaps),
    Sweep("notifications.deliver", every_interval, deliver_notifications),
]

#: Every job kind the worker runs: the sweeps, and the work the outbox and requests queue (webhook
#: deliveries, large imports).
HANDLERS: dict[str, Handler] = {sweep.kind: sweep.handler for sweep in PERIODIC} | {
    webhook_delivery.JOB_KIND: webhook_delivery.run,
    JOB_KIND: run_queued,
}
