"""The statement's deadline, tested at the service with a given ``now``: DOMAIN §11 (003
交易返傭服務, 每月6号前), the statement of a month is due by the 6th of the next month, that day
included, and a month can be issued only once it is over, both in the tenant's zone."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from core.db.tenancy import bind_tenant
from core.errors import Conflict
from core.rebates import rules, statements
from tenants.models import Tenant
from tests.core.rebates.helpers import agent, sale


async def _issue(sessions, tenant_id: str, month: str, now: datetime):
    """Issue ``month`` at ``now`` in one committed transaction."""
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_id))
        tenant = await session.scalar(select(Tenant).where(Tenant.id == uuid.UUID(tenant_id)))
        result = await statements.issue(session, tenant, month, None, now=now)
        await session.commit()
        return result


@pytest.mark.parametrize(
    ("now", "on_time"),
    [
        (datetime(2025, 4, 6, 1, 0, tzinfo=UTC), True),     # the 6th, 09:00 Shanghai
        (datetime(2025, 4, 6, 15, 59, tzinfo=UTC), True),   # the 6th, 23:59 Shanghai
        (datetime(2025, 4, 6, 16, 0, tzinfo=UTC), False),   # the 7th, 00:00 Shanghai (still the 6th in UTC)
        (datetime(2025, 4, 7, 3, 0, tzinfo=UTC), False),    # the 7th
    ],
)
async def test_domain_11_statement_issued_by_the_6th_is_on_time(make_tenant, shouhou_sessions, now, on_time):
    """DOMAIN §11 (003 交易返傭服務): March's statement issued on 6 April (tenant's zone, up to
    23:59) is on time; on 7 April it is late, even when it is still the 6th in UTC."""
    tenant = await make_tenant()
    found = await agent(tenant, percent="3.5")
    assert (await sale(tenant, found["id"], 333, "2025-03-31")).status_code == 201
    issued = await _issue(shouhou_sessions, tenant.id, "2025-03", now)
    assert (issued.issued, issued.on_time, issued.due_on) == (True, on_time, date(2025, 4, 6))
    assert [(x.transactions_fen, x.rebate_fen) for x in issued.lines] == [(333, 12)]
    listed = (await tenant.get("/api/v1/rebates/statements")).json()["items"]
    assert [(s["month"], s["on_time"]) for s in listed] == [("2025-03", on_time)]


@pytest.mark.parametrize(
    ("now", "over"),
    [
        (datetime(2025, 3, 31, 15, 59, tzinfo=UTC), False),  # 31 March, 23:59 Shanghai
        (datetime(2025, 3, 31, 16, 0, tzinfo=UTC), True),    # 1 April, 00:00 Shanghai
    ],
)
async def test_domain_11_a_month_is_issued_once_it_is_over_in_the_tenants_zone(make_tenant, shouhou_sessions,
                                                                              now, over):
    """DOMAIN §11 (003 交易返傭服務, §0 tenant's zone): March can be issued from 1 April 00:00 in
    Shanghai (16:00 UTC on 31 March); a minute before, it is still running: 409 field ``month``."""
    tenant = await make_tenant()
    if over:
        issued = await _issue(shouhou_sessions, tenant.id, "2025-03", now)
        assert issued.on_time is True
    else:
        with pytest.raises(Conflict) as refused:
            await _issue(shouhou_sessions, tenant.id, "2025-03", now)
        assert refused.value.errors == [("month", "the month has not ended")]


def test_domain_11_due_on_is_the_6th_of_the_next_month():
    """DOMAIN §11 (每月6号前): due on the 6th of the following month, across a year's end; the 6th
    is on time, the 7th is not."""
    assert rules.due_on(date(2025, 12, 1)) == date(2026, 1, 6)
    assert rules.due_on(date(2024, 1, 1)) == date(2024, 2, 6)
    assert rules.on_time(date(2025, 12, 1), date(2026, 1, 6)) is True
    assert rules.on_time(date(2025, 12, 1), date(2026, 1, 7)) is False
    assert rules.has_ended(date(2025, 12, 1), date(2025, 12, 31)) is False
    assert rules.has_ended(date(2025, 12, 1), date(2026, 1, 1)) is True
