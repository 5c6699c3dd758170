"""Quiet hours (DOMAIN §3, 003: 避免在客户休息时打扰; default 12:00–14:00 and 21:00–08:00 local,
the tenant's revisit setting): a customer's message due inside them waits for their end; staff
messages do not wait; a retry that would fall inside them waits too."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.db.base import utcnow
from core.db.tenancy import bind_tenant
from core.notifications import service
from core.notifications.channels.base import Result
from core.notifications.models import Notification
from core.notifications.service import notify, record_result
from core.revisits.policy import load_policy
from tenants.context import load_context

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), tzinfo=SHANGHAI)


async def queue(operator, plugins, tenant_id: str, key: str, due: datetime, n: int):
    _settings, maker = operator
    async with maker() as session:
        bind_tenant(session, UUID(tenant_id))
        async with session.begin():
            ctx = await load_context(session, plugins, UUID(tenant_id))
            row = await notify(session, ctx, key=key, recipient="13900139000", channel="email",
                               dedupe_key=f"quiet-test:{n}:{due.isoformat()}", due=due,
                               variables={"tenant_name": "T", "customer_name": "C", "reason": "r"})
            return row.next_attempt_at.astimezone(SHANGHAI)


@pytest.mark.parametrize(("at", "expected"), [
    ((20, 59, 59), (0, 20, 59, 59)),   # the last second before the evening rest: at once
    ((21, 0, 0), (1, 8, 0, 0)),        # the rest starts: the next morning at 08:00
    ((23, 30, 0), (1, 8, 0, 0)),
    ((7, 59, 59), (0, 8, 0, 0)),       # the last second of the night rest
    ((8, 0, 0), (0, 8, 0, 0)),         # the rest ends at 08:00 (the end is not quiet)
    ((11, 59, 59), (0, 11, 59, 59)),
    ((12, 0, 0), (0, 14, 0, 0)),       # the midday rest 12:00–14:00
    ((13, 59, 59), (0, 14, 0, 0)),
    ((14, 0, 0), (0, 14, 0, 0)),
])
async def test_a_customer_message_due_in_quiet_hours_waits_for_their_end(
        operator, shouhou_plugins, tenant_a, at, expected):
    """DOMAIN §3 quiet hours: 12:00–14:00 and 21:00–08:00, start included, end excluded."""
    day = (utcnow().astimezone(SHANGHAI) + timedelta(days=7)).date()
    got = await queue(operator, shouhou_plugins, tenant_a.id, "revisit.sms", local(day, *at), hash(at))
    days, *clock = expected
    assert got == local(day + timedelta(days=days), *clock)


async def test_staff_messages_ignore_quiet_hours(operator, shouhou_plugins, tenant_a):
    """Quiet hours protect customers' rest (DOMAIN §3); an escalation reaches staff at once."""
    day = (utcnow().astimezone(SHANGHAI) + timedelta(days=7)).date()
    got = await queue(operator, shouhou_plugins, tenant_a.id, "sla.breached", local(day, 22, 0), 1)
    assert got == local(day, 22, 0)


async def test_the_tenants_own_quiet_hours_apply(operator, shouhou_plugins, tenant_a):
    response = await tenant_a.put("/api/v1/revisits/settings", json={"quiet_hours": [["18:00", "09:30"]]})
    assert response.status_code == 200, response.text
    day = (utcnow().astimezone(SHANGHAI) + timedelta(days=7)).date()
    assert await queue(operator, shouhou_plugins, tenant_a.id, "revisit.sms", local(day, 12, 30), 2) == local(day, 12, 30)
    assert await queue(operator, shouhou_plugins, tenant_a.id, "revisit.sms", local(day, 18, 0), 3) == \
        local(day + timedelta(days=1), 9, 30)


async def test_a_retry_falling_in_quiet_hours_waits_for_their_end(operator, shouhou_plugins, tenant_a):
    """A gateway down at 20:59:30: the retry a minute later would be at 21:00:30, inside the
    evening rest, so it is tried at 08:00 the next morning."""
    _settings, maker = operator
    day = (utcnow().astimezone(SHANGHAI) + timedelta(days=7)).date()
    async with maker() as session:
        bind_tenant(session, UUID(tenant_a.id))
        async with session.begin():
            ctx = await load_context(session, shouhou_plugins, UUID(tenant_a.id))
            row = await notify(session, ctx, key="revisit.sms", recipient="13900139000", channel="sms",
                               dedupe_key="retry-quiet", due=local(day, 20, 59, 30),
                               variables={"tenant_name": "T", "customer_name": "C", "reason": "r"})
            row.status = "queued"  # as if the channel were configured
            periods = (await load_policy(session)).periods
            record_result(ctx, periods, row, Result(ok=False, detail="HTTP 503"), local(day, 20, 59, 30))
            assert row.status == "queued" and row.attempts == 1
            assert row.next_attempt_at.astimezone(SHANGHAI) == local(day + timedelta(days=1), 8, 0)


async def test_a_process_without_the_quiet_hours_installed_queues_no_customer_message(
        operator, shouhou_plugins, tenant_a, monkeypatch):
    """The notifications know no revisit: the tenant's hours reach them through
    core.customer_quiet_hours. A process that did not import it refuses a customer's message
    (written nowhere) rather than send it at 03:00; a staff message needs no quiet hours."""
    monkeypatch.setattr(service, "_quiet_hours", [])
    day = (utcnow().astimezone(SHANGHAI) + timedelta(days=7)).date()
    with pytest.raises(RuntimeError, match=r"core\.customer_quiet_hours"):
        await queue(operator, shouhou_plugins, tenant_a.id, "revisit.sms", local(day, 3, 0), 4)
    assert await queue(operator, shouhou_plugins, tenant_a.id, "sla.breached", local(day, 3, 0), 5) == local(day, 3, 0)
    _settings, maker = operator
    async with maker() as session:
        bind_tenant(session, UUID(tenant_a.id))
        keys = (await session.scalars(select(Notification.dedupe_key))).all()
    assert [key for key in keys if key.startswith("quiet-test:4:")] == []
