"""Tenant-supplied JSON Schemas (forms) and plugin ones (forms, asset types): only local
references resolve and nothing is ever fetched, loops and blow-ups are refused when saved,
patterns run on RE2, and validation answers promptly."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_forms_api import FormsPlugin

from core.customers.types import AssetType
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from core.safe_schema import (
    MAX_SCHEMA_BYTES,
    MAX_SCHEMA_DEPTH,
    MAX_SCHEMA_EXPANSION,
    MAX_VALIDATION_MS,
    UnusableSchema,
    iter_problems,
)

EVIL_PATTERN = "^(a+)+$"
EVIL_VALUE = "a" * 28 + "b"  # Python's re takes seconds on this; RE2 microseconds


@pytest.fixture
def schema_server():
    """A real HTTP server on loopback that serves a schema and records every request it gets."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            body = json.dumps({"type": "string", "maxLength": 1}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/schema+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def form_body(schema: dict, name: str = "survey") -> dict:
    return {"name": name, "title": {"en": "Survey"}, "schema": schema, "ticket_kinds": ["repair"]}


def with_property(sub: dict, **extra) -> dict:
    return {"type": "object", "properties": {"code": sub}, **extra}


async def submit(tenant, form_id: str, data: dict):
    customer = await tenant.customer()
    return await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "x",
        "form": {"id": form_id, "data": data}})


async def test_http_ref_is_refused_at_save_and_never_fetched(make_tenant, schema_server):
    url, requests = schema_server
    tenant = await make_tenant()
    response = await tenant.post("/api/v1/forms", json=form_body(with_property({"$ref": f"{url}/code.json"})))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "schema.properties.code.$ref"
    assert "inside the same schema" in response.json()["errors"][0]["message"]
    relative = with_property({"$ref": "code.json"}, **{"$id": f"{url}/root.json"})
    assert (await tenant.post("/api/v1/forms", json=form_body(relative))).status_code == 422
    assert (await tenant.get("/api/v1/forms/tenant.survey")).status_code == 404  # nothing half-written
    assert requests == []


async def test_file_ref_is_refused_and_nothing_is_read(make_tenant, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"const": "TOP-SECRET-CONTENT"}')
    tenant = await make_tenant()
    response = await tenant.post("/api/v1/forms", json=form_body(with_property({"$ref": secret.as_uri()})))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "schema.properties.code.$ref"
    assert "TOP-SECRET-CONTENT" not in response.text


async def test_plugin_schema_with_a_remote_ref_is_never_fetched_at_validation(
    make_tenant, register_plugin, schema_server
):
    """A schema that skipped the save-time check (a plugin's) still resolves nothing remote."""
    url, requests = schema_server
    assert register_plugin(FormsPlugin("remoteref", schema=with_property({"$ref": f"{url}/code.json"})), "remoteref")
    tenant = await make_tenant(plugins=("remoteref",))
    response = await submit(tenant, "remoteref.vehicle_intake", {"code": "long enough"})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "form.id"
    assert requests == []


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "$ref": "#"},
        {"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}},
         "$defs": {"x": {"anyOf": [{"$ref": "#/$defs/y"}]}, "y": {"not": {"$ref": "#/$defs/x"}}}},
    ],
    ids=["self", "mutual"],
)
async def test_self_referential_schema_is_refused_promptly(make_tenant, schema):
    tenant = await make_tenant()
    started = time.perf_counter()
    response = await tenant.post("/api/v1/forms", json=form_body(schema))
    assert time.perf_counter() - started < 5
    assert response.status_code == 422, response.text
    assert "loops back" in response.json()["errors"][0]["message"]


async def test_self_referential_plugin_schema_is_answered_promptly(make_tenant, register_plugin):
    assert register_plugin(FormsPlugin("selfref", schema={"type": "object", "$ref": "#"}), "selfref")
    tenant = await make_tenant(plugins=("selfref",))
    started = time.perf_counter()
    response = await submit(tenant, "selfref.vehicle_intake", {})
    assert time.perf_counter() - started < 5
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "form.id", response.text
    assert (await tenant.client.get("/health")).status_code == 200


async def test_a_recursive_schema_that_reads_deeper_is_accepted(make_tenant):
    tree = {"type": "object", "properties": {"name": {"type": "string"}, "parts": {"type": "array", "items": {"$ref": "#"}}}}
    tenant = await make_tenant()
    assert (await tenant.post("/api/v1/forms", json=form_body(tree, "tree"))).status_code == 201
    ok = await submit(tenant, "tenant.tree", {"name": "a", "parts": [{"name": "b", "parts": [{"name": "c"}]}]})
    assert ok.status_code == 201, ok.text
    bad = await submit(tenant, "tenant.tree", {"name": "a", "parts": [{"name": 5}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "form.data.parts.0.name"


def nested(levels: int) -> dict:
    schema: dict = {"type": "string"}
    for _ in range(levels):
        schema = {"not": {"not": schema}}
    return schema


@pytest.mark.parametrize(
    "schema, field, reason",
    [
        (with_property({"$ref": "#/$defs/missing"}), "schema.properties.code.$ref", "points nowhere"),
        (with_property({}, **{"$defs": {f"d{i}": {"allOf": [{"$ref": f"#/$defs/d{i + 1}"}] * 2} for i in range(20)}
                               | {"d20": {"type": "string"}}}), "schema.$defs", str(MAX_SCHEMA_EXPANSION)),
        # deeper than the schema bound, within the bound every JSON body is held to (64)
        (with_property(nested(MAX_SCHEMA_DEPTH // 2 + 1)), "schema.properties.code", str(MAX_SCHEMA_DEPTH)),
        (with_property({"description": "x" * MAX_SCHEMA_BYTES}), "schema", str(MAX_SCHEMA_BYTES)),
        (with_property({"$id": "https://example.org/x"}), "schema.properties.code.$id", "not allowed"),
        ({"$schema": "http://127.0.0.1:9/meta", "type": "object"}, "schema.$schema", "dialect"),
        (with_property({"type": "string", "pattern": "(a)\\1"}), "schema.properties.code.pattern", "RE2"),
        (with_property({"type": "object", "patternProperties": {"(?=x)": {}}}),
         "schema.properties.code.patternProperties", "RE2"),
    ],
    ids=["nowhere", "expansion", "depth", "size", "nested-id", "dialect", "backreference", "lookahead"],
)
async def test_unbounded_schemas_are_refused_at_save_naming_the_field(make_tenant, schema, field, reason):
    tenant = await make_tenant()
    response = await tenant.post("/api/v1/forms", json=form_body(schema))
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["field"].startswith(field) and reason in error["message"], error


async def test_evil_pattern_is_validated_in_linear_time(make_tenant):
    tenant = await make_tenant()
    created = await tenant.post("/api/v1/forms", json=form_body(with_property({"type": "string", "pattern": EVIL_PATTERN})))
    assert created.status_code == 201, created.text
    started = time.perf_counter()
    response = await submit(tenant, "tenant.survey", {"code": EVIL_VALUE})
    elapsed = time.perf_counter() - started
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "form.data.code", response.text
    assert elapsed < 3, elapsed  # Python's re: about 10 s
    assert (await submit(tenant, "tenant.survey", {"code": "aaaa"})).status_code == 201


async def test_regex_format_runs_on_re2(make_tenant):
    tenant = await make_tenant()
    schema = with_property({"type": "string", "format": "regex"})
    assert (await tenant.post("/api/v1/forms", json=form_body(schema))).status_code == 201
    refused = await submit(tenant, "tenant.survey", {"code": "(a)\\1"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "form.data.code", refused.text
    assert (await submit(tenant, "tenant.survey", {"code": EVIL_PATTERN})).status_code == 201


def test_validation_stops_at_its_time_bound():
    """Within the save-time bounds a large enough value can still take long: validation stops."""
    schema = {"type": "array", "items": {"anyOf": [{"type": "string", "minLength": 3}, {"type": "integer"}]}}
    started = time.perf_counter()
    with pytest.raises(UnusableSchema, match=f"longer than {MAX_VALIDATION_MS} ms"):
        iter_problems(schema, [1.5] * 300_000)
    assert time.perf_counter() - started < MAX_VALIDATION_MS / 1000 + 1


class RemoteAssetPlugin:
    """A plugin whose asset type's attributes schema refers to a remote URL."""

    def __init__(self, url: str) -> None:
        self.url = url

    @hookimpl
    def shouhou_plugin_info(self):
        return PluginInfo(name="remoteasset", version="1.0", title={"en": "r"}, description={"en": "r"})

    @hookimpl
    def shouhou_asset_types(self):
        schema = {"type": "object", "properties": {"code": {"$ref": f"{self.url}/code.json"},
                                                   "tag": {"type": "string", "pattern": EVIL_PATTERN}}}
        return [AssetType(name="remoteasset.box", label={"en": "Box"}, attributes_schema=schema)]


async def test_asset_type_schema_fetches_nothing_and_runs_patterns_on_re2(make_tenant, register_plugin, schema_server):
    url, requests = schema_server
    assert register_plugin(RemoteAssetPlugin(url), "remoteasset")
    tenant = await make_tenant(plugins=("remoteasset",))
    customer = await tenant.customer()
    started = time.perf_counter()
    response = await tenant.post("/api/v1/assets", json={
        "customer_id": customer["id"], "type": "remoteasset.box", "attributes": {"tag": EVIL_VALUE}})
    assert time.perf_counter() - started < 3
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "attributes.tag", response.text
    remote = await tenant.post("/api/v1/assets", json={
        "customer_id": customer["id"], "type": "remoteasset.box", "attributes": {"code": "x"}})
    assert remote.status_code == 422 and remote.json()["errors"][0]["field"] == "type", remote.text
    assert requests == []
