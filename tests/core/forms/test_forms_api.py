"""Forms (DOMAIN §1 intake records, API "Forms and scripts"): definitions from plugins and
tenants, JSON Schema validation with field errors, versions kept for old submissions."""

from __future__ import annotations

import pytest

from core.forms.types import FormDefinition
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

VEHICLE_SCHEMA = {
    "type": "object",
    "properties": {
        "vehicle_plate": {"type": "string", "minLength": 7},
        "mileage_km": {"type": "integer", "minimum": 0},
    },
    "required": ["vehicle_plate"],
}


class FormsPlugin:
    """A small test plugin declaring one form; ``schema`` and ``version`` can change."""

    def __init__(self, name: str, version: int = 1, schema: dict | None = None) -> None:
        self.name = name
        self.version = version
        self.schema = schema or VEHICLE_SCHEMA

    @hookimpl
    def shouhou_plugin_info(self):
        return PluginInfo(name=self.name, version="1.0", title={"en": self.name}, description={"en": "test"})

    @hookimpl
    def shouhou_forms(self):
        return [
            FormDefinition(
                id=f"{self.name}.vehicle_intake",
                version=self.version,
                title={"zh_Hans": "车辆登记", "en": "Vehicle intake"},
                schema=self.schema,
                ticket_kinds=("repair",),
            ),
            FormDefinition(id="other.stray", version=1, title={"en": "stray"}, schema={"type": "object"}),
        ]


@pytest.fixture
def forms_plugin(register_plugin):
    plugin = FormsPlugin("testforms")
    assert register_plugin(plugin, "testforms")
    return plugin


async def test_enabled_plugin_forms_are_listed_with_schema(make_tenant, forms_plugin):
    tenant = await make_tenant(plugins=("testforms",))
    response = await tenant.get("/api/v1/forms")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None
    by_id = {f["id"]: f for f in body["items"]}
    form = by_id["testforms.vehicle_intake"]
    assert form["version"] == 1
    assert form["schema"] == VEHICLE_SCHEMA
    assert form["title"] == "车辆登记"
    assert form["source"] == "testforms"
    assert "other.stray" not in by_id  # a plugin may only declare forms in its own namespace
    one = await tenant.get("/api/v1/forms/testforms.vehicle_intake")
    assert one.status_code == 200 and one.json()["schema"] == VEHICLE_SCHEMA


async def test_disabled_plugin_contributes_no_forms(make_tenant, forms_plugin):
    tenant = await make_tenant()
    ids = [f["id"] for f in (await tenant.get("/api/v1/forms")).json()["items"]]
    assert "testforms.vehicle_intake" not in ids
    assert (await tenant.get("/api/v1/forms/testforms.vehicle_intake")).status_code == 404


async def test_tenant_defines_a_form_and_a_new_version_when_the_schema_changes(make_tenant):
    tenant = await make_tenant()
    body = {"name": "site_survey", "title": {"zh_Hans": "现场勘查", "en": "Site survey"}, "schema": VEHICLE_SCHEMA}
    created = await tenant.post("/api/v1/forms", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == "tenant.site_survey" and created.json()["version"] == 1
    same = await tenant.post("/api/v1/forms", json={**body, "title": {"zh_Hans": "勘查"}})
    assert same.status_code == 200 and same.json()["version"] == 1 and same.json()["title"] == "勘查"
    changed_schema = {**VEHICLE_SCHEMA, "required": ["vehicle_plate", "mileage_km"]}
    changed = await tenant.post("/api/v1/forms", json={**body, "schema": changed_schema})
    assert changed.status_code == 201 and changed.json()["version"] == 2
    current = (await tenant.get("/api/v1/forms/tenant.site_survey")).json()
    assert current["version"] == 2 and current["schema"] == changed_schema
    old = await tenant.get("/api/v1/forms/tenant.site_survey?version=1")
    assert old.status_code == 200 and old.json()["schema"] == VEHICLE_SCHEMA
    assert (await tenant.get("/api/v1/forms/tenant.site_survey?version=3")).status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "Bad Name", "title": {"en": "x"}, "schema": {"type": "object"}}, "name"),
        ({"name": "ok", "title": {}, "schema": {"type": "object"}}, "title"),
        ({"name": "ok", "title": {"en": "x"}, "schema": {"type": "array"}}, "schema.type"),
        ({"name": "ok", "title": {"en": "x"}, "schema": {"type": "object", "properties": {"a": {"type": 5}}}},
         "schema.properties.a.type"),
        ({"name": "ok", "title": {"en": "x"}}, "schema"),
    ],
)
async def test_invalid_tenant_form_definitions_are_refused(make_tenant, body, field):
    tenant = await make_tenant()
    response = await tenant.post("/api/v1/forms", json=body)
    assert response.status_code in (400, 422), response.text
    errors = response.json()["errors"]
    assert any(e["field"].startswith(field) or field in e["message"] for e in errors), errors


async def test_only_admins_define_forms(make_tenant):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent")
    body = {"name": "x", "title": {"en": "x"}, "schema": {"type": "object"}}
    assert (await agent.post("/api/v1/forms", json=body)).status_code == 403
    assert (await agent.get("/api/v1/forms")).status_code == 200
    assert (await tenant.client.get("/api/v1/forms")).status_code == 401


async def test_tenant_b_cannot_see_tenant_a_forms(make_tenant):
    a, b = await make_tenant(), await make_tenant()
    body = {"name": "private", "title": {"en": "Private"}, "schema": {"type": "object"}}
    assert (await a.post("/api/v1/forms", json=body)).status_code == 201
    assert "tenant.private" not in [f["id"] for f in (await b.get("/api/v1/forms")).json()["items"]]
    assert (await b.get("/api/v1/forms/tenant.private")).status_code == 404
    assert (await b.get("/api/v1/forms/tenant.private?version=1")).status_code == 404


async def test_form_list_pages(make_tenant):
    tenant = await make_tenant()
    for name in ("a1", "a2", "a3"):
        body = {"name": name, "title": {"en": name}, "schema": {"type": "object"}}
        assert (await tenant.post("/api/v1/forms", json=body)).status_code == 201
    first = (await tenant.get("/api/v1/forms?limit=2")).json()
    assert [f["id"] for f in first["items"]] == ["tenant.a1", "tenant.a2"]
    rest = (await tenant.get(f"/api/v1/forms?limit=2&cursor={first['next_cursor']}")).json()
    assert [f["id"] for f in rest["items"]] == ["tenant.a3"] and rest["next_cursor"] is None
    assert (await tenant.get("/api/v1/forms?limit=0")).status_code == 422
    assert (await tenant.get("/api/v1/forms?cursor=%%%")).status_code in (400, 422)
