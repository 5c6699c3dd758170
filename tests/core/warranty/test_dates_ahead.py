"""Dates that cannot lie ahead are refused, naming the field, in the tenant's time zone (DOMAIN §0:
days are the tenant's): a warranty claim dated after today, a product date after the claim, a
technician's arrival in the future or a departure before the arrival on the service feedback form
(000 第三条(二)6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from core.errors import Invalid
from core.timezones import check_not_future
from tests.plugins.lubricants.test_required_forms import FEEDBACK, FEEDBACK_DATA, REGISTRATION, REGISTRATION_DATA

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def today() -> date:
    return datetime.now(SHANGHAI).date()


@pytest.mark.parametrize(("instant", "refused"), [
    (datetime(2026, 12, 31, 15, 59, tzinfo=UTC), True),    # 23:59 on 31 December in Shanghai
    (datetime(2026, 12, 31, 16, 0, tzinfo=UTC), False),    # 00:00 on 1 January in Shanghai
])
def test_domain_0_a_date_is_ahead_until_midnight_in_the_tenant_zone(instant, refused):
    """DOMAIN §0: 1 January is still ahead at 23:59 on 31 December (Shanghai), today at 00:00."""
    tenant = SimpleNamespace(timezone="Asia/Shanghai")
    if refused:
        with pytest.raises(Invalid) as info:
            check_not_future(tenant, "claim_date", date(2027, 1, 1), instant)
        assert info.value.errors == [("claim_date", "2027-01-01 is after today (2026-12-31 in the tenant's time zone)")]
    else:
        check_not_future(tenant, "claim_date", date(2027, 1, 1), instant)


async def claim(tenant, claim_date: date, purchase_date: date):
    return await tenant.post("/api/v1/warranty/decisions", json={
        "product": {"type": "ecommerce.item", "purchase_date": purchase_date.isoformat()},
        "claim_date": claim_date.isoformat(), "claimant": "consumer", "facts": {"reason": "quality"}})


@pytest.mark.parametrize(("days", "status"), [(0, 200), (1, 422), (30, 422)])
async def test_seed_004_a_warranty_claim_cannot_be_dated_ahead(make_tenant, days, status):
    """A claim dated today is decided; tomorrow or 30 days ahead is 422 on ``claim_date`` and
    nothing is decided or recorded."""
    tenant = await make_tenant(plugins=("ecommerce",))
    answer = await claim(tenant, today() + timedelta(days=days), today() - timedelta(days=3))
    assert answer.status_code == status, answer.text
    if status == 422:
        assert answer.json()["errors"][0]["field"] == "claim_date"


async def test_seed_004_a_purchase_after_the_claim_is_refused(make_tenant):
    """The purchase cannot come after the claim (day N+1 refused, day N the claim day itself fine)."""
    tenant = await make_tenant(plugins=("ecommerce",))
    after = await claim(tenant, today() - timedelta(days=2), today() - timedelta(days=1))
    assert after.status_code == 422 and after.json()["errors"][0]["field"] == "product.purchase_date"
    assert (await claim(tenant, today() - timedelta(days=2), today() - timedelta(days=2))).status_code == 200


@pytest.mark.parametrize(("changes", "field"), [
    ({"arrived_at": "2026-03-02T09:30:00+08:00", "departed_at": "2026-03-02T09:29:00+08:00"}, "form.data.departed_at"),
    ({"arrived_at": "TOMORROW"}, "form.data.arrived_at"),
    ({"customer_signature": {"name": "王工", "signed_on": "TOMORROW_DATE"}}, "form.data.customer_signature.signed_on"),
])
async def test_seed_000_art_3_2_6_feedback_form_times_are_not_ahead_nor_out_of_order(make_tenant, changes, field):
    """000 第三条(二)6 (arrival and departure on the feedback form): a departure one minute before
    the arrival, an arrival tomorrow or a signature dated tomorrow (tenant's zone) is 422 on that
    field; a departure at the minute of arrival is fine."""
    tenant = await make_tenant(plugins=("lubricants",))
    customer = await tenant.customer(name="某机械厂")
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "润滑泵不出油",
        "form": {"id": REGISTRATION, "data": REGISTRATION_DATA}})).json()
    tomorrow = datetime.now(SHANGHAI) + timedelta(days=1)
    swap = {"TOMORROW": tomorrow.replace(microsecond=0).isoformat(), "TOMORROW_DATE": tomorrow.date().isoformat()}
    data = {**FEEDBACK_DATA, **{k: ({**v, "signed_on": swap[v["signed_on"]]} if isinstance(v, dict)
                                  else swap.get(v, v)) for k, v in changes.items()}}
    refused = await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms", json={"id": FEEDBACK, "data": data})
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == field
    same_minute = {**FEEDBACK_DATA, "departed_at": FEEDBACK_DATA["arrived_at"]}
    assert (await tenant.post(f"/api/v1/tickets/{ticket['id']}/forms",
                              json={"id": FEEDBACK, "data": same_minute})).status_code == 201
