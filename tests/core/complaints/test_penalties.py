"""DOMAIN §2 penalty ladder (责任处罚): substantiated service complaints against a staff member,
counted in a rolling 12 months; three presets (lubricants 000 第五条, customer service 003 篇6,
online shop 003 篇4) chosen per tenant; the product proposes the last rung, a manager confirms."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.core.complaints.walk import create, step, walk_to


def today():
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def penalised(handle, staff_id: str, reported_on=None, **penalise):
    """A substantiated service complaint against ``staff_id`` taken to the penalty step."""
    fields = {"against_user_id": staff_id}
    if reported_on is not None:
        fields["reported_on"] = reported_on.isoformat()
    complaint = await create(handle, **fields)
    await walk_to(handle, complaint["id"], "notified")
    response = await step(handle, complaint["id"], "penalise", **penalise)
    assert response.status_code == 200, response.text
    return response.json()


LADDERS = {
    "core.lubricants": [("warning", None, "警告"), ("penalty", None, "处罚"), ("dismissal", None, "解雇")],
    "core.customer_service": [("fine", 10000, "罚款100元"), ("double_fine", 20000, "加倍罚款（200元）"),
                              ("removal", None, "除名")],
    "core.online_shop": [("fine", 3000, "罚款30元"), ("double_fine", 6000, "加倍罚款（60元）"), ("dismissal", None, "开除")],
}


@pytest.mark.parametrize("ladder_id", list(LADDERS))
async def test_domain_2_penalty_ladder_first_second_third_per_preset(tenant_a, ladder_id):
    """DOMAIN §2: 1st, 2nd, 3rd substantiated service complaint against one staff member walk the
    tenant's ladder; the 1st and 2nd are recorded, the 3rd is only proposed."""
    chosen = await tenant_a.put("/api/v1/complaints/penalty-ladder", json={"ladder_id": ladder_id})
    assert chosen.status_code == 200 and chosen.json()["ladder_id"] == ladder_id
    agent = await tenant_a.add_user("agent")
    for count, (level, fine, label) in enumerate(LADDERS[ladder_id], start=1):
        penalty = (await penalised(tenant_a, agent.admin_id))["penalty"]
        assert (penalty["level"], penalty["count"], penalty["fine_fen"], penalty["label"]) == (level, count, fine, label)
        assert penalty["currency"] == ("CNY" if fine else None)
        assert penalty["status"] == ("proposed" if count == 3 else "recorded")
        assert penalty["user_id"] == agent.admin_id and penalty["ladder_id"] == ladder_id


async def test_domain_2_default_ladder_is_customer_service_or_an_enabled_plugins(tenant_a, tenant_b):
    assert (await tenant_a.get("/api/v1/complaints/penalty-ladder")).json()["ladder_id"] == "core.customer_service"
    await tenant_b.enable("ecommerce")
    setting = (await tenant_b.get("/api/v1/complaints/penalty-ladder")).json()
    assert setting["ladder_id"] == "ecommerce.online_shop"
    assert {p["id"] for p in setting["presets"]} == {*LADDERS, "ecommerce.online_shop"}
    presets = (await tenant_a.get("/api/v1/complaints/penalty-ladder")).json()["presets"]
    assert {p["id"] for p in presets} == set(LADDERS), "a disabled plugin offers no ladder"


async def test_domain_2_ladder_choice_is_checked_and_kept_for_managers(tenant_a):
    unknown = await tenant_a.put("/api/v1/complaints/penalty-ladder", json={"ladder_id": "ecommerce.online_shop"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "ladder_id"
    assert (await tenant_a.put("/api/v1/complaints/penalty-ladder", json={})).status_code == 400
    agent = await tenant_a.add_user("agent")
    forbidden = await agent.put("/api/v1/complaints/penalty-ladder", json={"ladder_id": "core.lubricants"})
    assert forbidden.status_code == 403
    assert (await agent.get("/api/v1/complaints/penalty-ladder")).json()["ladder_id"] == "core.customer_service"


async def test_domain_2_third_strike_is_proposed_and_a_manager_confirms(tenant_a):
    """DOMAIN §2: "the product records and proposes the step; a human confirms it"."""
    await tenant_a.put("/api/v1/complaints/penalty-ladder", json={"ladder_id": "core.lubricants"})
    agent = await tenant_a.add_user("agent")
    manager = await tenant_a.add_user("manager")
    first = await penalised(tenant_a, agent.admin_id)
    not_proposed = await manager.post(f"/api/v1/complaints/{first['id']}/penalty/confirm")
    assert not_proposed.status_code == 409, "a recorded rung needs no confirmation"
    await penalised(tenant_a, agent.admin_id)
    third = await penalised(tenant_a, agent.admin_id)
    assert third["penalty"]["status"] == "proposed" and third["penalty"]["level"] == "dismissal"
    assert third["penalty"]["confirmed_by"] is None
    refused = await agent.post(f"/api/v1/complaints/{third['id']}/penalty/confirm")
    assert refused.status_code == 403
    confirmed = await manager.post(f"/api/v1/complaints/{third['id']}/penalty/confirm")
    assert confirmed.status_code == 200
    penalty = confirmed.json()["penalty"]
    assert penalty["status"] == "confirmed" and penalty["confirmed_by"] == manager.admin_id
    assert penalty["confirmed_at"] is not None
    assert confirmed.json()["steps"][-1]["step"] == "confirm_penalty"
    assert confirmed.json()["step"] == "penalised", "confirming is not a workflow step"
    again = await manager.post(f"/api/v1/complaints/{third['id']}/penalty/confirm")
    assert again.status_code == 409


async def test_domain_2_beyond_the_third_stays_on_the_last_rung(tenant_a):
    agent = await tenant_a.add_user("agent")
    for _ in range(3):
        await penalised(tenant_a, agent.admin_id)
    fourth = (await penalised(tenant_a, agent.admin_id))["penalty"]
    assert (fourth["level"], fourth["count"], fourth["status"]) == ("removal", 4, "proposed")


@pytest.mark.parametrize(("days_before", "counted"), [(364, 2), (365, 2), (366, 1)])
async def test_domain_2_rolling_12_months_counts_day_365_not_366(tenant_a, days_before, counted):
    """DOMAIN §2 rolling 12 months, DOMAIN §0 "within N days" = elapsed <= N: a complaint reported
    365 days before still counts, 366 days before no longer does."""
    agent = await tenant_a.add_user("agent")
    now = today()
    await penalised(tenant_a, agent.admin_id, reported_on=now - timedelta(days=days_before))
    latest = (await penalised(tenant_a, agent.admin_id, reported_on=now))["penalty"]
    assert latest["count"] == counted
    assert latest["level"] == ("double_fine" if counted == 2 else "fine")


async def test_domain_2_only_substantiated_service_complaints_against_the_person_count(tenant_a):
    agent = await tenant_a.add_user("agent")
    colleague = await tenant_a.add_user("agent")
    rejected = await create(tenant_a, against_user_id=agent.admin_id)
    await walk_to(tenant_a, rejected["id"], "rejected")
    quality = await create(tenant_a, type="quality", against_user_id=agent.admin_id)
    quality_penalised = await walk_to(tenant_a, quality["id"], "penalised")
    assert quality_penalised["penalty"] is None, "the ladder is for service complaints"
    await penalised(tenant_a, colleague.admin_id)
    first = (await penalised(tenant_a, agent.admin_id))["penalty"]
    assert (first["count"], first["level"]) == (1, "fine")


async def test_domain_2_later_complaints_do_not_count_towards_an_earlier_one(tenant_a):
    """The window ends at the complaint being penalised: penalising an older complaint after a newer
    one does not count the newer one."""
    agent = await tenant_a.add_user("agent")
    older = await create(tenant_a, against_user_id=agent.admin_id, reported_on=(today() - timedelta(days=10)).isoformat())
    await walk_to(tenant_a, older["id"], "notified")
    newer = (await penalised(tenant_a, agent.admin_id))["penalty"]
    assert newer["count"] == 2
    older_penalty = (await step(tenant_a, older["id"], "penalise")).json()["penalty"]
    assert older_penalty["count"] == 1


async def test_domain_2_penalise_names_another_staff_member(tenant_a):
    """DOMAIN §2 step 7: the penalty may fall on the one who failed to resolve it in time."""
    agent = await tenant_a.add_user("agent")
    slow = await tenant_a.add_user("technician")
    result = await penalised(tenant_a, agent.admin_id, user_id=slow.admin_id)
    assert result["penalty"]["user_id"] == slow.admin_id and result["penalty"]["count"] == 1
    nobody = await create(tenant_a)
    await walk_to(tenant_a, nobody["id"], "notified")
    no_target = (await step(tenant_a, nobody["id"], "penalise")).json()
    assert no_target["penalty"] is None and no_target["step"] == "penalised"
    other = await create(tenant_a)
    await walk_to(tenant_a, other["id"], "notified")
    unknown = await step(tenant_a, other["id"], "penalise", user_id="0190c0de-0000-7000-8000-000000000000")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "user_id"


async def test_domain_2_nobody_approves_or_decides_their_own_penalty(tenant_a):
    """DOMAIN §2 ("the product proposes, a human confirms"; 001 §一 handling by the responsible
    department): a manager complained about may not approve the handling of that complaint, record
    its penalty or confirm a penalty falling on them (403, nothing changes); another manager may."""
    await tenant_a.put("/api/v1/complaints/penalty-ladder", json={"ladder_id": "core.lubricants"})
    accused = await tenant_a.add_user("manager")
    other = await tenant_a.add_user("manager")
    complaint = await create(tenant_a, against_user_id=accused.admin_id)
    await walk_to(tenant_a, complaint["id"], "proposed")
    refused = await step(accused, complaint["id"], "approve")
    assert refused.status_code == 403 and "themselves" in refused.json()["detail"]
    assert (await step(other, complaint["id"], "approve")).status_code == 200
    await walk_to(tenant_a, complaint["id"], "notified")
    assert (await step(accused, complaint["id"], "penalise")).status_code == 403
    assert (await tenant_a.get(f"/api/v1/complaints/{complaint['id']}")).json()["penalty"] is None

    for _ in range(2):
        await penalised(tenant_a, accused.admin_id)
    third = await penalised(tenant_a, accused.admin_id)
    assert third["penalty"]["status"] == "proposed"
    own = await accused.post(f"/api/v1/complaints/{third['id']}/penalty/confirm")
    assert own.status_code == 403
    assert (await tenant_a.get(f"/api/v1/complaints/{third['id']}")).json()["penalty"]["status"] == "proposed"
    confirmed = await other.post(f"/api/v1/complaints/{third['id']}/penalty/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["penalty"]["confirmed_by"] == other.admin_id
