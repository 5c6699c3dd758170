"""Helpers for worker tests: tenants with a delivered project whose monthly revisit is due."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta


@pytest.fixture
def project_tenant(make_tenant):
    """``await project_tenant()``: a tenant whose customer has a project delivered a month ago,
    so the revisit cadence sweep owes it exactly one revisit."""

    async def make():
        tenant = await make_tenant(plugins=("gps_install",))
        customer = await tenant.customer()
        delivered = datetime.now(ZoneInfo("Asia/Shanghai")).date() - relativedelta(months=1)
        await tenant.asset(customer["id"], "gps_install.terminal", install_date=delivered.isoformat(),
                           attributes={"project": True})
        return tenant, customer

    return make
