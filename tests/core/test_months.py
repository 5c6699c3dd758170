"""Months as the API takes them (DOMAIN §0): YYYY-MM from 1970-01 to 2999-12; any other month is a
4xx naming the field, never a 500 (a month at the calendar's edge once overflowed)."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import Invalid
from core.months import next_month, parse_month


@pytest.mark.parametrize(("text", "first"), [("1970-01", date(1970, 1, 1)), ("2026-12", date(2026, 12, 1)),
                                            ("2999-12", date(2999, 12, 1))])
def test_months_in_range(text, first):
    assert parse_month(text) == first
    assert next_month(first) > first


@pytest.mark.parametrize("text", ["1969-12", "3000-01", "0000-01", "9999-12", "2026-13", "2026-00", "2026-1", "", "x"])
def test_months_out_of_range_name_the_field(text):
    with pytest.raises(Invalid) as caught:
        parse_month(text, "cursor")
    assert caught.value.errors[0][0] == "cursor"


@pytest.mark.parametrize("url", [
    "/api/v1/revisits/stats?month=9999-12", "/api/v1/reports/service-quality?month=0001-01",
    "/api/v1/reports/service-quality.csv?month=9999-12", "/api/v1/rebates/statements/9999-12",
])
async def test_edge_months_are_4xx_through_http(make_tenant, url):
    tenant = await make_tenant()
    response = await tenant.get(url)
    assert response.status_code in (400, 422), response.text
    assert "month" in response.text
