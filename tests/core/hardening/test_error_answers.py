"""Error answers say what the request did wrong, nothing of the code, and match the schema the
OpenAPI document declares for them; the API reference loads nothing from elsewhere."""

from __future__ import annotations

import re

import jsonschema
import pytest


async def declared_schema(client, path: str, method: str, status: str) -> dict:
    document = (await client.get("/schema/openapi.json")).json()
    schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return {**schema, "components": document.get("components", {})}


async def test_a_bodiless_signup_is_400_as_declared(client):
    response = await client.post("/api/v1/signup")
    assert response.status_code == 400, response.text
    body = response.json()
    jsonschema.validate(body, await declared_schema(client, "/api/v1/signup", "post", "400"))
    assert body["status_code"] == 400
    assert body["errors"] == [{"field": "body", "message": "is required"}]


@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/customers?limit=abc", 400),
    ("/api/v1/customers?limit=100000", 422),
    ("/api/v1/customers?cursor=nonsense", 422),
    ("/api/v1/customers?q=a%00b", 422),
])
async def test_error_answers_name_the_parameter_and_carry_no_code(tenant_a, path, status):
    response = await tenant_a.get(path)
    assert response.status_code == status, response.text
    body = response.json()
    jsonschema.validate(body, await declared_schema(tenant_a.client, "/api/v1/customers", "get", "400"))
    assert body["status_code"] == status
    field = re.search(r"[?&](\w+)=", path).group(1)
    assert [error["field"] for error in body["errors"]] == [field]
    assert not re.search(r"Error\b|Traceback|\.py\b|'\w+'$", response.text), response.text


async def test_every_declared_error_status_has_the_error_shape(tenant_a):
    """Litestar declares ``status_code`` and ``detail`` as required on every error it documents."""
    response = await tenant_a.post("/api/v1/customers", json={"name": 1})
    assert response.status_code == 400
    jsonschema.validate(response.json(), await declared_schema(tenant_a.client, "/api/v1/customers", "post", "400"))


async def test_the_api_reference_loads_its_pinned_script_from_the_package(client):
    page = await client.get("/schema")
    assert page.status_code == 200
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page.text), "nothing from another origin"
    script = re.search(r'<script src="([^"]+)"', page.text).group(1)
    assert script == "/static/vendor/scalar-api-reference-1.76.4.js"
    served = await client.get(script)
    assert served.status_code == 200 and len(served.content) > 1_000_000
    assert served.headers["content-type"].startswith(("application/javascript", "text/javascript"))
