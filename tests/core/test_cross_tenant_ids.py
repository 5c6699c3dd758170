"""The cross-tenant sweep, generated from the OpenAPI document: every operation whose request
body has a property named ``*_id`` / ``*_ids`` (at the top or inside a list of objects) is sent,
from tenant A, a valid-looking body carrying tenant B's object in that property. The answer must
be 404 or 422 and the same as for an id nobody has (so it reveals nothing), and none of A's rows
may come to reference B's object.

A new operation or a new id property is covered by default: the test fails until it has a
recipe below (how to make a valid body in A) and the property a kind of object.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.db import registry
from core.db.base import Base
from core.db.rls import tenant_tables
from core.db.tenancy import bind_tenant
from tests.plugins.lighting.test_repair_points import POINTS, STOCK_333, approve, pay
from tests.plugins.lighting.test_repair_points import apply as apply_point
from tests.plugins.lighting.test_return_batches_api import ITEMS, RETURNS, count_all, office, received

PLUGINS = ("lighting", "lubricants", "gps_install")
GPS = "/api/v1/p/gps_install"
ID_PROPERTY = re.compile(r"_ids?$")

#: What kind of object each id property names.
KINDS = {
    "customer_id": "customer", "customer_ids": "customer", "dealer_id": "customer",
    "asset_id": "asset", "ticket_id": "ticket", "revisit_id": "revisit", "script_id": "script",
    "to_user_id": "user", "from_user_id": "user", "technician_id": "user", "against_user_id": "user",
    "person_id": "user", "user_id": "user", "holder_id": "user", "break_glass_user_id": "user", "in_charge_id": "user",
    "logistics_id": "user", "account_owner_id": "user", "manager_id": "user",
    "leader_id": "user", "participant_ids": "user", "owner_id": "user", "office_manager_id": "user",
    "auditor_ids": "user",
    "office_id": "office", "line_id": "line", "warranty_decision_id": "decision",
}
#: Id properties that name no tenant object (with the reason).
NOT_TENANT_OBJECTS = {
    ("PUT /api/v1/complaints/penalty-ladder", "ladder_id"): "a preset of the core, the same for every tenant",
    ("PUT /api/v1/tenant/sso", "client_id"): "Shouhou's name at the tenant's identity provider, not an object",
    ("POST /api/v1/call-records", "calls[].external_id"): "the telephony system's own call id, not an object of ours",
}


def _resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _variants(doc: dict, schema: dict) -> list[dict]:
    schema = _resolve(doc, schema)
    alternatives = schema.get("oneOf", []) + schema.get("anyOf", [])
    if alternatives:
        return [v for alt in alternatives for v in _variants(doc, alt)]
    return [schema]


def id_properties(doc: dict) -> dict[str, set[str]]:
    """``"METHOD /path"`` → its body's id properties (``items[].ticket_id`` inside lists)."""
    found: dict[str, set[str]] = {}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                for body in _variants(doc, content["schema"]):
                    for name, prop in body.get("properties", {}).items():
                        if ID_PROPERTY.search(name):
                            found.setdefault(f"{method.upper()} {path}", set()).add(name)
                        for variant in _variants(doc, prop):
                            if variant.get("type") != "array":
                                continue
                            for item in _variants(doc, variant["items"]):
                                for inner in item.get("properties", {}):
                                    if ID_PROPERTY.search(inner):
                                        found.setdefault(f"{method.upper()} {path}", set()).add(f"{name}[].{inner}")
    return found


class World:
    """One tenant's objects of every kind an id property can name."""

    def __init__(self, tenant) -> None:
        self.tenant = tenant
        self.ids: dict[str, Any] = {}

    async def build(self) -> World:
        t = self.tenant
        customer = await t.customer()
        asset = await t.asset(customer["id"], "gps_install.terminal", install_date="2024-03-10",
                              attributes={"vehicle_plate": "苏F12345"})
        ticket = await self.created(await t.post("/api/v1/tickets", json={
            "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "不定位"}))
        revisit = await self.created(await t.post("/api/v1/revisits", json={
            "customer_id": customer["id"], "due_from": str(date.today()), "due_by": str(date.today() + timedelta(days=3)),
            "reason": "回访"}))
        script = await self.created(await t.post("/api/v1/scripts", json={
            "name": f"s{uuid.uuid4().hex[:8]}", "title": {"en": "s"}, "texts": {"en": "Hello"}}))
        technician = await t.add_user("technician")
        decision = await self.created(await t.post("/api/v1/warranty/decisions", json={
            "claim_date": str(date.today()), "asset_id": asset["id"]}))
        self.ids = {
            "customer": customer["id"], "asset": asset["id"], "ticket": ticket["id"], "revisit": revisit["id"],
            "script": script["id"], "user": technician.admin_id, "office": (await office(t))["id"],
            "decision": decision["id"],
        }
        batch = await received(t, date.today())
        self.ids["line"] = batch["lines"][0]["id"]
        self.batch = batch
        return self

    @staticmethod
    async def created(response) -> dict:
        assert response.status_code in (200, 201), response.text
        return response.json()


#: ``(A's world) -> (url, valid body)``; A's own objects fill every id property.
Recipe = Callable[[World], Awaitable[tuple[str, dict]]]


async def _counted_batch(a: World) -> dict:
    batch = await received(a.tenant, date.today())
    response = await count_all(a.tenant, batch, [line["quantity"] for line in batch["lines"]])
    assert response.status_code == 200, response.text
    return response.json()


async def _active_point(a: World) -> dict:
    point = await apply_point(a.tenant, a.ids["office"], stock=STOCK_333)
    point = await approve(a.tenant, point)
    paid = await pay(a.tenant, point, point["deposit_fen"])
    assert paid.status_code == 201, paid.text
    return point


async def _work_order(a: World) -> dict:
    t = a.tenant
    order = await World.created(await t.post(f"{GPS}/repair-orders", json={
        "customer_id": a.ids["customer"], "asset_id": a.ids["asset"], "fault": "不定位"}))
    assert (await t.post(f"{GPS}/work-orders/{order['id']}/approval", json={})).status_code == 200
    return order


async def _complaint(a: World) -> dict:
    return await World.created(await a.tenant.post("/api/v1/complaints", json={
        "type": "service", "customer_id": a.ids["customer"], "description": "迟到"}))


async def _fault(a: World) -> tuple[str, dict]:
    """A major fault told to A's technician (account owner) and A's admin (manager)."""
    return "/api/v1/major-faults", {
        "customer_id": a.ids["customer"], "ticket_id": a.ids["ticket"], "account_owner_id": a.ids["user"],
        "manager_id": a.tenant.admin_id, "occurred_at": "2026-01-01T08:00:00+08:00", "place": "车间",
        "symptoms": "停电", "plan": "上门"}


async def _breach(a: World) -> tuple[str, dict]:
    """A breach by A's technician with A's admin in charge (two people: they may not be one)."""
    return "/api/v1/staff-breaches", {"user_id": a.ids["user"], "in_charge_id": a.tenant.admin_id,
                                      "rule": "上门未穿工装", "occurred_on": TODAY, "description": "x"}


async def _office_audit(a: World) -> tuple[str, dict]:
    """A's office manager (regional_manager) audited by A's technician."""
    head = await a.tenant.add_user("manager")
    changed = await a.tenant.patch(f"/api/v1/users/{head.admin_id}", json={"position": "regional_manager"})
    assert changed.status_code == 200, changed.text
    return "/api/v1/office-audits", {
        "office": "华东办事处", "office_manager_id": head.admin_id, "content": "帐目审计", "method": "regular_surprise",
        "planned_completion_on": str(date.today() + timedelta(days=2)), "costs_fen": 0, "auditor_ids": [a.ids["user"]]}
async def _duty(a: World) -> tuple[str, dict]:
    """A's technician on a holiday of A's calendar (a company holiday ten days on)."""
    day = str(date.today() + timedelta(days=10))
    entered = await a.tenant.post("/api/v1/sla/calendar/days", json={"day": day, "kind": "holiday"})
    assert entered.status_code in (200, 201), entered.text
    return "/api/v1/duty-roster", {"day": day, "shift": "night", "user_id": a.ids["user"]}


def body(**fields) -> Callable[[World], dict]:
    """Fields whose values name a kind (``"@customer"``) take A's object of that kind."""
    def make(a: World) -> dict:
        def fill(value):
            if isinstance(value, str) and value.startswith("@"):
                return a.ids[value[1:]]
            if isinstance(value, list):
                return [fill(v) for v in value]
            if isinstance(value, dict):
                return {k: fill(v) for k, v in value.items()}
            return value
        return fill(fields)
    return make


def fixed(url: str, make: Callable[[World], dict]) -> Recipe:
    async def recipe(a: World) -> tuple[str, dict]:
        return url, make(a)
    return recipe


TODAY = str(date.today())
RECIPES: dict[str, Recipe | dict[str, Recipe]] = {
    "POST /api/v1/assets": fixed("/api/v1/assets", body(customer_id="@customer", type="gps_install.terminal")),
    "POST /api/v1/warranty/decisions": fixed("/api/v1/warranty/decisions", body(claim_date=TODAY, asset_id="@asset")),
    "POST /api/v1/tickets": fixed("/api/v1/tickets", body(
        kind="repair", channel="phone", customer_id="@customer", subject="x", asset_id="@asset",
        warranty_decision_id="@decision")),
    "POST /api/v1/tickets/{ticket_id}/handover": lambda a: _on_new_ticket(a, "handover", body(
        to_user_id="@user", reason="换人")),
    "POST /api/v1/tickets/{ticket_id}/transitions": {
        "technician_id": lambda a: _on_new_ticket(a, "transitions", body(action="assign", technician_id="@user")),
        "to_user_id": lambda a: _on_new_ticket(a, "transitions", body(action="handover", to_user_id="@user",
                                                                      reason="换人")),
    },
    "POST /api/v1/scripts/{script_id}/render": lambda a: _render(a),
    "POST /api/v1/revisits": fixed("/api/v1/revisits", body(
        customer_id="@customer", due_from=TODAY, due_by=TODAY, reason="回访", script_id="@script",
        ticket_id="@ticket", asset_id="@asset")),
    "POST /api/v1/campaigns": fixed("/api/v1/campaigns", body(
        title="活动", event_date=str(date.today() + timedelta(days=30)), script_id="@script",
        customer_ids=["@customer"])),
    "POST /api/v1/privacy/requests": fixed("/api/v1/privacy/requests", body(customer_id="@customer", kind="access")),
    "POST /api/v1/complaints": fixed("/api/v1/complaints", body(
        type="service", customer_id="@customer", description="迟到", ticket_id="@ticket",
        against_user_id="@user")),
    "POST /api/v1/complaints/{complaint_id}/steps": {
        "person_id": lambda a: _on_complaint(a, ("classify",), body(step="assign", person_id="@user")),
        "user_id": lambda a: _on_complaint(a, ("classify", "assign", "investigate", "propose", "approve", "notify"),
                                           body(step="penalise", user_id="@user")),
    },
    "POST /api/v1/staff-breaches": lambda a: _breach(a),
    "POST /api/v1/major-faults": lambda a: _fault(a),
    "POST /api/v1/service-visits": fixed("/api/v1/service-visits", body(
        kind="quality_patrol", customer_id="@customer", asset_id="@asset", visited_on=TODAY, leader_id="@user",
        summary="巡检", participant_ids=["@user"], findings=[{"description": "接线松动", "owner_id": "@user",
                                                             "due_on": str(date.today() + timedelta(days=3))}])),
    "POST /api/v1/office-audits": lambda a: _office_audit(a),
    "POST /api/v1/duty-roster": lambda a: _duty(a),
    "POST /api/v1/surveys/responses": fixed("/api/v1/surveys/responses", body(
        customer_id="@customer", channel="phone", answered_on=TODAY, after_sales=5)),
    "POST /api/v1/transport-claims": fixed("/api/v1/transport-claims", body(
        customer_id="@customer", ticket_id="@ticket", logistics_id="@user", carrier="顺丰", waybill_no="SF1",
        kind="damaged", description="破损")),
    "POST /api/v1/residential-projects": fixed("/api/v1/residential-projects", body(
        customer_id="@customer", asset_id="@asset", owner_id="@user", name="阳光花园", address="南京",
        handover_date=TODAY, warranty_months=24)),
    "POST /api/v1/inspection-visits/{visit_id}/assign": lambda a: _inspection_visit(a),
    "POST /api/v1/shift-handovers": fixed("/api/v1/shift-handovers", body(
        shift="morning", summary="交班", items=[{"question": "客户回电？", "ticket_id": "@ticket"}])),
    "POST /api/v1/p/gps_install/work-orders/{order_id}/assignment": lambda a: _assignment(a),
    "POST /api/v1/p/gps_install/install-orders": fixed(f"{GPS}/install-orders", body(
        customer_id="@customer", install_request_no="AZ-1", vehicles=[{"plate": "苏F54321"}])),
    "POST /api/v1/p/gps_install/repair-orders": fixed(f"{GPS}/repair-orders", body(
        customer_id="@customer", fault="不定位", asset_id="@asset")),
    "POST /api/v1/p/lighting/returns": fixed(f"{RETURNS}/", body(office_id="@office", items=ITEMS)),
    "POST /api/v1/p/lighting/returns/{batch_id}/count": lambda a: _count(a),
    "POST /api/v1/p/lighting/returns/{batch_id}/decide": lambda a: _decide(a),
    "POST /api/v1/p/lighting/batch-quality": fixed("/api/v1/p/lighting/batch-quality", body(
        dealer_id="@customer", product="lighting.tube", quantity=1, description="发黑")),
    "POST /api/v1/p/lighting/repair-points": fixed(f"{POINTS}/", body(
        office_id="@office", name="维修部", region="广东", address="广州", contact="李", allowance_proposed_fen=100,
        stock=STOCK_333)),
    "POST /api/v1/p/lighting/repair-points/{point_id}/swaps": lambda a: _swap(a),
    "POST /api/v1/p/lubricants/handovers": lambda a: _lubricants_handover(a),
    "PUT /api/v1/tenant/sso": lambda a: _sso(a),
    "POST /api/v1/p/lubricants/tools": fixed("/api/v1/p/lubricants/tools", body(name="扭力扳手", holder_id="@user")),
}


async def _on_new_ticket(a: World, action: str, make) -> tuple[str, dict]:
    ticket = await World.created(await a.tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": a.ids["customer"], "subject": "x"}))
    return f"/api/v1/tickets/{ticket['id']}/{action}", make(a)


async def _render(a: World) -> tuple[str, dict]:
    return f"/api/v1/scripts/{a.ids['script']}/render", body(
        ticket_id="@ticket", revisit_id="@revisit", customer_id="@customer")(a)


async def _on_complaint(a: World, steps: tuple[str, ...], make) -> tuple[str, dict]:
    complaint = await _complaint(a)
    url = f"/api/v1/complaints/{complaint['id']}/steps"
    bodies = {"classify": {"valid": True}, "assign": {}, "investigate": {"cause": "迟到"},
              "propose": {"solution": "道歉"}, "approve": {}, "notify": {}}
    for step in steps:
        response = await a.tenant.post(url, json={"step": step, **bodies[step]})
        assert response.status_code == 200, response.text
    return url, make(a)


async def _assignment(a: World) -> tuple[str, dict]:
    order = await _work_order(a)
    return f"{GPS}/work-orders/{order['id']}/assignment", {"technician_id": a.ids["user"]}


async def _count(a: World) -> tuple[str, dict]:
    batch = await received(a.tenant, date.today())
    lines = [{"line_id": line["id"], "quantity": line["quantity"]} for line in batch["lines"]]
    return f"{RETURNS}/{batch['id']}/count", {"lines": lines}


async def _decide(a: World) -> tuple[str, dict]:
    batch = await _counted_batch(a)
    lines = [{"line_id": line["id"], "decision": "exchange"} for line in batch["lines"]]
    return f"{RETURNS}/{batch['id']}/decide", {"lines": lines}


async def _swap(a: World) -> tuple[str, dict]:
    point = await _active_point(a)
    return f"{POINTS}/{point['id']}/swaps", {"sku": STOCK_333[0]["sku"], "quantity": 1, "ticket_id": a.ids["ticket"]}


async def _inspection_visit(a: World) -> tuple[str, dict]:
    """A visit of A's winter round (December of this year: never over) to A's customer owning an asset."""
    season = await World.created(await a.tenant.post("/api/v1/seasonal-campaigns", json={
        "season": "winter", "year": date.today().year}))
    visits = (await a.tenant.get(f"/api/v1/seasonal-campaigns/{season['id']}/visits")).json()
    return f"/api/v1/inspection-visits/{visits[0]['id']}/assign", {"technician_id": a.ids["user"]}


async def _sso(a: World) -> tuple[str, dict]:
    return "/api/v1/tenant/sso", {"issuer": "https://idp.example.com", "client_id": "shouhou", "label": "IdP",
                                  "sso_only": True, "break_glass_user_id": a.tenant.admin_id}


async def _lubricants_handover(a: World) -> tuple[str, dict]:
    other = await a.tenant.add_user("technician")
    await World.created(await a.tenant.post("/api/v1/p/lubricants/tools", json={
        "name": "扭力扳手", "holder_id": a.ids["user"]}))
    return "/api/v1/p/lubricants/handovers", {"from_user_id": a.ids["user"], "to_user_id": other.admin_id,
                                              "reason": "调岗"}


def with_value(data: dict, prop: str, value: str) -> dict:
    """``data`` with ``prop`` (``name``, ``name_ids`` or ``list[].name``) set to ``value``."""
    data = json.loads(json.dumps(data))
    if "[]." in prop:
        outer, inner = prop.split("[].")
        data[outer][0][inner] = value
    elif prop.endswith("_ids"):
        data[prop] = [value]
    else:
        data[prop] = value
    return data


def answer(response, sent: str) -> tuple[int, str]:
    """Status and body, with the id that was sent blanked out."""
    return response.status_code, response.text.replace(sent, "<id>")


async def send(tenant, method: str, url: str, data: dict):
    return await getattr(tenant, method.lower())(url, json=data)


async def a_rows(sessions, tenant_id: str) -> str:
    """Every row of tenant A, as text."""
    registry.load_models()
    dump = []
    async with sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_id))
        for name in tenant_tables(Base.metadata):
            table = Base.metadata.tables[name]
            rows = (await session.execute(select(table).where(table.c.tenant_id == uuid.UUID(tenant_id)))).all()
            dump.extend(json.dumps([str(v) if not isinstance(v, dict | list) else v for v in row],
                                   ensure_ascii=False, default=str) for row in rows)
    return "\n".join(dump)


async def test_every_id_in_a_body_is_resolved_inside_the_callers_tenant(client, make_tenant, shouhou_sessions):
    doc = (await client.get("/schema/openapi.json")).json()
    operations = id_properties(doc)
    assert len(operations) >= 20, "the walk finds the id properties"
    missing = sorted(op for op, props in operations.items()
                     if op not in RECIPES and any((op, p) not in NOT_TENANT_OBJECTS for p in props))
    assert not missing, f"operations with id properties and no recipe: {missing}"
    unknown = sorted((op, p) for op, props in operations.items() for p in props
                     if (op, p) not in NOT_TENANT_OBJECTS and p.split("[].")[-1] not in KINDS)
    assert not unknown, f"id properties of no known kind: {unknown}"

    a = await World(await make_tenant(plugins=PLUGINS)).build()
    b = await World(await make_tenant(plugins=PLUGINS)).build()
    problems = []
    for op, props in sorted(operations.items()):
        method = op.split()[0]
        for prop in sorted(props):
            if (op, prop) in NOT_TENANT_OBJECTS:
                continue
            recipe = RECIPES[op]
            if isinstance(recipe, dict):
                recipe = recipe.get(prop) or recipe.get(prop.split("[].")[-1])
                if recipe is None:
                    problems.append(f"{op} {prop}: no recipe")
                    continue
            kind = KINDS[prop.split("[].")[-1]]
            url, valid = await recipe(a)
            theirs = await send(a.tenant, method, url, with_value(valid, prop, b.ids[kind]))
            nobody = str(uuid.uuid4()) if kind != "script" else f"s{uuid.uuid4().hex[:8]}"
            random = await send(a.tenant, method, url, with_value(valid, prop, nobody))
            if theirs.status_code not in (404, 422):
                problems.append(f"{op} {prop}: B's id answered {theirs.status_code} {theirs.text[:200]}")
            elif answer(theirs, b.ids[kind]) != answer(random, nobody):
                problems.append(f"{op} {prop}: B's id {answer(theirs, b.ids[kind])} "
                                f"!= missing id {answer(random, nobody)}")
    assert not problems, "\n".join(problems)

    rows = await a_rows(shouhou_sessions, a.tenant.id)
    leaked = sorted(kind for kind, value in b.ids.items() if kind != "script" and str(value) in rows)
    assert not leaked, f"tenant A's rows reference tenant B's {leaked}"


@pytest.mark.parametrize("prop", ["customer_id", "items[].ticket_id", "customer_ids"])
def test_with_value_sets_top_level_list_and_nested_properties(prop):
    data = {"customer_id": "a", "customer_ids": ["a"], "items": [{"ticket_id": "a"}]}
    changed = with_value(data, prop, "b")
    assert json.dumps(changed).count('"b"') == 1 and data["customer_id"] == "a"
