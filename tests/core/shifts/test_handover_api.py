"""Shift hand-over notes (交接班记录): DOMAIN §11 open questions carried to the next shift, the
next shift's acknowledgement, DOMAIN §5 secret records read by role, validation and tenant isolation."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from uuid import UUID, uuid4

import pytest

from core.auth.principal import Principal
from core.confidentiality.levels import RECORD_LEVELS
from core.db.tenancy import bind_tenant
from core.shifts import queries, service
from core.shifts.schemas import HandoverCreate
from tenants.models import Tenant
from tests.core.shifts.helpers import URL, act, open_ticket, questions, write


async def test_domain_11_open_tickets_owned_by_the_writer_are_carried(make_tenant):
    """DOMAIN §11 (003): every ticket the writer still owns and that is not done becomes an open
    question (number and subject), once, after the writer's own questions; done tickets and other
    people's tickets are not carried."""
    tenant = await make_tenant()
    agent = await tenant.add_user("agent", name="王客服")
    technician = await tenant.add_user("technician", name="李师傅")
    customer = await tenant.customer()
    listed = await open_ticket(agent, customer["id"], "路灯闪烁")
    assigned = await open_ticket(agent, customer["id"], "镇流器异响")
    await act(agent, assigned["id"], "assign", technician_id=technician.admin_id)
    cancelled = await open_ticket(agent, customer["id"], "客户撤回的报修")
    await act(agent, cancelled["id"], "cancel", reason="客户撤回")
    await open_ticket(tenant, customer["id"], "管理员的报修")  # owned by someone else

    note = await write(agent, items=[{"ticket_id": listed["id"], "question": "客户要求明早回电"}])
    assert questions(note) == [("written", "客户要求明早回电"), ("ticket", f"{assigned['number']} 镇流器异响")]
    assert [i["ticket_id"] for i in note["items"]] == [listed["id"], assigned["id"]]
    assert [i["position"] for i in note["items"]] == [1, 2]
    assert note["open_items"] == 2 and note["written_by"] == agent.admin_id and note["acknowledged_by"] is None


async def test_domain_11_unresolved_items_of_the_previous_note_are_carried_without_duplicates(make_tenant):
    """DOMAIN §11: the previous note's unresolved questions move into the next note (nothing is lost
    between shifts); a question the new writer lists again (same ticket, or the same words whatever
    the case and spacing) appears once; a resolved one is not carried; only the latest note counts."""
    tenant = await make_tenant()
    day = await tenant.add_user("agent", name="早班")
    night = await tenant.add_user("agent", name="夜班")
    customer = await tenant.customer()
    ticket = await open_ticket(day, customer["id"], "空调不制冷")

    first = await write(day, items=[{"question": "Call back Mr Zhao"}, {"question": "备件未到"},
                                    {"question": "仓库钥匙在前台"}])
    assert questions(first) == [("written", "Call back Mr Zhao"), ("written", "备件未到"),
                                ("written", "仓库钥匙在前台"), ("ticket", f"{ticket['number']} 空调不制冷")]
    done = next(i for i in first["items"] if i["question"] == "仓库钥匙在前台")
    resolved = await day.post(f"{URL}/{first['id']}/items/{done['id']}/resolve")
    assert resolved.status_code == 200 and resolved.json()["open_items"] == 3

    second = await write(night, shift="night", items=[
        {"question": "  call back   MR ZHAO "}, {"ticket_id": ticket["id"], "question": "催客户确认上门时间"},
        {"question": "核对夜间来电记录"},
    ])
    assert questions(second) == [
        ("written", "call back   MR ZHAO"), ("written", "催客户确认上门时间"), ("written", "核对夜间来电记录"),
        ("carried", "备件未到"),
    ]
    carried = second["items"][3]
    assert carried["carried_from_id"] == next(i["id"] for i in first["items"] if i["question"] == "备件未到")

    for item in second["items"][:3]:
        assert (await night.post(f"{URL}/{second['id']}/items/{item['id']}/resolve")).status_code == 200
    third = await write(day, shift="afternoon")
    # from the latest note only: its open question, plus the writer's own open ticket
    assert questions(third) == [("carried", "备件未到"), ("ticket", f"{ticket['number']} 空调不制冷")]
    again = await day.post(f"{URL}/{second['id']}/items/{carried['id']}/resolve")
    assert again.status_code == 200
    twice = await day.post(f"{URL}/{second['id']}/items/{carried['id']}/resolve")
    assert twice.status_code == 409 and twice.json()["errors"][0]["field"] == "resolved"


async def test_domain_11_the_next_shift_acknowledges_not_the_writer_and_once(make_tenant):
    """DOMAIN §11: the note is handed to the next shift: its writer cannot acknowledge it (409 on
    ``acknowledged_by``), the next person can, and a second acknowledgement is 409."""
    tenant = await make_tenant()
    writer = await tenant.add_user("agent", name="早班")
    successor = await tenant.add_user("technician", name="夜班")
    note = await write(writer)
    url = f"{URL}/{note['id']}/acknowledge"

    own = await writer.post(url)
    assert own.status_code == 409 and own.json()["errors"][0]["field"] == "acknowledged_by"
    taken = await successor.post(url)
    assert taken.status_code == 200, taken.text
    assert taken.json()["acknowledged_by"] == successor.admin_id and taken.json()["acknowledged_at"]
    twice = await tenant.post(url)
    assert twice.status_code == 409 and twice.json()["errors"][0]["field"] == "acknowledged_by"
    assert (await successor.get(f"{URL}/{note['id']}")).json()["acknowledged_by"] == successor.admin_id


async def test_domain_5_handover_notes_are_secret_and_read_by_role(make_tenant):
    """DOMAIN §5 (003 篇6 §五): hand-over notes are secret (机密); by default a viewer may not read
    them (403 on the list and on a note) while a technician may; when the tenant keeps secret
    records to admins and managers, a technician and an agent are refused (403) too."""
    assert RECORD_LEVELS[queries.RECORD_TYPE] == "secret"
    tenant = await make_tenant()
    agent = await tenant.add_user("agent")
    technician = await tenant.add_user("technician")
    viewer = await tenant.add_user("viewer")
    note = await write(agent)

    assert (await viewer.get(URL)).status_code == 403
    assert (await viewer.get(f"{URL}/{note['id']}")).status_code == 403
    assert (await viewer.post(URL, json={"shift": "night", "summary": "x"})).status_code == 403
    assert (await technician.get(f"{URL}/{note['id']}")).status_code == 200
    assert [n["id"] for n in (await technician.get(URL)).json()["items"]] == [note["id"]]

    rules = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "manager"]}})
    assert rules.status_code == 200, rules.text
    assert (await technician.get(URL)).status_code == 403
    assert (await technician.get(f"{URL}/{note['id']}")).status_code == 403
    assert (await technician.post(f"{URL}/{note['id']}/acknowledge")).status_code == 403
    assert (await agent.post(URL, json={"shift": "night", "summary": "x"})).status_code == 403
    assert (await tenant.get(f"{URL}/{note['id']}")).status_code == 200


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"summary": "x"}, 400, "shift"),
        ({"shift": "evening", "summary": "x"}, 400, "shift"),
        ({"shift": "night"}, 400, "summary"),
        ({"shift": "night", "summary": ""}, 400, "summary"),
        ({"shift": "night", "summary": "   "}, 422, "summary"),
        ({"shift": "night", "summary": "x" * 5001}, 400, "summary"),
        ({"shift": "night", "summary": "x", "items": [{"question": ""}]}, 400, "items[0].question"),
        ({"shift": "night", "summary": "x", "items": [{"question": " "}]}, 422, "items[0].question"),
        ({"shift": "night", "summary": "x", "items": [{}]}, 400, "items[0].question"),
        ({"shift": "night", "summary": "x", "items": [{"question": "q", "ticket_id": "nope"}]}, 400,
         "items[0].ticket_id"),
        ({"shift": "night", "summary": "x", "items": [{"question": "q", "ticket_id": str(uuid4())}]}, 422,
         "items[0].ticket_id"),
        ({"shift": "night", "summary": "x", "items": [{"question": "q"}] * 101}, 400, "items"),
    ],
)
async def test_bad_notes_name_the_field(tenant_a, body, status, field):
    """Bad input is a 4xx naming the field; a summary of 1 and of 5000 characters is accepted,
    5001 is not."""
    response = await tenant_a.post(URL, json=body)
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_summary_length_edges_and_list_paging(tenant_a):
    """Summary 1..5000 characters; the list is newest first with cursor pagination."""
    shortest = await write(tenant_a, summary="x")
    longest = await write(tenant_a, summary="长" * 5000)
    latest = await write(tenant_a, shift="night")
    page = await tenant_a.get(URL, params={"limit": 2})
    assert page.status_code == 200
    assert [n["id"] for n in page.json()["items"]] == [latest["id"], longest["id"]]
    rest = await tenant_a.get(URL, params={"limit": 2, "cursor": page.json()["next_cursor"]})
    assert [n["id"] for n in rest.json()["items"]] == [shortest["id"]] and rest.json()["next_cursor"] is None
    assert (await tenant_a.get(URL, params={"limit": 0})).status_code == 422
    assert (await tenant_a.get(URL, params={"cursor": "!!"})).json()["errors"][0]["field"] == "cursor"


async def test_another_tenants_notes_are_not_found(tenant_a, tenant_b):
    """Tenant B neither lists nor reads, acknowledges or resolves tenant A's notes (404), cannot name
    A's tickets, and A's open questions are never carried into B's notes."""
    customer = await tenant_a.customer()
    ticket = await open_ticket(tenant_a, customer["id"])
    note = await write(tenant_a, items=[{"question": "A 的问题"}])
    item = note["items"][0]

    assert (await tenant_b.get(URL)).json()["items"] == []
    assert (await tenant_b.get(f"{URL}/{note['id']}")).status_code == 404
    assert (await tenant_b.post(f"{URL}/{note['id']}/acknowledge")).status_code == 404
    assert (await tenant_b.post(f"{URL}/{note['id']}/items/{item['id']}/resolve")).status_code == 404
    foreign = await tenant_b.post(URL, json={"shift": "night", "summary": "x",
                                             "items": [{"question": "q", "ticket_id": ticket["id"]}]})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "items[0].ticket_id"
    own = await write(tenant_b)
    assert own["items"] == []
    assert (await tenant_a.get(f"{URL}/{own['id']}")).status_code == 404
    assert [n["id"] for n in (await tenant_a.get(URL)).json()["items"]] == [note["id"]]
    assert (await tenant_a.get(f"{URL}/{note['id']}")).json()["items"][0]["resolved"] is False
    unknown = await tenant_a.post(f"{URL}/{note['id']}/items/{own['id']}/resolve")
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    "now, shift_date",
    [
        (datetime(2026, 3, 1, 15, 59, 59, tzinfo=UTC), "2026-03-01"),  # 23:59:59 in Shanghai
        (datetime(2026, 3, 1, 16, 0, 0, tzinfo=UTC), "2026-03-02"),  # 00:00:00 the next day
    ],
)
async def test_domain_0_shift_date_is_the_local_date(make_tenant, shouhou_sessions, now, shift_date):
    """DOMAIN §0/§11: a note's ``shift_date`` is the date in the tenant's zone when it was written:
    one second before local midnight is day N, local midnight is day N+1."""
    tenant = await make_tenant()
    async with shouhou_sessions() as session:
        bind_tenant(session, UUID(tenant.id))
        row = await session.get(Tenant, UUID(tenant.id))
        principal = Principal(UUID(tenant.admin_id), UUID(tenant.id), tenant.slug, "admin", tenant.admin_email,
                              "admin", "zh_Hans", row.timezone)
        note = await service.write(session, SimpleNamespace(tenant=row), principal,
                                   HandoverCreate(shift="night", summary="夜班交接"), now=now)
        assert note.shift_date.isoformat() == shift_date and note.written_at == now
        await session.rollback()
