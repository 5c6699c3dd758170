"""DOMAIN §5, 004: a customer file (客户档案) is complete within 2 days of first contact; the late
ones are listed for managers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID

import pytest
from sqlalchemy import update

from core.customers.completeness import file_due, is_late
from core.customers.models import Customer
from core.db.tenancy import bind_tenant

SHANGHAI = "Asia/Shanghai"


@pytest.mark.parametrize("elapsed, late", [(0, False), (2, False), (3, True), (30, True)])
def test_domain_5_customer_file_within_2_days_of_first_contact(elapsed, late):
    first = date(2026, 3, 1)
    assert is_late(first, first + timedelta(days=elapsed)) is late
    assert file_due(first) == date(2026, 3, 3)


async def test_domain_5_late_customer_files_are_reported(make_tenant, shouhou_sessions):
    from zoneinfo import ZoneInfo

    tenant = await make_tenant(plugins=("lighting",))
    zone = ZoneInfo(SHANGHAI)
    today = datetime.now(zone).date()
    incomplete_3_days = await tenant.customer(name="三天", address=None)
    incomplete_2_days = await tenant.customer(name="两天", address=None)
    no_product = await tenant.customer(name="无产品", address="南京市")
    complete = await tenant.customer(name="完整", address="南京市")
    await tenant.asset(complete["id"], "lighting.cfl")
    created = {
        incomplete_3_days["id"]: datetime.combine(today - timedelta(days=3), time(23, 59), tzinfo=zone),
        incomplete_2_days["id"]: datetime.combine(today - timedelta(days=2), time(0, 1), tzinfo=zone),
        no_product["id"]: datetime.combine(today - timedelta(days=10), time(9), tzinfo=zone),
        complete["id"]: datetime.combine(today - timedelta(days=10), time(9), tzinfo=zone),
    }
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        for customer_id, at in created.items():
            await session.execute(update(Customer).where(Customer.id == UUID(customer_id)).values(created_at=at))
        await session.commit()
    response = await tenant.get("/api/v1/confidentiality/late-files")
    assert response.status_code == 200, response.text
    late = {f["customer_id"]: f for f in response.json()["items"]}
    assert incomplete_2_days["id"] not in late  # day 2: still within 2 days
    assert late[incomplete_3_days["id"]]["missing"] == ["address", "assets"]
    assert late[incomplete_3_days["id"]]["due"] == (today - timedelta(days=1)).isoformat()
    assert late[no_product["id"]]["missing"] == ["assets"]  # no product on file yet
    assert complete["id"] not in late
    agent = await tenant.add_user("agent")
    assert (await agent.get("/api/v1/confidentiality/late-files")).status_code == 403
