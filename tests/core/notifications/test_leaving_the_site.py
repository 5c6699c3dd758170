"""Leaving the site (DOMAIN §12, seed 000 第三条(二)8): the technician leaves mid-service or after
it only with the customer's consent; without it, the department lead coordinates. ``depart``
keeps its public contract (no field needed) and records how the technician left; a departure
without consent or coordination on record asks the lead (the escalation ladder's first rung)."""

from __future__ import annotations

import pytest

from tests.core.notifications.helpers import make_lead, ticket_notifications

ON_SITE = ["assign", "schedule", "confirm", "arrive"]


def departure(events: list[dict]) -> dict:
    [event] = [e for e in events if e["action"] == "depart"]
    return event


@pytest.mark.parametrize("left_with", ["customer_consent", "lead_coordination"])
async def test_seed_000_3_2_8_leaving_with_consent_or_coordination_is_recorded_and_asks_nobody(desk, left_with):
    await make_lead(desk)
    ticket = await desk.open()
    await desk.drive(ticket["id"], ON_SITE)
    left = await desk.act(ticket["id"], "depart", left_with=left_with)
    assert left.status_code == 200, left.text
    assert departure(await desk.events(ticket["id"]))["data"]["left_with"] == left_with
    assert [n for n in await ticket_notifications(desk.tenant, ticket["id"]) if "离开现场" in n["subject"]] == []


async def test_seed_000_3_2_8_leaving_without_consent_asks_the_lead_to_coordinate(desk):
    lead = await make_lead(desk)
    ticket = await desk.open()
    await desk.drive(ticket["id"], ON_SITE)
    left = await desk.act(ticket["id"], "depart")  # the public contract: no field needed
    assert left.status_code == 200, left.text
    assert departure(await desk.events(ticket["id"]))["data"]["left_with"] == "unconfirmed"
    asked = [n for n in await ticket_notifications(desk.tenant, ticket["id"]) if "离开现场" in n["subject"]]
    assert [n["recipient"] for n in asked] == [lead.admin_email]
    assert ticket["number"] in asked[0]["body"] and "协调" in asked[0]["body"]


async def test_an_unknown_way_of_leaving_is_refused_naming_the_field(desk):
    ticket = await desk.open()
    await desk.drive(ticket["id"], ON_SITE)
    refused = await desk.act(ticket["id"], "depart", left_with="just_left")
    assert refused.status_code == 400 and "left_with" in refused.text
    assert [e for e in await desk.events(ticket["id"]) if e["action"] == "depart"] == []
