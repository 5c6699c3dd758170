"""A tenant's quotas as its admin sees them, and as an operator sets them."""

from __future__ import annotations

import time

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.attachments.service import storage_used
from core.db.base import utcnow
from core.errors import Invalid
from core.quotas import WINDOWS, balancer_rate, quotas_of
from core.settings import Settings
from core.worker.models import Job
from tenants.models import Tenant
from tenants.schemas import QuotaRead, QuotasRead

NAMES = ("requests_per_minute", "running_jobs", "import_rows", "storage_mb")


async def usage(session: AsyncSession, tenant: Tenant, settings: Settings) -> QuotasRead:
    """Each quota's limit, whether it is the tenant's own, and its current use (requests: this
    node's current minute; jobs: running now; storage: the attachments' MiB, rounded up)."""
    now = utcnow()
    limits = quotas_of(tenant, settings)
    running = await session.scalar(select(func.count()).select_from(Job).where(
        Job.tenant_id == tenant.id, Job.done_at.is_(None), Job.failed_at.is_(None), Job.lease_until > now))
    stored = await storage_used(session)
    used = {"requests_per_minute": WINDOWS.used(tenant.id, time.time()), "running_jobs": running or 0,
            "import_rows": None, "storage_mb": -(-stored // (1024 * 1024))}
    return QuotasRead(**{name: QuotaRead(limit=getattr(limits, name),
                                         own=getattr(tenant, f"quota_{name}") is not None, used=used[name])
                         for name in NAMES})


def set_overrides(tenant: Tenant, values: dict[str, int | None]) -> None:
    """Set (a positive number) or clear (``None``) the tenant's own quotas."""
    for name, value in values.items():
        if name not in NAMES:
            raise Invalid(name, "not a quota")
        if value is not None and value < 1:
            raise Invalid(name, "must be at least 1")
        setattr(tenant, f"quota_{name}", value)


#: The balancer map's key for every tenant without its own figure.
EVERY_OTHER_TENANT = "*"


async def balancer_map(session: AsyncSession, settings: Settings, nodes: int) -> str:
    """HAProxy's map of requests a second per tenant (``deploy/haproxy.cfg``): one line for the
    deployment's default (key ``*``), one per tenant with its own request quota."""
    lines = [f"{EVERY_OTHER_TENANT} {balancer_rate(settings.quota_requests_per_minute, nodes)}"]
    own = await session.execute(select(Tenant.id, Tenant.quota_requests_per_minute)
                                .where(Tenant.quota_requests_per_minute.is_not(None)).order_by(Tenant.id))
    lines += [f"{tenant_id.hex} {balancer_rate(limit, nodes)}" for tenant_id, limit in own]
    return "\n".join(lines) + "\n"
