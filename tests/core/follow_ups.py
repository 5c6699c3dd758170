"""What the tests of the daily follow-up reminders (office audits, quality patrols and service
research, DOMAIN §12) share: the tenant's today, a user holding a position, the worker's sweep."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from core import sweeps
from core.db.tenancy import bind_tenant
from tenants.context import load_context


def today() -> date:
    """The test tenants' today (Asia/Shanghai)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def with_position(tenant, role: str, position: str, name: str | None = None):
    """A new user of ``role`` holding ``position`` (DOMAIN §11)."""
    user = await tenant.add_user(role, name=name)
    changed = await tenant.patch(f"/api/v1/users/{user.admin_id}", json={"position": position})
    assert changed.status_code == 200, changed.text
    return user


async def sweep(sessions, plugins, tenant_id: str, day: date) -> dict:
    """The worker's daily follow-up sweep (``follow_ups.remind``) of one tenant for ``day``."""
    session = sessions()
    bind_tenant(session, UUID(tenant_id))
    async with session.begin():
        ctx = await load_context(session, plugins, UUID(tenant_id))
        done = await sweeps.remind_follow_ups(session, ctx, {"date": day.isoformat()})
    await session.close()
    return done
